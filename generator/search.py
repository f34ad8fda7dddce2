"""Search that scales: Material's lunr index for small sites, Pagefind's chunked index for big ones.

lunr ships one `search/search_index.json` that every reader downloads whole before the first
result (50 MB at 31k papers). Pagefind splits its index into small hashed chunks and fetches
only the few a query needs, so the cost of a search stays flat as the corpus grows.
"""

from __future__ import annotations

import functools
import json
import math
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .config import DigestSettings
from .fingerprint import fingerprint
from .model import Paper

LUNR_INDEX = "search/search_index.json"
# Pagefind holds its whole index in memory while it builds: ~100 kB a page (10.4 GB for 100k
# papers, measured), so big corpora are indexed in shards that the search box merges
# (Pagefind's mergeIndex). Each shard is a complete bundle: pagefind/, pagefind-2/, ...
SHARD_SIZE = 10_000
# The bundles the search box merges, fetched on its first use: listed in a file of their own,
# not in the pages, so a shard added every SHARD_SIZE papers changes no page.
SHARD_LIST = "pagefind-shards.json"


class SearchIndexError(RuntimeError):
    pass


def uses_pagefind(paper_count: int, settings: DigestSettings) -> bool:
    """`search: auto` switches to Pagefind past `pagefind_above` papers: below that,
    lunr's single file is small and needs no extra build step."""
    if settings.search == "auto":
        return paper_count > settings.pagefind_above
    return settings.search == "pagefind"


def shard_count(paper_count: int) -> int:
    return max(1, math.ceil(paper_count / SHARD_SIZE))


def shard_folder(number: int) -> str:
    return "pagefind" if number == 1 else f"pagefind-{number}"


def search_fields(paper: Paper) -> dict[str, str]:
    """What a search matches a paper on, besides its title; both search modes index these."""
    return {"authors": ", ".join(paper.authors), "abstract": paper.abstract,
            "keyphrases": " · ".join(paper.keyphrases[:10]), "tags": " · ".join(paper.tags)}


def search_document(paper: Paper) -> str:
    """What Pagefind indexes for a paper: title (its result title) and search_fields,
    escaped. Papers only: a search should land on papers."""
    parts = search_fields(paper).values()
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(paper.title)}</title></head>'
            f"<body><h1>{escape(paper.title)}</h1>" + "".join(f"<p>{escape(part)}</p>" for part in parts if part)
            + "</body></html>")


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its folder, its papers and a fingerprint of their search documents."""

    folder: str
    papers: tuple[Paper, ...]
    inputs: str


def pagefind_shards(papers: list[Paper]) -> list[Shard]:
    """Papers in shards of SHARD_SIZE in the order they arrived (first seen, then id): a new
    paper lands in the last shard, so a rebuild re-indexes that shard and keeps the others."""
    arrived = sorted(papers, key=lambda paper: (paper.first_seen or "", paper.id))
    shards = []
    for number in range(1, shard_count(len(papers)) + 1):
        members = tuple(arrived[(number - 1) * SHARD_SIZE:number * SHARD_SIZE])
        inputs = fingerprint(*(part for paper in members for part in (paper.path, search_document(paper))))
        shards.append(Shard(shard_folder(number), members, inputs))
    return shards


def write_shard(site_dir: Path, shard: Shard) -> None:
    """Pagefind indexes small documents of the papers (search_document) at their page URLs,
    not the built pages: a fraction of the work, and nothing of the chrome or index pages."""
    with tempfile.TemporaryDirectory(prefix="digest-search-") as documents:
        for paper in shard.papers:
            folder = Path(documents) / paper.path
            folder.mkdir(parents=True)
            (folder / "index.html").write_text(search_document(paper), encoding="utf-8")
        _run_pagefind(Path(documents), site_dir / shard.folder)


def write_shard_list(site_dir: Path, shards: list[Shard]) -> None:
    """SHARD_LIST: the bundle folders, the first (which holds Pagefind's API) first."""
    bundles = [f"{shard.folder}/" for shard in shards]
    (site_dir / SHARD_LIST).write_text(json.dumps({"bundles": bundles}) + "\n", encoding="utf-8")


def pagefind_command(documents: Path, output: Path) -> list[str]:
    # `python -m pagefind` runs the binary shipped in the pagefind_bin wheel: no download,
    # and the same interpreter as the build, so the venv's pinned version is the one used.
    return [sys.executable, "-m", "pagefind", "--site", str(documents), "--output-path", str(output), "--silent"]


def _run_pagefind(documents: Path, output: Path) -> None:
    try:
        done = subprocess.run(pagefind_command(documents, output), capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"pagefind failed to run: {error}") from error
    if done.returncode != 0:
        # "No module named pagefind" is the usual cause: the pagefind[bin] pin is missing.
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()}")
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no pagefind.js in {output}")


def lunr_entries(papers: list[Paper]) -> list[dict]:
    """Material's search entries for each paper page, as its search plugin would index them:
    the page (title, authors, tags) and its Abstract section. Text is escaped HTML, quotes
    left as they are (as Material's plugin does: lunr would not match `O&#x27;Brien`)."""
    text, entries = functools.partial(escape, quote=False), []
    for paper in papers:
        fields = {name: text(value) for name, value in search_fields(paper).items()}
        head = f"<p>{fields['authors']}</p><p>Tags: {fields['tags']}</p>"
        abstract = f"<p>{fields['abstract']}</p><p>Keyphrases: {fields['keyphrases']}</p>"
        entries += [{"location": paper.path, "title": text(paper.title), "text": head},
                    {"location": paper.path + "#abstract", "title": "Abstract", "text": abstract}]
    return entries


def write_lunr_index(site_dir: Path, base: dict | None, entries: list[dict]) -> None:
    """Material's lunr index: its settings as the plugin wrote them when MkDocs built the chrome
    (`base`, shell.Chrome), with the papers as documents (every other page is excluded)."""
    if not isinstance(base, dict) or "config" not in base:
        raise SearchIndexError(f"MkDocs wrote no readable search index settings ({LUNR_INDEX})")
    path = site_dir / LUNR_INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**base, "docs": entries}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

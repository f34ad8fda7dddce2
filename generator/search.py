"""Search that scales: Material's lunr index for small sites, Pagefind's chunked index for big ones.

lunr ships one `search/search_index.json` that every reader downloads whole before the first
result (50 MB at 31k papers). Pagefind splits its index into small hashed chunks and fetches
only the few a query needs, so the cost of a search stays flat as the corpus grows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from pathlib import Path

from .config import DigestSettings
from .model import Paper

LUNR_INDEX = "search/search_index.json"
# Pagefind indexes only elements with this attribute when any page has one;
# shell.py puts it on paper pages, so home, index pages and chrome stay out.
BODY_ATTRIBUTE = "data-pagefind-body"
# Heading permalinks ("¶") would end up in result titles and excerpts.
EXCLUDE_SELECTORS = (".headerlink",)
OUTPUT_SUBDIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


def uses_pagefind(paper_count: int, settings: DigestSettings) -> bool:
    """`search: auto` switches to Pagefind past `pagefind_above` papers: below that,
    lunr's single file is small and needs no extra build step."""
    if settings.search == "auto":
        return paper_count > settings.pagefind_above
    return settings.search == "pagefind"


def pagefind_command(site_dir: Path) -> list[str]:
    # `python -m pagefind` runs the binary shipped in the pagefind_bin wheel: no download,
    # and the same interpreter as the build, so the venv's pinned version is the one used.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_with_pagefind(site_dir: Path) -> None:
    """Write `site_dir/pagefind/`: the chunked index and the JS API the search box loads."""
    try:
        done = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"pagefind failed to run: {error}") from error
    if done.returncode != 0:
        # "No module named pagefind" is the usual cause: the pagefind[bin] pin is missing.
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()}")
    if not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no {OUTPUT_SUBDIR}/pagefind.js under {site_dir}")


def lunr_entries(papers: list[Paper]) -> list[dict]:
    """Material's search entries for each paper page, as its search plugin would index them:
    the page (title, authors, tags) and its Abstract section. Text is escaped HTML."""
    entries = []
    for paper in papers:
        url = f"papers/{paper.slug}/"
        head = f"<p>{escape(', '.join(paper.authors))}</p><p>Tags: {escape(' · '.join(paper.tags))}</p>"
        abstract = f"<p>{escape(paper.abstract)}</p><p>Keyphrases: {escape(' · '.join(paper.keyphrases[:10]))}</p>"
        entries += [{"location": url, "title": escape(paper.title), "text": head},
                    {"location": url + "#abstract", "title": "Abstract", "text": abstract}]
    return entries


def add_to_lunr_index(site_dir: Path, entries: list[dict]) -> None:
    """Material's plugin indexed the pages MkDocs built (the nav pages, excluded from search
    by their front matter); the papers, rendered outside MkDocs, are added here."""
    path = site_dir / LUNR_INDEX
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SearchIndexError(f"no readable search index at {LUNR_INDEX}: {error}") from error
    index["docs"] = index["docs"] + entries
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

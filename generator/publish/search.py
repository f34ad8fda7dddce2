"""Search: Pagefind, at every site size. Its index is split into small chunks fetched on a
reader's first search, and then only the few a query needs: a page where nobody searches
downloads nothing of it, and the cost of a search stays flat as the corpus grows.

Pagefind indexes one small document per paper (search_document), not the built pages, so a
search lands on papers only.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from generator.model import Paper
from generator.publish.cite import plain_title
from generator.publish.pages import PAPER_ID, PaperDigests
from generator.state.fingerprint import fingerprint

# Material's lunr index: never built (mkdocs_hooks.on_config), nor published (shell.load_chrome
# removes one if a MkDocs run wrote it anyway).
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


def shard_count(paper_count: int) -> int:
    return max(1, math.ceil(paper_count / SHARD_SIZE))


def shard_folder(number: int) -> str:
    return "pagefind" if number == 1 else f"pagefind-{number}"


# Pagefind splits text into words at whitespace. A word glued to the next by punctuation
# ("LLMs/VLMs", 'Discrimination"(S2D)', "Q-LoRA") is found by its start (queries match word
# prefixes), and Pagefind indexes the parts after the punctuation too, but split again at case
# changes and digits ("VLMs" -> "vl", "ms"): a query for VLMs, S2D or LoRA misses them. So the
# document repeats each such part, from the punctuation to the end of the word, as a word of its
# own right after the word it comes from, between two WORD JOINERs (U+2060: invisible, and not
# a word character, so the indexed word is the part itself). The search box drops these words
# from the excerpts it shows (theme/assets/javascripts/pagefind-search.js: PART).
PART = "\u2060"
_INNER_PUNCTUATION = re.compile(r"(?<=[^\W_])[\W_]+(?=[^\W_])")  # between two letters or digits
_FIRST_RUN = re.compile(r"[^\W_]+")
AUTHORS_SHOWN = 3  # in a search result, then "et al."


def word_parts(word: str) -> list[str]:
    """The parts of `word` after each punctuation inside it that Pagefind would not find as
    words: those starting with capitals inside a word ("Q-LoRA") or with digits and letters
    ("GPT-4o"). One starting with a word in lowercase, capitalized, or with digits alone
    Pagefind indexes as it is ("LoRA-based", "Event-Driven", "ViT-B/16": "based", "driven",
    "16"); one letter alone ("e.g.") is no query."""
    parts = []
    for punctuation in _INNER_PUNCTUATION.finditer(word):
        part = word[punctuation.end() :]
        first = _FIRST_RUN.match(part)
        run = first[0] if first else ""
        if not (run.isdigit() or run.isalpha() and (run.islower() or run.istitle())):
            parts.append(part)
    return parts


def indexed_text(text: str) -> str:
    """`text` as escaped HTML for Pagefind, each word followed by its word_parts, marked."""
    words = []
    for word in text.replace(PART, "").split():
        words.append(escape(word))
        words += [f"{PART}{escape(part)}{PART}" for part in word_parts(word)]
    return " ".join(words)


def result_authors(paper: Paper) -> str:
    """The authors a search result shows: the first AUTHORS_SHOWN, then "et al."."""
    shown = ", ".join(paper.authors[:AUTHORS_SHOWN])
    more = len(paper.authors) > AUTHORS_SHOWN or (paper.authors_truncated and paper.authors)
    return f"{shown} et al." if more else shown


def search_document(paper: Paper) -> str:
    """What Pagefind indexes for a paper: its title (plain text: ViT³, not ViT$^3$) and abstract,
    then all its authors, keyphrases and tags, each in indexed_text. A result shows the title
    and the first authors (data-pagefind-meta, read from attributes: a title may hold commas)
    and an excerpt, which comes from the abstract when the match is there."""
    title = plain_title(paper.title)
    fields = (
        paper.abstract,
        ", ".join(paper.authors),
        " · ".join(paper.top_keyphrases),
        " · ".join(paper.tags),
    )
    meta = (
        f'data-pagefind-meta="title[data-title], authors[data-authors]" '
        f'data-title="{escape(title)}" data-authors="{escape(result_authors(paper))}"'
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1 {meta}>{indexed_text(title)}</h1>"
        + "".join(f"<p>{indexed_text(field)}</p>" for field in fields if field.strip())
        + "</body></html>"
    )


def search_inputs(paper: Paper) -> tuple[str, ...]:
    """Every field search_document reads, and the page URL: a shard's fingerprint is of these,
    not of the documents, so that a rebuild makes documents only for the shards it indexes
    (the code that makes them is in each bundle's key: fingerprint.code_version())."""
    return (
        paper.path,
        paper.title,
        paper.abstract,
        "\n".join(paper.authors),
        "et al." if paper.authors_truncated else "",
        "\n".join(paper.top_keyphrases),
        "\n".join(paper.tags),
    )


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its folder, its papers and a fingerprint of their search documents."""

    folder: str
    papers: tuple[Paper, ...]
    inputs: str


def search_digest(paper: Paper) -> str:
    """A paper's search inputs digested: a shard's fingerprint is of its papers' digests, and
    an equal paper keeps its digest from one build to the next (pages.PaperDigests), so a
    rebuild hashes only the text of papers it has not seen."""
    return fingerprint(*search_inputs(paper))


def pagefind_shards(papers: list[Paper], digests: PaperDigests | None = None) -> list[Shard]:
    """Papers in shards of SHARD_SIZE in the order they arrived (first seen, then id): a new
    paper lands in the last shard, so a rebuild re-indexes that shard and keeps the others.
    `digests`: the papers' digests, if the build has made them for its other outputs."""
    arrived = sorted(papers, key=lambda paper: (paper.first_seen or "", paper.id))
    digest_of = (digests or PaperDigests(papers)).of(search_digest)
    shards = []
    for number in range(1, shard_count(len(papers)) + 1):
        members = tuple(arrived[(number - 1) * SHARD_SIZE : number * SHARD_SIZE])
        inputs = fingerprint(*map(digest_of.__getitem__, map(PAPER_ID, members)))
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
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(documents),
        "--output-path",
        str(output),
        "--silent",
    ]


def _run_pagefind(documents: Path, output: Path) -> None:
    try:
        done = subprocess.run(
            pagefind_command(documents, output),
            check=False,
            capture_output=True,
            text=True,
            timeout=3600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SearchIndexError(f"pagefind failed to run: {error}") from error
    if done.returncode != 0:
        # "No module named pagefind" is the usual cause: the pagefind[bin] pin is missing.
        raise SearchIndexError(
            f"pagefind failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()}"
        )
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"pagefind wrote no pagefind.js in {output}")

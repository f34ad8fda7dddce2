"""Dedup: one Paper per id (merged fields, all provenances); near-duplicates reported, not merged."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from rapidfuzz import fuzz

from .model import DuplicateNote, Paper
from .normalize import identity_text

# rapidfuzz ratios (0-100). Measured on the seeds: the one renamed version (same three
# authors) has first sentences 81% alike; the next most alike same-author pair, 75%.
FIRST_SENTENCE_SIMILARITY = 80.0
ABSTRACT_SIMILARITY = 85.0


def merge(first: Paper, other: Paper) -> Paper:
    """Keep the first paper's fields, fill what it lacks from the other, keep both provenances."""
    take_title = first.title_derived and not other.title_derived
    return replace(
        first,
        title=other.title if take_title else first.title,
        title_derived=first.title_derived and other.title_derived,
        authors=first.authors or other.authors,
        authors_truncated=first.authors_truncated if first.authors else other.authors_truncated,
        affiliations=tuple(dict.fromkeys(first.affiliations + other.affiliations)),
        category=first.category or other.category,
        categories=tuple(dict.fromkeys(first.categories + other.categories)),
        date=first.date or other.date,
        links=tuple(sorted(set(first.links) | set(other.links))),
        sources=tuple(sorted(set(first.sources) | set(other.sources))),
        comment=first.comment or other.comment,
    )


def merge_duplicates(papers: list[Paper]) -> tuple[list[Paper], list[DuplicateNote]]:
    by_id: dict[str, Paper] = {}
    notes: list[DuplicateNote] = []
    for paper in papers:
        if paper.id in by_id:
            kept = by_id[paper.id]
            notes.append(DuplicateNote(kept.id, paper.id, (kept.sources[0], *paper.sources), "same paper", True))
            by_id[paper.id] = merge(kept, paper)
        else:
            by_id[paper.id] = paper
    return list(by_id.values()), notes


def first_sentence(abstract: str) -> str:
    return identity_text(re.split(r"(?<=[.!?])\s", abstract, maxsplit=1)[0])


def _near_duplicate_reason(a: Paper, b: Paper) -> str:
    if first_sentence(a.abstract) == first_sentence(b.abstract):
        shared = set(a.authors) & set(b.authors)
        return f"same first sentence{', shared authors' if shared else ''}"
    if len(set(a.authors) & set(b.authors)) >= 2:
        opening = fuzz.ratio(first_sentence(a.abstract), first_sentence(b.abstract))
        if opening >= FIRST_SENTENCE_SIMILARITY:
            return f"shared authors, first sentences {opening:.0f}% alike"
        whole = fuzz.ratio(identity_text(a.abstract), identity_text(b.abstract))
        if whole >= ABSTRACT_SIMILARITY:
            return f"shared authors, abstracts {whole:.0f}% alike"
    return ""


def find_near_duplicates(papers: list[Paper]) -> list[DuplicateNote]:
    """Pairs that look like versions of one paper: compared only within blocks that share
    a first sentence or an author, so the work stays far below all pairs."""
    blocks: dict[str, list[Paper]] = {}
    for paper in papers:
        for key in (first_sentence(paper.abstract), *paper.authors):
            blocks.setdefault(key, []).append(paper)
    pairs = {tuple(sorted((a.id, b.id))): (a, b) for block in blocks.values() for a, b in combinations(block, 2)}
    notes = []
    for (id_a, id_b), (a, b) in sorted(pairs.items()):
        if reason := _near_duplicate_reason(a, b):
            notes.append(DuplicateNote(id_a, id_b, (*a.sources, *b.sources), reason, False))
    return notes

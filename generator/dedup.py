"""Dedup: one Paper per id (merged fields, all provenances); near-duplicates reported, not merged."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from .model import DuplicateNote, Paper
from .normalize import identity_text

# rapidfuzz ratios (0-100). Measured on the seeds: the one renamed version (same three
# authors) has first sentences 81% alike; the next most alike same-author pair, 75%.
FIRST_SENTENCE_SIMILARITY = 80.0
ABSTRACT_SIMILARITY = 85.0
# An author with more papers than this proposes no pairs on their own: the pairs of one
# author's papers grow as the square of their count. Two such papers are still compared when
# they share a less prolific author too; only pairs whose shared authors are all this
# prolific go unchecked. Far above any author's count in the seeds (at most a handful).
PROLIFIC_AUTHOR = 200


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


class _Notes(list):
    """Near-duplicate notes: kept/other by id, the sources of whichever came first in the
    input listed first (as the report has always listed them)."""

    def __init__(self, papers: list[Paper]):
        super().__init__()
        self.position = {paper.id: index for index, paper in enumerate(papers)}

    def add(self, a: Paper, b: Paper, reason: str) -> None:
        first, second = sorted((a, b), key=lambda paper: self.position[paper.id])
        self.append(DuplicateNote(a.id, b.id, (*first.sources, *second.sources), reason, False))


def _same_opening_notes(ordered: list[Paper], openings: dict[str, str], notes: _Notes) -> None:
    """Papers with one first sentence are one group: its first paper paired with each other
    (n - 1 notes, each one curation.yaml merge; not all n(n - 1)/2 pairs)."""
    groups: dict[str, list[Paper]] = {}
    for paper in ordered:
        groups.setdefault(openings[paper.id], []).append(paper)
    for first, *others in groups.values():
        for other in others:
            shared = set(first.authors) & set(other.authors)
            notes.add(first, other, f"same first sentence{', shared authors' if shared else ''}")


def _pairs_sharing_two_authors(papers: list[Paper]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of papers with two or more authors in common, sorted. Pairs are
    counted per shared author, skipping authors too prolific to pair up (PROLIFIC_AUTHOR);
    a pair seen once is checked in full only when both papers have a prolific author."""
    authors = [frozenset(paper.authors) for paper in papers]
    by_author: dict[str, list[int]] = {}
    for index, names in enumerate(authors):
        for name in names:
            by_author.setdefault(name, []).append(index)
    shared: Counter[tuple[int, int]] = Counter()
    prolific = set()
    for name, indexes in by_author.items():
        if len(indexes) > PROLIFIC_AUTHOR:
            prolific.add(name)
        else:
            shared.update(combinations(indexes, 2))
    with_prolific = {index for index, names in enumerate(authors) if not names.isdisjoint(prolific)}
    return sorted((i, j) for (i, j), count in shared.items() if count >= 2 or (
        i in with_prolific and j in with_prolific and len(authors[i] & authors[j]) >= 2))


def _shared_author_reason(a: Paper, b: Paper, openings: dict[str, str], words: Callable[[str], str]) -> str:
    opening = fuzz.ratio(openings[a.id], openings[b.id])
    if opening >= FIRST_SENTENCE_SIMILARITY:
        return f"shared authors, first sentences {opening:.0f}% alike"
    first, second = words(a.abstract), words(b.abstract)
    # The cutoff only skips pairs well below the bar (rapidfuzz returns 0); the score is recomputed.
    if fuzz.ratio(first, second, score_cutoff=ABSTRACT_SIMILARITY - 1):
        whole = fuzz.ratio(first, second)
        if whole >= ABSTRACT_SIMILARITY:
            return f"shared authors, abstracts {whole:.0f}% alike"
    return ""


def _shared_author_notes(ordered: list[Paper], openings: dict[str, str], notes: _Notes) -> None:
    """Papers with different first sentences and two or more shared authors, fuzzily alike.
    Copies with one abstract and one author set are compared once, through their first copy
    (the others are in its same-first-sentence group already)."""
    firsts: dict[tuple[str, frozenset[str]], Paper] = {}
    for paper in ordered:
        firsts.setdefault((paper.abstract, frozenset(paper.authors)), paper)
    papers = list(firsts.values())
    words = lru_cache(maxsize=4096)(identity_text)  # pairs come in order of their first paper
    for i, j in _pairs_sharing_two_authors(papers):
        a, b = papers[i], papers[j]
        if openings[a.id] == openings[b.id]:  # in one same-first-sentence group already
            continue
        if reason := _shared_author_reason(a, b, openings, words):
            notes.add(a, b, reason)


def find_near_duplicates(papers: list[Paper]) -> list[DuplicateNote]:
    """Pairs that look like versions of one paper (reported, never merged), sorted by id: papers
    with the same first sentence, and papers sharing two or more authors whose first sentences
    or abstracts are fuzzily alike. Work and report grow with the papers, not their square."""
    ordered = sorted(papers, key=lambda paper: paper.id)
    openings = {paper.id: first_sentence(paper.abstract) for paper in ordered}
    notes = _Notes(papers)
    _same_opening_notes(ordered, openings, notes)
    _shared_author_notes(ordered, openings, notes)
    return sorted(notes, key=lambda note: (note.kept, note.other))

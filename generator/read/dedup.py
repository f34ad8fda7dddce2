"""Dedup: one Paper per id (merged fields, all provenances); near-duplicates reported, not
merged."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache, reduce
from itertools import combinations
from typing import TypeVar

from rapidfuzz import fuzz

from generator.model import DuplicateNote, Paper, SourceRef
from generator.read.dois import unique_links
from generator.read.normalize import identity_text, paper_id

# rapidfuzz ratios (0-100). Measured on the seeds: the one renamed version (same three
# authors) has first sentences 81% alike; the next most alike same-author pair, 75%.
FIRST_SENTENCE_SIMILARITY = 80.0
ABSTRACT_SIMILARITY = 85.0
# An author with more papers than this proposes no pairs on their own: the pairs of one
# author's papers grow as the square of their count. Two such papers are still compared when
# they share a less prolific author too; only pairs whose shared authors are all this
# prolific go unchecked. Far above any author's count in the seeds (at most a handful).
PROLIFIC_AUTHOR = 200
# A near-duplicate note lists at most this many sources of each paper (papers.json has them
# all): a paper merged from 100k copies, in a group of 100k, made notes of 10^10 sources.
NOTE_SOURCES = 10
T = TypeVar("T")


def merge(first: Paper, other: Paper) -> Paper:
    """Keep the first paper's fields, fill what it lacks from the other, keep both provenances."""
    return merge_group([first, other])


def merge_group(group: list[Paper]) -> Paper:
    """Copies of one paper, in input order, as one: the first copy's fields, what it lacks
    filled from the later ones in order (a title only from a copy whose title is not derived),
    every link and provenance; the longest author list (a whole one before a truncated one of
    the same length) and the earliest date (see earlier_date), whichever copy has them: a
    spreadsheet's three names or a revision's date do not stand for the paper's. What merging
    them one by one into the first gives, built once: merging n copies pairwise re-sorted the
    growing sources n times (n^2)."""
    first = group[0]
    titled = next((paper for paper in group if not paper.title_derived), first)
    with_authors = max(group, key=lambda paper: (len(paper.authors), not paper.authors_truncated))
    return replace(
        first,
        title=titled.title,
        title_derived=titled.title_derived,
        authors=with_authors.authors,
        authors_truncated=with_authors.authors_truncated,
        affiliations=tuple(dict.fromkeys(name for paper in group for name in paper.affiliations)),
        category=_first_of(paper.category for paper in group),
        categories=tuple(dict.fromkeys(code for paper in group for code in paper.categories)),
        date=reduce(earlier_date, (paper.date for paper in group)),
        arxiv_id=_first_of(paper.arxiv_id for paper in group),
        links=unique_links(link for paper in group for link in paper.links),
        sources=tuple(sorted({ref for paper in group for ref in paper.sources})),
        comment=_first_of(paper.comment for paper in group),
        keywords=tuple(dict.fromkeys(keyword for paper in group for keyword in paper.keywords)),
        listed_under=tuple(dict.fromkeys(name for paper in group for name in paper.listed_under)),
    )


def earlier_date(kept: str | None, other: str | None) -> str | None:
    """The earlier of two dates ("2017", "2017-06" or "2017-06-12"), the more precise where one
    lies within the other: the first version's date, not a revision's or a journal's."""
    if not kept or not other:
        return kept or other
    if kept.startswith(other) or other.startswith(kept):
        return kept if len(kept) >= len(other) else other
    return min(kept, other, key=lambda date: (date + "-01-01")[:10])


def _first_of(values: Iterable[T]) -> T:
    """`a or b or c`: the first true value, else the last."""
    return reduce(lambda kept, value: kept or value, values)


def merge_duplicates(papers: list[Paper]) -> tuple[list[Paper], list[DuplicateNote]]:
    """One Paper per id, in order of first appearance, and a note per later copy naming the
    kept paper's first source so far (its own first one, then the least of all merged so far:
    the merged paper's sources are sorted). Linear in the copies: each id's group merges once.
    A copy without an arXiv id (a pasted abstract) takes the id of the arXiv paper with the
    same abstract, whichever dump or format each came from."""
    papers = with_arxiv_ids(papers)
    groups: dict[str, list[Paper]] = {}
    least: dict[str, SourceRef] = {}  # per id with copies: the least source of those so far
    notes: list[DuplicateNote] = []
    for paper in papers:
        group = groups.setdefault(paper.id, [])
        if len(group) == 1:  # the kept paper is still the first copy: its sources as read
            kept = group[0].sources[0]
            least[paper.id] = min(group[0].sources)
        elif group:  # merged already: its sources sorted, the least first
            kept = least[paper.id]
        if group:
            refs = (kept, *paper.sources)
            notes.append(DuplicateNote(paper.id, paper.id, refs, "same paper", True))
            least[paper.id] = min((least[paper.id], *paper.sources))
        group.append(paper)
    return [group[0] if len(group) == 1 else merge_group(group) for group in groups.values()], notes


def with_arxiv_ids(papers: list[Paper]) -> list[Paper]:
    """Papers without an arXiv id whose abstract (up to case and punctuation) is an arXiv
    paper's, or whose title and first author (initial and surname) are, under that paper's id:
    one paper pasted from a page and exported from arXiv. A key two arXiv papers share joins
    nothing. A paper without an arXiv id has its abstract's key as its id already (paper_id)."""
    arxiv_of: dict[str, str | None] = {}
    for paper in papers:
        if paper.arxiv_id:
            for key in (paper_id("", paper.abstract), _byline(paper)):
                if key is not None:
                    arxiv_of[key] = paper.id if arxiv_of.get(key, paper.id) == paper.id else None
    if not any(arxiv_of.values()):
        return papers
    return [
        replace(paper, id=found)
        if not paper.arxiv_id and (found := _arxiv_match(paper, arxiv_of))
        else paper
        for paper in papers
    ]


def _byline(paper: Paper) -> str | None:
    """Title, first author's initial and surname, normalized; None for a derived title, no
    author, or a title with no Latin letters or digits."""
    if paper.title_derived or not paper.authors or not (title := identity_text(paper.title)):
        return None
    names = identity_text(paper.authors[0]).split()
    return f"byline:{title}|{names[0][:1]} {names[-1]}" if names else None


def _arxiv_match(paper: Paper, arxiv_of: dict[str, str | None]) -> str | None:
    byline = _byline(paper)
    return arxiv_of.get(paper.id) or (arxiv_of.get(byline) if byline else None)


@lru_cache(maxsize=1 << 18)  # every build asks for every paper's, most of them known
def first_sentence(abstract: str) -> str:
    return identity_text(re.split(r"(?<=[.!?])\s", abstract, maxsplit=1)[0])


class _Notes(list):
    """Near-duplicate notes: kept/other by id, the sources of whichever came first in the
    input listed first (as the report has always listed them), NOTE_SOURCES of each at most."""

    def __init__(self, papers: list[Paper]):
        super().__init__()
        self.position = {paper.id: index for index, paper in enumerate(papers)}

    def add(self, a: Paper, b: Paper, reason: str) -> None:
        first, second = sorted((a, b), key=lambda paper: self.position[paper.id])
        refs = (*first.sources[:NOTE_SOURCES], *second.sources[:NOTE_SOURCES])
        self.append(DuplicateNote(a.id, b.id, refs, reason, False))


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
    return sorted(
        (i, j)
        for (i, j), count in shared.items()
        if count >= 2
        or (i in with_prolific and j in with_prolific and len(authors[i] & authors[j]) >= 2)
    )


def _shared_author_reason(
    a: Paper, b: Paper, openings: dict[str, str], words: Callable[[str], str]
) -> str:
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

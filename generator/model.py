"""The data that flows between stages: frozen dataclasses, nothing else.

ingest -> RawRecord (+ LineNote for chrome and rejections)
normalize -> Paper (title_derived, links, ids); per dump, a ReadDump
dedup -> Paper (merged sources) + DuplicateNote
tag -> Paper with tags
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where a record came from: file name (relative to the sources dir) and 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class LineNote:
    """An input line that is not part of a paper: page chrome, a blank line, or a rejection."""

    ref: SourceRef
    reason: str


@dataclass(frozen=True)
class RawRecord:
    """One paper as a parser read it, before any cleaning.

    `lines` lists every input line the record consumed (title, abstract, score line...),
    so the build report can account for each line of every dump.
    """

    ref: SourceRef
    lines: tuple[int, ...]
    abstract: str
    title: str = ""
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    affiliations: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    date: str = ""
    arxiv_id: str = ""
    urls: tuple[str, ...] = ()
    comment: str = ""
    keywords: tuple[str, ...] = ()  # the source's own keywords (a reference manager's), not tags
    listed_under: tuple[str, ...] = ()  # the dump's heading (an institution), not the authors'


@dataclass(frozen=True)
class ParsedSource:
    """What one dump gave: its detected format, its records and its non-paper lines."""

    file: str
    format: str
    line_count: int
    records: tuple[RawRecord, ...] = ()
    chrome: tuple[LineNote, ...] = ()
    rejected: tuple[LineNote, ...] = ()


@dataclass(frozen=True)
class ReadDump:
    """One dump read and normalized: its papers (in record order, before duplicates merge),
    its line accounting for the build report, and its rejected lines as `file:line: reason`."""

    summary: dict
    rejected: tuple[str, ...]
    papers: tuple[Paper, ...]


@dataclass(frozen=True, order=True)
class Link:
    kind: str  # "code", "project", "arxiv", "pdf"
    url: str


KEYPHRASES_PUBLISHED = 10


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    title_derived: bool
    abstract: str
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    affiliations: tuple[str, ...] = ()
    category: str = ""
    categories: tuple[str, ...] = ()
    date: str | None = None
    arxiv_id: str = ""
    links: tuple[Link, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    comment: str = ""
    keywords: tuple[str, ...] = ()  # the source's own keywords, arXiv categories left out
    slug: str = ""
    tags: tuple[str, ...] = ()
    keyphrases: tuple[str, ...] = ()  # best first; the tag stage's candidates
    summary: str = (
        ""  # the abstract sentence that best states the contribution (tag stage), as written
    )
    first_seen: str | None = None  # ISO day the paper arrived: the day of `arrived`
    arrived: str | None = None  # when its dump was first committed, ISO UTC ("…T14:52:51Z")
    arrived_from: SourceRef | None = None  # the line it arrived by: orders one arrival
    topic: str = ""  # topic slug
    related: tuple[str, ...] = ()  # ids of the nearest papers
    compact_vector: str = ""  # its embedding in 128 int8 values, base64 (tags/compact.py)
    # The heading of the dump it was listed under (an institution's name above its abstracts):
    # shown as that, not as the authors' affiliation, which the dump does not say it is.
    listed_under: tuple[str, ...] = ()

    def __hash__(self) -> int:
        """Of the fields that tell papers apart: equal papers agree on them, as a hash must,
        and a paper hashes without hashing its links and sources, a Python call each (the
        build looks papers up by value in what it held from the last build)."""
        return hash((self.id, self.title, self.abstract, self.slug, self.tags, self.arrived))

    def amended(self, **changes: Any) -> Paper:
        """A copy with `changes`, as dataclasses.replace makes it but a seventh of the time:
        every build amends every paper several times (slug, arrival, tags), and Paper has no
        __post_init__ for replace to run. An unknown field name raises, as replace's does."""
        unknown = changes.keys() - PAPER_FIELDS
        if unknown:
            raise TypeError(f"Paper has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(Paper)
        fields = copy.__dict__
        fields.update(self.__dict__)
        fields.update(changes)
        return copy

    @property
    def path(self) -> str:
        """The paper page's URL path under the site root (slugs are URL-safe)."""
        return f"papers/{self.slug}/"

    @property
    def top_keyphrases(self) -> tuple[str, ...]:
        """The keyphrases published (paper page, search, papers.json): the best ten; the
        rest are candidates kept for tagging."""
        return self.keyphrases[:KEYPHRASES_PUBLISHED]

    @property
    def keyphrases_beyond_tags(self) -> tuple[str, ...]:
        """The published keyphrases that are not already among the tags (letter case aside):
        what the paper page lists under them."""
        tags = {tag.casefold() for tag in self.tags}
        return tuple(phrase for phrase in self.top_keyphrases if phrase.casefold() not in tags)


PAPER_FIELDS = frozenset(Paper.__dataclass_fields__)


@dataclass(frozen=True)
class DuplicateNote:
    """Two records that are one paper (merged) or look like versions of one (reported only)."""

    kept: str
    other: str
    refs: tuple[SourceRef, ...]
    reason: str
    merged: bool


def build_date(papers: list[Paper]) -> datetime:
    """The build's time: SOURCE_DATE_EPOCH, else the newest paper's date, never the clock (a
    rebuild of the same content is byte-identical)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    dates = [(p.date + "-01-01")[:10] for p in papers if p.date]  # a year or month alone: its start
    if not dates:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return datetime.fromisoformat(max(dates)).replace(tzinfo=UTC)

"""Index pages: the groups a reader browses by (tags, topics, archive months, arXiv categories,
authors, affiliations, source dumps), each split into pages of bounded length."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from slugify import slugify

from generator.model import Paper
from generator.tags.topics import Topic

UNDATED = "undated"


@dataclass(frozen=True)
class Group:
    kind: str  # folder: tags, topics, archive, categories, authors, affiliations, sources
    slug: str
    label: str
    papers: tuple[Paper, ...]  # newest first
    also: tuple[str, ...] = ()  # a tag's other spellings, folded into it (Vocabulary.spellings)
    feed: bool = False  # has a feed of its own (feed_set.with_feeds)

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.slug}"


@dataclass(frozen=True)
class Kind:
    folder: str
    title: str  # nav and index page title
    singular: str  # "Tag: …"
    describe: str  # one line on the index page
    has_feed: bool = False  # its groups may have feeds (feed_set.with_feeds says which do)
    # list items with the summary sentence (topics); the other kinds list a line per paper
    summaries: bool = False
    counted: str = ""  # what the index page counts, where not the folder's name: "months"

    def count(self, labels: Iterable[str]) -> str:
        """How many groups of these labels, in words: "424 tags", "1 tag", "9 months" (the
        undated papers' group is no month)."""
        number = sum(1 for label in labels if label != UNDATED or self.folder != "archive")
        many = self.counted or self.folder
        return f"{number} {self.singular.lower() if number == 1 else many}"


KINDS = {
    "topics": Kind(
        "topics",
        "Topics",
        "Topic",
        "Clusters of the papers' embeddings, named after the tags most typical of each.",
        has_feed=True,
        summaries=True,
    ),
    "tags": Kind(
        "tags",
        "Tags",
        "Tag",
        "Shared keyphrases; each tag groups at least two papers where it can.",
        has_feed=True,
    ),
    "archive": Kind(
        "archive",
        "Archive",
        "Month",
        "Papers by the month of their date; papers whose dump gave no date are listed as undated.",
        counted="months",
    ),
    "categories": Kind(
        "categories",
        "Categories",
        "Category",
        "arXiv subject categories, where the dump named one.",
    ),
    "authors": Kind(
        "authors",
        "Authors",
        "Author",
        "Authors with at least two papers here, by name as the dumps spell it (one spelling, one "
        "page; two people of one name share it).",
    ),
    "affiliations": Kind(
        "affiliations",
        "Affiliations",
        "Affiliation",
        "Institutions and organizations named by the dumps: beside a paper, or as the heading "
        "a dump lists its papers under.",
    ),
    "sources": Kind(
        "sources", "Sources", "Source", "One page per input dump, with every paper read from it."
    ),
}


@functools.lru_cache(maxsize=1 << 16)  # every tag label is slugged again on every build
def tag_slug(label: str) -> str:
    return slugify(label, max_length=60, word_boundary=True) or "tag"


def category_slug(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", code).strip(".-") or "category"


def arrival_key(paper: Paper) -> tuple:
    """Sorts papers oldest arrival first (reverse it for "new"): by when their dump was first
    committed, then, within one arrival, later dump names first and each dump in its own line
    order. Papers made outside a build (no arrival, no source) fall back on their date."""
    ref = paper.arrived_from or (paper.sources[0] if paper.sources else None)
    return (
        paper.arrived or "",
        ref.file if ref else "",
        -ref.line if ref else 0,
        paper.date or "",
        paper.id,
    )


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """The digest's one order of "new": newest arrival first (see arrival_key). Publication
    dates are shown, never used to reorder arrivals."""
    return sorted(papers, key=arrival_key, reverse=True)


def _group(
    kind: str,
    papers: list[Paper],
    keys: Callable[[Paper], Iterable[str]],
    slug: Callable[[str], str],
    least: int = 1,
) -> list[Group]:
    """Groups of at least `least` papers (a tag one paper has is shown on it, with no page),
    each group's papers in the order of `papers` (newest first, as build_groups passes them)."""
    members: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        for key in dict.fromkeys(keys(paper)):
            members[key].append(paper)
    members = {key: found for key, found in members.items() if len(found) >= least}
    slugs = unique_slugs(sorted(members), slug)
    groups = [Group(kind, slugs[key], key, tuple(ps)) for key, ps in members.items()]
    return sorted(groups, key=lambda g: (g.label.lower(), g.slug))


def unique_slugs(labels: list[str], slug: Callable[[str], str]) -> dict[str, str]:
    """One URL per label: labels that slugify alike (`MIT` / `mit`) get -2, -3 … in label order."""
    taken: dict[str, str] = {}
    for label in labels:
        candidate, base, number = slug(label), slug(label), 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken[candidate] = label
    return {label: candidate for candidate, label in taken.items()}


def month_label(paper: Paper) -> str:
    return paper.date[:7] if paper.date else UNDATED


# A tag gets a page (and a feed) when this many papers carry it; one paper's own tag is shown
# on that paper without a link. So does an author: a page of one paper is that paper's page.
TAG_PAGE_LEAST = 2
AUTHOR_PAGE_LEAST = 2


def author_slug(name: str) -> str:
    return slugify(name, max_length=60, word_boundary=True) or "author"


def build_groups(
    papers: list[Paper],
    topics: list[Topic],
    spellings: Mapping[str, tuple[str, ...]] | None = None,
    handles: Mapping[str, str] | None = None,
    author_least: int = AUTHOR_PAGE_LEAST,
) -> dict[str, list[Group]]:
    """Every kind's groups. `spellings`: a tag's other spellings (its page lists them);
    `handles`: an affiliation named in curation.yaml -> the handle whose URL its page keeps;
    `author_least`: the papers an author needs for a page."""
    papers = newest_first(papers)  # once: every group keeps this order, sorting none again
    by_id = {paper.id: paper for paper in papers}
    rank = {paper.id: number for number, paper in enumerate(papers)}
    spellings, handles = spellings or {}, handles or {}
    return {
        "topics": [
            Group(
                "topics",
                t.slug,
                t.label,
                tuple(
                    by_id[i]
                    for i in sorted((i for i in t.paper_ids if i in by_id), key=rank.__getitem__)
                ),
            )
            for t in topics
        ],
        "tags": [
            replace(group, also=spellings.get(group.label, ()))
            for group in _group("tags", papers, lambda p: p.tags, tag_slug, least=TAG_PAGE_LEAST)
        ],
        "archive": sorted(
            _group("archive", papers, lambda p: [month_label(p)], str),
            key=lambda g: (g.label != UNDATED, g.label),
            reverse=True,
        ),  # newest month first
        "categories": _group("categories", papers, lambda p: p.categories, category_slug),
        "authors": _group("authors", papers, lambda p: p.authors, author_slug, least=author_least),
        "affiliations": _group(
            "affiliations",
            papers,
            lambda p: (*p.affiliations, *(n for n in p.listed_under if n not in p.affiliations)),
            lambda a: (
                slugify(handles.get(a, a), max_length=60, word_boundary=True) or "affiliation"
            ),
        ),
        "sources": _group(
            "sources",
            papers,
            lambda p: [ref.file for ref in p.sources],
            lambda f: slugify(f, max_length=60) or "source",
        ),
    }


@dataclass(frozen=True)
class IssueSection:
    """One topic's share of an issue: its newest papers (at most a page) and how many came."""

    slug: str  # the topic's, "" for papers in no topic
    label: str
    papers: tuple[Paper, ...]
    total: int


@dataclass(frozen=True)
class Issue:
    """The papers that arrived on one day, by topic: the page a reader opens each morning."""

    day: str  # ISO date
    count: int
    sections: tuple[IssueSection, ...]  # largest first
    newer: str | None = None  # the next issue's day
    older: str | None = None

    @property
    def path(self) -> str:
        return f"new/{self.day}/"


def build_issues(papers: list[Paper], topics: list[Group], per_topic: int) -> list[Issue]:
    """One issue per arrival day, newest first; each section in arrival order."""
    days: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest_first(papers):
        if paper.first_seen:
            days[paper.first_seen].append(paper)
    label_of = {group.slug: group.label for group in topics}
    ordered = sorted(days, reverse=True)
    issues = []
    for index, day in enumerate(ordered):
        by_topic: dict[str, list[Paper]] = defaultdict(list)
        for paper in days[day]:
            by_topic[paper.topic if paper.topic in label_of else ""].append(paper)
        sections = sorted(
            (
                IssueSection(
                    slug, label_of.get(slug, "Other papers"), tuple(ps[:per_topic]), len(ps)
                )
                for slug, ps in by_topic.items()
            ),
            key=lambda s: (-s.total, s.label.lower(), s.slug),
        )
        issues.append(
            Issue(
                day,
                len(days[day]),
                tuple(sections),
                ordered[index - 1] if index else None,
                ordered[index + 1] if index + 1 < len(ordered) else None,
            )
        )
    return issues

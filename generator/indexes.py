"""Index pages: the groups a reader browses by (tags, topics, archive months, arXiv categories,
affiliations, source dumps), each split into pages of bounded length."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from slugify import slugify

from .model import Paper
from .topics import Topic

UNDATED = "undated"


@dataclass(frozen=True)
class Group:
    kind: str  # folder: tags, topics, archive, categories, affiliations, sources
    slug: str
    label: str
    papers: tuple[Paper, ...]  # newest first

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.slug}"


@dataclass(frozen=True)
class Kind:
    folder: str
    title: str  # nav and index page title
    singular: str  # "Tag: …"
    describe: str  # one line on the index page
    has_feed: bool = False


KINDS = {
    "topics": Kind("topics", "Topics", "Topic", "Clusters of the papers' embeddings, named after the tags most typical of each.", True),
    "tags": Kind("tags", "Tags", "Tag", "Shared keyphrases; each tag groups at least two papers where it can.", True),
    "archive": Kind("archive", "Archive", "Month", "Papers by the month of their date; papers whose dump gave no date are listed as undated."),
    "categories": Kind("categories", "Categories", "Category", "arXiv subject categories, where the dump named one."),
    "affiliations": Kind("affiliations", "Affiliations", "Affiliation", "Institutions and organizations named by the dumps."),
    "sources": Kind("sources", "Sources", "Source", "One page per input dump, with every paper read from it."),
}


@functools.lru_cache(maxsize=1 << 16)  # every tag label is slugged again on every build
def tag_slug(label: str) -> str:
    return slugify(label, max_length=60, word_boundary=True) or "tag"


def category_slug(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", code).strip(".-") or "category"


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Dated papers newest first, then undated ones by dump (newest dump first) and line."""
    papers = list(papers)
    undated = sorted((p for p in papers if not p.date), key=lambda p: (p.sources[0].file, -p.sources[0].line), reverse=True)
    dated = sorted((p for p in papers if p.date), key=lambda p: (p.date, p.id), reverse=True)
    return dated + undated


def _group(kind: str, papers: list[Paper], keys: Callable[[Paper], Iterable[str]], slug: Callable[[str], str]) -> list[Group]:
    members: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        for key in dict.fromkeys(keys(paper)):
            members[key].append(paper)
    slugs = unique_slugs(sorted(members), slug)
    groups = [Group(kind, slugs[key], key, tuple(newest_first(ps))) for key, ps in members.items()]
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


def build_groups(papers: list[Paper], topics: list[Topic]) -> dict[str, list[Group]]:
    by_id = {paper.id: paper for paper in papers}
    return {
        "topics": [Group("topics", t.slug, t.label, tuple(newest_first(by_id[i] for i in t.paper_ids if i in by_id)))
                   for t in topics],
        "tags": _group("tags", papers, lambda p: p.tags, tag_slug),
        "archive": sorted(_group("archive", papers, lambda p: [month_label(p)], str),
                          key=lambda g: (g.label != UNDATED, g.label), reverse=True),  # newest month first
        "categories": _group("categories", papers, lambda p: p.categories, category_slug),
        "affiliations": _group("affiliations", papers, lambda p: p.affiliations,
                               lambda a: slugify(a, max_length=60, word_boundary=True) or "affiliation"),
        "sources": _group("sources", papers, lambda p: [ref.file for ref in p.sources],
                          lambda f: slugify(f, max_length=60) or "source"),
    }


def pages_of(group: Group, page_size: int) -> list[tuple[str, tuple[Paper, ...]]]:
    """The group's papers in pages, as URLs: `kind/slug/`, then `kind/slug/page-2/`, …"""
    chunks = [group.papers[i:i + page_size] for i in range(0, len(group.papers), page_size)] or [()]
    return [(f"{group.path}/" if n == 1 else f"{group.path}/page-{n}/", chunk) for n, chunk in enumerate(chunks, 1)]

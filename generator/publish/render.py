"""Render: tagged papers -> the site's pages. Pure; the build writes them.

Every page (the nav pages: home and one index per kind; and the paper and group pages,
nearly all of a big site) is an HTML body rendered here with autoescaping Jinja (templating.py)
and sanitized, then stamped into Material's page chrome (shell.py): MkDocs costs milliseconds
per page, which 100k papers cannot afford, and would run on every build.

Dump text is untrusted: templates autoescape, the shells' front matter is written by
yaml.safe_dump, and `$…$` math becomes arithmatex's markup, which KaTeX renders in the browser.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Paper
from generator.publish.cite import bibtex, plain_title, read_links
from generator.publish.indexes import (
    KINDS,
    Group,
    Issue,
    build_issues,
    month_label,
    newest_first,
)
from generator.publish.issue_pages import issue_pages, latest_issue
from generator.publish.pages import (
    HELD,
    PAPER_ID,
    HtmlPage,
    LinkCheck,
    PageSource,
    PaperDigests,
    item_digest,
    page_digest,
)
from generator.publish.paging import NEWEST, GroupPage, pages_of, shown_pages
from generator.publish.paper_inputs import PaperInputs
from generator.publish.reader_pages import reader_pages
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer

# HtmlPage, PageSource and LinkCheck are defined in pages.py; the build imports them from here.
__all__ = ["HtmlPage", "LinkCheck", "PageSource", "SiteSummary", "render_nav", "render_pages"]


@dataclass(frozen=True)
class SiteSummary:
    site_name: str
    build_date: str
    sources: int
    rejected: int
    newest_on_home: int
    page_size: int = 50
    for_you_days: int = 14  # the window For you ranks (publish/for_you.py)


def description(paper: Paper, limit: int = 160) -> str:
    """The head's description: the abstract's opening, as much as search engines show."""
    text = re.sub(r"[$*\\]", "", paper.abstract)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def render_nav(
    papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary
) -> list[HtmlPage]:
    """The nav pages: home and one index per kind, in nav order."""
    renderer = PageRenderer()
    index_pages = [_held_index(renderer, kind, members) for kind, members in groups.items()]
    issues = build_issues(papers, groups["topics"], summary.page_size)
    home = _home(renderer, papers, groups, summary, issues[0] if issues else None)
    readers = reader_pages(renderer, summary.for_you_days)
    return [home, latest_issue(renderer, issues), *index_pages, *readers]


def render_pages(
    papers: list[Paper],
    groups: dict[str, list[Group]],
    summary: SiteSummary,
    digests: PaperDigests | None = None,
) -> Iterator[PageSource]:
    """Every group and paper page (of groups made of `papers`), one at a time and rendered
    only when asked: the build skips pages whose inputs did not change, and stamps and writes
    each rendered page as it comes, so a 100k-paper site never holds all its pages at once.
    `digests`: the papers' digests, if the build has made them for its other outputs."""
    renderer, digests = PageRenderer(), digests or PaperDigests(papers)
    line_of = digests.of(item_digest)
    for kind, members in groups.items():
        yield from _group_pages(renderer, line_of, kind, members, summary.page_size)
    yield from issue_pages(
        renderer, line_of, build_issues(papers, groups["topics"], summary.page_size)
    )
    yield from _paper_pages(renderer, digests, line_of, papers, groups)


LETTERED_ABOVE = 40  # an index with more groups is split by first letter, in columns


class HeldIndexes:
    """Each kind's index page as the last build rendered it, with what it shows of each group
    (slug, label, count): a process that builds again renders it only when that changed (the
    tags index lists thousands of groups)."""

    pages: dict[str, tuple[tuple, HtmlPage]] = {}

    @classmethod
    def cache_clear(cls) -> None:
        cls.pages = {}


def _held_index(renderer: PageRenderer, kind: str, groups: list[Group]) -> HtmlPage:
    shown = tuple((group.slug, group.label, len(group.papers)) for group in groups)
    held = HeldIndexes.pages.get(kind)
    if held is None or held[0] != shown:
        held = HeldIndexes.pages[kind] = (shown, _group_index(renderer, kind, groups))
    return held[1]


def _group_index(renderer: PageRenderer, kind: str, groups: list[Group]) -> HtmlPage:
    spec = KINDS[kind]
    by_size = sorted(groups, key=lambda g: (-len(g.papers), g.label))[:30] if kind == "tags" else []
    letters = _by_letter(groups) if len(groups) > LETTERED_ABOVE else []
    largest = len(by_size[0].papers) if by_size else 1
    body = renderer.render(
        "group_index.html.j2",
        kind=spec,
        groups=groups,
        by_size=by_size,
        letters=letters,
        size_class=lambda g: min(4, 1 + 4 * (len(g.papers) - 1) // max(1, largest)),
        letter_anchor=lambda letter: "other" if letter == "#" else letter.lower(),
    )
    return HtmlPage(f"{kind}/", spec.title, "", sanitize(body), nav=True)


def _by_letter(groups: list[Group]) -> list[tuple[str, list[Group]]]:
    """Groups under their label's first letter A–Z (digits, symbols and other scripts under #)."""
    letters: dict[str, list[Group]] = {}
    for group in groups:
        first = group.label[:1].upper()
        letters.setdefault(first if "A" <= first <= "Z" else "#", []).append(group)
    return sorted(letters.items(), key=lambda item: (item[0] == "#", item[0]))


def _group_pages(
    renderer: PageRenderer,
    line_of: dict[str, str],
    kind: str,
    groups: list[Group],
    page_size: int,
) -> Iterator[PageSource]:
    """Each page of each group, with its inputs: its place, its papers' lines (`line_of`)."""
    spec = KINDS[kind]
    for group in groups:
        pages = pages_of(group, page_size)
        for page in pages:
            shown = shown_pages(page.number, len(pages) - 1)
            first = page.number == NEWEST  # the only page that shows the count and the feed
            where = (kind, group.slug, group.label, page.number, tuple(shown), page_size)
            count = (len(group.papers), group.feed) if first else ()
            items = tuple(map(line_of.__getitem__, map(PAPER_ID, page.papers)))
            inputs = HELD.of((where, count, group.also, items))
            render = functools.partial(_group_page, renderer, spec, group, page, shown, page_size)
            yield PageSource(page.url, inputs, render)


def _group_page(
    renderer: PageRenderer, spec, group: Group, page: GroupPage, shown: list, page_size: int
) -> HtmlPage:
    base = "../" * page.url.count("/")
    first, up = page.number == NEWEST, "../" if page.number != NEWEST else ""
    body = renderer.render(
        "group.html.j2",
        kind=spec,
        group=group,
        page=page,
        papers=page.papers,
        base=base,
        numbered_from=(page.number - 1) * page_size + 1,
        pages=[(n, None if n is None else up + (f"page-{n}/" if n else "")) for n in shown],
        feed=group.feed and first,
    )
    title = f"{spec.singular}: {group.label}" + ("" if first else f" (page {page.number})")
    count = f"{len(group.papers)} paper{'s' if len(group.papers) != 1 else ''}"
    if not first:
        count = f"Papers {(page.number - 1) * page_size + 1}–{page.number * page_size}"
    return HtmlPage(
        page.url,
        title,
        f"{count} in {spec.singular.lower()} {group.label}",
        sanitize(body),
        feed="feed.xml" if group.feed and first else "",
    )


def _paper_pages(
    renderer: PageRenderer,
    digests: PaperDigests,
    line_of: dict[str, str],
    papers: list[Paper],
    groups: dict[str, list[Group]],
) -> Iterator[PageSource]:
    by_id = {paper.id: paper for paper in papers}
    page_of = digests.of(page_digest)
    slug_of = {kind: {g.label: g.slug for g in members} for kind, members in groups.items()}
    topic_of = {g.slug: g for g in groups["topics"]}
    held = PaperInputs(slug_of, digests.facts)
    for paper in papers:
        topic = topic_of.get(paper.topic)
        shown_topic = (topic.slug, topic.label) if topic else None
        items = tuple(map(line_of.__getitem__, filter(line_of.__contains__, paper.related)))
        inputs = held.of(paper, page_of[paper.id], shown_topic, items)
        render = functools.partial(_paper_page, renderer, paper, by_id, topic, slug_of)
        yield PageSource(paper.path, inputs, render)


def _paper_page(
    renderer: PageRenderer, paper: Paper, by_id: dict[str, Paper], topic: Group | None, slug_of
) -> HtmlPage:
    related = [by_id[pid] for pid in paper.related if pid in by_id]
    body = renderer.render(
        "paper.html.j2",
        paper=paper,
        slugs=slug_of,
        read=read_links(paper),
        topic=topic,
        month=month_label(paper),
        bibtex=bibtex(paper),
        base="../../",
        related=related,
    )
    title = plain_title(paper.title)
    return HtmlPage(paper.path, title, description(paper), sanitize(body), site_feeds=False)


def _home(
    renderer: PageRenderer,
    papers: list[Paper],
    groups: dict[str, list[Group]],
    summary: SiteSummary,
    latest: Issue | None,
) -> HtmlPage:
    counts = {kind: len(members) for kind, members in groups.items()}
    body = renderer.render(
        "home.html.j2",
        summary=summary,
        paper_count=len(papers),
        counts=counts,
        kinds=KINDS,
        latest=latest,
        newest=newest_first(papers)[: summary.newest_on_home],
        base="",
    )
    return HtmlPage("", "Home", "", sanitize(body), nav=True)

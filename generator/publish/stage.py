"""The publish stage: the digest's pages (made lazily, one at a time), its navigation pages,
feeds, papers.json, build-report.json and the redirects of retired addresses."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from generator.config import Config
from generator.model import Paper, build_date
from generator.publish.corpus_data import gzipped_rows
from generator.publish.feed_set import all_feeds, with_feeds
from generator.publish.field_map import map_files
from generator.publish.followed import group_data
from generator.publish.for_you import FOR_YOU_DATA, for_you_data
from generator.publish.indexes import Group, build_groups
from generator.publish.memo import OutputMemo
from generator.publish.pages import PAPER_ID, PaperDigests
from generator.publish.pointers import (
    REDIRECTS,
    Pointer,
    pointer_feeds,
    pointer_pages,
    pointers,
    redirects_json,
)
from generator.publish.render import (
    HtmlPage,
    PageSource,
    SiteSummary,
    render_nav,
    render_pages,
)
from generator.publish.report import PAPERS_DATA, BuildReport, paper_line
from generator.publish.retired import PreviousSite, WrittenRows, retire
from generator.publish.search import Shard, pagefind_shards
from generator.state.fingerprint import Held, repr_digest
from generator.tags.topics import Topic


@dataclass(frozen=True)
class Digest:
    """What the publish stage publishes: the tagged papers and how they were read."""

    papers: list[Paper]  # newest first
    topics: list[Topic]
    report: BuildReport
    previous: PreviousSite  # what the previous build published
    spellings: dict[str, tuple[str, ...]]  # tag -> what it was folded from
    affiliation_handles: dict[str, str]  # name -> handle (curation.yaml)


@dataclass(frozen=True)
class SiteFiles:
    """The feeds and data files, the nav pages, and the other pages, made one at a time as
    they are written. Feeds the memo kept are not among the data: their files are in place
    from the previous build."""

    data: dict[str, bytes]  # published as they are (feeds, JSON)
    nav: list[HtmlPage]
    pages: Callable[[], Iterator[PageSource]]
    shards: list[Shard]  # the search index's bundles, each with the papers it indexes
    digests: dict[str, str] = field(default_factory=dict)  # of the outputs the memo made or kept
    kept: frozenset[str] = frozenset()  # outputs the memo kept where the previous build left them
    unlisted: frozenset[str] = frozenset()  # left out of the sitemap: pointer pages

    @property
    def nav_urls(self) -> list[str]:
        return [page.url for page in self.nav]


def publish(config: Config, digest: Digest, memo: OutputMemo) -> SiteFiles:
    Held.start_build()  # what the last build worked out is held for this one, the rest goes
    papers, report = digest.papers, digest.report
    digests = PaperDigests(papers)  # each paper looked up once, for every output it is in
    when = build_date(papers)
    summary = SiteSummary(
        config.site_name,
        when.date().isoformat(),
        len(report.sources),
        report.lines.rejected,
        config.digest.newest_on_home,
        config.digest.page_size,
        for_you_days=config.digest.for_you_days,
    )
    groups = with_feeds(
        build_groups(
            papers,
            digest.topics,
            digest.spellings,
            digest.affiliation_handles,
            config.digest.author_least,
        ),
        config.digest.tag_feed_least,
        digest.previous.feeds,
    )
    since = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    gone = pointers(retire(digest.previous, groups, since), groups, papers)
    nav = render_nav(papers, groups, summary)
    docs = all_feeds(config, papers, groups, when, memo, digests)
    docs.update(pointer_feeds(gone, config.site_url, config.site_name))
    docs.update(group_data(groups, config.digest.group_feed_length))
    docs[FOR_YOU_DATA] = for_you_data(papers, config.digest.for_you_days)
    docs.update(map_files(papers, groups["topics"], digest.previous.positions))
    docs[PAPERS_DATA], memo.parts[PAPERS_DATA] = gzipped_rows(
        papers,
        list(map(digests.of(repr_digest).__getitem__, map(PAPER_ID, papers))),
        functools.partial(paper_line, site_url=config.site_url),
        memo.previous_parts.get(PAPERS_DATA),
        memo.outputs / PAPERS_DATA,
        config.site_url,
    )
    WrittenRows.keep(memo.parts[PAPERS_DATA]["file"], papers)  # the next build's previous data
    docs["build-report.json"] = report.to_bytes()
    docs[REDIRECTS] = redirects_json(gone, digest.topics)
    return SiteFiles(
        docs,
        nav,
        functools.partial(_site_pages, papers, groups, summary, gone, digests),
        pagefind_shards(papers, digests),
        memo.digests(),
        frozenset(memo.kept),
        frozenset(pointer.url for pointer in gone),
    )


def _site_pages(
    papers: list[Paper],
    groups: dict[str, list[Group]],
    summary: SiteSummary,
    gone: list[Pointer],
    digests: PaperDigests,
) -> Iterator[PageSource]:
    """The group and paper pages, then a pointer page at each retired tag and topic address."""
    yield from render_pages(papers, groups, summary, digests)
    yield from pointer_pages(gone)

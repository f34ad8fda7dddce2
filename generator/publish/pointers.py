"""Pointer pages: a retired tag or topic address (retired.py) keeps answering.

Its page says the tag or topic is no longer used, links to the groups most of its former
papers are in now (else to the index of its kind) and lists those papers; its feed keeps
existing with one entry saying so, dated when the address was retired, so the feed's bytes
stay put from build to build. Pointer pages are out of the indexes, the nav, the sitemap and
search (Pagefind indexes papers alone: search.py; the page says `noindex` to web search
engines). redirects.json lists them, with where each points: it is also how the next build
knows them.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator

from generator.model import Paper
from generator.publish.feed_text import plain_text, utc
from generator.publish.feeds import GENERATOR
from generator.publish.indexes import KINDS, Group, newest_first
from generator.publish.pages import HtmlPage, PageSource, item_fields
from generator.publish.retired import FORMAT, REDIRECTS, Retired
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer
from generator.state import files
from generator.state.fingerprint import fingerprint
from generator.tags.topics import Topic

__all__ = ["REDIRECTS", "Pointer", "pointer_feeds", "pointer_pages", "pointers", "redirects_json"]

TARGETS_SHOWN = 3  # groups a pointer links to, most former papers first
PAPERS_SHOWN = 20  # former papers a pointer page lists, newest first


@dataclass(frozen=True)
class Pointer:
    """A retired address and the groups of its kind that hold most of its former papers now."""

    retired: Retired
    targets: tuple[Group, ...]
    papers: tuple[Paper, ...] = ()  # its former papers still in the digest, newest first

    @property
    def url(self) -> str:
        return f"{self.retired.path}/"

    @property
    def links(self) -> list[str]:
        """Where it points, as site paths: its targets, else the index of its kind."""
        return [f"{group.path}/" for group in self.targets] or [f"{self.retired.kind}/"]


def pointers(
    retired: list[Retired], groups: dict[str, list[Group]], papers: list[Paper]
) -> list[Pointer]:
    """Each retired address with its targets: the current groups of its kind that the most of
    its former papers carry now (ties: label, then slug)."""
    by_id = {paper.id: paper for paper in papers}
    by_key = {
        "tags": {group.label: group for group in groups["tags"]},
        "topics": {group.slug: group for group in groups["topics"]},
    }
    out = []
    for item in retired:
        keys = Counter(
            key
            for pid in item.papers
            if pid in by_id
            for key in (by_id[pid].tags if item.kind == "tags" else (by_id[pid].topic,))
        )
        found = [
            (count, by_key[item.kind][key])
            for key, count in keys.items()
            if key in by_key[item.kind]
        ]
        found.sort(key=lambda pair: (-pair[0], pair[1].label.lower(), pair[1].slug))
        former = newest_first(by_id[pid] for pid in item.papers if pid in by_id)[:PAPERS_SHOWN]
        out.append(Pointer(item, tuple(group for _, group in found[:TARGETS_SHOWN]), tuple(former)))
    return out


def pointer_pages(items: list[Pointer]) -> Iterator[PageSource]:
    """A page per pointer at the retired address, rendered only when asked (render_pages)."""
    if not items:
        return
    renderer = PageRenderer()
    for pointer in items:
        retired = pointer.retired
        inputs = fingerprint(
            "pointer",
            retired.kind,
            retired.slug,
            retired.label,
            retired.since,
            *(part for group in pointer.targets for part in (group.path, group.label)),
            *(repr(item_fields(paper)) for paper in pointer.papers),
        )
        yield PageSource(pointer.url, inputs, functools.partial(_pointer_page, renderer, pointer))


def _pointer_page(renderer: PageRenderer, pointer: Pointer) -> HtmlPage:
    spec, retired = KINDS[pointer.retired.kind], pointer.retired
    body = renderer.render(
        "pointer.html.j2",
        kind=spec,
        retired=retired,
        targets=pointer.targets,
        papers=pointer.papers,
        since=retired.since[:10],
        base="../../",
    )
    return HtmlPage(
        pointer.url,
        f"{spec.singular}: {retired.label} (no longer used)",
        f"The {spec.singular.lower()} {retired.label} is no longer used",
        sanitize(body),
        feed="feed.xml",
        noindex=True,
    )


def pointer_feeds(items: list[Pointer], site_url: str, site_name: str) -> dict[str, bytes]:
    """`kind/slug/feed.xml` of each pointer: its subscribers learn where its papers went."""
    return {
        f"{pointer.url}feed.xml": pointer_feed(pointer, site_url, site_name) for pointer in items
    }


def pointer_feed(pointer: Pointer, site_url: str, site_name: str) -> bytes:
    """An RSS feed of one entry, dated when the address was retired: the same bytes on every
    build while its targets stay (a feed reader sees the notice once)."""
    retired, singular = pointer.retired, KINDS[pointer.retired.kind].singular
    page_url = site_url + pointer.url
    title = plain_text(f"{site_name}: {retired.label} (no longer used)") or page_url
    since = utc(datetime.fromisoformat(retired.since))
    feed = FeedGenerator()
    feed.id(page_url + "feed.xml")
    feed.title(title)
    feed.description(
        plain_text(f"The {singular.lower()} {retired.label} is no longer used") or title
    )
    feed.author({"name": title})
    feed.link(href=page_url + "feed.xml", rel="self", type="application/rss+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.language("en")
    feed.generator(GENERATOR)
    feed.updated(since)
    entry = feed.add_entry()
    entry.guid(f"{page_url}#no-longer-used", permalink=False)
    entry.title(plain_text(f"{singular} {retired.label} is no longer used") or page_url)
    entry.link(href=site_url + pointer.links[0], rel="alternate", type="text/html")
    entry.summary(_notice_html(pointer, site_url, singular), type="html")
    entry.published(since)
    entry.updated(since)
    return feed.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _notice_html(pointer: Pointer, site_url: str, singular: str) -> str:
    """The entry's text: escaped labels, links to where the papers went."""
    label = html.escape(plain_text(pointer.retired.label))
    links = [
        f'<a href="{html.escape(site_url + link)}">{html.escape(plain_text(group.label))}</a>'
        # no targets: links holds the index of its kind alone, which `where` links to
        for group, link in zip(pointer.targets, pointer.links, strict=False)
    ]
    where = (
        "Its papers are now mostly under: " + ", ".join(links) + "."
        if links
        else f'See <a href="{html.escape(site_url + pointer.links[0])}">'
        f"every {singular.lower()}</a>."
    )
    return f"<p>The {singular.lower()} {label} is no longer used. {where}</p>"


def redirects_json(items: list[Pointer], topics: list[Topic]) -> bytes:
    """What the next build reads back (retired.read_previous): this build's topic labels (a
    topic that goes is named on its pointer page) and every retired address with its former
    papers; with where each points now (for a host that can redirect)."""
    retired = [
        {
            "kind": p.retired.kind,
            "slug": p.retired.slug,
            "label": p.retired.label,
            "since": p.retired.since,
            "path": p.url,
            "to": p.links,
            "papers": list(p.retired.papers),
        }
        for p in items
    ]
    return files.dump_json(
        {
            "format": FORMAT,
            "topics": {topic.slug: topic.label for topic in topics},
            "retired": retired,
        }
    )

"""RSS 2.0 / Atom feeds and an OPML list of them.

Feeds are built with feedgen, never by hand, and are a pure function of their input:
every date comes from the papers or from ``build_date``, entries are ordered
deterministically, and the generator string carries no version, so two builds of the
same data are byte-identical.

Untrusted text reaches a feed only through feed_text.py (plain titles, escaped abstracts).
"""

from __future__ import annotations

import heapq
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.feed import FeedGenerator

from generator.model import Paper
from generator.publish.cite import plain_title
from generator.publish.feed_text import about_html as _about_html
from generator.publish.feed_text import arrival_time as _arrival_time
from generator.publish.feed_text import entry_html as _entry_html
from generator.publish.feed_text import plain_text as _plain
from generator.publish.feed_text import utc as _utc
from generator.publish.indexes import arrival_key

__all__ = [
    "GENERATOR",
    "FORMATS",
    "build_feed",
    "build_opml",
    "entry_fields",
    "paper_url",
    "select_entries",
    "uses_build_date",
]

#: Fixed generator string: no version, so upgrading feedgen does not change the output.
GENERATOR = "paper-digest"
FORMATS = ("rss", "atom")
TEXTS = ("abstract", "summary")  # what an entry carries (feed_text.entry_html)

_MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml"}

# Entries kept built (about 5 kB each, ~170 MB when full): a paper is in the site feed, its
# topic's and each of its tags', built one after another, so the newest are met again and again.
# Fewer thrash: 16384 made 3,000 feeds of 100k papers slower than no cache.
ENTRY_CACHE = 32768


def _check_site_url(site_url: str) -> None:
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not site_url.endswith("/"):
        raise ValueError(f"site_url must be an absolute http(s) URL ending in '/': {site_url!r}")


def _check_relative(name: str, path: str, *, allow_empty: bool) -> None:
    if not path and not allow_empty:
        raise ValueError(f"{name} must not be empty")
    if path.startswith("/") or urlsplit(path).scheme or "://" in path:
        raise ValueError(f"{name} must be relative to site_url: {path!r}")


def paper_url(site_url: str, paper: Paper) -> str:
    """The paper's permalink: ``site_url + "papers/" + slug + "/"``."""
    slug = (paper.slug or "").strip("/")
    if not slug:
        raise ValueError(f"paper {paper.id!r} has no slug, so it has no permalink")
    return f"{site_url}papers/{quote(slug, safe='-._~')}/"


def select_entries(papers: Sequence[Paper], limit: int, ordered: bool = False) -> list[Paper]:
    """The ``limit`` newest arrivals, newest first: the digest's one order of "new"
    (indexes.arrival_key), so the home page and every feed agree. `ordered`: `papers` are
    newest first already (a group's, the digest's), so the first ``limit`` are taken."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if ordered:
        return list(papers[:limit])
    return heapq.nlargest(
        limit, papers, key=arrival_key
    )  # sorted(...)[:limit], without sorting a big group


def build_feed(
    papers: Sequence[Paper],
    *,
    site_url: str,
    title: str,
    description: str,
    feed_path: str,
    page_path: str,
    build_date: datetime,
    fmt: str = "rss",
    limit: int = 50,
    text: str = "abstract",
) -> bytes:
    """Serialize the newest ``limit`` papers as an RSS 2.0 (``fmt="rss"``) or Atom feed.

    ``site_url`` is absolute with a trailing slash; ``feed_path`` (where this feed is
    written) and ``page_path`` (the HTML page the feed describes, ``""`` for the home
    page) are relative to it. ``build_date`` dates undated papers (and an empty feed); the
    feed itself is dated by its newest entry. ``text``: what an entry carries, the abstract
    or ("summary") the summary sentence (feed_text.entry_html). Raises ValueError on bad
    arguments, on a paper
    without a slug, and on two selected papers sharing a slug (their guids would collide).
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    if text not in TEXTS:
        raise ValueError(f"text must be one of {TEXTS}, not {text!r}")
    _check_site_url(site_url)
    _check_relative("feed_path", feed_path, allow_empty=False)
    _check_relative("page_path", page_path, allow_empty=True)
    built = _utc(build_date)
    feed_url = site_url + feed_path
    page_url = site_url + page_path
    feed_title = _plain(title)
    if not feed_title:
        raise ValueError("title must not be empty")

    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(feed_title)
    fg.description(_plain(description) or feed_title)  # RSS requires a description
    # Atom requires an author on the feed or on every entry; not every paper has one.
    fg.author({"name": feed_title})
    # The last link() call becomes the RSS channel link: self first, the page last.
    fg.link(href=feed_url, rel="self", type=_MIME[fmt])
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.language("en")
    fg.generator(GENERATOR)
    if (
        fmt == "rss"
    ):  # what load_extension("dc", atom=False, rss=True) does, minus a failing import per feed
        fg.register_extension("dc", DcExtension, DcEntryExtension, atom=False, rss=True)
    selected = select_entries(papers, limit)
    # The feed changed when its newest entry did (RSS lastBuildDate, Atom updated): a feed
    # none of a build's new papers reach stays byte-identical, for readers and HTTP caches.
    fg.updated(max((_entry_time(paper, built) for paper in selected), default=built))

    seen: dict[str, str] = {}
    for paper in selected:
        url = paper_url(site_url, paper)
        if url in seen:
            raise ValueError(f"papers {seen[url]!r} and {paper.id!r} share the permalink {url}")
        seen[url] = paper.id
        fg.add_entry(
            _entry(paper, site_url, fmt, built, text), order="append"
        )  # select_entries is newest first

    if fmt == "rss":
        return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def entry_fields(paper: Paper) -> tuple:
    """Everything a paper's entry is made from (besides the site, the format and the build date)."""
    return (
        paper.id,
        paper.slug,
        paper.title,
        paper.title_derived,
        paper.abstract,
        paper.summary,
        paper.authors,
        paper.authors_truncated,
        paper.tags,
        paper.date,
        paper.first_seen,
        paper.arrived,
    )


def uses_build_date(selected: Sequence[Paper]) -> bool:
    """Whether a feed of these entries shows the build date: an undated entry, or none at all."""
    return not selected or any(_arrival_time(paper) is None for paper in selected)


class _Built:
    """A paper's entry as feedgen built it, reduced to its XML element (a tenth of the memory of
    the FeedEntry) and given to every feed the paper is in: what FeedGenerator asks of an entry."""

    __slots__ = ("element",)

    def __init__(self, element):
        self.element = element

    def register_extension(self, *args, **kwargs) -> None:
        """add_entry offers the feed's extensions; the element was built with them already."""

    def rss_entry(self, extensions=True):
        return self.element.__copy__()  # lxml copies the whole subtree; the feed's tree takes it

    atom_entry = rss_entry


_ENTRIES: dict[tuple, _Built] = {}  # least recently used first; at most ENTRY_CACHE


def _entry(paper: Paper, site_url: str, fmt: str, built: datetime, text: str) -> _Built:
    """One paper's entry, the same in every feed of this format on this site, built once."""
    # Everything _new_entry reads (hashing the whole Paper cost more than a hit saved); the
    # build date only dates an undated paper, and a new paper moves it for every other one.
    when = built if _arrival_time(paper) is None else None
    key = (*entry_fields(paper), site_url, fmt, text, when)
    entry = _ENTRIES.pop(key, None) or _new_entry(paper, site_url, fmt, built, text)
    _ENTRIES[key] = entry  # now the most recently used
    if len(_ENTRIES) > ENTRY_CACHE:
        del _ENTRIES[next(iter(_ENTRIES))]
    return entry


# emptied with the lru caches (state.memory.forget_process_caches)
_entry.cache_clear = _ENTRIES.clear  # type: ignore[attr-defined]


def _entry_time(paper: Paper, built: datetime) -> datetime:
    """When the entry was published: the paper's arrival, else the build date."""
    return _arrival_time(paper) or built


def _new_entry(paper: Paper, site_url: str, fmt: str, built: datetime, text: str) -> _Built:
    url = paper_url(site_url, paper)
    when = _entry_time(paper, built)

    fe = FeedEntry()
    if fmt == "rss":
        fe.register_extension(
            "dc", DcEntryExtension, atom=False, rss=True
        )  # as FeedGenerator.add_entry would
    fe.guid(url, permalink=True)  # also the Atom id
    fe.title(_plain(plain_title(paper.title)) or _plain(paper.id) or url)  # ViT$^3$: ViT³
    fe.link(href=url, rel="alternate", type="text/html")
    summary = _about_html(paper) + _entry_html(paper, text)
    if summary:
        # Sets both the Atom summary (type="html") and the RSS description;
        # fe.description() would also set an Atom <content> of type text.
        fe.summary(summary, type="html")
    fe.published(when)  # RSS pubDate
    fe.updated(when)

    authors = [name for name in (_plain(a) for a in paper.authors) if name]
    if authors:
        if fmt == "rss":
            # RSS <author> must be an email address; dc:creator takes a name.
            creator = ", ".join(authors) + (" et al." if paper.authors_truncated else "")
            fe.dc.dc_creator(creator)
        else:
            fe.author([{"name": name} for name in authors])

    tags = list(dict.fromkeys(t for t in (_plain(tag) for tag in paper.tags) if t))
    if tags:
        fe.category([{"term": tag} for tag in tags])
    return _Built(fe.rss_entry() if fmt == "rss" else fe.atom_entry())


def build_opml(
    feeds: Sequence[tuple[str, str]],
    *,
    site_url: str,
    title: str,
    build_date: datetime,
) -> bytes:
    """An OPML 2.0 subscription list of ``(feed title, feed_path)`` pairs.

    Each outline's ``xmlUrl`` is the absolute ``site_url + feed_path``; outlines keep the
    given order. The dates come from ``build_date``, so the output is reproducible.
    """
    _check_site_url(site_url)
    stamp = format_datetime(_utc(build_date))

    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _plain(title)
    ET.SubElement(head, "dateCreated").text = stamp
    ET.SubElement(head, "dateModified").text = stamp
    ET.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = ET.SubElement(root, "body")
    for feed_title, feed_path in feeds:
        _check_relative("feed_path", feed_path, allow_empty=False)
        text = _plain(feed_title) or feed_path
        ET.SubElement(
            body,
            "outline",
            {"type": "rss", "text": text, "title": text, "xmlUrl": site_url + feed_path},
        )
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"

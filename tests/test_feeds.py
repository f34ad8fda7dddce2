"""Feeds: valid XML, safe descriptions, correct links, deterministic order and bytes."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import lxml.html
import pytest
from lxml import etree

from generator.model import Paper, SourceRef
from generator.publish.feeds import GENERATOR, build_feed, build_opml

SITE = "https://example.org/digest/"
BUILD = datetime(2024, 6, 15, 8, 30, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)

HOSTILE_ABSTRACT = "<script>alert(1)</script> <img src=x onerror=alert(1)> ]]> \x00\x07 ok"


def paper(pid: str, date: str | None, **kw) -> Paper:
    fields = dict(
        id=pid,
        title=f"Paper {pid}",
        title_derived=False,
        abstract=f"Abstract of {pid}.",
        authors=(f"Author {pid}", "Second Author"),
        date=date,
        slug=f"paper-{pid}",
        tags=("nerf",),
    )
    fields.update(kw)
    return Paper(**fields)


HOSTILE = paper(
    "h1",
    "2024-06-01",
    title="<b>Bold</b> title",
    abstract=HOSTILE_ABSTRACT,
    authors=("Mallory <mallory@example.org>", "Eve"),
    authors_truncated=True,
    tags=("nerf", "security"),
)

PAPERS = [
    paper("p2", "2024-05-01"),
    HOSTILE,
    paper("p1", "2024-05-01"),  # same day as p2, no arrival: id breaks the tie, p2 first
    paper("p0", None),  # undated: after every dated paper
    paper("p3", "2023-12-31", tags=()),
    paper("p4", "2024-05-20", authors=()),
]
# Papers made outside a build (no arrival): newest date first; undated last; ties by id.
EXPECTED_ORDER = ["h1", "p4", "p2", "p1", "p3", "p0"]


def permalink(pid: str) -> str:
    return f"{SITE}papers/paper-{pid}/"


def build(fmt="rss", papers=None, **kw) -> bytes:
    args = dict(
        site_url=SITE,
        title="Digest: NeRF",
        description="Papers tagged nerf",
        feed_path="tags/nerf/atom.xml" if fmt == "atom" else "tags/nerf/feed.xml",
        page_path="tags/nerf/",
        build_date=BUILD,
        fmt=fmt,
    )
    args.update(kw)
    return build_feed(PAPERS if papers is None else papers, **args)


def entries(root: etree._Element, fmt: str) -> list[etree._Element]:
    return root.findall("channel/item") if fmt == "rss" else root.findall(f"{ATOM}entry")


def entry_ids(root, fmt) -> list[str]:
    tag = "guid" if fmt == "rss" else f"{ATOM}id"
    return [e.findtext(tag) for e in entries(root, fmt)]


def entry_summaries(root, fmt) -> list[str]:
    tag = "description" if fmt == "rss" else f"{ATOM}summary"
    return [e.findtext(tag) for e in entries(root, fmt)]


FMTS = pytest.mark.parametrize("fmt", ["rss", "atom"])


@FMTS
def test_feedparser_parses_without_bozo(fmt):
    parsed = feedparser.parse(build(fmt))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    assert len(parsed.entries) == len(PAPERS)
    assert [e.link for e in parsed.entries] == [permalink(i) for i in EXPECTED_ORDER]
    assert parsed.feed.link == SITE + "tags/nerf/"
    assert parsed.feed.language == "en"


@FMTS
def test_lxml_parses_strictly(fmt):
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    root = etree.fromstring(build(fmt), parser)
    assert root.tag == ("rss" if fmt == "rss" else f"{ATOM}feed")
    assert len(entries(root, fmt)) == len(PAPERS)


@FMTS
def test_guids_are_unique_permalinks(fmt):
    root = etree.fromstring(build(fmt))
    ids = entry_ids(root, fmt)
    assert len(ids) == len(set(ids)) == len(PAPERS)
    assert set(ids) == {permalink(p.id) for p in PAPERS}
    if fmt == "rss":
        assert {g.get("isPermaLink") for g in root.iter("guid")} == {"true"}
        assert [e.findtext("link") for e in entries(root, fmt)] == ids


@FMTS
def test_entries_newest_first_whatever_the_input_order(fmt):
    shuffled = list(PAPERS)
    random.Random(4).shuffle(shuffled)
    for papers in (PAPERS, shuffled, list(reversed(PAPERS))):
        root = etree.fromstring(build(fmt, papers=papers))
        assert entry_ids(root, fmt) == [permalink(i) for i in EXPECTED_ORDER]


@pytest.mark.parametrize("page_path", ["", "tags/nerf/"])
@FMTS
def test_channel_link_is_the_page_and_self_link_is_the_feed(fmt, page_path):
    feed_path = "feed.xml" if not page_path else page_path + "feed.xml"
    root = etree.fromstring(build(fmt, page_path=page_path, feed_path=feed_path))
    if fmt == "rss":
        channel = root.find("channel")
        assert channel.findtext("link") == SITE + page_path
        links = channel.findall(f"{ATOM}link")
    else:
        links = root.findall(f"{ATOM}link")
        alternate = [ln.get("href") for ln in links if ln.get("rel") == "alternate"]
        assert alternate == [SITE + page_path]
    self_links = [ln.get("href") for ln in links if ln.get("rel") == "self"]
    assert self_links == [SITE + feed_path]
    assert SITE + page_path != SITE + feed_path


@FMTS
def test_description_decoded_as_html_has_no_active_markup(fmt):
    root = etree.fromstring(build(fmt))
    summaries = entry_summaries(root, fmt)
    assert all(summaries)
    for summary in summaries:
        fragment = lxml.html.fragment_fromstring(summary, create_parent="div")
        assert fragment.xpath("//script") == []
        assert fragment.xpath("//img") == []
        for element in fragment.iter():
            assert not [a for a in element.attrib if a.lower().startswith("on")]
        assert "<script" not in summary and "<img" not in summary
    hostile = summaries[EXPECTED_ORDER.index("h1")]
    text = lxml.html.fragment_fromstring(hostile, create_parent="div").text_content()
    # The abstract survives as visible text, minus the control characters.
    assert "<script>alert(1)</script>" in text
    assert "onerror=alert(1)" in text
    assert "]]>" in text
    assert text.endswith(" ok")
    assert "\x00" not in text and "\x07" not in text


@FMTS
def test_titles_are_plain_text(fmt):
    root = etree.fromstring(build(fmt))
    tag = "title" if fmt == "rss" else f"{ATOM}title"
    titles = [e.findtext(tag) for e in entries(root, fmt)]
    assert titles[EXPECTED_ORDER.index("h1")] == "Bold title"
    assert all(t and "<" not in t and ">" not in t for t in titles)
    assert b"<b>" not in build(fmt) and b"&lt;b&gt;" not in build(fmt)


def test_a_less_than_sign_that_is_not_a_tag_stays_in_the_title():
    p = paper("lt", "2024-01-01", title="Error below <1% when a < b")
    root = etree.fromstring(build(papers=[p]))
    assert root.findtext("channel/item/title") == "Error below <1% when a < b"


def test_math_in_a_title_reads_as_the_page_shows_it_not_as_tex():
    p = paper("m", "2024-01-01", title="ViT$^3$: Unlocking Test-Time Training in Vision")
    root = etree.fromstring(build(papers=[p]))
    assert root.findtext("channel/item/title") == "ViT³: Unlocking Test-Time Training in Vision"


def test_rss_dates_are_rfc822_and_come_from_the_data():
    root = etree.fromstring(build("rss"))
    last = root.findtext("channel/lastBuildDate")
    assert RFC822.match(last), last
    assert parsedate_to_datetime(last) == BUILD
    dates = {}
    for item, pid in zip(entries(root, "rss"), EXPECTED_ORDER, strict=True):
        text = item.findtext("pubDate")
        assert RFC822.match(text), text
        dates[pid] = parsedate_to_datetime(text)
    assert dates["h1"] == datetime(2024, 6, 1, tzinfo=UTC)
    assert dates["p3"] == datetime(2023, 12, 31, tzinfo=UTC)
    assert dates["p0"] == BUILD  # undated paper: the build date


def test_atom_dates_come_from_the_data():
    root = etree.fromstring(build("atom"))
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == BUILD
    updated = [datetime.fromisoformat(e.findtext(f"{ATOM}updated")) for e in entries(root, "atom")]
    assert updated[0] == datetime(2024, 6, 1, tzinfo=UTC)
    assert updated[-1] == BUILD
    assert all(u.tzinfo is not None for u in updated)


@FMTS
def test_a_feed_is_dated_by_its_newest_entry_so_a_later_build_leaves_it_unchanged(fmt):
    dated = [p for p in PAPERS if p.date]
    root = etree.fromstring(build(fmt, papers=dated))
    stamp = (
        root.findtext("channel/lastBuildDate") if fmt == "rss" else root.findtext(f"{ATOM}updated")
    )
    newest = parsedate_to_datetime(stamp) if fmt == "rss" else datetime.fromisoformat(stamp)
    assert newest == datetime(2024, 6, 1, tzinfo=UTC)
    assert build(fmt, papers=dated, build_date=BUILD + timedelta(days=30)) == build(
        fmt, papers=dated
    )


def test_an_empty_feed_is_dated_by_the_build():
    root = etree.fromstring(build(papers=[]))
    assert parsedate_to_datetime(root.findtext("channel/lastBuildDate")) == BUILD


@FMTS
def test_no_date_leaks_from_the_clock(fmt):
    """Every date in the document is the build date or a paper's date, never "now"."""
    # A build date far from today: a date taken from the clock cannot coincide with it.
    old_build = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
    root = etree.fromstring(build(fmt, build_date=old_build))
    allowed = {old_build} | {
        datetime.fromisoformat(p.date).replace(tzinfo=UTC) for p in PAPERS if p.date
    }
    found = []
    for element in root.iter():
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name in ("pubDate", "lastBuildDate"):
            found.append(parsedate_to_datetime(element.text))
        elif name in ("updated", "published"):
            found.append(datetime.fromisoformat(element.text))
    assert len(found) >= len(PAPERS) + 1
    assert set(found) <= allowed, set(found) - allowed


@FMTS
def test_two_builds_are_byte_identical(fmt):
    first = build(fmt)
    second = build(fmt, papers=list(reversed(PAPERS)))
    assert first == second
    assert first.startswith(b"<?xml")


@FMTS
def test_generator_string_has_no_version(fmt):
    root = etree.fromstring(build(fmt))
    gen = root.find("channel/generator") if fmt == "rss" else root.find(f"{ATOM}generator")
    assert gen.text == GENERATOR
    assert "version" not in gen.attrib and "uri" not in gen.attrib
    assert b"feedgen" not in build(fmt)


@FMTS
def test_limit_keeps_the_newest(fmt):
    root = etree.fromstring(build(fmt, limit=3))
    assert entry_ids(root, fmt) == [permalink(i) for i in EXPECTED_ORDER[:3]]
    start = datetime(2020, 1, 1)
    many = [paper(f"m{i:03d}", (start + timedelta(days=i)).date().isoformat()) for i in range(60)]
    root = etree.fromstring(build(fmt, papers=many))  # default limit: 50
    ids = entry_ids(root, fmt)
    assert len(ids) == 50
    assert ids[0] == permalink("m059") and ids[-1] == permalink("m010")


def test_rss_authors_in_dc_creator_and_atom_authors():
    rss = etree.fromstring(build("rss"))
    creators = [item.findtext(f"{DC}creator") for item in entries(rss, "rss")]
    by_id = dict(zip(EXPECTED_ORDER, creators, strict=True))
    assert by_id["h1"] == "Mallory, Eve et al."  # markup stripped, truncation marked
    assert by_id["p1"] == "Author p1, Second Author"
    assert by_id["p4"] is None  # no authors: no element
    assert rss.find("channel/item/author") is None  # RSS <author> wants an email

    atom = etree.fromstring(build("atom"))
    # Atom: a feed-level author covers entries without one.
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "Digest: NeRF"
    first = entries(atom, "atom")[EXPECTED_ORDER.index("p1")]
    names = [a.findtext(f"{ATOM}name") for a in first.findall(f"{ATOM}author")]
    assert names == ["Author p1", "Second Author"]


@FMTS
def test_categories_are_tags(fmt):
    root = etree.fromstring(build(fmt))
    items = dict(zip(EXPECTED_ORDER, entries(root, fmt), strict=True))
    if fmt == "rss":
        cats = {pid: [c.text for c in e.findall("category")] for pid, e in items.items()}
    else:
        cats = {
            pid: [c.get("term") for c in e.findall(f"{ATOM}category")] for pid, e in items.items()
        }
    assert cats["h1"] == ["nerf", "security"]
    assert cats["p3"] == []


@pytest.mark.parametrize(
    "kw",
    [
        {"fmt": "json"},
        {"site_url": "https://example.org/digest"},  # no trailing slash
        {"site_url": "/digest/"},  # not absolute
        {"feed_path": "/feed.xml"},
        {"limit": 0},
        {"papers": [paper("a", "2024-01-01"), paper("b", "2024-01-02", slug="paper-a")]},
        {"papers": [paper("a", "2024-01-01", slug="")]},
    ],
)
def test_bad_input_is_rejected(kw):
    with pytest.raises(ValueError):
        build(**kw)


def test_naive_build_date_is_taken_as_utc():
    assert build(build_date=BUILD.replace(tzinfo=None)) == build()


def test_opml_lists_every_feed_absolutely():
    feeds = [
        ("Digest", "feed.xml"),
        ("Digest (Atom)", "atom.xml"),
        ("NeRF & friends", "tags/nerf/feed.xml"),
        ("Bad \x00 chars", "tags/x/feed.xml"),
    ]
    data = build_opml(feeds, site_url=SITE, title="Digest feeds", build_date=BUILD)
    root = etree.fromstring(data)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Digest feeds"
    assert parsedate_to_datetime(root.findtext("head/dateCreated")) == BUILD
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [SITE + path for _, path in feeds]
    assert all(o.get("xmlUrl").startswith("https://") for o in outlines)
    texts = [o.get("text") for o in outlines]
    assert texts == ["Digest", "Digest (Atom)", "NeRF & friends", "Bad chars"]
    assert {o.get("type") for o in outlines} == {"rss"}
    assert data == build_opml(feeds, site_url=SITE, title="Digest feeds", build_date=BUILD)


@FMTS
def test_entries_built_once_give_the_same_bytes_as_fresh_ones(fmt):
    from generator.publish import feeds

    feeds._ENTRIES.clear()
    cold = build(fmt)
    built = len(feeds._ENTRIES)
    assert build(fmt, papers=PAPERS[:2]) and build(fmt) == cold, (
        "a warm entry cache changes nothing"
    )
    undated_elsewhere = build(
        fmt, site_url="https://other.example/", build_date=BUILD + timedelta(days=3)
    )
    assert b"example.org/digest" not in undated_elsewhere, "no entry cached for another site"
    assert b"https://other.example/papers/paper-p0/" in undated_elsewhere
    later = (
        (BUILD + timedelta(days=3)).strftime("%d %b %Y" if fmt == "rss" else "%Y-%m-%d").encode()
    )
    assert later in undated_elsewhere, "an undated paper takes this build's date, not a cached one"
    assert built == len(PAPERS) and len(feeds._ENTRIES) == 2 * built, "one entry per paper and site"


@FMTS
def test_a_later_build_date_builds_only_the_undated_papers_entries_again(fmt):
    """A new paper moves the build date; dated papers' entries do not depend on it."""
    from generator.publish import feeds

    feeds._ENTRIES.clear()
    build(fmt)
    later = BUILD + timedelta(days=3)
    warm = build(fmt, build_date=later)
    undated = sum(1 for p in PAPERS if feeds._arrival_time(p) is None)
    assert len(feeds._ENTRIES) == len(PAPERS) + undated
    feeds._ENTRIES.clear()
    assert warm == build(fmt, build_date=later)


def test_select_entries_is_the_prefix_of_the_arrival_order():
    from generator.publish.feeds import select_entries

    rng = random.Random(5)
    many = [
        arrived(
            f"q{n:03d}",
            rng.choice(["2024-01-02T10:00:00Z", "2024-01-03T09:00:00Z"]),
            SourceRef(rng.choice(["a.txt", "b.txt"]), n),
            date=rng.choice([None, "2020-01-01"]),
        )
        for n in range(300)
    ]
    expected = sorted(
        many, key=lambda p: (p.arrived, p.arrived_from.file, -p.arrived_from.line), reverse=True
    )
    for limit in (1, 40, 300):
        assert select_entries(many, limit) == expected[:limit]
        assert select_entries(expected, limit, ordered=True) == expected[:limit]


def arrived(pid: str, when: str, ref: SourceRef, **kw) -> Paper:
    return paper(
        pid,
        kw.pop("date", None),
        arrived=when,
        arrived_from=ref,
        first_seen=when[:10],
        sources=(ref,),
        slug=f"paper-{pid}",
        **kw,
    )


@FMTS
def test_entries_follow_arrival_not_publication_date_and_are_dated_by_arrival(fmt):
    """The newest dump's papers come first, in the dump's own line order, even when their
    publication dates are older; each entry is dated when it arrived."""
    old_day, new_day = "2026-11-23T14:52:51Z", "2026-12-01T06:00:00Z"
    papers = [
        arrived("old1", old_day, SourceRef("000.txt", 1), date="2026-11-20"),
        arrived("old2", old_day, SourceRef("000.txt", 3), date="2026-11-22"),
        arrived("new2", new_day, SourceRef("005.txt", 9), date="2019-01-01"),
        arrived("new1", new_day, SourceRef("005.txt", 2)),
        arrived("other", new_day, SourceRef("006.txt", 40)),
    ]
    root = etree.fromstring(build(fmt, papers=papers))
    assert entry_ids(root, fmt) == [permalink(i) for i in ("other", "new1", "new2", "old1", "old2")]
    parsed = feedparser.parse(build(fmt, papers=papers))
    stamps = [e.published_parsed[:6] for e in parsed.entries]
    assert stamps == [(2026, 12, 1, 6, 0, 0)] * 3 + [(2026, 11, 23, 14, 52, 51)] * 2
    assert "Published 2019-01-01." in parsed.entries[2].summary


@FMTS
def test_a_derived_title_is_marked_in_the_entry(fmt):
    papers = [paper("d1", "2024-01-01", title_derived=True)]
    parsed = feedparser.parse(build(fmt, papers=papers))
    assert "Title derived from the abstract" in parsed.entries[0].summary


def summary_feed(papers, text: str) -> etree._Element:
    feed = build_feed(
        papers,
        site_url=SITE,
        title="Tag: nerf",
        description="Newest papers in tag nerf",
        feed_path="tags/nerf/feed.xml",
        page_path="tags/nerf/",
        build_date=BUILD,
        text=text,
    )
    return etree.fromstring(feed)


def test_a_summary_feed_carries_the_summary_sentence_escaped_not_the_abstract():
    summed = paper(
        "s1",
        "2024-05-01",
        abstract="Background first. We propose <b>X</b>, which works. More detail follows.",
        summary="We propose <b>X</b>, which works.",
    )
    bare = paper("s2", "2024-05-02", abstract="No summary was found for this one.")
    root = summary_feed([summed, bare], "summary")
    text = {item.findtext("guid"): item.findtext("description") for item in root.iter("item")}
    summed_text = text[SITE + "papers/paper-s1/"]
    assert "We propose &lt;b&gt;X&lt;/b&gt;, which works." in summed_text
    assert "Background first" not in summed_text and "<b>" not in summed_text
    assert "No summary was found for this one." in text[SITE + "papers/paper-s2/"]
    full = summary_feed([summed, bare], "abstract")
    assert any("Background first" in item.findtext("description") for item in full.iter("item"))


def test_a_feed_refuses_an_unknown_entry_text():
    with pytest.raises(ValueError, match="text must be one of"):
        summary_feed(PAPERS, "full")

"""Every feed of the built seed site, as a feed reader and the W3C validator would see it."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import lxml.html
from lxml import etree

from generator.state import files

ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml")) + [site / "atom.xml"]


def local_path(site: Path, url: str, site_url: str) -> Path:
    assert url.startswith(site_url), url
    relative = url[len(site_url) :]
    return (
        site / relative / "index.html"
        if relative.endswith("/") or not relative
        else site / relative
    )


def group_sizes(site: Path, kind: str) -> dict[Path, int]:
    """Each group folder of `kind` -> how many papers its page says it holds."""
    sizes = {}
    for folder in sorted(d for d in (site / kind).iterdir() if (d / "index.html").is_file()):
        found = re.search(r"<p>(\d+) papers? · ", (folder / "index.html").read_text())
        assert found, folder
        sizes[folder] = int(found.group(1))
    return sizes


def test_every_topic_and_each_tag_of_five_papers_has_a_feed(seed_site):
    """A first build (no feeds listed before): a topic always has a feed, a tag once it holds
    tag_feed_least (5) papers; its page links the feed exactly when it has one, and
    feeds.opml lists exactly the feeds there are."""
    site, least = seed_site["site"], seed_site["config"].digest.tag_feed_least
    topics, tags = group_sizes(site, "topics"), group_sizes(site, "tags")
    assert least == 5 and topics and all((d / "feed.xml").is_file() for d in topics)
    with_feed = {d for d, size in tags.items() if size >= least}
    assert with_feed and len(with_feed) < len(tags)  # the seeds have small tags too
    assert {d for d in tags if (d / "feed.xml").is_file()} == with_feed
    for folder in tags:
        assert ('href="feed.xml"' in (folder / "index.html").read_text()) == (folder in with_feed)
    listed = set(re.findall(r'xmlUrl="([^"]+)"', (site / "feeds.opml").read_text()))
    site_url = seed_site["config"].site_url
    assert listed == {
        site_url + path.relative_to(site).as_posix()
        for path in [*(d / "feed.xml" for d in [*topics, *with_feed]), site / "feed.xml"]
    } | {site_url + "atom.xml"}


def test_every_feed_parses_strictly(seed_site):
    for path in feeds(seed_site["site"]):
        raw = path.read_bytes()
        etree.fromstring(raw)  # raises on any XML error
        parsed = feedparser.parse(raw)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_guids_unique_links_absolute_and_resolving(seed_site):
    site, site_url = seed_site["site"], seed_site["config"].site_url
    for path in feeds(site):
        parsed = feedparser.parse(path.read_bytes())
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), path
        for entry in parsed.entries:
            assert local_path(site, entry.link, site_url).is_file(), entry.link
        assert local_path(site, parsed.feed.link, site_url).is_file(), parsed.feed.link


def test_self_link_is_the_feed_and_channel_link_is_a_page(seed_site):
    site, site_url = seed_site["site"], seed_site["config"].site_url
    for path in feeds(site):
        root = etree.fromstring(path.read_bytes())
        own_url = site_url + path.relative_to(site).as_posix()
        selfs = [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "self"]
        assert selfs == [own_url], path
        channel_link = root.findtext("channel/link")
        if channel_link is not None:  # RSS
            assert channel_link != own_url and not channel_link.endswith(".xml")


def test_titles_plain_descriptions_inert_dates_valid(seed_site):
    for path in sorted(seed_site["site"].rglob("feed.xml")):
        root = etree.fromstring(path.read_bytes())
        for item in root.iter("item"):
            assert "<" not in item.findtext("title")
            description = lxml.html.fragment_fromstring(
                item.findtext("description"), create_parent="div"
            )
            assert not description.xpath("//script") and not any(
                name.startswith("on") for element in description.iter() for name in element.attrib
            )
            parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822
        assert re.match(r"\w{3}, \d{2} \w{3} \d{4}", root.findtext("channel/lastBuildDate"))


def test_opml_lists_every_feed(seed_site):
    site, site_url = seed_site["site"], seed_site["config"].site_url
    root = etree.fromstring((site / "feeds.opml").read_bytes())
    listed = {outline.get("xmlUrl") for outline in root.iter("outline")}
    expected = {site_url + p.relative_to(site).as_posix() for p in feeds(site)}
    assert listed == expected


def test_pages_advertise_feeds(seed_site):
    site = seed_site["site"]
    home = (site / "index.html").read_text()
    assert (
        'rel="alternate" type="application/rss+xml"' in home
        and 'type="application/atom+xml"' in home
    )
    tag_dir = next(d for d in sorted((site / "tags").iterdir()) if (d / "feed.xml").is_file())
    tag_page = (tag_dir / "index.html").read_text()
    assert tag_page.count('rel="alternate"') == 3  # site RSS, site Atom, this tag's RSS
    assert f'href="../../{tag_dir.name}/feed.xml"' in tag_page or 'href="feed.xml"' in tag_page


def test_tag_and_topic_feeds_carry_summaries_and_the_site_feeds_abstracts(seed_site):
    """A tag or topic feed gives each paper's summary sentence (a paper is in several such
    feeds: a tenth of the bytes); feed.xml and atom.xml give the whole abstract."""
    site = seed_site["site"]
    papers = {p["url"]: p for p in files.load_json(site / "papers.json.gz", None)}

    def text_of(entry) -> str:
        return " ".join(lxml.html.fragment_fromstring(entry.summary, "div").text_content().split())

    for path in [
        next((site / "tags").glob("*/feed.xml")),
        next((site / "topics").glob("*/feed.xml")),
    ]:
        for entry in feedparser.parse(path.read_bytes()).entries:
            paper = papers[entry.link]
            assert " ".join((paper["summary"] or paper["abstract"]).split()) in text_of(entry)
            if paper["summary"] and len(paper["summary"]) < len(paper["abstract"]):
                assert " ".join(paper["abstract"].split()) not in text_of(entry), entry.link
    for entry in feedparser.parse((site / "feed.xml").read_bytes()).entries:
        abstract = " ".join(papers[entry.link]["abstract"].split())
        assert abstract[:200] in text_of(entry)  # its first paragraph, at least

"""Which groups have feeds, how long each feed is, and the feeds a previous build listed
(generator/publish/feed_set.py, retired.listed_feeds)."""

from __future__ import annotations

from datetime import UTC, datetime

import feedparser
from conftest import make_project

from generator.config import load_config
from generator.model import Paper
from generator.publish.feed_set import all_feeds, feed_specs, with_feeds
from generator.publish.feeds import build_opml
from generator.publish.indexes import Group
from generator.publish.memo import OutputMemo
from generator.publish.retired import listed_feeds, read_previous

WHEN = datetime(2024, 5, 1, tzinfo=UTC)


def papers(count: int, prefix: str = "p") -> tuple[Paper, ...]:
    return tuple(
        Paper(
            id=f"{prefix}{i}",
            title=f"Paper {i}",
            title_derived=False,
            abstract="An abstract.",
            slug=f"{prefix}-{i}",
            date=f"2024-04-{i % 28 + 1:02d}",
        )
        for i in range(count)
    )


def groups() -> dict[str, list[Group]]:
    return {
        "topics": [Group("topics", "small-topic", "small topic", papers(2, "t"))],
        "tags": [
            Group("tags", "big", "big", papers(5, "b")),
            Group("tags", "small", "small", papers(4, "s")),
            Group("tags", "listed", "listed", papers(2, "l")),
        ],
        "archive": [Group("archive", "2024-04", "2024-04", papers(9, "a"))],
    }


def feeds_of(marked: dict[str, list[Group]]) -> set[str]:
    return {group.path for members in marked.values() for group in members if group.feed}


def test_a_topic_always_has_a_feed_and_a_tag_once_it_holds_the_least():
    assert feeds_of(with_feeds(groups(), 5, frozenset())) == {"topics/small-topic", "tags/big"}
    assert feeds_of(with_feeds(groups(), 4, frozenset())) == {
        "topics/small-topic",
        "tags/big",
        "tags/small",
    }


def test_a_feed_the_previous_build_listed_stays_however_small_its_tag():
    marked = with_feeds(groups(), 5, frozenset({"tags/listed/feed.xml", "tags/gone/feed.xml"}))
    assert feeds_of(marked) == {"topics/small-topic", "tags/big", "tags/listed"}


def test_month_and_other_kinds_never_have_feeds_of_their_own():
    marked = with_feeds(groups(), 1, frozenset({"archive/2024-04/feed.xml"}))
    assert not any(group.feed for group in marked["archive"])


def test_listed_feeds_reads_back_the_group_feeds_of_our_opml(tmp_path):
    site_url = "https://example.org/a&b/digest/"
    opml = build_opml(
        [
            ("Site", "feed.xml"),
            ("Site Atom", "atom.xml"),
            ("Topic", "topics/graphs/feed.xml"),
            ("Tag", "tags/graph-neural-networks/feed.xml"),
        ],
        site_url=site_url,
        title="Digest feeds",
        build_date=WHEN,
    )
    (tmp_path / "feeds.opml").write_bytes(opml)
    expected = {"topics/graphs/feed.xml", "tags/graph-neural-networks/feed.xml"}
    assert listed_feeds(tmp_path / "feeds.opml") == expected
    assert read_previous(tmp_path).feeds == expected


def test_no_opml_or_an_unreadable_one_lists_nothing(tmp_path):
    assert listed_feeds(tmp_path / "feeds.opml") == frozenset()
    (tmp_path / "feeds.opml").write_bytes(b"\xff\xfe not text")
    assert listed_feeds(tmp_path / "feeds.opml") == frozenset()


def test_site_feeds_hold_feed_length_entries_and_group_feeds_group_feed_length(tmp_path):
    config = load_config(make_project(tmp_path, tmp_path / "sources", group_feed_length=3))
    marked = with_feeds(groups(), 5, frozenset())
    specs = {spec["feed_path"]: spec for _, spec in feed_specs(config, list(papers(9)), marked)}
    assert set(specs) == {
        "feed.xml",
        "atom.xml",
        "topics/small-topic/feed.xml",
        "tags/big/feed.xml",
    }
    assert specs["feed.xml"]["limit"] == specs["atom.xml"]["limit"] == 50
    assert specs["tags/big/feed.xml"]["limit"] == specs["topics/small-topic/feed.xml"]["limit"] == 3


def test_a_group_feed_carries_group_feed_length_entries(tmp_path):
    config = load_config(make_project(tmp_path, tmp_path / "sources", group_feed_length=3))
    memo = OutputMemo(tmp_path / "memo.json", tmp_path / "site")
    marked = with_feeds(groups(), 5, frozenset())
    every = [paper for members in marked.values() for group in members for paper in group.papers]
    made = all_feeds(config, every, marked, WHEN, memo)  # groups are made of the papers
    assert len(feedparser.parse(made["tags/big/feed.xml"]).entries) == 3
    assert len(feedparser.parse(made["feed.xml"]).entries) == len(every) == 22

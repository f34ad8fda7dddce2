"""The digest's issues: one page per arrival day, papers by topic, newest arrival first."""

from __future__ import annotations

from generator.model import Paper, SourceRef
from generator.publish.indexes import Group, build_groups, build_issues, newest_first
from generator.publish.render import SiteSummary, render_nav, render_pages
from generator.tags.topics import Topic


def arrived(pid: str, when: str, file: str, line: int, topic: str = "", **kw) -> Paper:
    ref = SourceRef(file, line)
    return Paper(
        id=pid,
        title=f"Paper {pid}",
        title_derived=False,
        abstract="An abstract.",
        slug=pid,
        sources=(ref,),
        arrived=when,
        arrived_from=ref,
        first_seen=when[:10],
        topic=topic,
        **kw,
    )


MONDAY, TUESDAY = "2026-06-29T08:00:00Z", "2026-06-30T08:00:00Z"
PAPERS = [
    arrived("m1", MONDAY, "000.txt", 1, "nerf", date="2026-06-01"),
    arrived("m2", MONDAY, "000.txt", 4, "llm", date="2026-06-28"),
    arrived("t1", TUESDAY, "001.txt", 1, "nerf", date="2020-01-01"),
    arrived("t2", TUESDAY, "001.txt", 2, "llm"),
    arrived("t3", TUESDAY, "001.txt", 3, "nerf"),
    arrived("t4", TUESDAY, "001.txt", 7),
]
TOPICS = [
    Topic("nerf", "neural radiance fields", ("m1", "t1", "t3")),
    Topic("llm", "language models", ("m2", "t2")),
]


def test_newest_arrival_first_then_the_dumps_own_order_never_the_publication_date():
    assert [p.id for p in newest_first(PAPERS)] == ["t1", "t2", "t3", "t4", "m1", "m2"]


def test_one_issue_per_day_sections_by_topic_largest_first_with_neighbours():
    groups = [Group("topics", t.slug, t.label, ()) for t in TOPICS]
    tuesday, monday = build_issues(PAPERS, groups, per_topic=50)
    assert (tuesday.day, tuesday.count, tuesday.newer, tuesday.older) == (
        "2026-06-30",
        4,
        None,
        "2026-06-29",
    )
    assert monday.newer == "2026-06-30" and monday.older is None
    assert [(s.label, [p.id for p in s.papers], s.total) for s in tuesday.sections] == [
        ("neural radiance fields", ["t1", "t3"], 2),
        ("language models", ["t2"], 1),
        ("Other papers", ["t4"], 1),
    ]


def test_a_section_shows_at_most_a_page_and_says_how_many_more():
    groups = [Group("topics", t.slug, t.label, ()) for t in TOPICS]
    tuesday = build_issues(PAPERS, groups, per_topic=1)[0]
    nerf = tuesday.sections[0]
    assert ([p.id for p in nerf.papers], nerf.total) == (["t1"], 2)
    _, pages = render(per_topic=1)
    body = pages["new/2026-06-30/"].body
    assert "And 1 more" in body and 'href="../../topics/nerf/"' in body


def render(per_topic=50):
    groups = build_groups(PAPERS, TOPICS)
    args = (PAPERS, groups, SiteSummary("Digest", "2026-06-30", 2, 0, 20, per_topic))
    return (
        {page.url: page for page in render_nav(*args)},
        {source.url: source.render() for source in render_pages(*args)},
    )


def test_new_is_the_latest_issue_and_lists_every_issue_the_home_page_points_there():
    nav, pages = render()
    new = nav["new/"].body
    assert "4 papers arrived on <strong>2026-06-30</strong>, in 3 topics" in new
    assert (
        new.index("Paper t1") < new.index("Paper t3") < new.index("Paper t2")
    )  # by topic, then arrival
    assert "Paper m1" not in new
    assert 'href="2026-06-30/"' in new and 'href="2026-06-29/"' in new
    monday = pages["new/2026-06-29/"].body
    assert "Paper m1" in monday and "Paper t1" not in monday
    assert '<a href="../../new/2026-06-30/" title="Newer issue">2026-06-30 →</a>' in monday
    home = nav[""].body
    assert "4 papers arrived on 2026-06-30" in home and 'href="new/"' in home
    assert home.index("Paper t1") < home.index("Paper t4") < home.index("Paper m1")


def test_an_empty_digest_has_a_new_page_that_says_so():
    nav = {
        page.url: page
        for page in render_nav([], build_groups([], []), SiteSummary("D", "2026-01-01", 0, 0, 20))
    }
    assert "No papers have arrived yet" in nav["new/"].body

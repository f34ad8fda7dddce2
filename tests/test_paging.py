"""Index helpers: how a group's list is cut into pages, and which pages a page links to."""

from __future__ import annotations

import pytest

from generator.model import Paper
from generator.publish.indexes import Group
from generator.publish.paging import NEWEST, pages_of, shown_pages


def group_of(count: int) -> Group:
    papers = tuple(
        Paper(f"p{i:03d}", f"Paper {i}", False, "a", slug=f"p{i:03d}") for i in range(count)
    )
    return Group("tags", "x", "x", papers[::-1])  # newest first: p000 is the oldest


@pytest.mark.parametrize(
    ("count", "first"), [(0, 0), (1, 1), (10, 10), (19, 19), (20, 10), (29, 19)]
)
def test_the_first_page_holds_the_newest_papers_from_one_page_up_to_two(count, first):
    pages = pages_of(group_of(count), 10)
    assert pages[0].number == NEWEST and pages[0].url == "tags/x/" and len(pages[0].papers) == first
    assert [page.number for page in pages[1:]] == list(range(count // 10 - 1, 0, -1))
    assert all(len(page.papers) == 10 for page in pages[1:])
    shown = [paper.id for page in pages for paper in page.papers]
    assert shown == [f"p{i:03d}" for i in range(count - 1, -1, -1)]  # each once, newest first


def test_a_numbered_page_keeps_its_papers_and_address_as_papers_arrive():
    before = {page.url: page.papers for page in pages_of(group_of(95), 10)}
    after = {page.url: page.papers for page in pages_of(group_of(140), 10)}
    assert before["tags/x/page-1/"][-1].id == "p000" and before["tags/x/page-8/"][0].id == "p079"
    kept = [url for url in before if url != "tags/x/"]
    assert kept and all(after[url] == before[url] for url in kept)
    assert after["tags/x/page-12/"][0].id == "p119"


@pytest.mark.parametrize("numbered", [0, 1, 2, 9, 10])
def test_a_short_list_links_every_page(numbered):
    every = [NEWEST, *range(numbered, 0, -1)]
    assert all(shown_pages(number, numbered) == every for number in (NEWEST, 1, numbered))


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (NEWEST, [NEWEST, 30, 29, 28, None, 2, 1]),
        (30, [NEWEST, 30, 29, 28, 27, None, 2, 1]),
        (27, [NEWEST, 30, 29, 28, 27, 26, 25, 24, None, 2, 1]),
        (26, [NEWEST, 30, 29, 28, 27, 26, 25, 24, 23, None, 2, 1]),  # no "…" for one page
        (25, [NEWEST, None, 28, 27, 26, 25, 24, 23, 22, None, 2, 1]),
        (15, [NEWEST, None, 18, 17, 16, 15, 14, 13, 12, None, 2, 1]),
        (7, [NEWEST, None, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]),
        (1, [NEWEST, None, 4, 3, 2, 1]),
    ],
)
def test_a_long_list_links_the_newest_the_oldest_and_the_pages_around_this_one(number, shown):
    assert shown_pages(number, 30) == shown


@pytest.mark.parametrize("numbered", [11, 12, 40, 1476])
def test_every_page_links_a_bounded_run_of_pages_newest_first_with_gaps_where_pages_are_left_out(
    numbered,
):
    for number in (NEWEST, *range(1, numbered + 1)):
        shown = shown_pages(number, numbered)
        pages = [n for n in shown if n is not None]
        assert (
            len(shown) <= 13 and pages == sorted(set(pages), key=lambda n: n or numbered + 1)[::-1]
        )
        assert {NEWEST, 1, number} <= set(pages)
        if number != NEWEST:
            assert {number - 1, number + 1} & set(pages)
        for newer, gap, older in zip(shown, shown[1:], shown[2:], strict=False):
            if gap is None:
                assert newer is not None and older is not None
                assert (newer or numbered + 1) - older > 1


def test_a_numbered_page_far_from_the_newest_links_the_same_pages_as_the_list_grows():
    assert shown_pages(15, 30) == shown_pages(15, 31) == shown_pages(15, 1476)
    assert shown_pages(NEWEST, 30) != shown_pages(NEWEST, 31)

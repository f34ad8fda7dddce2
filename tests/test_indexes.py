"""Index helpers: which page numbers a page of a long list links to."""

from __future__ import annotations

import pytest

from generator.publish.indexes import shown_pages


@pytest.mark.parametrize("count", [1, 2, 9, 10])
def test_a_short_list_links_every_page(count):
    assert all(shown_pages(number, count) == [*range(1, count + 1)] for number in (1, count))


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1, [1, 2, 3, 4, None, 29, 30]),
        (7, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None, 29, 30]),
        (8, [1, 2, None, 5, 6, 7, 8, 9, 10, 11, None, 29, 30]),
        (15, [1, 2, None, 12, 13, 14, 15, 16, 17, 18, None, 29, 30]),
        (24, [1, 2, None, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]),
        (30, [1, 2, None, 27, 28, 29, 30]),
    ],
)
def test_a_long_list_links_its_ends_and_the_pages_around_this_one(number, shown):
    assert shown_pages(number, 30) == shown


@pytest.mark.parametrize("count", [11, 12, 40, 1476])
def test_every_page_links_a_bounded_run_of_pages_in_order_with_gaps_only_where_pages_are_left_out(
    count,
):
    for number in range(1, count + 1):
        shown = shown_pages(number, count)
        pages = [n for n in shown if n is not None]
        assert len(shown) <= 13 and pages == sorted(set(pages))
        assert {1, count, number} <= set(pages) and {number - 1, number + 1} & set(pages)
        for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
            if gap is None:
                assert before is not None and after is not None and after - before > 1
        assert all(b - a == 1 for a, b in zip(shown, shown[1:], strict=False) if None not in (a, b))

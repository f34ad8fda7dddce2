"""The papers For you ranks (publish/for_you.py) and where a paper page keeps its vector."""

from __future__ import annotations

import json

from test_render import paper, render

from generator.model import Paper
from generator.publish.for_you import for_you_data, recent_window
from generator.publish.sanitize import sanitize

VECTOR = "f4EA" * 43  # any base64 stands for one here


def arrived(number: int, day: str, **fields) -> Paper:
    return Paper(
        f"p{number}",
        f"Paper $^{number}$",
        False,
        "An abstract.",
        slug=f"paper-{number}",
        arrived=f"{day}T06:00:00Z",
        **({"compact_vector": VECTOR} | fields),
    )


def test_the_window_is_what_arrived_in_the_days_before_the_newest_arrival():
    papers = [
        arrived(4, "2026-12-20"),
        arrived(3, "2026-12-07"),  # 13 days before the newest: in
        arrived(2, "2026-12-06"),  # 14 days: out
        arrived(1, "2026-11-01"),
    ]
    assert [p.id for p in recent_window(papers, 14)] == ["p4", "p3"]
    assert [p.id for p in recent_window(papers, 60)] == ["p4", "p3", "p2", "p1"]


def test_papers_without_a_vector_or_an_arrival_are_left_out():
    papers = [
        arrived(3, "2026-12-20"),
        arrived(2, "2026-12-20", compact_vector=""),
        Paper("p1", "One", False, "An abstract.", slug="one", compact_vector=VECTOR),
    ]
    assert [p.id for p in recent_window(papers, 14)] == ["p3"]
    assert recent_window([papers[2]], 14) == []


def test_the_data_is_slug_title_as_text_arrival_and_vector_newest_first():
    body = json.loads(for_you_data([arrived(2, "2026-12-20"), arrived(1, "2026-12-19")], 14))
    assert body == {
        "days": 14,
        "dimensions": 128,
        "papers": [
            ["paper-2", "Paper ²", "2026-12-20T06:00:00Z", VECTOR],
            ["paper-1", "Paper ¹", "2026-12-19T06:00:00Z", VECTOR],
        ],
    }


def test_a_paper_page_carries_its_vector_on_its_read_row_and_nothing_else_may():
    nav, pages = render([paper(compact_vector=VECTOR)], [])
    assert (
        f'<p class="digest-read" id="read" data-vector="{VECTOR}">' in pages["papers/a-title/"].body
    )
    assert "data-vector" not in nav["for-you/"].body
    assert sanitize('<div data-vector="x">a</div><p data-x="y">b</p>') == "<div>a</div><p>b</p>"

"""What "For you" ranks in a reader's browser (theme for_you.js): the papers that arrived in
the last `days` days before the newest arrival, each with its compact vector (tags/compact.py,
172 characters), so the page ranks two weeks of daily arXiv (about 1 MB) without downloading
the corpus. A saved paper outside the window gives its vector from its own page (the Read
row's data-vector). Nothing about a reader is in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.model import Paper
from generator.publish.cite import plain_title
from generator.state.files import dump_json
from generator.tags.compact import DIMENSIONS

FOR_YOU_DATA = "for-you/papers.json"


def recent_window(papers: list[Paper], days: int) -> list[Paper]:
    """The papers (newest arrival first, as given) that arrived within `days` days of the
    newest arrival and have a compact vector."""
    arrivals = [paper.arrived for paper in papers if paper.arrived and paper.compact_vector]
    if not arrivals:
        return []
    newest = datetime.fromisoformat(max(arrivals).replace("Z", "+00:00"))
    since = (newest - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [
        paper
        for paper in papers
        if paper.arrived and paper.arrived > since and paper.compact_vector
    ]


def for_you_data(papers: list[Paper], days: int) -> bytes:
    """`for-you/papers.json`: {days, dimensions, papers: [[slug, title as text, arrival,
    compact vector]]}, newest arrival first."""
    return dump_json(
        {
            "days": days,
            "dimensions": DIMENSIONS,
            "papers": [
                [paper.slug, plain_title(paper.title), paper.arrived, paper.compact_vector]
                for paper in recent_window(papers, days)
            ],
        },
        compact=True,
    )

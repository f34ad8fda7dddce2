"""Each followable group's newest papers as JSON (publish/followed.py), what My digest reads."""

from __future__ import annotations

import json

from generator.model import Paper
from generator.publish.followed import group_data
from generator.publish.indexes import Group


def paper(number: int, title: str = "") -> Paper:
    return Paper(
        f"p{number}",
        title or f"Paper {number}",
        False,
        "An abstract.",
        slug=f"paper-{number}",
        arrived=f"2026-12-{number:02d}T06:00:00Z",
    )


def test_each_topic_tag_and_category_lists_its_newest_papers_as_text():
    newest_first = tuple(paper(n) for n in range(25, 0, -1))
    groups = {
        "topics": [Group("topics", "sparse", "sparse training", newest_first, feed=True)],
        "tags": [Group("tags", "pruning", "pruning", newest_first[:2])],
        "categories": [Group("categories", "cs.LG", "cs.LG", newest_first[:1])],
        "archive": [Group("archive", "2026-12", "2026-12", newest_first)],
    }
    found = {path: json.loads(text) for path, text in group_data(groups, 20).items()}
    assert sorted(found) == [
        "categories/cs.LG/papers.json",
        "tags/pruning/papers.json",
        "topics/sparse/papers.json",
    ]
    topic = found["topics/sparse/papers.json"]
    assert (topic["label"], topic["feed"], topic["count"]) == ("Topic: sparse training", True, 25)
    assert topic["papers"][:2] == [
        ["paper-25", "Paper 25", "2026-12-25T06:00:00Z"],
        ["paper-24", "Paper 24", "2026-12-24T06:00:00Z"],
    ]
    assert len(topic["papers"]) == 20 and topic["papers"][-1][0] == "paper-6"
    assert found["tags/pruning/papers.json"]["label"] == "Tag: pruning"
    assert found["tags/pruning/papers.json"]["feed"] is False


def test_a_title_is_text_and_hostile_text_stays_data():
    hostile = paper(1, 'ViT$^3$ </script><img src=x onerror="alert(1)">')
    [text] = group_data({"tags": [Group("tags", "x", "x", (hostile,))]}, 20).values()
    assert text.endswith(b"\n") and b"\n" not in text[:-1]
    [row] = json.loads(text)["papers"]
    assert row[1].startswith("ViT³ ") and "alert(1)" in row[1]  # a string, shown as text

"""Topics and related papers over paper vectors."""

from __future__ import annotations

from collections import Counter

import numpy as np

from generator.topics import make_topics, name_topic, related_papers, topic_count


def test_related_papers_are_nearest_by_cosine_and_exclude_self():
    vectors = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], dtype=np.float32)
    related = related_papers(["a", "b", "c", "d"], vectors, count=2)
    assert related["a"] == ("b", "d") and related["c"] == ("d", "b")
    assert all(pid not in others for pid, others in related.items())


def test_related_papers_in_blocks_equal_the_full_matrix(monkeypatch):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    ids = [f"p{i:02d}" for i in range(50)]
    whole = related_papers(ids, vectors)
    monkeypatch.setattr("generator.topics.ROW_BLOCK", 7)
    assert related_papers(ids, vectors) == whole


def test_topics_cover_every_paper_once_and_are_named_from_tags():
    vectors = np.array([[1, 0]] * 4 + [[0, 1]] * 4, dtype=np.float32) + np.eye(8, 2) * 0.01
    ids = [f"p{i}" for i in range(8)]
    tags = {pid: (("graph learning", "molecules") if i < 4 else ("radiance fields", "rendering")) for i, pid in enumerate(ids)}
    topics = make_topics(ids, vectors, tags)
    assert sorted(pid for t in topics for pid in t.paper_ids) == ids
    names = {t.label for t in topics if len(t.paper_ids) == 4}
    assert any("graph learning" in n for n in names) and any("radiance fields" in n for n in names)


def test_topic_name_skips_tags_contained_in_an_earlier_name():
    frequency = Counter({"neural network training": 3, "neural network": 3, "pruning": 2})
    members = [("neural network training", "neural network", "pruning")] * 2
    assert name_topic(members, frequency, 40) == "neural network training · pruning"


def test_topic_count_grows_slowly():
    assert topic_count(398) == 14 and topic_count(8) == 2 and topic_count(100_000) == 60

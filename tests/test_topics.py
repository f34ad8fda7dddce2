"""Topics and related papers over paper vectors."""

from __future__ import annotations

from collections import Counter

import numpy as np

from generator.topics import cluster, clustered_related, exact_related, make_topics, name_topic, related_papers, topic_count


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


def blobs(per_blob: int = 100, blobs: int = 6, dims: int = 16) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(blobs, dims))
    vectors = np.concatenate([centre + rng.normal(scale=0.6, size=(per_blob, dims)) for centre in centres])
    return [f"p{i:04d}" for i in range(len(vectors))], vectors.astype(np.float32)


def test_clustered_related_papers_mostly_agree_with_exact_search(monkeypatch):
    ids, vectors = blobs()
    monkeypatch.setattr("generator.topics.EXACT_RELATED_UP_TO", 100)
    monkeypatch.setattr("generator.topics.RELATED_PROBES", 2)
    labels = cluster(vectors, 12)
    clustered = related_papers(ids, vectors, labels=labels)
    exact = exact_related(ids, vectors)
    assert clustered != exact, "the clustered path ran"
    agree = sum(len(set(clustered[pid]) & set(exact[pid])) for pid in ids) / (5 * len(ids))
    assert agree > 0.9
    assert all(len(others) == 5 and pid not in others for pid, others in clustered.items())
    assert related_papers(ids, vectors, labels=cluster(vectors, 12)) == clustered


def test_clustered_related_papers_probing_every_cluster_is_exact(monkeypatch):
    ids, vectors = blobs()
    monkeypatch.setattr("generator.topics.EXACT_RELATED_UP_TO", 100)
    monkeypatch.setattr("generator.topics.RELATED_PROBES", 12)
    assert related_papers(ids, vectors, labels=cluster(vectors, 12)) == exact_related(ids, vectors)


def test_equal_similarities_go_to_the_smaller_id():
    from generator.topics import _top

    similarity = np.array([[0.5, 0.9, 0.5, 0.5, -np.inf], [0.1, 0.2, 0.3, 0.3, 0.3]], dtype=np.float32)
    nearest = _top(similarity, np.array([10, 11, 12, 13, 14]), 2)
    assert [row.tolist() for row in nearest] == [[11, 10], [12, 13]]


def test_duplicate_papers_find_each_other_in_the_clustered_search(monkeypatch):
    ids, vectors = blobs(per_blob=30, blobs=2)
    vectors[:10] = vectors[0]  # ten identical papers
    monkeypatch.setattr("generator.topics.EXACT_RELATED_UP_TO", 10)
    related = related_papers(ids, vectors, labels=cluster(vectors, 4))
    assert all(set(related[pid]) <= set(ids[:10]) - {pid} for pid in ids[:10])


def test_large_corpora_cluster_in_float32_deterministically(monkeypatch):
    ids, vectors = blobs()
    monkeypatch.setattr("generator.topics.FULL_KMEANS_UP_TO", 100)
    labels = cluster(vectors, 6)
    assert (labels == cluster(vectors, 6)).all()
    majority = [np.bincount(labels[start:start + 100]).argmax() for start in range(0, 600, 100)]
    assert len(set(majority)) == 6, "one topic per blob"
    assert sum((labels[start:start + 100] == label).sum() for start, label in zip(range(0, 600, 100), majority)) >= 590


def moved(before: np.ndarray, after: np.ndarray) -> int:
    """Papers in another topic after: each old topic matched to the new one most of it went to."""
    match = {label: Counter(after[before == label].tolist()).most_common(1)[0][0] for label in set(before.tolist())}
    return sum(match[old] != new for old, new in zip(before.tolist(), after.tolist()))


def test_one_more_paper_moves_few_others_between_topics():
    """Seeds come from the papers' ids, not a random stream: a new paper that is not drawn
    as a seed leaves the seeds as they were, and KMeans from the same seeds moves few papers.
    (On overlapping blobs like these, a random k-means++ start moved 83-158 of 480 papers.)"""
    from generator.topics import stable_seeds

    rng = np.random.default_rng(0)
    vectors = np.concatenate([centre + rng.normal(scale=1.5, size=(60, 16)) for centre in rng.normal(size=(8, 16))])
    vectors, ids = vectors.astype(np.float32), [f"p{i:04d}" for i in range(480)]
    before, moves = cluster(vectors, 8, ids), []
    for trial in range(10):
        extra = vectors[rng.integers(len(vectors))] + rng.normal(scale=1.5, size=16)
        grown, grown_ids = np.vstack([vectors, extra.astype(np.float32)]), ids + [f"new{trial}"]
        seeds, grown_seeds = stable_seeds(vectors, ids, 8), stable_seeds(grown, grown_ids, 8)
        assert np.array_equal(seeds, grown_seeds) or any((row == grown[-1]).all() for row in grown_seeds)
        moves.append(moved(before, cluster(grown, 8, grown_ids)[:-1]))
    assert np.median(moves) <= 24, moves  # 5% of the papers


def test_clusters_do_not_depend_on_row_order():
    ids, vectors = blobs()
    order = np.random.default_rng(2).permutation(len(ids))
    shuffled = cluster(vectors[order], 6, [ids[i] for i in order])
    assert moved(cluster(vectors, 6, ids)[order], shuffled) == 0


def test_papers_tied_for_nearest_are_chosen_by_id_not_by_position():
    """Reprints of one abstract have the same vector: which of them a paper lists as related
    must not depend on where they sit in the matrix (neither a partial sort's pick nor float32
    rounding that varies with a column's position), or one new paper, shifting every row,
    re-renders the page of every paper that has a reprint."""
    rng = np.random.default_rng(3)
    distinct = rng.normal(size=(40, 384)).astype(np.float32)  # wide enough for float32 sums to differ
    ids = [f"p{i:03d}-{copy}" for i in range(40) for copy in range(9)]
    vectors = np.repeat(distinct, 9, axis=0)
    before = related_papers(ids, vectors)
    newcomer = rng.normal(size=(1, 384)).astype(np.float32)
    after = related_papers(["a-new"] + ids, np.vstack([newcomer, vectors]))
    assert {pid: after[pid] for pid in ids} == before
    assert before["p007-3"] == ("p007-0", "p007-1", "p007-2", "p007-4", "p007-5")
    labels = np.arange(len(ids)) // 9 % 6  # the clustered search (big corpora) ties the same way
    assert clustered_related(ids, vectors, labels) == before

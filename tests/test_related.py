"""Related papers: nearest vectors, exact and clustered."""

from __future__ import annotations

import numpy as np
from conftest import blobs

from generator.tags.related import clustered_related, exact_related, related_papers
from generator.tags.topics import kmeans


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
    monkeypatch.setattr("generator.tags.related.ROW_BLOCK", 7)
    assert related_papers(ids, vectors) == whole


def test_clustered_related_papers_mostly_agree_with_exact_search(monkeypatch):
    ids, vectors = blobs()
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", 100)
    monkeypatch.setattr("generator.tags.related.RELATED_PROBES", 2)
    labels = kmeans(vectors, 12)
    clustered = related_papers(ids, vectors, labels=labels)
    exact = exact_related(ids, vectors)
    assert clustered != exact, "the clustered path ran"
    agree = sum(len(set(clustered[pid]) & set(exact[pid])) for pid in ids) / (5 * len(ids))
    assert agree > 0.9
    assert all(len(others) == 5 and pid not in others for pid, others in clustered.items())
    assert related_papers(ids, vectors, labels=kmeans(vectors, 12)) == clustered


def test_clustered_related_papers_probing_every_cluster_is_exact(monkeypatch):
    ids, vectors = blobs()
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", 100)
    monkeypatch.setattr("generator.tags.related.RELATED_PROBES", 12)
    assert related_papers(ids, vectors, labels=kmeans(vectors, 12)) == exact_related(ids, vectors)


def test_equal_similarities_go_to_the_smaller_id():
    from generator.tags.related import top_columns

    similarity = np.array(
        [[0.5, 0.9, 0.5, 0.5, -np.inf], [0.1, 0.2, 0.3, 0.3, 0.3]], dtype=np.float32
    )
    nearest = top_columns(similarity, np.array([10, 11, 12, 13, 14]), 2)
    assert [row.tolist() for row in nearest] == [[11, 10], [12, 13]]


def test_duplicate_papers_find_each_other_in_the_clustered_search(monkeypatch):
    ids, vectors = blobs(per_blob=30, blobs=2)
    vectors[:10] = vectors[0]  # ten identical papers
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", 10)
    related = related_papers(ids, vectors, labels=kmeans(vectors, 4))
    assert all(set(related[pid]) <= set(ids[:10]) - {pid} for pid in ids[:10])


def test_papers_tied_for_nearest_are_chosen_by_id_not_by_position():
    """Reprints of one abstract have the same vector: which of them a paper lists as related
    must not depend on where they sit in the matrix (neither a partial sort's pick nor float32
    rounding that varies with a column's position), or one new paper, shifting every row,
    re-renders the page of every paper that has a reprint."""
    rng = np.random.default_rng(3)
    distinct = rng.normal(size=(40, 384)).astype(
        np.float32
    )  # wide enough for float32 sums to differ
    ids = [f"p{i:03d}-{copy}" for i in range(40) for copy in range(9)]
    vectors = np.repeat(distinct, 9, axis=0)
    before = related_papers(ids, vectors)
    newcomer = rng.normal(size=(1, 384)).astype(np.float32)
    after = related_papers(["a-new"] + ids, np.vstack([newcomer, vectors]))
    assert {pid: after[pid] for pid in ids} == before
    assert before["p007-3"] == ("p007-0", "p007-1", "p007-2", "p007-4", "p007-5")
    labels = np.arange(len(ids)) // 9 % 6  # the clustered search (big corpora) ties the same way
    assert clustered_related(ids, vectors, labels) == before


def test_the_nearest_clusters_are_probed_ties_in_cluster_order_and_more_while_too_few():
    from generator.tags.related import _probed_columns

    singletons = [np.array([row]) for row in range(40)]
    tied = np.array([1.0, 0.5] * 20)  # clusters 0, 2, 4, ... all nearest
    assert _probed_columns(singletons, tied, 1).tolist() == [0, 2, 4, 6, 8, 10]
    nearer_first = -np.arange(40.0)
    assert _probed_columns(singletons, nearer_first, 6).tolist() == [0, 1, 2, 3, 4, 5]
    assert _probed_columns(singletons, nearer_first, 7).tolist() == [0, 1, 2, 3, 4, 5, 6]


def test_one_probe_grows_until_it_holds_a_paper_and_its_related_ones(monkeypatch):
    monkeypatch.setattr("generator.tags.related.RELATED_PROBES", 1)
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(12, 6)).astype(np.float32)
    ids = [f"p{i:02d}" for i in range(12)]
    # every paper its own cluster: the nearest clusters are the nearest papers
    assert clustered_related(ids, vectors, np.arange(12)) == exact_related(ids, vectors)


def test_a_cluster_beyond_the_probes_that_hold_enough_papers_is_not_searched(monkeypatch):
    """q's cluster and B (centred on q, its 5 papers around it) hold q and 5 others: C's one
    paper, nearer q than any of B's, is in the next cluster out and is not searched."""
    monkeypatch.setattr("generator.tags.related.RELATED_PROBES", 1)
    e = np.eye(5, dtype=np.float32)
    q = e[0]
    b = [e[0] + 0.8 * e[1], e[0] - 0.8 * e[1], e[0] + 0.8 * e[2], e[0] - 0.8 * e[2], e[0]]
    c = e[0] + 0.3 * e[3]
    vectors = np.stack([q, *b, c])
    ids = ["q", "b1", "b2", "b3", "b4", "b5", "c"]
    related = clustered_related(ids, vectors, np.array([0, 1, 1, 1, 1, 1, 2]))
    assert related["q"] == ("b5", "b1", "b2", "b3", "b4")
    assert exact_related(ids, vectors)["q"] == ("b5", "c", "b1", "b2", "b3")


def brute_force(ids: list[str], vectors: np.ndarray, count: int) -> dict[str, tuple[str, ...]]:
    """Every other paper sorted by cosine (highest first, ties to the earlier id)."""
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = (unit.astype(np.float64) @ unit.T.astype(np.float64)).astype(np.float32)
    return {
        pid: tuple(
            ids[j]
            for j in sorted((j for j in range(len(ids)) if j != i), key=lambda j: -cosines[i, j])[
                :count
            ]
        )
        for i, pid in enumerate(ids)
    }


def test_a_corpus_of_a_whole_number_of_column_chunks_is_searched_exactly():
    """128 and 256 papers: the similarity rows split into whole 128-column chunks with none
    left over (the bound that keeps top_columns cheap has no remainder to add)."""
    rng = np.random.default_rng(3)
    for size in (128, 256, 129):
        ids = [f"p{i:03d}" for i in range(size)]
        vectors = rng.normal(size=(size, 6)).astype(np.float32)
        assert exact_related(ids, vectors, 5) == brute_force(ids, vectors, 5), size


def test_a_single_paper_has_no_related_papers():
    assert related_papers(["only"], np.ones((1, 4), dtype=np.float32)) == {"only": ()}
    assert exact_related(["a", "b"], np.eye(2, dtype=np.float32), count=0) == {"a": (), "b": ()}


def test_up_to_the_exact_limit_the_search_is_exact_and_past_it_clustered_with_its_count(
    monkeypatch,
):
    ids, vectors = blobs()
    labels = kmeans(vectors, 4)
    calls: list[tuple[str, int]] = []
    for name in ("exact_related", "clustered_related"):
        real = globals()[name]

        def spy(*args, _name=name, _real=real, **kw):
            result = _real(*args, **kw)
            calls.append((_name, len(next(iter(result.values())))))
            return result

        monkeypatch.setattr(f"generator.tags.related.{name}", spy)
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", len(ids))
    related_papers(ids, vectors, count=3, labels=labels)  # at the limit: exact
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", len(ids) - 1)
    related_papers(ids, vectors, count=3, labels=labels)  # past it: clustered, 3 each
    related_papers(ids, vectors, count=3)  # past it without labels: exact
    assert calls == [("exact_related", 3), ("clustered_related", 3), ("exact_related", 3)]

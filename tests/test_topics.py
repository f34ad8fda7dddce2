"""Topics and related papers over paper vectors."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from conftest import blobs

from generator.tags.related import unit_rows
from generator.tags.topics import (
    KMEANS_ITERATIONS,
    SMOOTHING_WEIGHT,
    _clocks,
    _counts,
    _keys,
    choose_count,
    cluster,
    kmeans,
    make_topics,
    smoothed,
    stable_seeds,
    topic_count,
)


def test_topics_cover_every_paper_once_and_are_named_from_tags():
    vectors = np.array([[1, 0]] * 4 + [[0, 1]] * 4, dtype=np.float32) + np.eye(8, 2) * 0.01
    ids = [f"p{i}" for i in range(8)]
    tags = {
        pid: (("graph learning", "molecules") if i < 4 else ("radiance fields", "rendering"))
        for i, pid in enumerate(ids)
    }
    topics = make_topics(ids, vectors, tags)
    assert sorted(pid for t in topics for pid in t.paper_ids) == ids
    names = {t.label for t in topics if len(t.paper_ids) == 4}
    assert any("graph learning" in n for n in names) and any("radiance fields" in n for n in names)


def labelled(
    groups: list[list[tuple[str, ...]]], keyphrases: list[list[tuple[str, ...]]] | None = None
):
    """make_topics over given clusters: each group is its papers' tags (and keyphrases)."""
    ids = [f"g{g}p{i:02d}" for g, group in enumerate(groups) for i in range(len(group))]
    tags = dict(zip(ids, [paper for group in groups for paper in group], strict=True))
    labels = np.array([g for g, group in enumerate(groups) for _ in group])
    phrases = (
        {
            "keyphrases": dict(
                zip(ids, [paper for group in keyphrases for paper in group], strict=True)
            )
        }
        if keyphrases
        else {}
    )
    topics = make_topics(ids, np.zeros((len(ids), 2)), tags, labels, **phrases)
    return {t.paper_ids[0][:2]: t.label for t in topics}


OTHER_GROUPS = [
    [("language models", "tokenizers")] * 6,
    [("graph neural networks", "molecules")] * 6,
    [("speech recognition", "acoustic models")] * 6,
]


def test_a_name_never_joins_near_synonyms_or_a_phrase_contained_in_the_other():
    """Today's names glued variants of one phrase (`object detectors · object detection (OD)`,
    `training time · neural network training`): a second name must share no word stem and no
    abbreviation with the first."""
    groups = [
        [("object detectors", "object detection (OD)")] * 6,
        [("latent diffusion models", "diffusion models")] * 6,
        [("LLMs", "language models (LM)")] * 6,
        [("training time", "neural network training", "warm restarts")] * 6,
    ] + OTHER_GROUPS
    names = labelled(groups)
    assert names["g0"].count("object detect") == 1, names["g0"]
    assert names["g1"].count("diffusion models") == 1, names["g1"]
    assert not ("LLMs" in names["g2"] and "language models" in names["g2"]), names["g2"]
    assert names["g3"].count("training") <= 1, names["g3"]


def test_a_phrase_in_most_topics_or_a_generic_one_never_names_a_topic():
    """`language models` in every topic tells none apart, even where it is the commonest tag;
    `training data`, `test time` and `based methods` name nothing."""
    generic = ("training data", "test time", "based methods")
    groups = [
        [("language models", distinct, *generic)] * 3 + [("language models",)] * 3
        for distinct in (
            "speech recognition",
            "machine translation",
            "code generation",
            "summarization",
        )
    ]
    names = labelled(groups)
    assert sorted(names.values()) == [
        "code generation",
        "machine translation",
        "speech recognition",
        "summarization",
    ]


def test_a_subject_inside_the_papers_phrases_names_their_topic():
    """No two video papers carry the same whole phrase, so a name from whole phrases was a
    one-off pair (`action quality assessment · autoregressive video generation`); `video
    generation`, some paper's tag, runs through most of them."""
    video = [
        ("controllable video generation", "camera motion"),
        ("video generation models", "world models"),
        ("autoregressive video generation", "action quality assessment"),
        ("video generation", "talking heads"),
        ("text-to-video generation", "motion priors"),
        ("video generation benchmarks", "action quality assessment"),
    ]
    assert labelled([video, *OTHER_GROUPS])["g0"] == "video generation"


def test_two_topics_never_share_a_name():
    """`object detection` is the best phrase of both detection topics: one takes it, the other
    its runner-up."""
    groups = [
        [("object detection", "lidar")] * 2 + [("object detection",)] * 10,
        [("object detection", "anchor boxes")] * 2 + [("object detection",)] * 10,
    ] + OTHER_GROUPS
    names = labelled(groups)
    assert (
        len(set(names.values())) == len(names)
        and sum("object detection" in n for n in names.values()) == 1
    )


def test_a_name_takes_the_commonest_spelled_out_form():
    """Tags and keyphrases spell one phrase several ways: the name is the way most papers
    spell it out (`OD`, though commonest, only abbreviates it)."""
    groups = [[("object detection (OD)",)] * 2 + [("OD",)] * 4, *OTHER_GROUPS]
    keyphrases = [[("object detection",)] * 4 + [("Object Detection", "OD")] * 2] + [[()] * 6] * 3
    assert labelled(groups, keyphrases)["g0"] == "object detection"


def test_topic_count_grows_slowly():
    """At most floor(sqrt(n/2)) topics (round() gave 17 for 564 papers, over sqrt(282) = 16.8)."""
    assert topic_count(398) == 14 and topic_count(8) == 2 and topic_count(100_000) == 60
    assert topic_count(564) == 16
    assert all(topic_count(n) <= max(1, (n / 2) ** 0.5) for n in range(1, 5000))


def test_the_topic_count_comes_from_the_data():
    """Two clear groups make two topics, not sqrt(n/2) = 10; a continuum without groups makes
    as many as allowed, and never more."""
    rng = np.random.default_rng(4)
    two = np.concatenate(
        [rng.normal(scale=0.3, size=(100, 32)) + 4 * np.eye(32)[axis] for axis in (0, 1)]
    )
    ids = [f"p{i:03d}" for i in range(200)]
    assert len(set(cluster(two, topic_count(200), ids).tolist())) == 2
    four = np.concatenate(
        [rng.normal(scale=0.3, size=(100, 32)) + 4 * np.eye(32)[axis] for axis in range(4)]
    )
    assert len(set(cluster(four, topic_count(400)).tolist())) == 4
    continuum = rng.normal(size=(300, 32))
    assert len(set(cluster(continuum, topic_count(300)).tolist())) == topic_count(300) == 12


def test_topics_are_the_same_for_the_same_papers_in_any_order():
    ids, vectors = blobs(per_blob=40, blobs=5)
    words = ["graphs", "speech", "proteins", "robots", "galaxies"]
    tags = {
        pid: (f"{words[i // 40]} analysis", f"{words[i // 40]} models", f"topic {i % 7}")
        for i, pid in enumerate(ids)
    }
    phrases = {pid: (f"{words[i // 40]} methods", "models") for i, pid in enumerate(ids)}
    topics = make_topics(ids, vectors, tags, keyphrases=phrases)
    assert topics == make_topics(ids, vectors, tags, keyphrases=phrases)
    order = np.random.default_rng(5).permutation(len(ids))
    shuffled = make_topics([ids[i] for i in order], vectors[order], tags, keyphrases=phrases)

    def as_sets(found) -> set:
        return {(t.slug, t.label, frozenset(t.paper_ids)) for t in found}

    assert as_sets(shuffled) == as_sets(topics) and len(topics) == 5


def test_large_corpora_cluster_in_float32_deterministically(monkeypatch):
    _, vectors = blobs()
    monkeypatch.setattr("generator.tags.topics.FULL_KMEANS_UP_TO", 100)
    labels = cluster(vectors, 6)
    assert (labels == cluster(vectors, 6)).all()
    majority = [np.bincount(labels[start : start + 100]).argmax() for start in range(0, 600, 100)]
    assert len(set(majority)) == 6, "one topic per blob"
    assert (
        sum(
            (labels[start : start + 100] == label).sum()
            for start, label in zip(range(0, 600, 100), majority, strict=True)
        )
        >= 590
    )


def moved(before: np.ndarray, after: np.ndarray) -> int:
    """Papers in another topic after: each old topic matched to the new one most of it went to."""
    match = {
        label: Counter(after[before == label].tolist()).most_common(1)[0][0]
        for label in set(before.tolist())
    }
    return sum(match[old] != new for old, new in zip(before.tolist(), after.tolist(), strict=True))


def test_one_more_paper_moves_few_others_between_topics():
    """Seeds come from the papers' ids, not a random stream: a new paper that is not drawn
    as a seed leaves the seeds as they were, and KMeans from the same seeds moves few papers.
    (On overlapping blobs like these, a random k-means++ start moved 83-158 of 480 papers.)"""

    rng = np.random.default_rng(0)
    vectors = np.concatenate(
        [centre + rng.normal(scale=1.5, size=(60, 16)) for centre in rng.normal(size=(8, 16))]
    )
    vectors, ids = vectors.astype(np.float32), [f"p{i:04d}" for i in range(480)]
    before, moves = cluster(vectors, 8, ids), []
    for trial in range(10):
        extra = vectors[rng.integers(len(vectors))] + rng.normal(scale=1.5, size=16)
        grown, grown_ids = np.vstack([vectors, extra.astype(np.float32)]), ids + [f"new{trial}"]
        seeds, grown_seeds = stable_seeds(vectors, ids, 8), stable_seeds(grown, grown_ids, 8)
        assert np.array_equal(seeds, grown_seeds) or any(
            (row == grown[-1]).all() for row in grown_seeds
        )
        moves.append(moved(before, cluster(grown, 8, grown_ids)[:-1]))
    assert np.median(moves) <= 24, moves  # 5% of the papers


def test_clusters_do_not_depend_on_row_order():
    ids, vectors = blobs()
    order = np.random.default_rng(2).permutation(len(ids))
    shuffled = cluster(vectors[order], 6, [ids[i] for i in order])
    assert moved(cluster(vectors, 6, ids)[order], shuffled) == 0


def test_started_from_the_previous_topics_one_more_paper_moves_almost_none():
    """Clustering that starts where the previous build's topics were keeps every paper the
    new one does not pull. On 400 papers in 8 weakly separated blobs, over ten trials: a
    median of 2.5 papers moved (at most 15); a fresh start moved a median of 20 (up to 149)."""
    rng = np.random.default_rng(1)
    vectors = np.concatenate(
        [centre + rng.normal(scale=3.0, size=(50, 16)) for centre in rng.normal(size=(8, 16))]
    ).astype(np.float32)
    ids = [f"p{i:04d}" for i in range(400)]
    before = cluster(vectors, 8, ids)
    previous = [
        [pid for pid, k in zip(ids, before, strict=True) if k == label] for label in range(8)
    ]
    moves = []
    for trial in range(10):
        extra = vectors[rng.integers(len(vectors))] + rng.normal(scale=1.5, size=16)
        grown, grown_ids = np.vstack([vectors, extra.astype(np.float32)]), ids + [f"new{trial}"]
        moves.append(moved(before, cluster(grown, 8, grown_ids, previous)[:-1]))
    assert np.median(moves) <= 4 and max(moves) <= 20, moves  # 1% and 5% of the papers


def test_the_previous_topics_are_a_start_only_while_they_fit():
    """Another number of topics, or a topic none of whose papers are left: a fresh start."""
    from generator.tags.topics import previous_centres

    data = np.eye(4)
    ids = ["a", "b", "c", "d"]
    centres = previous_centres(data, ids, [["a", "b"], ["c", "d", "gone"]], 2)
    assert np.allclose(centres, [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])
    assert previous_centres(data, ids, [["a", "b"], ["c", "d"]], 3) is None
    assert previous_centres(data, ids, [["a", "b", "c", "d"], ["gone"]], 2) is None


def test_a_topic_is_slugged_from_its_name_short_unique_and_listed_largest_first(monkeypatch):
    names = [
        "object detection (OD)",
        "graph neural networks",
        "graph neural networks",
        "∑∑",
        "graph neural networks",
        "the quick brown fox jumps over the lazy dog and the cat keeps sleeping",
    ]
    monkeypatch.setattr("generator.tags.topics.name_topics", lambda groups, *_, **__: names)
    sizes = [3, 1, 2, 1, 2, 1]
    ids = [f"g{g}p{i}" for g, size in enumerate(sizes) for i in range(size)]
    labels = np.array([g for g, size in enumerate(sizes) for _ in range(size)])
    topics = make_topics(ids, np.zeros((len(ids), 2)), dict.fromkeys(ids, ()), labels)
    assert [(t.slug, len(t.paper_ids)) for t in topics] == [
        ("object-detection", 3),
        ("graph-neural-networks-2", 2),
        ("graph-neural-networks-3", 2),
        ("graph-neural-networks", 1),
        ("the-quick-brown-fox-jumps-over-the-lazy-dog-and", 1),  # 50 characters at most
        ("topic", 1),
    ]
    assert topics[0].label == "object detection (OD)"


def continuum(papers: int = 80) -> tuple[list[str], np.ndarray]:
    """Papers spread without groups: the topics are whatever the seeds make of them, so any
    change to the seeds moves papers between topics."""
    vectors = np.random.default_rng(3).normal(size=(papers, 8))
    return [f"p{i:03d}" for i in range(papers)], vectors


def test_without_ids_a_paper_is_known_by_its_row_number():
    _, vectors = continuum()
    rows = [str(i) for i in range(len(vectors))]
    assert (cluster(vectors, 4) == cluster(vectors, 4, rows)).all()
    assert (kmeans(vectors, 4) == kmeans(vectors, 4, rows)).all()


def test_topics_of_overlapping_papers_are_the_same_in_any_order():
    """On a continuum only the ids decide the seeds, so the topics follow the papers, not
    their rows."""
    ids, vectors = continuum()
    tags = {pid: (f"tag {i % 5}", f"tag {i % 7}") for i, pid in enumerate(ids)}
    before = make_topics(ids, vectors, tags)
    order = np.random.default_rng(100).permutation(len(ids))
    after = make_topics([ids[i] for i in order], vectors[order], tags)
    assert {frozenset(t.paper_ids) for t in after} == {frozenset(t.paper_ids) for t in before}
    assert len(before) > 1


def test_labels_must_match_the_papers():
    with pytest.raises(ValueError):
        make_topics(["a", "b", "c"], np.zeros((3, 2)), dict.fromkeys("abc", ()), np.array([0, 1]))


def test_as_many_papers_as_topics_allowed_each_is_its_own_topic():
    """Even two papers with the same vector: no clustering is needed, and none is done."""
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [0.8, 0.6]])
    assert sorted(cluster(vectors, 5).tolist()) == [0, 1, 2, 3, 4]
    assert kmeans(vectors[:3], 3).tolist() == [0, 1, 2]
    assert kmeans(vectors[:2], 3).tolist() == [0, 1]


def smoothed_by_hand(vectors: np.ndarray, neighbours: int) -> np.ndarray:
    """Each unit vector plus SMOOTHING_WEIGHT x the mean of its `neighbours` most similar others
    (brute force in float64), made unit again."""
    unit = unit_rows(vectors.astype(np.float64))
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :neighbours]
    return unit_rows(unit + SMOOTHING_WEIGHT * unit[nearest].mean(axis=1))


@pytest.mark.parametrize(("papers", "neighbours"), [(3, 0), (5, 1), (8, 1), (9, 2), (40, 8)])
def test_a_paper_is_pulled_towards_its_nearest_neighbours_at_most_a_quarter_of_them(
    papers, neighbours
):
    vectors = np.random.default_rng(papers).normal(size=(papers, 6))
    expected = smoothed_by_hand(vectors, neighbours) if neighbours else unit_rows(vectors)
    assert np.allclose(smoothed(vectors), expected, atol=1e-6)


def test_neighbours_are_found_in_float32_and_a_tie_goes_to_the_earlier_paper():
    """Papers 1 and 2 are as similar to paper 0 in float32 (0.8 and 0.8 + 1e-10): paper 1, the
    earlier, is its neighbour, though paper 2 is nearer in float64."""
    far = math.sqrt(1 - 0.8**2)
    vectors = np.array(
        [
            [1.0, 0, 0, 0],
            [0.8, far, 0, 0],
            [0.8 + 1e-10, 0, math.sqrt(1 - (0.8 + 1e-10) ** 2), 0],
            [0, 0, 0, 1.0],
            [0, -0.6, 0, 0.8],
        ]
    )
    assert np.allclose(smoothed(vectors)[0], unit_rows(vectors[[0]] + 3.0 * vectors[[1]])[0])


def test_corpora_above_the_limit_are_neither_smoothed_nor_in_float64(monkeypatch):
    monkeypatch.setattr("generator.tags.topics.FULL_KMEANS_UP_TO", 100)
    monkeypatch.setattr("generator.tags.topics.SMOOTH_UP_TO", 100)
    vectors = np.random.default_rng(0).normal(size=(101, 6))
    small, big = smoothed(vectors[:100]), smoothed(vectors)
    assert small.dtype == np.float64 and big.dtype == np.float32
    assert np.allclose(big, unit_rows(vectors), atol=1e-6)
    assert np.allclose(small, smoothed_by_hand(vectors[:100], 8), atol=1e-6)


@pytest.mark.filterwarnings("error")
def test_kmeans_runs_on_one_thread_in_float64_and_above_the_limit_in_float32(monkeypatch):
    """One thread: centre sums rounded alike on every machine (see kmeans); float32 halves the
    memory of a large corpus; at most KMEANS_ITERATIONS rounds; and no warning."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_info, threadpool_limits

    fitted = []
    fit_predict = KMeans.fit_predict

    def spy(self, data, *args, **kwargs):
        threads = {pool["num_threads"] for pool in threadpool_info()}
        fitted.append((data.dtype, self.max_iter, threads))
        return fit_predict(self, data, *args, **kwargs)

    monkeypatch.setattr(KMeans, "fit_predict", spy)
    monkeypatch.setattr("generator.tags.topics.FULL_KMEANS_UP_TO", 100)
    _, vectors = continuum(101)
    with threadpool_limits(2):
        kmeans(vectors[:100], 4)
        kmeans(vectors, 4)
    assert fitted == [
        (np.float64, KMEANS_ITERATIONS, {1}),
        (np.float32, KMEANS_ITERATIONS, {1}),
    ]


def test_the_count_comes_from_the_data_whatever_the_row_order():
    """Five overlapping groups make five topics (cosine silhouette) in any row order: the
    sample's ids, not its rows, seed each count's clustering."""
    rng = np.random.default_rng(0)
    vectors = np.concatenate(
        [centre + rng.normal(size=(30, 8)) for centre in 2 * rng.normal(size=(5, 8))]
    )
    ids = [f"p{i:03d}" for i in range(150)]
    order = np.random.default_rng(100).permutation(150)
    assert choose_count(vectors, ids, 10) == 5
    assert choose_count(vectors[order], [ids[i] for i in order], 10) == 5


def test_the_count_leaves_at_least_two_papers_together():
    """A close pair and two loners: three clusters, not four singletons, however many are
    allowed."""
    vectors = np.array([[1.0, 0, 0, 0], [1.0, 0.01, 0, 0], [0, 0, 1.0, 0], [0, 0, 0, 1.0]])
    assert choose_count(vectors, ["a", "b", "c", "d"], 10) == 3


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_identical_papers_are_no_reason_for_fewer_topics():
    """All alike: every count makes one cluster and none scores, so `most` is taken. Three
    groups of identical papers score a perfect 1, and that count is within reach of itself."""
    ids = [f"p{i:02d}" for i in range(15)]
    assert choose_count(np.ones((10, 4)), ids[:10], 3) == 3
    assert 3 <= choose_count(np.eye(4)[[0] * 5 + [1] * 5 + [2] * 5], ids, 6) <= 6


def test_the_counts_tried_are_every_one_to_ten_then_15_percent_more_and_the_most():
    assert _counts(0) == _counts(1) == []
    assert _counts(2) == [2] and _counts(3) == [2, 3]
    assert _counts(60) == [*range(2, 11), 12, 14, 16, 18, 21, 24, 28, 32, 37, 43, 49, 56, 60]


SPLITMIX_GAMMA = 0x9E3779B97F4A7C15


def unmix(z: int) -> int:
    """The state splitmix64 mixes into z (its finalizer, inverted)."""

    def unshift(y: int, shift: int) -> int:
        x = y
        for _ in range(64 // shift + 1):
            x = y ^ (x >> shift)
        return x

    z = unshift(z, 31) * pow(0x94D049BB133111EB, -1, 2**64) % 2**64
    z = unshift(z, 27) * pow(0xBF58476D1CE4E5B9, -1, 2**64) % 2**64
    return unshift(z, 30)


def test_clocks_are_exponential_draws_from_splitmix64_of_the_key_and_step():
    """Key 0 at steps 0, 1, 2 is splitmix64 seeded with 0 (its published first outputs); the
    keys that mix to 0 and to 2^64 - 1 still draw finite, positive clocks (the latter drew 0:
    its uniform draw rounded up to 1)."""
    outputs = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    for step, output in enumerate(outputs):
        expected = -math.log(((output >> 11) + 0.5) / 2.0**53)
        assert _clocks(np.array([0], dtype=np.uint64), step).tolist() == [expected]
    lowest, highest = ((unmix(z) - SPLITMIX_GAMMA) % 2**64 for z in (0, 2**64 - 1))
    clocks = _clocks(np.array([lowest, highest], dtype=np.uint64), 0)
    assert clocks[0] == 54 * math.log(2)  # -log(0.5 / 2^53)
    assert clocks[1] == pytest.approx(2.0**-53, rel=1e-6, abs=0)  # -log(1 - 2^-53): below 1, not 1


def seeds_by_hand(vectors: np.ndarray, ids: list[str], count: int) -> np.ndarray:
    """stable_seeds as its docstring says, written plainly: at each step the 2 + log(count)
    papers of smallest clock / squared distance to the seeds so far (clock alone at first), and
    of those the one that leaves the least total squared distance."""
    keys, sample = _keys(ids), min(len(ids), 2 + int(math.log(count)))
    distance, chosen = np.full(len(ids), np.inf), []
    for step in range(count):
        with np.errstate(divide="ignore"):
            weighted = _clocks(keys, step) / (distance if chosen else 1.0)
        candidates = sorted(np.argsort(weighted, kind="stable")[:sample].tolist())
        totals = {
            candidate: np.minimum(distance, ((vectors - vectors[candidate]) ** 2).sum(axis=1))
            for candidate in candidates
        }
        best = min(candidates, key=lambda candidate: totals[candidate].sum())
        chosen.append(best)
        distance = totals[best]
    return vectors[chosen]


@pytest.mark.parametrize("count", [1, 3, 8, 21])
def test_seeds_are_greedy_kmeans_plus_plus_with_clocks_from_the_ids(count):
    ids, vectors = continuum(300)
    assert np.array_equal(stable_seeds(vectors, ids, count), seeds_by_hand(vectors, ids, count))

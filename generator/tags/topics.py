"""Topics: KMeans clusters of paper vectors pulled towards their neighbours, as many as the data
asks for, named by topic_names.

Up to a corpus size where exact work is cheap (the seeds are far below), clustering runs on
smoothed float64 vectors; above it, in float32 on unsmoothed vectors.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from slugify import slugify

from generator.tags.related import ROW_BLOCK, top_columns, unit_rows
from generator.tags.topic_names import name_topics

# Above this size KMeans runs in float32 (half the memory of float64 at 100k papers).
FULL_KMEANS_UP_TO = 20_000
KMEANS_ITERATIONS = 100
# One stable start, not the best of several (scikit-learn's n_init): on the seeds plus a day
# the best of 20 starts gave homogeneity 0.73 (one start: 0.69, both at weight 2), but which
# start was best flipped with one more paper in 4 of 12 trials, moving 105 to 133 of 399
# papers to another topic.
# smoothed: neighbours, and their weight against the paper. Homogeneity with the arXiv category
# on the seeds plus a day, 16 topics, as measured on all 564 papers / as the mean of 12 random
# 90% subsets: weight 2: 0.69 / 0.69; 3: 0.71 / 0.70; 4: 0.67 / 0.70; none: 0.63. Dropping one
# paper moved a median of 5 others at weight 3, 16 at weight 2 (8 trials).
SMOOTHING_NEIGHBOURS = 8
SMOOTHING_WEIGHT = 3.0
SMOOTH_UP_TO = FULL_KMEANS_UP_TO  # the neighbour search costs what exact related papers cost
COUNT_SAMPLE = 2000  # papers the topic count is chosen on (choose_count)
SILHOUETTE_SLACK = 0.15  # choose_count


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    paper_ids: tuple[str, ...]


def topic_count(papers: int) -> int:
    """The most topics: floor(sqrt(n/2)), 14 for the 398 seed papers, and never over 60, so
    topics stay browsable. How many there are is up to the data (choose_count)."""
    return max(1, min(60, math.isqrt(papers // 2)))


def cluster(
    vectors: np.ndarray,
    most: int,
    ids: Sequence[str] | None = None,
    previous: Sequence[Collection[str]] = (),
) -> np.ndarray:
    """Topic labels: kmeans over the smoothed vectors, into as many topics as the data asks
    for (choose_count), at most `most`; started from the `previous` build's topics (their
    paper ids) while there are as many (previous_centres)."""
    if len(vectors) <= most:
        return np.arange(len(vectors))
    ids, data = (
        list(ids) if ids is not None else [str(i) for i in range(len(vectors))],
        smoothed(vectors),
    )
    count = choose_count(data, ids, most)
    return kmeans(data, count, ids, start=previous_centres(data, ids, previous, count))


def previous_centres(
    data: np.ndarray, ids: Sequence[str], previous: Sequence[Collection[str]], count: int
) -> np.ndarray | None:
    """The centres of the previous build's topics (the mean of their papers still here), if
    there are `count` of them and each still has a paper: KMeans started there moves a paper
    to another topic only where the new papers pull it, so a day's arrivals do not reshuffle
    the field (a fresh start from one more paper moved 50 to 105 of the 398 seed papers in 4
    of 20 trials). A new start is drawn when the number of topics changes."""
    if len(previous) != count:
        return None
    row = {pid: index for index, pid in enumerate(ids)}
    centres = []
    for members in previous:
        rows = sorted(row[pid] for pid in members if pid in row)
        if not rows:
            return None
        centres.append(data[rows].mean(axis=0))
    return np.stack(centres)


def kmeans(
    vectors: np.ndarray,
    count: int,
    ids: Sequence[str] | None = None,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """KMeans into `count` clusters from `start`, else from stable_seeds: the same papers give
    the same topics, and one more paper moves few papers between topics (a random k-means++
    start moved 351 of the 398 seed papers), so a rebuild re-renders few pages. Float32 above
    FULL_KMEANS_UP_TO."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    if len(vectors) <= count:
        return np.arange(len(vectors))
    big = len(vectors) > FULL_KMEANS_UP_TO
    data = vectors.astype(np.float32 if big else np.float64)
    seeds = (
        start.astype(data.dtype)
        if start is not None
        else stable_seeds(
            data, list(ids) if ids is not None else [str(i) for i in range(len(data))], count
        )
    )
    # One thread: scikit-learn adds each thread's partial centre sums in the order the threads
    # finish, so more threads could round centres (and so break near-ties) differently from
    # run to run and machine to machine. Measured cost: 0.7 s instead of 0.4 s at 100k papers.
    with threadpool_limits(1):
        return KMeans(
            n_clusters=count, init=seeds, n_init=1, max_iter=KMEANS_ITERATIONS
        ).fit_predict(data)


def smoothed(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors, each pulled towards the mean of its nearest neighbours, so that its
    neighbourhood, not its abstract's wording alone, decides its topic: on the seeds plus a day
    of arXiv, homogeneity 0.63 -> 0.71, and one paper more or less moves fewer others between
    topics (see SMOOTHING_NEIGHBOURS). Not above SMOOTH_UP_TO (n^2 products)."""
    big = len(vectors) > FULL_KMEANS_UP_TO
    unit = unit_rows(vectors.astype(np.float32 if big else np.float64))
    neighbours = min(SMOOTHING_NEIGHBOURS, (len(unit) - 1) // 4)  # at most a quarter of the corpus
    if neighbours < 1 or len(unit) > SMOOTH_UP_TO:
        return unit
    # Neighbours found in float32: twice as fast; a near-tie rounded either way changes one of
    # eight.
    single = unit.astype(np.float32)
    pulled = unit.copy()
    for start in range(0, len(unit), ROW_BLOCK):
        block = single[start : start + ROW_BLOCK] @ single.T
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # not itself
        nearest = np.array(top_columns(block, np.arange(len(unit)), neighbours))
        pulled[start : start + len(block)] += SMOOTHING_WEIGHT * unit[nearest].mean(axis=1)
    return unit_rows(pulled)


def choose_count(vectors: np.ndarray, ids: Sequence[str], most: int) -> int:
    """The most clusters (up to `most`) whose silhouette is within SILHOUETTE_SLACK of the best
    count's distance from a perfect 1. Clear groups peak high at their number and more clusters
    fall well below (6 blobs: 0.80 at 6, 0.71 at 7); on a continuum (the seeds and a day of
    arXiv: 0.16 to 0.24 for 2 to 16) no count is clearly better and `most` is taken. Counted on
    the COUNT_SAMPLE papers whose ids hash lowest: cheap at 100k papers, and stable."""
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    rows = np.sort(np.argsort(_keys(ids), kind="stable")[:COUNT_SAMPLE])
    sample, sample_ids = unit_rows(vectors[rows].astype(np.float64)), [ids[row] for row in rows]
    distance = np.maximum(1 - sample @ sample.T, 0)  # cosine, once for every count
    np.fill_diagonal(distance, 0)
    scores = {}
    with threadpool_limits(1):
        for count in _counts(min(most, len(rows) - 1)):
            labels = kmeans(sample, count, sample_ids)
            if len(np.unique(labels)) > 1:
                scores[count] = float(silhouette_score(distance, labels, metric="precomputed"))
    if not scores:
        return min(most, len(vectors))
    best = max(scores.values())
    return max(
        count for count, score in scores.items() if score >= best - SILHOUETTE_SLACK * (1 - best)
    )


def _counts(most: int) -> list[int]:
    """Cluster counts to try: every count from 2 to 10, then about 15% more each, and `most`."""
    counts, count = [], 2
    while count < most:
        counts.append(count)
        count = max(count + 1, round(count * 1.15))
    return counts + [most] if most >= 2 else []


def stable_seeds(vectors: np.ndarray, ids: list[str], count: int) -> np.ndarray:
    """Greedy k-means++ seeding (as scikit-learn's) whose randomness comes from the papers'
    ids, not from a random stream: at each step every paper draws an exponential "clock"
    from (its id, the step); the papers with the smallest clock / squared distance to the
    seeds so far are a weighted sample, as k-means++ asks, and of those the one that lowers
    the total distance most is chosen. Another paper changes the seeds only if it is sampled."""
    keys = _keys(ids)
    sample = min(len(ids), 2 + int(math.log(count)))
    norms = np.einsum("ij,ij->i", vectors, vectors)
    distance = np.full(len(ids), np.inf)
    chosen: list[int] = []
    for step in range(count):
        with np.errstate(divide="ignore"):  # chosen papers are at distance 0: never again
            weighted = _clocks(keys, step) / (
                distance if chosen else 1.0
            )  # the first: every paper weighs 1
        candidates = np.sort(np.argpartition(weighted, sample - 1)[:sample])
        # |x - c|^2 as |x|^2 + |c|^2 - 2 x.c: one matrix product for all candidates (10x faster
        # than a difference array per candidate at 100k papers; the same seeds, measured).
        products = vectors @ vectors[candidates].T
        to_candidates = np.maximum(norms[:, None] + norms[candidates] - 2 * products, 0)
        options = np.minimum(distance[:, None], to_candidates)
        best = int(np.argmin(options.sum(axis=0)))
        chosen.append(int(candidates[best]))
        distance = options[:, best]
    return vectors[chosen]


def _keys(ids: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of each id: fixed for a paper, whatever else is in the corpus."""
    digests = (hashlib.blake2b(pid.encode(), digest_size=8).digest() for pid in ids)
    return np.array([int.from_bytes(digest, "little") for digest in digests], dtype=np.uint64)


def _clocks(keys: np.ndarray, step: int) -> np.ndarray:
    """Exp(1) draws, one per key, from splitmix64 of (key, step): fixed for a paper and step."""
    with np.errstate(over="ignore"):
        z = keys + np.uint64((step + 1) * 0x9E3779B97F4A7C15 % 2**64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    uniform = ((z >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53
    # in (0, 1): the top 53 bits all ones plus 0.5 round up to 2^53 in float64, a draw of 1,
    # a clock of 0 (and of 0 / 0 for a chosen paper): kept just below 1.
    return -np.log(np.minimum(uniform, np.nextafter(1.0, 0.0)))


def make_topics(
    ids: list[str],
    vectors: np.ndarray,
    tags: dict[str, tuple[str, ...]],
    labels: np.ndarray | None = None,
    keyphrases: Mapping[str, Sequence[str]] | None = None,
) -> list[Topic]:
    """Topics from the cluster labels (computed here unless given), each named by what sets
    it apart from the others among its papers' tags and keyphrases (topic_names)."""
    labels = cluster(vectors, topic_count(len(ids)), ids) if labels is None else labels
    grouped = defaultdict(list)
    for pid, label in zip(ids, labels.tolist(), strict=True):
        grouped[label].append(pid)
    groups = [tuple(grouped[cluster_id]) for cluster_id in sorted(grouped)]
    topics, slugs = [], set()
    for members, label in zip(groups, name_topics(groups, tags, keyphrases), strict=True):
        slug = base = (
            slugify(re.sub(r"\([^)]*\)", "", label), max_length=50, word_boundary=True) or "topic"
        )
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        topics.append(Topic(slug, label, members))
    return sorted(topics, key=lambda topic: (-len(topic.paper_ids), topic.slug))

"""Topics (KMeans clusters of paper vectors pulled towards their neighbours, as many as the data
asks for, named by topic_names) and related papers (nearest vectors).

Up to a corpus size where exact work is cheap (the seeds are far below), clustering and related
papers are exact; above it, clustering runs in float32 on unsmoothed vectors and related papers
are searched within the paper's topic and the topics nearest to it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from slugify import slugify

from .topic_names import name_topics

RELATED_COUNT = 5
ROW_BLOCK = 1024  # rows of the similarity matrix computed at once (float64): memory stays flat
# Exact related papers cost n^2 dot products: ~5 s at 20k papers on two cores, ~2.5 min at 100k.
EXACT_RELATED_UP_TO = 20_000
# Above that, a topic's papers search it and the topics with the nearest centroids: with 60
# topics that is about a tenth of the pairs, and neighbours across a topic border are still found.
# (Recall of the exact top 5 on 100k noisy replicas: 0.99, or 0.92 where noise swamps structure.)
RELATED_PROBES = 6
# Rows per block there: a topic's probed papers can number 25k, so a block (float64) stays near 100 MB.
PROBED_ROW_BLOCK = 512
# Above this size KMeans runs in float32 (half the memory of float64 at 100k papers).
FULL_KMEANS_UP_TO = 20_000
KMEANS_ITERATIONS = 100
# smoothed: neighbours, and their weight against the paper. Homogeneity with the arXiv category
# on the seeds plus a day (mean of 20 seedings, 16 topics): 8 at weight 1.5 to 5: 0.70 to 0.71;
# 5: 0.68; 15: 0.69 to 0.70; none: 0.63.
SMOOTHING_NEIGHBOURS = 8
SMOOTHING_WEIGHT = 2.0
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


def cluster(vectors: np.ndarray, most: int, ids: Sequence[str] | None = None) -> np.ndarray:
    """Topic labels: kmeans over the smoothed vectors, into as many topics as the data asks
    for (choose_count), at most `most`."""
    if len(vectors) <= most:
        return np.arange(len(vectors))
    ids, data = list(ids) if ids is not None else [str(i) for i in range(len(vectors))], smoothed(vectors)
    return kmeans(data, choose_count(data, ids, most), ids)


def kmeans(vectors: np.ndarray, count: int, ids: Sequence[str] | None = None) -> np.ndarray:
    """KMeans into `count` clusters from stable_seeds: the same papers give the same topics, and
    one more paper moves a few papers between topics, not all (a random k-means++ start moved
    351 of the 398 seed papers), so a rebuild re-renders few pages. Float32 above FULL_KMEANS_UP_TO."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    if len(vectors) <= count:
        return np.arange(len(vectors))
    big = len(vectors) > FULL_KMEANS_UP_TO
    data = vectors.astype(np.float32 if big else np.float64)
    seeds = stable_seeds(data, list(ids) if ids is not None else [str(i) for i in range(len(data))], count)
    # One thread: scikit-learn adds each thread's partial centre sums in the order the threads
    # finish, so more threads could round centres (and so break near-ties) differently from
    # run to run and machine to machine. Measured cost: 0.7 s instead of 0.4 s at 100k papers.
    with threadpool_limits(1):
        return KMeans(n_clusters=count, init=seeds, n_init=1, max_iter=KMEANS_ITERATIONS).fit_predict(data)


def smoothed(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors, each pulled towards the mean of its nearest neighbours, so that its
    neighbourhood, not its abstract's wording alone, decides its topic: on the seeds plus a day
    of arXiv, homogeneity 0.63 -> 0.71 (see SMOOTHING_NEIGHBOURS), and one more paper moves
    fewer others between topics (median of 8: 14 -> 2). Not above SMOOTH_UP_TO (n^2 products)."""
    big = len(vectors) > FULL_KMEANS_UP_TO
    unit = _unit(vectors.astype(np.float32 if big else np.float64))
    neighbours = min(SMOOTHING_NEIGHBOURS, (len(unit) - 1) // 4)  # at most a quarter of the corpus
    if neighbours < 1 or len(unit) > SMOOTH_UP_TO:
        return unit
    # Neighbours found in float32: twice as fast; a near-tie rounded either way changes one of eight.
    single = unit.astype(np.float32)
    pulled = unit.copy()
    for start in range(0, len(unit), ROW_BLOCK):
        block = single[start:start + ROW_BLOCK] @ single.T
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # not itself
        nearest = np.array(_top(block, np.arange(len(unit)), neighbours))
        pulled[start:start + len(block)] += SMOOTHING_WEIGHT * unit[nearest].mean(axis=1)
    return _unit(pulled)


def choose_count(vectors: np.ndarray, ids: Sequence[str], most: int) -> int:
    """The most clusters (up to `most`) whose silhouette is within SILHOUETTE_SLACK of the best
    count's distance from a perfect 1. Clear groups peak high at their number and more clusters
    fall well below (6 blobs: 0.80 at 6, 0.71 at 7); on a continuum (the seeds and a day of
    arXiv: 0.16 to 0.24 for 2 to 16) no count is clearly better and `most` is taken. Counted on
    the COUNT_SAMPLE papers whose ids hash lowest: cheap at 100k papers, and stable."""
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    rows = np.sort(np.argsort(_keys(ids), kind="stable")[:COUNT_SAMPLE])
    sample, sample_ids = _unit(vectors[rows].astype(np.float64)), [ids[row] for row in rows]
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
    return max(count for count, score in scores.items() if score >= best - SILHOUETTE_SLACK * (1 - best))


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
            weighted = _clocks(keys, step) / (distance if chosen else 1.0)  # the first: every paper weighs 1
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
    uniform = ((z >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53  # in (0, 1)
    return -np.log(uniform)


def make_topics(ids: list[str], vectors: np.ndarray, tags: dict[str, tuple[str, ...]],
                labels: np.ndarray | None = None,
                keyphrases: dict[str, Sequence[str]] | None = None) -> list[Topic]:
    """Topics from the cluster labels (computed here unless given), each named by what sets
    it apart from the others among its papers' tags and keyphrases (topic_names)."""
    labels = cluster(vectors, topic_count(len(ids)), ids) if labels is None else labels
    grouped = defaultdict(list)
    for pid, label in zip(ids, labels.tolist()):
        grouped[label].append(pid)
    groups = [tuple(grouped[cluster_id]) for cluster_id in sorted(grouped)]
    topics, slugs = [], set()
    for members, label in zip(groups, name_topics(groups, tags, keyphrases)):
        slug = base = slugify(re.sub(r"\([^)]*\)", "", label), max_length=50, word_boundary=True) or "topic"
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        topics.append(Topic(slug, label, members))
    return sorted(topics, key=lambda topic: (-len(topic.paper_ids), topic.slug))


def related_papers(ids: list[str], vectors: np.ndarray, count: int = RELATED_COUNT,
                   labels: np.ndarray | None = None) -> dict[str, tuple[str, ...]]:
    """Each paper's nearest papers by cosine similarity: exact up to EXACT_RELATED_UP_TO papers
    (or without cluster labels), else searched within nearby clusters."""
    if labels is None or len(ids) <= EXACT_RELATED_UP_TO:
        return exact_related(ids, vectors, count)
    return clustered_related(ids, vectors, labels, count)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _cosines(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """rows @ columns summed in float64, then rounded to float32. A float32 matrix product
    gives identical vectors scores that differ in the last bits with their column's position
    (measured: with reprints of 400 abstracts, shifting the rows by one changed 322 of 10,000
    related lists); float64 sums round to the same float32, so reprints tie exactly."""
    return (rows.astype(np.float64) @ columns.astype(np.float64, copy=False)).astype(np.float32)


def exact_related(ids: list[str], vectors: np.ndarray,
                  count: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """Every pair compared, a block of rows at a time. Ties go to the paper earlier in `ids`
    (tag_papers passes them sorted), never to whichever a partial sort met first: reprints of
    one abstract tie, and their related lists must not move when a new paper shifts the rows."""
    related: dict[str, tuple[str, ...]] = {}
    unit = _unit(vectors)
    every = unit.T.astype(np.float64)  # once, not per block
    take = min(count, len(ids) - 1)
    columns = np.arange(len(ids))
    for start in range(0, len(ids), ROW_BLOCK):
        block = _cosines(unit[start:start + ROW_BLOCK], every)
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # not itself
        for offset, nearest in enumerate(_top(block, columns, take)):
            related[ids[start + offset]] = tuple(ids[j] for j in nearest)
    return related


def clustered_related(ids: list[str], vectors: np.ndarray, labels: np.ndarray,
                      count: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """An inverted-file search: each cluster's papers are compared with the papers of the
    RELATED_PROBES clusters whose centroids are nearest its own (itself first). Ties go to the
    smaller id, as in the exact search."""
    unit = _unit(vectors.astype(np.float32, copy=False))
    members = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    centroids = _unit(np.stack([unit[rows].mean(axis=0) for rows in members]))
    take = min(count, len(ids) - 1)
    nearest: dict[int, np.ndarray] = {}
    for cluster_id, queries in enumerate(members):
        columns = _probed_columns(members, centroids @ centroids[cluster_id], take + 1)
        candidates = unit[columns].T.astype(np.float64)
        for start in range(0, len(queries), PROBED_ROW_BLOCK):
            rows = queries[start:start + PROBED_ROW_BLOCK]
            similarity = _cosines(unit[rows], candidates)
            similarity[np.arange(len(rows)), np.searchsorted(columns, rows)] = -np.inf  # not itself
            nearest.update(zip(rows.tolist(), _top(similarity, columns, take)))
    return {ids[row]: tuple(ids[j] for j in nearest[row]) for row in range(len(ids))}


def _probed_columns(members: list[np.ndarray], closeness: np.ndarray, at_least: int) -> np.ndarray:
    """Rows of the RELATED_PROBES nearest clusters (more while they hold too few papers), sorted."""
    order = np.argsort(-closeness, kind="stable")
    probes = RELATED_PROBES
    while probes < len(order) and sum(len(members[c]) for c in order[:probes]) < at_least:
        probes += 1
    return np.sort(np.concatenate([members[c] for c in order[:probes]]))


def _top(similarity: np.ndarray, columns: np.ndarray, take: int) -> list[np.ndarray]:
    """Per row, the `take` columns of highest similarity, most similar first, ties to the lower
    column. Everything at or above a bound of each row's take-th value (_floor) is kept, then
    ordered exactly."""
    if take <= 0:
        return [columns[:0]] * len(similarity)
    floor = _floor(similarity, take)
    rows, cols = np.nonzero(similarity >= floor)
    order = np.lexsort((cols, -similarity[rows, cols], rows))
    kept = np.bincount(rows, minlength=len(similarity))
    ranked = columns[cols[order]]
    return [ranked[start:start + take] for start in (np.cumsum(kept) - kept).tolist()]


def _floor(similarity: np.ndarray, take: int, chunk: int = 128) -> np.ndarray:
    """Per row, a lower bound of its take-th highest value: the take-th highest of the maxima of
    its `chunk`-column slices (that many slices hold a value at least as high). Few values reach
    it, so _top sorts few; 10x faster than partitioning whole rows of 20k columns."""
    whole = similarity.shape[1] // chunk * chunk
    maxima = similarity[:, :whole].reshape(len(similarity), -1, chunk).max(axis=2)
    if whole < similarity.shape[1]:
        maxima = np.hstack([maxima, similarity[:, whole:].max(axis=1, keepdims=True)])
    return np.partition(maxima if maxima.shape[1] >= take else similarity, -take, axis=1)[:, -take, None]

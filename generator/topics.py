"""Topics (clusters of paper vectors, named from their tags) and related papers (nearest vectors).

Up to a corpus size where exact work is cheap (the seeds are far below), clustering and related
papers are exact and unchanged; above it, clustering runs in float32 and
related papers are searched within the paper's topic and the topics nearest to it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from slugify import slugify

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


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    paper_ids: tuple[str, ...]


def topic_count(papers: int) -> int:
    """About sqrt(n/2) topics: 14 for the 398 seed papers, capped so topics stay browsable."""
    return max(1, min(60, round(math.sqrt(papers / 2))))


def cluster(vectors: np.ndarray, count: int, ids: Sequence[str] | None = None) -> np.ndarray:
    """KMeans from stable seeds (stable_seeds): the same papers give the same topics, and one
    more paper moves a few papers between topics instead of reshuffling them all (a random
    k-means++ start reshuffled 351 of the 398 seed papers), so a rebuild re-renders few pages."""
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


def stable_seeds(vectors: np.ndarray, ids: list[str], count: int) -> np.ndarray:
    """Greedy k-means++ seeding (as scikit-learn's) whose randomness comes from the papers'
    ids, not from a random stream: at each step every paper draws an exponential "clock"
    from (its id, the step); the papers with the smallest clock / squared distance to the
    seeds so far are a weighted sample, as k-means++ asks, and of those the one that lowers
    the total distance most is chosen. Another paper changes the seeds only if it is sampled."""
    keys = np.array([int.from_bytes(hashlib.blake2b(pid.encode(), digest_size=8).digest(), "little") for pid in ids],
                    dtype=np.uint64)
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
        to_candidates = np.maximum(norms[:, None] + norms[candidates] - 2 * (vectors @ vectors[candidates].T), 0)
        options = np.minimum(distance[:, None], to_candidates)
        best = int(np.argmin(options.sum(axis=0)))
        chosen.append(int(candidates[best]))
        distance = options[:, best]
    return vectors[chosen]


def _clocks(keys: np.ndarray, step: int) -> np.ndarray:
    """Exp(1) draws, one per key, from splitmix64 of (key, step): fixed for a paper and step."""
    with np.errstate(over="ignore"):
        z = keys + np.uint64((step + 1) * 0x9E3779B97F4A7C15 % 2**64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    uniform = ((z >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53  # in (0, 1)
    return -np.log(uniform)


def name_topic(member_tags: list[tuple[str, ...]], tag_frequency: Counter, papers: int) -> str:
    """The tags most typical of the topic: frequent inside it, rarer outside (count x idf)."""
    inside = Counter(tag for tags in member_tags for tag in tags)
    typical = lambda item: item[1] * math.log(1 + papers / tag_frequency[item[0]]) * (1 + 0.3 * item[0].count(" "))  # noqa: E731
    scored = sorted(inside.items(), key=lambda item: (-typical(item), item[0]))
    names: list[str] = []
    for tag, count in scored:
        words = set(re.findall(r"[a-z0-9]+", tag.lower()))
        if count >= 2 and not any(words <= set(re.findall(r"[a-z0-9]+", n.lower())) or
                                  set(re.findall(r"[a-z0-9]+", n.lower())) <= words for n in names):
            names.append(tag)
        if len(names) == 2:
            break  # only two make the name; a big topic has thousands of tags to compare
    return " · ".join(names[:2] or [tag for tag, _ in scored[:1]]) or "miscellaneous"


def make_topics(ids: list[str], vectors: np.ndarray, tags: dict[str, tuple[str, ...]],
                labels: np.ndarray | None = None) -> list[Topic]:
    """Topics from the cluster labels (computed here unless given), each named from its tags."""
    labels = cluster(vectors, topic_count(len(ids)), ids) if labels is None else labels
    frequency = Counter(tag for pid in ids for tag in tags[pid])
    grouped = defaultdict(list)
    for pid, label in zip(ids, labels.tolist()):
        grouped[label].append(pid)
    topics, slugs = [], set()
    for cluster_id in sorted(grouped):
        members = tuple(grouped[cluster_id])
        label = name_topic([tags[pid] for pid in members], frequency, len(ids))
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


def exact_related(ids: list[str], vectors: np.ndarray, count: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
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
    column. Everything at or above each row's take-th value is kept, then ordered exactly."""
    if take <= 0:
        return [columns[:0]] * len(similarity)
    floor = np.partition(similarity, -take, axis=1)[:, -take, None]
    rows, cols = np.nonzero(similarity >= floor)
    order = np.lexsort((cols, -similarity[rows, cols], rows))
    kept = np.bincount(rows, minlength=len(similarity))
    ranked = columns[cols[order]]
    return [ranked[start:start + take] for start in (np.cumsum(kept) - kept).tolist()]

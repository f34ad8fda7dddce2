"""Topics (clusters of paper vectors, named from their tags) and related papers (nearest vectors).

Up to a corpus size where exact work is cheap (the seeds are far below), clustering and related
papers are exact and unchanged; above it, clustering runs one KMeans start in float32 and
related papers are searched within the paper's topic and the topics nearest to it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from slugify import slugify

RELATED_COUNT = 5
ROW_BLOCK = 2048  # rows of the similarity matrix computed at once: memory stays flat at 100k papers
# Exact related papers cost n^2 dot products: ~5 s at 20k papers on two cores, ~2.5 min at 100k.
EXACT_RELATED_UP_TO = 20_000
# Above that, a topic's papers search it and the topics with the nearest centroids: with 60
# topics that is about a tenth of the pairs, and neighbours across a topic border are still found.
# (Recall of the exact top 5 on 100k noisy replicas: 0.99, or 0.92 where noise swamps structure.)
RELATED_PROBES = 6
# Rows per block there: a topic's probed papers can number 25k, so a block stays near 50 MB.
PROBED_ROW_BLOCK = 512
# KMeans (4 starts, float64) takes ~10 s at 20k papers and minutes at 100k; above this size
# MiniBatchKMeans: ~2 s at 100k, within 1% of KMeans' inertia on noisy synthetic replicas.
FULL_KMEANS_UP_TO = 20_000
MINIBATCH = 4096  # papers per MiniBatchKMeans step


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    paper_ids: tuple[str, ...]


def topic_count(papers: int) -> int:
    """About sqrt(n/2) topics: 14 for the 398 seed papers, capped so topics stay browsable."""
    return max(1, min(60, round(math.sqrt(papers / 2))))


def cluster(vectors: np.ndarray, count: int) -> np.ndarray:
    """KMeans with a fixed seed over rows in a fixed order: the same input, the same topics."""
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from threadpoolctl import threadpool_limits

    if len(vectors) <= count:
        return np.arange(len(vectors))
    if len(vectors) > FULL_KMEANS_UP_TO:
        batched = MiniBatchKMeans(n_clusters=count, n_init=3, batch_size=MINIBATCH, random_state=0)
        with threadpool_limits(1):  # its small steps run 3x slower threaded on two busy cores
            return batched.fit_predict(vectors.astype(np.float32))
    return KMeans(n_clusters=count, n_init=4, random_state=0).fit_predict(vectors.astype(np.float64))


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
    labels = cluster(vectors, topic_count(len(ids))) if labels is None else labels
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


def exact_related(ids: list[str], vectors: np.ndarray, count: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """Every pair compared, a block of rows at a time."""
    related: dict[str, tuple[str, ...]] = {}
    unit = _unit(vectors)
    take = min(count, len(ids) - 1)
    for start in range(0, len(ids), ROW_BLOCK):
        block = unit[start:start + ROW_BLOCK] @ unit.T
        for offset, row in enumerate(block):
            row[start + offset] = -np.inf
            nearest = np.argpartition(-row, take)[:take] if take > 0 else []
            ordered = sorted(nearest, key=lambda j: (-row[j], ids[j]))
            related[ids[start + offset]] = tuple(ids[j] for j in ordered)
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
        candidates = unit[columns].T
        for start in range(0, len(queries), PROBED_ROW_BLOCK):
            rows = queries[start:start + PROBED_ROW_BLOCK]
            similarity = unit[rows] @ candidates
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

"""Related papers: each paper's nearest papers by cosine similarity, exact up to a corpus size
where that is cheap (the seeds are far below), else searched within the paper's topic and the
topics nearest to it.
"""

from __future__ import annotations

import numpy as np

RELATED_COUNT = 5
ROW_BLOCK = 1024  # rows of the similarity matrix computed at once (float64): memory stays flat
# Exact related papers cost n^2 dot products: ~5 s at 20k papers on two cores, ~2.5 min at 100k.
EXACT_RELATED_UP_TO = 20_000
# Above that, a topic's papers search it and the topics with the nearest centroids: with 60
# topics that is about a tenth of the pairs, and neighbours across a topic border are still found.
# (Recall of the exact top 5 on 100k noisy replicas: 0.99, or 0.92 where noise swamps structure.)
RELATED_PROBES = 6
# Rows per block there: a topic's probed papers can number 25k, so a block (float64) stays near
# 100 MB.
PROBED_ROW_BLOCK = 512


def related_papers(
    ids: list[str],
    vectors: np.ndarray,
    count: int = RELATED_COUNT,
    labels: np.ndarray | None = None,
) -> dict[str, tuple[str, ...]]:
    """Each paper's nearest papers by cosine similarity: exact up to EXACT_RELATED_UP_TO papers
    (or without cluster labels), else searched within nearby clusters."""
    if labels is None or len(ids) <= EXACT_RELATED_UP_TO:
        return exact_related(ids, vectors, count)
    return clustered_related(ids, vectors, labels, count)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def cosines(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """rows @ columns summed in float64, then rounded to float32. A float32 matrix product
    gives identical vectors scores that differ in the last bits with their column's position
    (measured: with reprints of 400 abstracts, shifting the rows by one changed 322 of 10,000
    related lists); float64 sums round to the same float32, so reprints tie exactly."""
    return (rows.astype(np.float64) @ columns.astype(np.float64, copy=False)).astype(np.float32)


def exact_related(
    ids: list[str], vectors: np.ndarray, count: int = RELATED_COUNT
) -> dict[str, tuple[str, ...]]:
    """Every pair compared, a block of rows at a time. Ties go to the paper earlier in `ids`
    (tag_papers passes them sorted), never to whichever a partial sort met first: reprints of
    one abstract tie, and their related lists must not move when a new paper shifts the rows."""
    related: dict[str, tuple[str, ...]] = {}
    unit = unit_rows(vectors)
    every = unit.T.astype(np.float64)  # once, not per block
    take = min(count, len(ids) - 1)
    columns = np.arange(len(ids))
    for start in range(0, len(ids), ROW_BLOCK):
        block = cosines(unit[start : start + ROW_BLOCK], every)
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # not itself
        for offset, nearest in enumerate(top_columns(block, columns, take)):
            related[ids[start + offset]] = tuple(ids[j] for j in nearest)
    return related


def clustered_related(
    ids: list[str], vectors: np.ndarray, labels: np.ndarray, count: int = RELATED_COUNT
) -> dict[str, tuple[str, ...]]:
    """An inverted-file search: each cluster's papers are compared with the papers of the
    RELATED_PROBES clusters whose centroids are nearest its own (itself first). Ties go to the
    smaller id, as in the exact search."""
    unit = unit_rows(vectors.astype(np.float32, copy=False))
    members = [np.flatnonzero(labels == label) for label in np.unique(labels)]
    centroids = unit_rows(np.stack([unit[rows].mean(axis=0) for rows in members]))
    take = min(count, len(ids) - 1)
    nearest: dict[int, np.ndarray] = {}
    for cluster_id, queries in enumerate(members):
        columns = _probed_columns(members, centroids @ centroids[cluster_id], take + 1)
        candidates = unit[columns].T.astype(np.float64)
        for start in range(0, len(queries), PROBED_ROW_BLOCK):
            rows = queries[start : start + PROBED_ROW_BLOCK]
            similarity = cosines(unit[rows], candidates)
            similarity[np.arange(len(rows)), np.searchsorted(columns, rows)] = -np.inf  # not itself
            nearest.update(zip(rows.tolist(), top_columns(similarity, columns, take), strict=True))
    return {ids[row]: tuple(ids[j] for j in nearest[row]) for row in range(len(ids))}


def _probed_columns(members: list[np.ndarray], closeness: np.ndarray, at_least: int) -> np.ndarray:
    """Rows of the RELATED_PROBES nearest clusters (more while they hold too few papers), sorted."""
    order = np.argsort(-closeness, kind="stable")
    probes = RELATED_PROBES
    while probes < len(order) and sum(len(members[c]) for c in order[:probes]) < at_least:
        probes += 1
    return np.sort(np.concatenate([members[c] for c in order[:probes]]))


def top_columns(similarity: np.ndarray, columns: np.ndarray, take: int) -> list[np.ndarray]:
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
    return [ranked[start : start + take] for start in (np.cumsum(kept) - kept).tolist()]


def _floor(similarity: np.ndarray, take: int, chunk: int = 128) -> np.ndarray:
    """Per row, a lower bound of its take-th highest value: the take-th highest of the maxima of
    its `chunk`-column slices (that many slices hold a value at least as high). Few values reach
    it, so top_columns sorts few; 10x faster than partitioning whole rows of 20k columns."""
    whole = similarity.shape[1] // chunk * chunk
    maxima = similarity[:, :whole].reshape(len(similarity), -1, chunk).max(axis=2)
    if whole < similarity.shape[1]:
        maxima = np.hstack([maxima, similarity[:, whole:].max(axis=1, keepdims=True)])
    return np.partition(maxima if maxima.shape[1] >= take else similarity, -take, axis=1)[
        :, -take, None
    ]

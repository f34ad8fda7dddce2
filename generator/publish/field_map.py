"""The map of the field (/map/, theme map.js): every paper as a point in 2D, coloured by its
topic. A point never moves once placed: the previous build's positions are read back from
the site (map/points.bin) and kept; a new paper is placed among its nearest placed papers
(their positions weighted by likeness, plus a small offset of its own). Only a first build,
or one into a fresh site folder, lays the whole map out: each topic's centre by t-SNE of the
topics' mean vectors, and its papers around it along the topic's own two main directions.

Files (positions as uint16 in a fixed unit square, papers in arrival order, oldest first, so
a new paper adds to the end and earlier title chunks keep their bytes):
- map/points.bin: x, y, topic number per paper (little-endian uint16; 65535: no topic);
- map/map.json: {count, chunk, topics: [[slug, label, x, y, papers]]};
- map/titles-<n>.json: [slug, title as text] of papers n*chunk .. (n+1)*chunk - 1.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np

from generator.model import Paper
from generator.publish.cite import plain_title
from generator.publish.indexes import Group, arrival_key
from generator.state.files import dump_json
from generator.state.fingerprint import Held
from generator.tags.compact import decoded_vector

SCALE = 65535  # the unit square in uint16
NO_TOPIC = 65535
CHUNK = 2048  # titles per file: hover and click fetch one; search fetches them all
NEIGHBOURS = 8
MAP = "map"
logger = logging.getLogger(__name__)


def unit_vectors(papers: list[Paper]) -> np.ndarray:
    return np.stack([UNIT_VECTORS.of(p.compact_vector) for p in papers])


def _unit_vector(compact: str) -> np.ndarray:
    rows = decoded_vector(compact).astype(np.float32)[None]  # normed as a matrix's rows are
    return (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9))[0]


# Each paper's vector as the map reads it, from one build to the next: placing one new paper
# among a hundred thousand decodes one vector, not all of them.
UNIT_VECTORS = Held(_unit_vector)


def on_the_map(papers: list[Paper], previous: dict[str, tuple[int, int]]) -> list[Paper]:
    """The papers the map shows, in arrival order: those with a place, or a vector to find one
    by (a paper the tag stage gave no vector, and no earlier build placed, is left out)."""
    return sorted(
        (p for p in papers if p.slug and (p.compact_vector or p.slug in previous)),
        key=arrival_key,
    )


def topic_numbers(papers: list[Paper], topics: list[Group]) -> np.ndarray:
    """Each paper's topic as its number in `topics`, NO_TOPIC for none."""
    number = {p.id: index for index, group in enumerate(topics) for p in group.papers}
    return np.array([number.get(p.id, NO_TOPIC) for p in papers], np.int64)


def positions(
    papers: list[Paper], labels: np.ndarray, previous: dict[str, tuple[int, int]]
) -> np.ndarray:
    """(n, 2) uint16 positions of `papers` (on_the_map's; `labels` their topic_numbers): a
    paper `previous` (slug -> position) holds stays there, whatever else changed; the others,
    which have vectors, are placed among the kept papers that have vectors, or all laid out
    when there are none."""
    kept = np.array([p.slug in previous for p in papers], bool)
    quantized = np.zeros((len(papers), 2), np.uint16)
    if kept.any():
        quantized[kept] = [previous[p.slug] for p in papers if p.slug in previous]
    new = [p for p in papers if p.slug not in previous]
    anchors = [p for p in papers if p.slug in previous and p.compact_vector]
    if not new:
        return quantized
    if anchors:
        where = np.array([previous[p.slug] for p in anchors], np.float64) / SCALE
        found = _among(unit_vectors(new), unit_vectors(anchors), where)
        found += _jitter(new, 0.004)
    else:
        found = _laid_out(unit_vectors(new), new, labels[~kept])
    quantized[~kept] = np.rint(np.clip(found, 0, 1) * SCALE).astype(np.uint16)
    return quantized


def _jitter(papers: list[Paper], size: float) -> np.ndarray:
    """A small offset of each paper's own, from its slug: two papers placed among the same
    neighbours do not land on one point."""
    angles = [
        int.from_bytes(hashlib.blake2b(p.slug.encode(), digest_size=4).digest(), "little")
        for p in papers
    ]
    theta = np.array(angles, np.float64) / 2**32 * 2 * np.pi
    return size * np.column_stack([np.cos(theta), np.sin(theta)]).reshape(-1, 2)


def _among(new: np.ndarray, known: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Each new vector's place: its nearest known papers' positions, weighted by likeness."""
    placed = np.zeros((len(new), 2))
    for start in range(0, len(new), 1024):
        likeness = new[start : start + 1024] @ known.T
        count = min(NEIGHBOURS, known.shape[0])
        nearest = np.argpartition(-likeness, count - 1, axis=1)[:, :count]
        weights = np.maximum(np.take_along_axis(likeness, nearest, axis=1), 0) ** 4 + 1e-9
        weights /= weights.sum(axis=1, keepdims=True)
        placed[start : start + 1024] = np.einsum("nk,nkd->nd", weights, where[nearest])
    return placed


def _laid_out(vectors: np.ndarray, papers: list[Paper], label: np.ndarray) -> np.ndarray:
    """A whole layout in the unit square: topic centres by t-SNE, papers around them."""
    present = sorted(set(label.tolist()) - {NO_TOPIC})
    found = np.zeros((len(papers), 2))
    if present:
        centres = np.stack([vectors[label == t].mean(axis=0) for t in present])
        centre_at = _centre_layout(centres)
        sizes = np.array([(label == t).sum() for t in present], np.float64)
        gap = _nearest_gap(centre_at)
        for row, topic in enumerate(present):
            radius = 0.45 * gap * min(1.5, float(np.sqrt(sizes[row] / np.median(sizes))))
            members = label == topic
            found[members] = centre_at[row] + radius * _spread(vectors[members])
    loose = label == NO_TOPIC
    if loose.any():
        if present:
            extent = float(np.ptp(found[~loose], axis=0).max()) or 1.0
            found[loose] = _among(vectors[loose], vectors[~loose], found[~loose])
            found[loose] += _jitter([p for p, on in zip(papers, loose, strict=True) if on],
                                    0.004 * extent)  # fmt: skip
        else:
            found = _spread(vectors) * 0.5
    low, high = found.min(axis=0), found.max(axis=0)
    return 0.03 + 0.94 * (found - low) / np.where(high - low > 0, high - low, 1)


def _centre_layout(centres: np.ndarray) -> np.ndarray:
    count = len(centres)
    if count < 4:  # too few for t-SNE: on a line
        return np.column_stack([np.arange(count, dtype=np.float64), np.zeros(count)])
    from sklearn.manifold import TSNE

    perplexity = float(max(2.0, min(30.0, (count - 1) / 3)))
    embedding = TSNE(2, perplexity=perplexity, init="pca", random_state=0, max_iter=500)
    return np.asarray(embedding.fit_transform(centres), np.float64)


def _nearest_gap(points: np.ndarray) -> float:
    if len(points) < 2:
        return 1.0
    distances = np.linalg.norm(points[:, None] - points[None], axis=2)
    np.fill_diagonal(distances, np.inf)
    return float(np.median(distances.min(axis=1)))


def _spread(vectors: np.ndarray) -> np.ndarray:
    """Vectors around their mean along their two main directions, within the unit disc."""
    offsets = vectors - vectors.mean(axis=0)
    if len(vectors) < 2:
        return np.zeros((len(vectors), 2))
    _, _, axes = np.linalg.svd(offsets, full_matrices=False)
    flat = offsets @ axes[:2].T
    flat = np.column_stack([flat, np.zeros((len(flat), 2 - flat.shape[1]))])
    flat /= np.where(flat.std(axis=0) > 0, flat.std(axis=0), 1) * 2.5
    norms = np.linalg.norm(flat, axis=1, keepdims=True)
    return flat / np.maximum(norms, 1)


def map_files(papers: list[Paper], topics: list[Group], previous: dict[str, tuple[int, int]]):
    """Path -> bytes of the map's files (see the module's docstring)."""
    ordered = on_the_map(papers, previous)
    labels = topic_numbers(ordered, topics)
    points = np.column_stack([positions(ordered, labels, previous), labels])
    found = {f"{MAP}/points.bin": points.astype("<u2").tobytes()}
    rows = [[p.slug, plain_title(p.title)] for p in ordered]
    for start in range(0, len(rows), CHUNK):
        found[f"{MAP}/titles-{start // CHUNK}.json"] = dump_json(
            rows[start : start + CHUNK], compact=True
        )
    summary = []
    for index, group in enumerate(topics):
        members = points[:, 2] == index
        x, y = (int(np.median(points[members, axis])) if members.any() else 0 for axis in (0, 1))
        summary.append([group.slug, group.label, x, y, int(members.sum())])
    found[f"{MAP}/map.json"] = dump_json(
        {"count": len(ordered), "chunk": CHUNK, "topics": summary}, compact=True
    )
    return found


def read_positions(folder: Path) -> dict[str, tuple[int, int]]:
    """The previous build's positions by slug, from its map files in `folder`; empty where
    missing (a first build) or unreadable (then logged: the map is laid out again)."""
    try:
        summary = json.loads((folder / MAP / "map.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError, MemoryError):
        return _unreadable(folder)
    try:
        count, chunk = summary["count"], summary["chunk"]
        if not all(type(n) is int and n > 0 for n in (count, chunk)):
            return _unreadable(folder)
        points = np.frombuffer((folder / MAP / "points.bin").read_bytes(), "<u2").reshape(-1, 3)
        slugs = [
            row[0]
            for index in range(-(-count // chunk))
            for row in json.loads((folder / MAP / f"titles-{index}.json").read_text("utf-8"))
        ]
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError, MemoryError):
        return _unreadable(folder)
    if len(slugs) != len(points) or not all(isinstance(slug, str) for slug in slugs):
        return _unreadable(folder)
    return {slug: (int(x), int(y)) for slug, (x, y, _) in zip(slugs, points, strict=True)}


def _unreadable(folder: Path) -> dict[str, tuple[int, int]]:
    logger.info("map: the previous positions in %s could not be read; laid out again", folder)
    return {}

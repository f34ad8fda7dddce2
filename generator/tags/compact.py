"""Each paper's embedding as 128 int8 values (base64, 172 characters): what "For you" compares
in a reader's browser, well under 1 KB a paper. The projection is fixed, never fitted to the
corpus, so a paper's compact vector does not move as others arrive: for the bundled model, the
128 principal axes of the Inspec tuning abstracts, centred on their mean
(bench/fit_projection.py); for any other model, a seeded random orthonormal projection.

Why 128 (python bench/run.py --only for-you): with three NeRF seed papers saved, 75% of the
first 20 For you lists from the full vectors stay in its first 20 from these, 35% at 32 axes;
the arXiv sample day's nearest papers share a category as often as with the full vectors."""

from __future__ import annotations

import base64
from importlib.resources import files

import numpy as np

from generator.tags.embedders import DEFAULT_MODEL

DIMENSIONS = 128
LEARNED = f"projection-{DEFAULT_MODEL}-{DIMENSIONS}.npz"  # mean (384,), axes (384, 128)


def projection_for(model_name: str, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The mean to subtract and the (width, at most 128) axes to project on, for vectors of
    `model_name` (an embedder's name)."""
    if model_name.startswith(DEFAULT_MODEL):
        with files("generator.tags").joinpath("data", LEARNED).open("rb") as stream:
            learned = np.load(stream, allow_pickle=False)
            mean, axes = learned["mean"], learned["axes"]
        if axes.shape == (width, DIMENSIONS):
            return mean, axes
    seeded = np.random.default_rng(20261206).standard_normal((width, min(width, DIMENSIONS)))
    return np.zeros(width, np.float32), np.linalg.qr(seeded)[0].astype(np.float32)


def compact_vectors(vectors: np.ndarray, projection: tuple[np.ndarray, np.ndarray]) -> list[str]:
    """Each row centred and projected, scaled so its largest value is ±127 (cosine ignores
    the scale, so every row uses the whole int8 range), rounded, as base64 of its bytes."""
    mean, axes = projection
    projected = (vectors.astype(np.float32) - mean) @ axes
    largest = np.abs(projected).max(axis=1, keepdims=True) if len(projected) else projected
    scaled = projected * (127.0 / np.where(largest == 0, 1.0, largest))
    rows = np.clip(np.rint(scaled), -127, 127).astype(np.int8)
    return [base64.b64encode(row.tobytes()).decode("ascii") for row in rows]


def decoded_vector(text: str) -> np.ndarray:
    """A compact vector as int8 values again (tests, bench)."""
    return np.frombuffer(base64.b64decode(text), dtype=np.int8)

"""Compact vectors (tags/compact.py): what For you compares in the browser."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from generator.tags.compact import DIMENSIONS, compact_vectors, decoded_vector, projection_for


def unit_rows(count: int, width: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((count, width)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_bundled_model_gets_the_learned_projection_and_others_a_seeded_one():
    name = "all-MiniLM-L6-v2-float32-batch8"
    mean, axes = projection_for(name, 384)
    assert mean.shape == (384,) and axes.shape == (384, DIMENSIONS)
    assert np.abs(mean).sum() > 0  # centred on the Inspec abstracts' mean
    assert np.allclose(axes.T @ axes, np.eye(DIMENSIONS), atol=1e-4)  # principal axes
    other_mean, other_axes = projection_for("hashing-fake", 512)
    assert not other_mean.any() and other_axes.shape == (512, DIMENSIONS)
    assert np.allclose(other_axes.T @ other_axes, np.eye(DIMENSIONS), atol=1e-4)
    again = projection_for("hashing-fake", 512)[1]
    assert np.array_equal(other_axes, again)  # seeded: the same every build
    assert projection_for("hashing-fake", 16)[1].shape == (16, 16)  # never more than the width


def test_each_vector_is_128_int8_values_that_use_the_whole_range():
    vectors = unit_rows(5, 384)
    compact = compact_vectors(vectors, projection_for("all-MiniLM-L6-v2", 384))
    assert all(len(text) == 172 for text in compact)  # base64 of 128 bytes
    values = [decoded_vector(text) for text in compact]
    assert all(len(row) == DIMENSIONS and np.abs(row.astype(int)).max() == 127 for row in values)
    assert compact == compact_vectors(vectors, projection_for("all-MiniLM-L6-v2", 384))


def test_a_vector_keeps_its_compact_form_whatever_else_is_projected_with_it():
    vectors = unit_rows(6, 512)
    projection = projection_for("hashing-fake", 512)
    assert compact_vectors(vectors, projection)[2:4] == compact_vectors(vectors[2:4], projection)


def test_closeness_survives_compacting():
    base = unit_rows(1, 512, seed=1)
    near = base + 0.1 * unit_rows(1, 512, seed=2)
    far = unit_rows(1, 512, seed=3)
    rows = [
        decoded_vector(text).astype(np.float32)
        for text in compact_vectors(
            np.vstack([base, near, far]), projection_for("hashing-fake", 512)
        )
    ]
    units = [row / np.linalg.norm(row) for row in rows]
    assert units[0] @ units[1] > 0.9 > 0.5 > units[0] @ units[2]


@pytest.mark.parametrize("rows", [np.zeros((1, 512), np.float32), np.zeros((0, 512), np.float32)])
def test_a_zero_vector_or_none_at_all_is_no_error(rows):
    compact = compact_vectors(rows, projection_for("hashing-fake", 512))
    assert [base64.b64decode(text) for text in compact] == [bytes(DIMENSIONS)] * len(rows)

"""The vector file: every paper's vector, read back bit for bit; any other file reads as none."""

from __future__ import annotations

import numpy as np
import pytest

from generator.tags.vector_file import read_vectors, write_vectors

KEYS = ["k1", "k2", "k3"]
VECTORS = np.arange(12, dtype=np.float32).reshape(3, 4) / 7


def test_the_rows_asked_for_read_back_bit_for_bit(tmp_path):
    path = tmp_path / "cache" / "analyses.vectors.npz"
    write_vectors(path, KEYS, VECTORS)
    back = read_vectors(path, {"k1", "k3", "absent"})
    assert sorted(back) == ["k1", "k3"]
    assert back["k3"].dtype == np.float32 and back["k3"].tobytes() == VECTORS[2].tobytes()
    assert not list(path.parent.glob(".*.tmp"))  # written under a temporary name, then renamed


def test_a_missing_file_reads_as_none(tmp_path):
    assert read_vectors(tmp_path / "absent.npz", {"k1"}) == {}


@pytest.mark.parametrize(
    "arrays",
    [
        {"keys": np.array(KEYS), "vectors": VECTORS.astype(np.float64)},  # not float32
        {"keys": np.array(KEYS[:2]), "vectors": VECTORS},  # a key short
        {"keys": np.array(KEYS), "vectors": VECTORS.ravel()},  # not one row a key
        {"keys": np.arange(3), "vectors": VECTORS},  # keys not strings
        {"vectors": VECTORS},  # no keys
        {"keys": np.array(KEYS, dtype=object), "vectors": VECTORS},  # pickled: never loaded
    ],
)
def test_a_file_not_as_written_reads_as_none(tmp_path, arrays):
    path = tmp_path / "analyses.vectors.npz"
    np.savez(path, **arrays)
    assert read_vectors(path, set(KEYS)) == {}


def test_a_damaged_file_reads_as_none(tmp_path):
    path = tmp_path / "analyses.vectors.npz"
    write_vectors(path, KEYS, VECTORS)
    path.write_bytes(path.read_bytes()[:100])
    assert read_vectors(path, set(KEYS)) == {}
    path.write_bytes(b"not a zip file at all")
    assert read_vectors(path, set(KEYS)) == {}

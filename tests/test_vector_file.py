"""The vector file: every paper's vector, read back bit for bit under the token it was written
with; any other file reads as none, and a write that fails only leaves no file."""

from __future__ import annotations

import numpy as np
import pytest

from generator.tags.vector_file import read_vectors, write_vectors

KEYS = ["k1", "k2", "k3"]
VECTORS = np.arange(12, dtype=np.float32).reshape(3, 4) / 7


def test_the_rows_asked_for_read_back_bit_for_bit(tmp_path):
    path = tmp_path / "cache" / "analyses.vectors.npz"
    assert write_vectors(path, KEYS, VECTORS, "t1")
    back = read_vectors(path, {"k1", "k3", "absent"}, "t1")
    assert sorted(back) == ["k1", "k3"]
    assert back["k3"].dtype == np.float32 and back["k3"].tobytes() == VECTORS[2].tobytes()
    assert not list(path.parent.glob(".*.tmp"))  # written under a temporary name, then renamed


def test_a_file_written_for_another_cache_or_none_reads_as_none(tmp_path):
    path = tmp_path / "analyses.vectors.npz"
    write_vectors(path, KEYS, VECTORS, "t1")
    assert read_vectors(path, set(KEYS), "t2") == {}  # beside another database's rows
    assert read_vectors(path, set(KEYS), None) == {}  # a database that wrote no file
    assert read_vectors(tmp_path / "absent.npz", set(KEYS), "t1") == {}


@pytest.mark.parametrize(
    "arrays",
    [
        {"keys": np.array(KEYS), "vectors": VECTORS.astype(np.float64)},  # not float32
        {"keys": np.array(KEYS[:2]), "vectors": VECTORS},  # a key short
        {"keys": np.array(KEYS), "vectors": VECTORS.ravel()},  # not one row a key
        {"keys": np.array(KEYS), "vectors": np.zeros((3, 0), np.float32)},  # empty rows
        {"keys": np.arange(3), "vectors": VECTORS},  # keys not strings
        {"vectors": VECTORS},  # no keys
        {"keys": np.array(KEYS, dtype=object), "vectors": VECTORS},  # pickled: never loaded
    ],
)
def test_a_file_not_as_written_reads_as_none(tmp_path, arrays):
    path = tmp_path / "analyses.vectors.npz"
    np.savez(path, token=np.array("t1"), **arrays)
    assert read_vectors(path, set(KEYS), "t1") == {}


def test_a_damaged_file_or_another_format_reads_as_none(tmp_path):
    path = tmp_path / "analyses.vectors.npz"
    write_vectors(path, KEYS, VECTORS, "t1")
    path.write_bytes(path.read_bytes()[:100])
    assert read_vectors(path, set(KEYS), "t1") == {}
    path.write_bytes(b"not a zip file at all")
    assert read_vectors(path, set(KEYS), "t1") == {}
    with open(path, "wb") as stream:  # a lone .npy array under the name
        np.save(stream, VECTORS)
    assert read_vectors(path, set(KEYS), "t1") == {}


def test_a_write_that_fails_leaves_no_file_and_says_so(tmp_path, monkeypatch):
    import errno

    from generator.tags import vector_file

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert not write_vectors(blocked / "analyses.vectors.npz", KEYS, VECTORS, "t1")

    def full_disk(stream, **arrays):
        stream.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vector_file.np, "savez", full_disk)
    assert not write_vectors(tmp_path / "analyses.vectors.npz", KEYS, VECTORS, "t1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]

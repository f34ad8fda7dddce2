"""Every paper's vector in one file beside the analysis cache, written by a full pass over the
papers: a new process (a restarted `digest serve`, a CI run) places new papers among 100k
vectors read at once (a tenth of a second) instead of row by row from SQLite (2-3 s).

A row is keyed as the cache's are: one text under one model and extraction version. The file
is written under a token the cache's database keeps, so a file beside another database (one
restored from elsewhere, or started anew after a damaged one was set aside) is not read. A file
that is missing, damaged, another cache's or not one this module wrote costs time, never the
build: its vectors are read from SQLite instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from generator.state.files import atomic_stream

logger = logging.getLogger(__name__)


class VectorMemo:
    """The vectors each cache file last gave out for placing papers, held by the process: a key
    names one text under one model and extraction version, so its vector never changes, and
    placing asks for every paper's vector on each build (150 MB of rows at 100k papers) where
    only the new papers' are not held already. What one call asks for replaces what is held."""

    held: dict[str, dict[str, np.ndarray]] = {}

    @classmethod
    def cache_clear(cls) -> None:
        cls.held.clear()


def write_vectors(path: Path, keys: list[str], vectors: np.ndarray, token: str) -> bool:
    """`vectors` (one float32 row per key, in `keys`' order) as `path`, an uncompressed .npz
    under `token`; False where it could not be written (a full disk, a read-only folder): the
    next new process reads SQLite instead, as it would without the file."""
    try:
        with atomic_stream(path) as stream:
            np.savez(
                stream,
                token=np.array(token),
                keys=np.array(keys, dtype=str),
                vectors=np.asarray(vectors, dtype=np.float32),
            )
    except OSError as error:
        logger.info("vectors not written to %s: %s", path, error)
        return False
    return True


def read_vectors(path: Path, wanted: set[str], token: str | None) -> dict[str, np.ndarray]:
    """The rows of `wanted` keys the file at `path` holds, as float32 vectors, where it was
    written under `token` (the one the cache beside it keeps); none for a missing file, one
    written for another cache, or anything else than write_vectors wrote."""
    if token is None or not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["token"]) != token:  # read first: the rows are 166 MB at 100k
                logger.debug("vectors in %s are another cache's", path)
                return {}
            keys, vectors = stored["keys"], stored["vectors"]
    except Exception as error:  # any file at all: it only costs time
        logger.debug("vectors in %s not read: %s", path, error)
        return {}
    rows_ok = vectors.ndim == 2 and vectors.shape[1] > 0 and vectors.dtype == np.float32
    if not rows_ok or keys.ndim != 1 or len(keys) != len(vectors) or keys.dtype.kind != "U":
        logger.debug("vectors in %s not read: %s, %s", path, keys.shape, vectors.shape)
        return {}
    return {key: row for key, row in zip(keys.tolist(), vectors, strict=True) if key in wanted}

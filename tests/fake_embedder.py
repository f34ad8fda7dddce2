"""A deterministic fake embedder for the tests: hashed bags of lowercase words, unit length.
Texts that share words are similar, so tag and related-paper logic behave sensibly, at no
model cost. Not part of the package: the build only ever uses the real model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from generator.tags.embedders import TokenEmbeddings, unit_vector


class HashingEmbedder:
    """Deterministic fake for unit tests: hashed bag of lowercase words, L2-normalized.
    Texts that share words are similar, so tag and related-paper logic behave sensibly."""

    name = "hashing-fake"

    def __init__(self, dimensions: int = 512):
        self.dimensions = dimensions
        self.calls: list[int] = []  # sizes of each embed() call, for tests that count work

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return self._vectors(texts)

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "little") % self.dimensions] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)

    def embed_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        self.calls.append(len(texts))
        results = []
        for text in texts:
            matches = list(re.finditer(r"[A-Za-z0-9]+", text))
            spans = np.asarray([m.span() for m in matches], dtype=np.int64).reshape(-1, 2)
            tokens = self._vectors([m.group() for m in matches])
            results.append(TokenEmbeddings(unit_vector(self._vectors([text])[0]), spans, tokens))
        return results

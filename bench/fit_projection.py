"""Fit the bundled model's For-you projection (generator/tags/compact.py): the mean of the
Inspec tuning abstracts' embeddings and their principal axes about it, each axis signed so its
largest entry is positive (the fit is deterministic). Run once per model; the result is
committed.

    python bench/fit_projection.py [INSPEC_JSONL]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from generator.tags.compact import DIMENSIONS, LEARNED  # noqa: E402
from generator.tags.embedders import SentenceTransformerEmbedder  # noqa: E402

INSPEC = ROOT.parent / "shared" / "benchmarks" / "inspec-dev.jsonl"


def fit(vectors: np.ndarray) -> dict[str, np.ndarray]:
    mean = vectors.astype(np.float64).mean(axis=0)
    _, _, axes = np.linalg.svd(vectors - mean, full_matrices=False)
    top = axes[:DIMENSIONS]
    signs = np.sign(top[np.arange(DIMENSIONS), np.abs(top).argmax(axis=1)])
    return {"mean": mean.astype(np.float32), "axes": (top * signs[:, None]).T.astype(np.float32)}


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else INSPEC
    abstracts = [json.loads(line)["abstract"] for line in source.open(encoding="utf-8")]
    vectors = SentenceTransformerEmbedder().embed(abstracts)
    target = ROOT / "generator" / "tags" / "data" / LEARNED
    np.savez(target, **fit(vectors))
    print(f"{target}: {DIMENSIONS} axes from {len(abstracts)} abstracts")


if __name__ == "__main__":
    main()

"""Keyphrase quality on Inspec (the tuning split in ../shared/benchmarks), by the usual protocol:
lowercase, punctuation to spaces, Porter-stem every word, exact phrase match; precision over
the top k predictions, recall over all gold phrases, F1@k micro-averaged over documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

from nltk.stem.porter import PorterStemmer

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "inspec-dev.jsonl"
_STEMMER = PorterStemmer()


def load(path: Path = DEFAULT_PATH, limit: int | None = None) -> list[dict]:
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return rows[:limit] if limit else rows


def normalize_phrase(phrase: str) -> str:
    words = re.sub(r"[^\w\s]|_", " ", phrase.lower()).split()
    return " ".join(_STEMMER.stem(word) for word in words)


def f1_at_k(predictions: list[list[str]], gold: list[list[str]], k: int = 5) -> dict[str, float]:
    matched = predicted = relevant = 0
    for predicted_phrases, gold_phrases in zip(predictions, gold, strict=True):
        top = list(dict.fromkeys(normalize_phrase(p) for p in predicted_phrases))[:k]
        truth = {normalize_phrase(g) for g in gold_phrases}
        matched += sum(1 for phrase in top if phrase in truth)
        predicted += len(top)
        relevant += len(truth)
    precision = matched / predicted if predicted else 0.0
    recall = matched / relevant if relevant else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(100 * precision, 1),
        "recall": round(100 * recall, 1),
        "f1": round(100 * f1, 1),
    }

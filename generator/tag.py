"""Tag: KeyBERT keyphrases per paper (cached by text hash), folded into tags that papers share.

Only texts missing from the cache reach the embedder, in one KeyBERT batch call, so a
rebuild with nothing new loads no model and embeds nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

from .embedders import Embedder, keybert_backend
from .model import Paper

# Bump when extraction settings change: old cache entries then stop matching.
EXTRACTION_VERSION = "keybert-1-2gram-mmr-v1"
CANDIDATES_PER_PAPER = 10

Keyphrases = list[tuple[str, float]]


@dataclass(frozen=True)
class TagSettings:
    min_tags: int = 3
    max_tags: int = 5


def cache_key(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{EXTRACTION_VERSION}\n{embedder_name}\n{text}".encode()).hexdigest()[:32]


def extract_keyphrases(texts: Sequence[str], embedder: Embedder) -> list[Keyphrases]:
    """KeyBERT over all texts in one batch call, with the shapes its API returns normalized."""
    if not texts:
        return []
    from keybert import KeyBERT

    model = KeyBERT(model=keybert_backend(embedder))
    result = model.extract_keywords(
        list(texts), keyphrase_ngram_range=(1, 2), stop_words="english",
        top_n=CANDIDATES_PER_PAPER, use_mmr=True, diversity=0.3,
    )
    if len(texts) == 1:  # one document gives a flat list, not a list of lists
        result = [result]
    if not result:  # an empty vocabulary gives [] for the whole batch
        result = [[] for _ in texts]
    return [[(phrase, round(float(score), 4)) for phrase, score in doc] for doc in result]


def keyphrases_for(papers: Sequence[Paper], embedder: Embedder, cache: dict[str, Keyphrases]) -> dict[str, Keyphrases]:
    """Keyphrases of every paper by id; new entries are added to `cache` in place."""
    keys = {paper.id: cache_key(embedder.name, paper.abstract) for paper in papers}
    missing = sorted({keys[p.id]: p.abstract for p in papers if keys[p.id] not in cache}.items())
    for (key, _), phrases in zip(missing, extract_keyphrases([text for _, text in missing], embedder)):
        cache[key] = [list(pair) for pair in phrases]
    return {paper.id: [tuple(pair) for pair in cache[keys[paper.id]]] for paper in papers}


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fold(phrase: str) -> str:
    """Canonical key of a phrase: lowercase, hyphens as spaces, singular words."""
    return " ".join(singular(word) for word in phrase.lower().replace("-", " ").split())


def is_tag_like(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and len(set(words)) == len(words) and not any(w.isdigit() for w in words)


def choose_tags(keyphrases: dict[str, Keyphrases], settings: TagSettings) -> dict[str, tuple[str, ...]]:
    """Per paper, its best-ranked phrases that other papers share, topped up to `min_tags`."""
    ranked = {pid: list(dict.fromkeys(fold(p) for p, _ in phrases if is_tag_like(fold(p))))
              for pid, phrases in keyphrases.items()}
    document_frequency = Counter(key for keys in ranked.values() for key in keys)
    labels = _labels(keyphrases)
    tags = {}
    for pid, keys in ranked.items():
        shared = [key for key in keys if document_frequency[key] >= 2][: settings.max_tags]
        extra = [key for key in keys if key not in shared][: max(0, settings.min_tags - len(shared))]
        chosen = [key for key in keys if key in shared or key in extra]
        tags[pid] = tuple(labels[key] for key in chosen)
    return tags


def _labels(keyphrases: dict[str, Keyphrases]) -> dict[str, str]:
    """Readable label per folded key: its most frequent surface form (ties: alphabetical)."""
    forms = Counter(phrase.lower() for phrases in keyphrases.values() for phrase, _ in phrases)
    best: dict[str, str] = {}
    for form, count in sorted(forms.items(), key=lambda item: (-item[1], item[0])):
        best.setdefault(fold(form), form)
    return best


def tag_papers(papers: Sequence[Paper], embedder: Embedder, cache: dict[str, Keyphrases],
               settings: TagSettings = TagSettings()) -> list[Paper]:
    keyphrases = keyphrases_for(papers, embedder, cache)
    tags = choose_tags(keyphrases, settings)
    return [replace(p, tags=tags[p.id], keyphrases=tuple(k for k, _ in keyphrases[p.id])) for p in papers]

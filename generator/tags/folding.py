"""Folding phrases to keys: lowercase, singular words, compounds kept whole; and the small
counting helpers the vocabulary and the acronym finder share."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

# Words seen in one build: a corpus of 100k papers has some 10^5 distinct words, each folded once.
WORD_CACHE = 1 << 18
SAME_IN_PLURAL = frozenset(
    {
        "series",
        "species",
        "means",
        "news",
        "physics",
        "mathematics",
        "bias",
        "atlas",
        "gas",
        "lens",
        "chaos",
        "alias",
        "canvas",
        "thesis",
    }
)


def _singular(word: str) -> str:
    if word in SAME_IN_PLURAL:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


# Cached here, not by a decorator: mutmut mutates no decorated function (bench/mutation.py).
singular = lru_cache(maxsize=WORD_CACHE)(_singular)


def fold_text(text: str) -> str:
    """Lowercase, each word singular; a compound stays one word (`layer-wise`), so no part of
    the vocabulary ever holds half of one. Words of nothing but hyphens are left out."""
    return " ".join([singular(word) for word in text.lower().split() if word.strip("-/")])


# Key of a phrase (fold_text, remembered: each phrase is folded several times a build).
fold = lru_cache(maxsize=WORD_CACHE)(fold_text)


def compact(key: str) -> str:
    """`pre-trained model`, `pre trained model` and `pretrained model` are one spelling."""
    return key.replace(" ", "").replace("-", "").replace("/", "")


def word_bag(key: str) -> str:
    """The parts of a key's words in any order (`GNN training`, `training GNNs`, once expanded
    and folded; `domain-adaptive segmentation`, `domain adaptive segmentation`)."""
    return " ".join(sorted(re.split(r"[ /-]+", key)))


def by_count(counts: dict) -> list[tuple]:
    """(item, count) pairs, most frequent first, ties in item order: two sorts in C, as
    sorted(key=lambda pair: (-pair[1], pair[0])) orders them but twice as fast (a stable
    sort by count keeps the item order of equal counts, reverse=True included)."""
    pairs = sorted(counts.items())
    pairs.sort(key=itemgetter(1), reverse=True)
    return pairs


def _most_common(counts: Counter, key_of) -> dict:
    """key_of(item) -> the item seen most often (ties: the smallest), over `counts`."""
    best: dict = {}
    for item, _ in by_count(counts):
        best.setdefault(key_of(item), item)
    return best


def _tails(key: str) -> tuple[str, ...]:
    """A phrase and the broader phrases it ends with: `sparse voxel grid`, `voxel grid`, `grid`."""
    words = key.split()
    return tuple(" ".join(words[start:]) for start in range(len(words)))


tails = lru_cache(maxsize=WORD_CACHE)(_tails)


def _surface(phrase: str) -> str:
    """Capitalized words lowercased (`Graph Neural Networks`, `Second-order`), others kept
    (`NeRF`, `GNNs`, `3D`: a capital after a digit is not a capitalized word)."""
    if phrase.islower():  # no capital letter, so no capitalized word: most phrases
        return " ".join(phrase.split())
    return " ".join(word.lower() if _capitalized(word) else word for word in phrase.split())


def _capitalized(word: str) -> bool:
    """`Graph`, `Self-Attention`, `Second-order`; not `3D`, `NeRF-based`, `GPT-4`, nor a
    letter's name before a hyphen: `B-spline`, `Q-value`, `K-means`."""
    first, *rest = word.split("-")
    if rest and len(first) == 1:
        return False
    return _capital_then_lower(first) and all(
        part.islower() or _capital_then_lower(part) for part in rest
    )


def _capital_then_lower(part: str) -> bool:
    return part[:1].isupper() and (part[1:].islower() or not part[1:])


surface = lru_cache(maxsize=WORD_CACHE)(_surface)

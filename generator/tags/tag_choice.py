"""Each paper's tags, chosen from its own keyphrases in the order its extraction ranked them.

A tag is the key of one of the paper's keyphrases (vocabulary.Vocabulary.key): a subject, not
too broad. The first `min_tags` are the paper's best subjects whether or not other papers share
them (what an indexer would write); the rest are subjects other papers share too (what groups
papers), still in the paper's own order.
"""

from __future__ import annotations

from collections import Counter

from generator.tags.folding import tails
from generator.tags.vocabulary import TagSettings, Vocabulary


def own_subjects(
    pid: str, phrases: list[str], vocabulary: Vocabulary, usable: set[str]
) -> list[str]:
    """The paper's keys that may be tags, best ranked first, each once."""
    return [
        key
        for key in dict.fromkeys(vocabulary.key_in(pid, phrase) for phrase in phrases)
        if key in usable
    ]


def _without_redundant(keys: list[str], shared: Counter) -> list[str]:
    """`backbone` is redundant beside `image backbone`: a key that ends another chosen key goes,
    unless it alone of the two groups the paper with others."""
    longer: dict[str, list[str]] = {}  # key -> the chosen keys it ends
    for other in keys:
        for tail in tails(other)[1:]:
            if tail != other:
                longer.setdefault(tail, []).append(other)
    kept = []
    for key in keys:
        ends = longer.get(key)
        if not ends or (shared[key] >= 2 and all(shared[other] < 2 for other in ends)):
            kept.append(key)
    return kept


def choose_tags(
    keyphrases: dict[str, list[str]], vocabulary: Vocabulary, settings: TagSettings | None = None
) -> dict[str, tuple[str, ...]]:
    """Tags of every paper, as labels (see the module docstring)."""
    settings = settings or TagSettings()
    usable = vocabulary.usable_keys()
    own = {
        pid: own_subjects(pid, phrases, vocabulary, usable) for pid, phrases in keyphrases.items()
    }
    frequency = Counter(vocabulary.document_frequency)
    tags = {}
    for pid, keys in own.items():
        best = keys[: settings.min_tags]
        grouping = [key for key in keys[settings.min_tags :] if frequency[key] >= 2]
        chosen = _without_redundant(best + grouping, frequency)[: settings.max_tags]
        tags[pid] = tuple(vocabulary.labels.get(key, key) for key in chosen)
    return tags

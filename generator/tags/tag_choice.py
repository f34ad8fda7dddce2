"""Each paper's tags, chosen from its own keyphrases in the order its extraction ranked them.

A tag is the key of one of the paper's keyphrases (vocabulary.Vocabulary.key): a subject, not
too broad. The first `min_tags` are the paper's best subjects whether or not other papers share
them (what an indexer would write); the rest are subjects other papers share too (what groups
papers), still in the paper's own order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from generator.tags.folding import tails
from generator.tags.vocabulary import TagSettings, Vocabulary


def subjects_of(pid: str, phrases: list[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    """The paper's keys, best ranked first, each once: what its tags are chosen from."""
    return tuple(dict.fromkeys(vocabulary.key_in(pid, phrase) for phrase in phrases))


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
    subjects = {pid: subjects_of(pid, phrases, vocabulary) for pid, phrases in keyphrases.items()}
    return tags_from(subjects, vocabulary, settings)


def tags_from(
    subjects: Mapping[str, Sequence[str]],
    vocabulary: Vocabulary,
    settings: TagSettings | None = None,
) -> dict[str, tuple[str, ...]]:
    """Tags of these papers from their subjects (subjects_of), as labels."""
    settings = settings or TagSettings()
    frequency = Counter(vocabulary.document_frequency)
    usable = {key for keys in subjects.values() for key in keys if vocabulary.usable(key)}
    tags = {}
    for pid, subject_keys in subjects.items():
        keys = [key for key in subject_keys if key in usable]
        best = keys[: settings.min_tags]
        grouping = [key for key in keys[settings.min_tags :] if frequency[key] >= 2]
        chosen = _without_redundant(best + grouping, frequency)[: settings.max_tags]
        tags[pid] = tuple(vocabulary.labels.get(key, key) for key in chosen)
    return tags

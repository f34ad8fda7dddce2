"""What a tag may be: a subject an indexer would name, in one canonical form.

A folded phrase (vocabulary.fold) is reduced to its subject by `core`: modifiers that name no
subject go (`deep`, `large`, and adjectives the Inspec indexers almost never keep: `novel`,
`efficient`, `important`), and so do head nouns that name a manner or a measure of the words
before them (`training process` is `training`, `object detection framework` is `object
detection`). `generic` then says whether what is left names nothing: a head of that kind alone,
a phrase whose every word indexers rarely keep (`wide range`, `significant challenge`) or is
too broad alone (`training data`, `network architecture`), or one everyday English word
(`optimization`, `inference`). Which words indexers keep is measured, not
listed by hand: generator/tags/data/indexing_words.txt, written by bench/indexing_words.py.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas

from generator.tags.indexing_words import RARELY_INDEXED
from generator.tags.keyphrases import word_class

# Change no subject: a deep neural network is a neural network, a large language model a
# language model.
SUBJECT_PRESERVING = frozenset({"deep", "large", "larger"})
# A modifier indexers keep in under this share of the abstracts that use it says nothing of the
# subject.
DROPPED_MODIFIER_SHARE = 0.1
# Nouns that name how or how well something is done, not what: dropped from the end of a phrase.
MANNER_HEADS = frozenset(
    (
        "framework",
        "process",
        "procedure",
        "manner",
        "way",
        "role",
        "range",
        "variety",
        "spectrum",
        "success",
        "improvement",
        "case",
        "challenge",
        "development",
        "difference",
        "alternative",
        "capability",
        "performance",
        "efficiency",
        "result",
        "issue",
        "aspect",
        "factor",
        "setting",
        "scenario",
        "paradigm",
        "strategy",
        "scheme",
        "approach",
        "method",
        "technique",
        "task",
        "application",
        "tool",
        "pipeline",
        "stage",
        "phase",
        "step",
        "quality",
        "cost",
        "speed",
        "accuracy",
        "overhead",
        "consumption",
        "time",
        "property",
        "ability",
        "capacity",
        "potential",
        "effectiveness",
        "superiority",
        "efficacy",
        "impact",
        "usage",
        "regime",
    )
)
# Single words too broad to group anything in a digest of research abstracts.
GENERIC_WORDS = frozenset(
    (
        "model",
        "network",
        "method",
        "approach",
        "framework",
        "algorithm",
        "system",
        "task",
        "data",
        "dataset",
        "performance",
        "result",
        "learning",
        "training",
        "paper",
        "work",
        "problem",
        "technique",
        "application",
        "analysis",
        "study",
        "experiment",
        "accuracy",
        "efficiency",
        "benchmark",
        "information",
        "process",
        "architecture",
        "structure",
        "scheme",
        "strategy",
        "solution",
        "issue",
        "challenge",
        "field",
        "area",
        "domain",
        "design",
        "setting",
        "feature",
        "image",
        "paradigm",
        "subset",
        "constraint",
        "estimation",
        "approximation",
        "parameter",
        "annotation",
        "baseline",
        "objective",
        "metric",
        "module",
        "component",
        "mechanism",
        "pipeline",
        "scenario",
        "capability",
        "variant",
        "operation",
        "version",
        "level",
        "quality",
        "property",
        "manner",
        "aspect",
        "factor",
        "query",
        "success",
        "ablation",
        "backbone",
        "encoder",
        "decoder",
        "kernel",
        "modality",
        "gradient",
        "iteration",
        "similarity",
    )
)
# A lone word at or above this English frequency (wordfreq's Zipf scale) is everyday English
# (`optimization` 3.7, `inference` 3.3), below it technical (`quantization` 2.5, `sparsity` 1.9).
SPECIFIC_WORD_ZIPF = 3.0
SHARE_RARE = 0.25  # RARELY_INDEXED holds the words under this share


def _is_droppable_modifier(word: str) -> bool:
    if word in SUBJECT_PRESERVING:
        return True
    if RARELY_INDEXED.get(word, 1.0) >= DROPPED_MODIFIER_SHARE:
        return False
    classes = getAllLemmas(word)  # `specific`: an adjective, and a noun; `million`: a number
    return word_class(word) == "M" or "ADJ" in classes or "NUM" in classes


# Cached here, not by a decorator: mutmut mutates no decorated function (bench/mutation.py).
_droppable_modifier = lru_cache(maxsize=1 << 16)(_is_droppable_modifier)


def _is_trailing_verb(word: str) -> bool:
    """`aims`, `remains` after a noun phrase: a verb indexers never keep, not a head noun."""
    return RARELY_INDEXED.get(word, 1.0) < DROPPED_MODIFIER_SHARE and "VERB" in getAllLemmas(word)


_trailing_verb = lru_cache(maxsize=1 << 16)(_is_trailing_verb)


def _core(key: str) -> str:
    """The subject a folded phrase names: leading modifiers that name none dropped (while two
    words are left for `deep`/`large`, one for the others), then trailing manner heads and
    verbs (`network calibration aims`)."""
    words = key.split()
    while len(words) > 1 and _droppable_modifier(words[0]):
        if words[0] in SUBJECT_PRESERVING and len(words) < 3:
            break  # `deep learning` is a subject; `learning` is not
        words = words[1:]
    while len(words) > 1 and (words[-1] in MANNER_HEADS or _trailing_verb(words[-1])):
        words = words[:-1]
    return " ".join(words)


core = lru_cache(maxsize=1 << 18)(_core)


def _generic(key: str) -> bool:
    """Names no subject: see the module docstring. `key` is a core()."""
    words = key.split()
    if (
        not words
        or words[-1] in MANNER_HEADS
        or any(word[0] in "-/" or word[-1] in "-/" for word in words)
    ):
        return True  # a manner, or half of a compound cut apart (`-based algorithm`)
    if (
        len(words) > 1
    ):  # every word rarely indexed (`wide range`) or generic alone (`training data`)
        return all(RARELY_INDEXED.get(word, 1.0) < SHARE_RARE for word in words) or all(
            word in GENERIC_WORDS for word in words
        )
    word = words[0]
    if word in GENERIC_WORDS or RARELY_INDEXED.get(word, 1.0) < SHARE_RARE:
        return True
    from wordfreq import (
        zipf_frequency,  # imported on first use: a rebuild that tags nothing skips it
    )

    return sum(ch.isalpha() for ch in word) < 3 or zipf_frequency(word, "en") >= SPECIFIC_WORD_ZIPF


generic = lru_cache(maxsize=1 << 18)(_generic)

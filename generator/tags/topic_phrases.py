"""Topic phrases: the phrases a topic may be named by, one key for each whatever its surface
form, and whether a phrase names anything at all.

A phrase is a paper's tag, or one of its keyphrases that is some paper's tag (the vocabulary
keeps keyphrases to phrases worth naming), or a run of words inside one of those that is itself
some paper's tag (`video generation` in `controllable video generation`). Surface forms that
differ only in case, plural, derivation or a spelled-out abbreviation (`object detectors`,
`object detection (OD)`, `OD`) count as one phrase: one key, its word stems. A phrase made of
generic words only (`training data`, `test time`) or one everyday English word names nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from generator.tags.folding import fold, surface
from generator.tags.subjects import SUBJECT_PRESERVING, core
from generator.tags.subjects import generic as names_no_subject

# A lone word at least this frequent in English (wordfreq's Zipf scale) is everyday English:
# `corpus` 3.6, `adaptation` 4.0, `attention` 5.1; `diffusion` 3.4, `pruning` 3.1 name a subject.
EVERYDAY_ZIPF = 3.6
# Words that name no subject in a digest of machine-learning abstracts: a phrase made of these
# alone (`training data`, `test time`, `deep neural networks`) names no topic.
GENERIC_WORDS = (
    "data",
    "dataset",
    "time",
    "test",
    "train",
    "model",
    "method",
    "approach",
    "framework",
    "performance",
    "result",
    "task",
    "learning",
    "network",
    "neural",
    "deep",
    "system",
    "process",
    "problem",
    "work",
    "paper",
    "study",
    "analysis",
    "set",
    "setting",
    "technique",
    "application",
    "algorithm",
    "accuracy",
    "efficiency",
    "quality",
    "cost",
    "large",
    "new",
    "novel",
    "efficient",
    "effective",
    "general",
    "downstream",
    "real",
    "world",
    "state",
    "art",
    "use",
    "level",
    "scale",
    "high",
    "low",
    "strategy",
    "design",
    "benchmark",
    "experiment",
    "evaluation",
    "challenge",
    "improvement",
    "architecture",
    "module",
    "information",
    "feature",
    "representation",
    "prediction",
    "output",
    "input",
    "step",
    "phase",
    "iteration",
    "machine",
    "modality",
)
# Words that leave a phrase a fragment when they start or end it (`based methods`, `trained with`).
FRAGMENT_WORDS = frozenset(
    {
        "based",
        "using",
        "via",
        "with",
        "without",
        "for",
        "of",
        "and",
        "or",
        "to",
        "from",
        "by",
        "on",
        "in",
        "towards",
    }
)
PLURAL = re.compile(r"(?<=[a-z]{3})(ies|(?<![isu])s)$")
DERIVATION = re.compile(r"(?<=[a-z]{4})(ations|ation|ions|ion|ings|ing|ors|or|ers|er|ity|ed|e)$")
PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A crude stem, enough to join a phrase's variants: `detectors`, `detection` -> `detect`."""
    return DERIVATION.sub(
        "", PLURAL.sub(lambda match: "y" if match.group(1) == "ies" else "", word.lower())
    )


# Cached here, not by a decorator: mutmut mutates no decorated function (bench/mutation.py).
stem = lru_cache(maxsize=1 << 16)(_stem)


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)


def _stems(phrase: str) -> tuple[str, ...]:
    """The phrase's word stems, without a parenthesised abbreviation or a leading `deep` or
    `large` that changes no subject (`deep reinforcement learning` is `reinforcement learning`)."""
    words = WORD.findall(PARENTHESES.sub(" ", phrase).lower())
    while len(words) > 2 and words[0] in SUBJECT_PRESERVING:
        words = words[1:]
    return tuple(stem(word) for word in words)


stems = lru_cache(maxsize=1 << 18)(_stems)


def abbreviations(phrases: Sequence[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each abbreviation spelled out in some phrase as `words (ABBR)` -> the stems of the words."""
    found: dict[tuple[str, ...], tuple[str, ...]] = {}
    for phrase in sorted(set(phrases)):
        match = PARENTHESES.search(phrase)
        if match and stems(match.group(1)) and stems(phrase):
            found.setdefault(stems(match.group(1)), stems(phrase))
    return found


def generic(phrase: str) -> bool:
    """Names nothing a topic could be about: only generic words, a fragment (`based ...`), or
    one everyday English word (`corpus`, `adaptation`; `pruning`, `diffusion` are specific)."""
    words = WORD.findall(PARENTHESES.sub(" ", phrase).lower())
    if not words or words[0] in FRAGMENT_WORDS or words[-1] in FRAGMENT_WORDS:
        return True
    if names_no_subject(core(fold(PARENTHESES.sub(" ", phrase)))):
        return True  # what no tag may be either (subjects.generic)
    if all(stem(word) in GENERIC_STEMS for word in words):
        return True
    return len(words) == 1 and _everyday(words[0])


def _is_everyday(word: str) -> bool:
    # Imported on first use: a build that names no topic skips it.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= EVERYDAY_ZIPF


_everyday = lru_cache(maxsize=1 << 14)(_is_everyday)


def paper_phrases(
    tags: Sequence[str], keyphrases: Sequence[str], aliases: Mapping, vocabulary: set
) -> dict:
    """The paper's phrases, key -> its surface forms there: its tags, its keyphrases that are
    tags, and the runs of two or more words inside those that are some paper's tag: a topic of
    `video generation model`, `controllable video generation` and `video generation` papers is
    about `video generation`, though no two of them carry the same whole phrase."""
    phrases: dict[tuple[str, ...], set[str]] = {}
    for position, phrase in enumerate(
        map(surface, [*tags, *keyphrases])
    ):  # `LLM Agents`: `LLM agents`
        key = stems(phrase)
        key = aliases.get(key, key)
        if key and (position < len(tags) or key in vocabulary):
            phrases.setdefault(key, set()).add(phrase)
        for run in _runs(PARENTHESES.sub(" ", phrase).split()):
            inner = aliases.get(stems(run), stems(run))
            if inner != key and inner in vocabulary:
                phrases.setdefault(inner, set()).add(run)
    return phrases


def _runs(words: list[str]) -> list[str]:
    """The phrases of two or more consecutive words inside `words`, not the whole."""
    return [
        " ".join(words[start : start + size])
        for size in range(2, len(words))
        for start in range(len(words) - size + 1)
    ]

"""Acronyms: `long form (ACRONYM)` definitions found in the texts, counted across the corpus,
and spelled out in keys; families such as LLM (a large LM) join their defined member."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from generator.tags.folding import WORD_CACHE, _most_common, fold
from generator.tags.keyphrases import word_class

ACRONYM_WORDS = 6  # the most words a long form may have
ACRONYM_DEFINITION = re.compile(
    rf"((?:[A-Za-z][\w-]*\s+){{1,{ACRONYM_WORDS}}})\(\s*([A-Z][A-Za-z0-9-]*[A-Z][a-z]?s?)\s*\)"
)
# The `(ACRONYM)` part alone: cheap to find, so the long form is only looked for before one.
ACRONYM_PARENTHESES = re.compile(r"\(\s*[A-Z][A-Za-z0-9-]*[A-Z][a-z]?s?\s*\)")
# A lexicon lookup that copies its entry each call; long forms repeat the same few words.
part_of_speech = lru_cache(maxsize=WORD_CACHE)(word_class)
# An acronym a family member's letter stands for: LLM is a large LM, DNN a deep NN
# (SUBJECT_PRESERVING).
FAMILY_LETTERS = {"l": "large", "d": "deep"}
ACRONYM_TOKEN = re.compile(r"[\s/()]+")


def _initials(words: list[str]) -> str:
    return "".join(part[0] for word in words for part in word.split("-") if part).lower()


def _expansion(acronym: str, words: list[str]) -> str | None:
    """The words before `(ACRONYM)` whose initials spell it, if they form a noun phrase."""
    if not words or part_of_speech(words[-1]) != "N":
        return None  # "differentially private (DP)": not a noun phrase, not a tag
    letters = "".join(ch for ch in acronym if ch.isupper() or ch.isdigit()).lower()
    for size in range(1, len(words) + 1):
        if _initials(words[-size:]) == letters and all(
            part_of_speech(w) != "X" for w in words[-size:]
        ):
            return " ".join(words[-size:])
    return None


def definitions_in(text: str):
    """What ACRONYM_DEFINITION.finditer(text) finds, without trying it at every character: from
    each `(ACRONYM)`, the search starts ACRONYM_WORDS whitespace-separated chunks back (a long
    form cannot start earlier, nor span a parenthesis)."""
    after_previous = 0
    for parentheses in ACRONYM_PARENTHESES.finditer(text):
        before = text[after_previous : parentheses.start()].rsplit(maxsplit=ACRONYM_WORDS)
        start = after_previous + (len(before[0]) if len(before) > ACRONYM_WORDS else 0)
        if match := ACRONYM_DEFINITION.search(text, start, parentheses.end()):
            yield match
        after_previous = parentheses.end()


def acronym_definitions(text: str) -> Iterator[tuple[str, str]]:
    """Each `long form (ACRONYM)` in the text: the acronym as written, and the long form if its
    initials spell it as a noun phrase (else "")."""
    for match in definitions_in(text):
        written = match.group(2)
        acronym = written.removesuffix("s")
        yield written, _expansion(acronym, match.group(1).split()) or ""


def count_acronyms(found: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """What acronym_definitions found in every text, counted. Returns the definitions
    (`{'gnn': 'graph neural network'}`, the most common expansion wins) and how each acronym
    is written (`{'nerf': 'NeRF'}`, the most common spelling, singular)."""
    definitions: Counter = Counter()
    spellings: Counter = Counter()
    for written, expansion in found:
        singular_form = (
            written[:-1]
            if written.endswith("s") and sum(ch.isupper() for ch in written[:-1]) >= 2
            else written
        )  # LLMs, NeRFs, ReLUs
        spellings[singular_form] += 1
        if expansion:
            acronym = written.removesuffix("s")
            definitions[(fold(acronym), fold(expansion))] += 1
    return (
        {
            acronym: expansion
            for acronym, (_, expansion) in _most_common(definitions, lambda pair: pair[0]).items()
        },
        _most_common(spellings, fold),
    )


def expand(key: str, acronyms: dict[str, str], written: frozenset[str] | None = None) -> str:
    """Acronyms spelled out word by word: `offline rl` -> `offline reinforcement learning`.
    `key` is folded: words joined by single spaces, so most keys come back as they are.
    `written`: the folded words the phrase wrote as acronyms (written_acronyms); only those are
    spelled out, so `terms` is never TERM's expansion nor `clips` CLIP's. A written plural
    whose `s` fold kept (`relus`, ReLUs: fold keeps the `s` of `-us` words) is its acronym."""
    words = key.split()
    if acronyms.keys().isdisjoint(words) and (
        written is None or not any(word[:-1] in written for word in words if word.endswith("s"))
    ):
        return key
    return " ".join([_spelled_out(word, acronyms, written) for word in words])


def _spelled_out(word: str, acronyms: dict[str, str], written: frozenset[str] | None) -> str:
    if word in acronyms and (written is None or word in written):
        return acronyms[word]
    singular = word[:-1] if word.endswith("s") else ""
    if written is not None and singular in written and singular in acronyms:
        return acronyms[singular]
    return word


def _written_acronyms(phrase: str) -> frozenset[str]:
    """The words of a phrase written as acronyms, folded: whole tokens of letters and digits
    with two capitals or more (`LLMs`, `NeRF`, `TERM`), not `terms` nor `RL_F`."""
    tokens = (token.removesuffix("s") for token in ACRONYM_TOKEN.split(phrase))
    return frozenset(
        fold(token)
        for token in tokens
        if len(token) >= 2 and token.isalnum() and sum(ch.isupper() for ch in token) >= 2
    )


# Cached here, not by a decorator: mutmut mutates no decorated function (bench/mutation.py).
written_acronyms = lru_cache(maxsize=1 << 16)(_written_acronyms)


def acronym_families(acronyms: dict[str, str], written: Iterable[str]) -> dict[str, str]:
    """`acronyms` plus the undefined acronyms written in capitals (`LLMs`) that are one of
    FAMILY_LETTERS before a defined one (`LM`): LLM -> `large language model`, whose core is
    `language model`, the tag LM has."""
    found = dict(acronyms)
    for word in sorted(set(written)):
        if (
            word not in found
            and len(word) >= 3
            and word[0] in FAMILY_LETTERS
            and word[1:] in acronyms
        ):
            found[word] = f"{FAMILY_LETTERS[word[0]]} {acronyms[word[1:]]}"
    return found


def capitalized_words(phrases: Iterable[str]) -> Iterator[str]:
    """Folded words written as acronyms (`LLMs`, `GNN`) in these phrases."""
    for phrase in phrases:
        for word in phrase.split():
            bare = word.removesuffix("s")
            if len(bare) >= 2 and bare.isupper() and bare.isalpha():
                yield bare.lower()

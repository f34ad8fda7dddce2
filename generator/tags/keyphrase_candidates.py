"""Keyphrase candidates: the noun phrases of a text, each with every span it occurs at.

Candidates are runs of content words cut at stop words, verbs, adverbs and punctuation
(no POS tagger: none works offline here), so phrases read like keyphrases and occur
verbatim in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas

from generator.tags.candidate_words import (
    ADJECTIVAL_GERUNDS,
    MODALS,
    OWN_STOP_WORDS,
    TERM_ADVERBS,
)

# A word, hyphenated compounds whole: `SNN-based`, `layer-wise`, `GPT-4-like`. A slash splits
# words (joining them cost 0.2 F1@5 on Inspec); the word after it is a fragment (see fragment()).
# Letters are any script's (`[^\W_]`): `Schrödinger` is one word, not `Schr` and `dinger`.
WORD = re.compile(r"[^\W_]+(?:['’]+[^\W_]+)*(?:-[^\W_]+)*")
OOV_ADJECTIVE_ENDINGS = ("able", "ible", "ive", "ous", "ful", "less", "ical")
MAX_WORDS = 4  # Inspec: maximal noun phrases up to 4 words scored best (F1@5 19.3 vs 18.8 at 3)


def _stop_words() -> frozenset[str]:
    """Imported on first use: importing scikit-learn takes about a second, which a rebuild
    that tags nothing new should not pay."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | OWN_STOP_WORDS


# Cached here, not by a decorator: mutmut mutates no decorated function (bench/mutation.py).
stop_words = lru_cache(maxsize=1)(_stop_words)


@dataclass(frozen=True)
class Candidate:
    phrase: str  # as written in the text (first occurrence)
    spans: tuple[tuple[int, int], ...]  # character spans of every occurrence
    first_word: int  # position of the first occurrence, in words


def _is_modifier_shaped(part: str) -> bool:
    classes = getAllLemmas(part)
    participle = part.endswith(("ed", "ing")) and "VERB" in classes
    return (
        participle
        or ("ADJ" in classes and "NOUN" not in classes)
        or (not classes and part.endswith(OOV_ADJECTIVE_ENDINGS))
    )


_modifier_shaped = lru_cache(maxsize=200_000)(_is_modifier_shaped)


def _word_class(word: str) -> str:
    """'N' noun (may end a phrase), 'M' modifier (adjective, participle), 'X' breaks a phrase.
    From LemmInflect's bundled lexicon (a word's possible parts of speech), not a tagger."""
    lowered = word.lower()
    if lowered in stop_words() or lowered.isdigit() or len(word) < 2 or "'" in word or "’" in word:
        return "X"
    if "-" in lowered:  # compounds take the class of their last part: knowledge-based, pre-trained
        return "M" if _modifier_shaped(lowered.rsplit("-", 1)[1]) else "N"
    classes = getAllLemmas(lowered)
    if (
        not classes
    ):  # acronyms, names, domain terms (NeRF, GNNs, LoRA) unless shaped like an adverb or adjective
        plain = word.islower() or word.istitle()  # not an acronym like LoRA or GNNs
        if plain and lowered.endswith("ly"):
            return "X"
        return "M" if plain and lowered.endswith(OOV_ADJECTIVE_ENDINGS) else "N"
    if "NOUN" in classes or "PROPN" in classes:
        return "N"
    if "ADJ" in classes or lowered.endswith(("ing", "ed")) and "VERB" in classes:
        return "M"
    return "X"  # verbs, adverbs


# A pure function of the word; abstracts repeat their words.
word_class = lru_cache(maxsize=200_000)(_word_class)


def _inflected_verb(word: str) -> bool:
    """`prunes`, `attempts`: a noun plural or a verb; inside a phrase it is the verb."""
    lowered = word.lower()
    return lowered.endswith("s") and not lowered.endswith("ss") and "VERB" in getAllLemmas(lowered)


inflected_verb = lru_cache(maxsize=200_000)(_inflected_verb)


def _gerund(word: str) -> bool:
    lowered = word.lower()
    return lowered.endswith("ing") and set(getAllLemmas(lowered)) == {"VERB"}


gerund = lru_cache(maxsize=200_000)(_gerund)


def _leading_verb(phrase: list[re.Match]) -> bool:
    """Whether the phrase's first word is a verb taking the rest as object ("Detecting
    generated images"), not its adjective ("spiking neural networks")."""
    word = phrase[0].group().lower()
    return gerund(word) and word not in ADJECTIVAL_GERUNDS


def _term_adverb(run: list[re.Match], index: int) -> bool:
    """An adverb that begins a term with the adjective after it: "fully connected layers"."""
    return (
        index + 1 < len(run)
        and run[index].group().lower() in TERM_ADVERBS
        and word_class(run[index + 1].group()) == "M"
    )


def _verb_form(word: str) -> bool:
    """Whether a lower-case word can be a verb's base form (`save`, `open`, `train`)."""
    return word in getAllLemmas(word).get("VERB", ())


verb_form = lru_cache(maxsize=200_000)(_verb_form)


def _after_modal(run: list[re.Match], index: int) -> bool:
    """A verb after a modal ("could save", "can train"): the word is that verb, not a noun."""
    return (
        index > 0
        and run[index - 1].group().lower() in MODALS
        and verb_form(run[index].group().lower())
    )


# A modal and the word after it, matched ahead so that "may will save" checks both; `_` ends a
# word, as in WORD. Longest modal first: `cannot` before `can`.
MODAL_THEN_WORD = re.compile(
    rf"(?<![^\W_])(?:{'|'.join(sorted(MODALS, key=lambda modal: (-len(modal), modal)))})\s+"
    r"(?=([^\W_]+(?:-[^\W_]+)*))"
)


def cuts_after_modal(lowered: str) -> bool:
    """Whether _after_modal cuts a word of a lower-cased text that a phrase held before it did:
    a noun or adjective that can be a verb after a modal ("could save", "will open source";
    key_scope.py)."""
    return any(
        word_class(word) != "X" and verb_form(word) for word in MODAL_THEN_WORD.findall(lowered)
    )


def fragment(word: re.Match) -> bool:
    """The tail of a compound cut apart (`-based` once math left `$X$-based`, the `M` of `N:M`):
    a phrase never starts or runs through it, so no tag is half a word."""
    start = word.start()
    return start > 0 and word.string[start - 1] in "-/:"


def noun_phrases(run: list[re.Match]) -> list[list[re.Match]]:
    """Split a run of words into (modifier|noun)* noun phrases (`graph neural networks`):
    verbs, adverbs and stop words cut; trailing modifiers are dropped."""
    phrases: list[list[re.Match]] = [[]]
    for index, match in enumerate(run):
        if (
            fragment(match)
            or word_class(match.group()) == "X"
            and not _term_adverb(run, index)
            or _after_modal(run, index)
        ):
            phrases.append([])
        elif phrases[-1] and inflected_verb(phrases[-1][-1].group()):
            phrases[-1].pop()  # the previous word was a verb, now followed by its object
            phrases.append([match])
        else:
            phrases[-1].append(match)
    trimmed = []
    for phrase in phrases:
        while phrase and word_class(phrase[-1].group()) != "N":
            phrase = phrase[:-1]
        while phrase and _leading_verb(phrase):
            phrase = phrase[1:]  # "Detecting generated images": the verb is not part of the phrase
        while phrase and word_class(phrase[0].group()) == "X" and not _term_adverb(phrase, 0):
            phrase = phrase[1:]  # a term's adverb whose adjective was cut off: "fully"
        if phrase:
            trimmed.append(phrase)
    return trimmed


def chunks(text: str) -> list[list[re.Match]]:
    """Runs of words not separated by punctuation."""
    runs: list[list[re.Match]] = [[]]
    previous_end = 0
    for match in WORD.finditer(text):
        if runs[-1] and text[previous_end : match.start()].strip():
            runs.append([])
        runs[-1].append(match)
        previous_end = match.end()
    return [run for run in runs if run]


def candidates(text: str) -> list[Candidate]:
    """Maximal noun phrases (their last MAX_WORDS words), with every occurrence's span.
    Sub-phrases are not candidates: measured on Inspec they crowd out the whole phrase."""
    positions = {m.start(): i for i, m in enumerate(WORD.finditer(text))}
    found: dict[str, list] = {}
    for run in chunks(text):
        for phrase in noun_phrases(run):
            words = phrase[-MAX_WORDS:]
            lowered = [w.group().lower() for w in words]
            if len(set(lowered)) < len(lowered):
                continue  # "benchmark benchmark"
            span = (words[0].start(), words[-1].end())
            entry = found.setdefault(
                " ".join(lowered), [text[span[0] : span[1]], [], positions[span[0]]]
            )
            entry[1].append(span)
    return [Candidate(phrase, tuple(spans), first) for phrase, spans, first in found.values()]

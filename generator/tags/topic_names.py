"""Topic names: for each cluster of papers, the phrase that tells it apart from the other clusters.

A phrase is a paper's tag, or one of its keyphrases that is some paper's tag (the vocabulary
keeps keyphrases to phrases worth naming), or a run of words inside one of those that is itself
some paper's tag (`video generation` in `controllable video generation`). Surface forms that differ only in case, plural,
derivation or a spelled-out abbreviation (`object detectors`, `object detection (OD)`, `OD`)
count as one phrase. Each topic is scored class-based TF-IDF style (BERTopic's c-TF-IDF, with
document frequencies): papers of the topic that carry the phrase x log(1 + papers per topic /
papers that carry it anywhere), so a phrase frequent inside and rare outside wins. A phrase
carried in most topics or made of generic words only (`training data`, `test time`) never
names one, and no two topics share a first name. A second name is added only when it scores
nearly as well and shares no word stem or abbreviation with the first: never two near-synonyms.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

from generator.tags.folding import fold, surface
from generator.tags.subjects import SUBJECT_PRESERVING, core
from generator.tags.subjects import generic as names_no_subject

SECOND_NAME_SHARE = 0.85  # a second name must score at least this share of the first's score
# A lone word at least this frequent in English (wordfreq's Zipf scale) is everyday English:
# `corpus` 3.6, `adaptation` 4.0, `attention` 5.1; `diffusion` 3.4, `pruning` 3.1 name a subject.
EVERYDAY_ZIPF = 3.6
MIN_PAPERS = 2  # a phrase names a topic only if at least this many of its papers carry it
# Words that name no subject in a digest of machine-learning abstracts: a phrase made of these
# alone (`training data`, `test time`, `deep neural networks`) names no topic.
GENERIC_WORDS = (
    "data", "dataset", "time", "test", "train", "model", "method", "approach", "framework",
    "performance", "result", "task", "learning", "network", "neural", "deep", "system", "process",
    "problem", "work", "paper", "study", "analysis", "set", "setting", "technique", "application",
    "algorithm", "accuracy", "efficiency", "quality", "cost", "large", "new", "novel", "efficient",
    "effective", "general", "downstream", "real", "world", "state", "art", "use", "level", "scale",
    "high", "low", "strategy", "design", "benchmark", "experiment", "evaluation", "challenge",
    "improvement", "architecture", "module", "information", "feature", "representation", "prediction",
    "output", "input", "step", "phase", "iteration", "machine", "modality",
)
# Words that leave a phrase a fragment when they start or end it (`based methods`, `trained with`).
FRAGMENT_WORDS = frozenset({"based", "using", "via", "with", "without", "for", "of", "and", "or", "to",
                            "from", "by", "on", "in", "towards"})
PLURAL = re.compile(r"(?<=[a-z]{3})(ies|(?<![isu])s)$")
DERIVATION = re.compile(r"(?<=[a-z]{4})(ations|ation|ions|ion|ings|ing|ors|or|ers|er|ity|ed|e)$")
PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem, enough to join a phrase's variants: `detectors`, `detection` -> `detect`."""
    return DERIVATION.sub("", PLURAL.sub(lambda match: "y" if match.group(1) == "ies" else "", word.lower()))


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)


@lru_cache(maxsize=1 << 18)
def stems(phrase: str) -> tuple[str, ...]:
    """The phrase's word stems, without a parenthesised abbreviation or a leading `deep` or
    `large` that changes no subject (`deep reinforcement learning` is `reinforcement learning`)."""
    words = WORD.findall(PARENTHESES.sub(" ", phrase).lower())
    while len(words) > 2 and words[0] in SUBJECT_PRESERVING:
        words = words[1:]
    return tuple(stem(word) for word in words)


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


@lru_cache(maxsize=1 << 14)
def _everyday(word: str) -> bool:
    # Imported on first use: a build that names no topic skips it.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= EVERYDAY_ZIPF


def acronym(key: tuple[str, ...]) -> str:
    """A one-word key as letters (`llms` -> `llm`), else the initials of its words."""
    return key[0] if len(key) == 1 else "".join(word[0] for word in key)


def near_synonyms(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Two keys that may name the same thing: a shared word stem, or one the other's acronym
    (`llm` and `language model`: the initials `lm` end the acronym)."""
    if set(first) & set(second):
        return True
    short, long = sorted((first, second), key=len)
    return len(short) == 1 and len(long) > 1 and acronym(long) in short[0]


def paper_phrases(tags: Sequence[str], keyphrases: Sequence[str], aliases: Mapping, vocabulary: set) -> dict:
    """The paper's phrases, key -> its surface forms there: its tags, its keyphrases that are
    tags, and the runs of two or more words inside those that are some paper's tag: a topic of
    `video generation model`, `controllable video generation` and `video generation` papers is
    about `video generation`, though no two of them carry the same whole phrase."""
    phrases: dict[tuple[str, ...], set[str]] = {}
    for position, phrase in enumerate(map(surface, [*tags, *keyphrases])):  # `LLM Agents`: `LLM agents`
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
    return [" ".join(words[start:start + size]) for size in range(2, len(words))
            for start in range(len(words) - size + 1)]


def name_topics(groups: Sequence[Sequence[str]], tags: Mapping[str, Sequence[str]],
                keyphrases: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """One name per group of paper ids (in order): see the module docstring."""
    keyphrases = keyphrases or {}
    papers = [pid for group in groups for pid in group]
    aliases = abbreviations([phrase for pid in papers for phrase in (*tags[pid], *keyphrases.get(pid, ()))])
    vocabulary = {aliases.get(stems(tag), stems(tag)) for pid in papers for tag in tags[pid]}
    carried = [[paper_phrases(tags[pid], keyphrases.get(pid, ()), aliases, vocabulary) for pid in group]
               for group in groups]
    banned = _generic_keys(carried)
    scores = _scores(carried, banned)
    firsts = _first_names(scores)
    used = {key for key in firsts if key is not None}
    names = []
    for topic, (group_scores, first) in enumerate(zip(scores, firsts)):
        surfaces = _surfaces(carried[topic])
        if first is None:
            names.append(_fallback(carried[topic], surfaces, banned, used))
            continue
        second = _second_name(group_scores, first, used)
        names.append(" · ".join(surfaces[key] for key in (first, second) if key is not None))
    return names


def _generic_keys(carried: list[list[dict]]) -> set[tuple[str, ...]]:
    """Phrases that name nothing (generic), judged on each form that spells them out (an
    abbreviation may be an everyday word: `DM`)."""
    forms: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
    for group in carried:
        for paper in group:
            for key, texts in paper.items():
                forms[key] |= texts
    return {key for key, texts in forms.items()
            if any(generic(text) for text in texts if stems(text) == key)}


def _scores(carried: list[list[dict]], banned: set) -> list[dict[tuple[str, ...], float]]:
    """Per topic, the c-TF-IDF of each phrase that may name it: carried by MIN_PAPERS of its
    papers, not generic, and not carried (by MIN_PAPERS papers) in most topics."""
    inside = [Counter(key for paper in group for key in paper) for group in carried]
    anywhere = sum(inside, Counter())
    topics_with = Counter(key for counts in inside for key, count in counts.items() if count >= MIN_PAPERS)
    per_topic = sum(len(group) for group in carried) / max(1, len(carried))
    most = len(carried) / 2
    return [{key: count * math.log(1 + per_topic / anywhere[key]) for key, count in counts.items()
             if count >= MIN_PAPERS and not (len(carried) > 1 and topics_with[key] > most)
             and key not in banned}
            for counts in inside]


def _ranked(scores: Mapping[tuple[str, ...], float]) -> list[tuple[str, ...]]:
    return sorted(scores, key=lambda key: (-scores[key], key))


def _first_names(scores: list[dict]) -> list[tuple[str, ...] | None]:
    """Each topic's best phrase, no phrase (in any word order) naming two topics: of the topics
    still unnamed, the one whose best free phrase scores highest takes it first."""
    names: list[tuple[str, ...] | None] = [None] * len(scores)
    ranked = [_ranked(group) for group in scores]
    taken: set[frozenset[str]] = set()
    unnamed = set(range(len(scores)))
    while unnamed:
        best = {topic: next((key for key in ranked[topic] if frozenset(key) not in taken), None)
                for topic in unnamed}
        topic = min(unnamed, key=lambda t: (best[t] is None, -scores[t].get(best[t], 0.0), t))
        names[topic] = best[topic]
        unnamed.discard(topic)
        if (chosen := best[topic]) is not None:
            taken.add(frozenset(chosen))
    return names


def _second_name(scores: Mapping, first: tuple[str, ...], used: set) -> tuple[str, ...] | None:
    """A runner-up clearly distinct from the first name, nearly as typical of the topic, and
    not another topic's name."""
    for key in _ranked(scores):
        if scores[key] < SECOND_NAME_SHARE * scores[first]:
            return None
        if key not in used and not near_synonyms(key, first):
            return key
    return None


def _surfaces(group: list[dict]) -> dict[tuple[str, ...], str]:
    """Each phrase's most common surface form among the topic's papers (ties: the first in
    sorted order), one that spells it out (`reinforcement learning`, not `RL`) where there is one."""
    forms: defaultdict[tuple[str, ...], Counter] = defaultdict(Counter)
    for paper in group:
        for key, texts in paper.items():
            forms[key].update(texts)
    for key, counts in forms.items():
        spelled = Counter({text: count for text, count in counts.items() if stems(text) == key})
        forms[key] = spelled or counts
    return {key: min(counts, key=lambda text: (-counts[text], text)) for key, counts in forms.items()}


def _fallback(group: list[dict], surfaces: Mapping[tuple[str, ...], str], banned: set, used: set) -> str:
    """No phrase qualifies (a small or scattered topic): its most common phrase that names no
    other topic, a generic one only if there is nothing else."""
    counts = Counter(key for paper in group for key in paper if key not in used)
    if not counts:
        return "miscellaneous"
    key = min(counts, key=lambda key: (key in banned, -counts[key], key))
    used.add(key)
    return surfaces[key]

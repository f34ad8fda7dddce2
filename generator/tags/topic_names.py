"""Topic names: for each cluster of papers, the phrase that tells it apart from the other
clusters.

The phrases are the papers' tags and keyphrases, one key each (topic_phrases). Each topic is
scored class-based TF-IDF style (BERTopic's c-TF-IDF, with document frequencies): papers of the
topic that carry the phrase x log(1 + papers per topic / papers that carry it anywhere), so a
phrase frequent inside and rare outside wins. A phrase carried in most topics or made of generic
words only (`training data`, `test time`) never names one, and no two topics share a first name.
A second name is added only when it scores nearly as well and shares no word stem or
abbreviation with the first: never two near-synonyms.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from generator.tags.topic_phrases import abbreviations, generic, paper_phrases, stems

SECOND_NAME_SHARE = 0.85  # a second name must score at least this share of the first's score
MIN_PAPERS = 2  # a phrase names a topic only if at least this many of its papers carry it


def acronym(key: tuple[str, ...]) -> str:
    """A one-word key as letters (`llms` -> `llm`), else the initials of its words."""
    return key[0] if len(key) == 1 else "".join(word[0] for word in key)


def near_synonyms(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Two keys that may name the same thing: a shared word stem (a plural `s` the stemmer
    keeps aside: `gpus` is `gpu`), or one the other's acronym (`llm` and `language model`: the
    initials `lm` end the acronym)."""
    if {word.removesuffix("s") for word in first} & {word.removesuffix("s") for word in second}:
        return True
    short, long = sorted((first, second), key=len)
    return len(short) == 1 and len(long) > 1 and acronym(long) in short[0]


def name_topics(
    groups: Sequence[Sequence[str]],
    tags: Mapping[str, Sequence[str]],
    keyphrases: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """One name per group of paper ids (in order): see the module docstring."""
    keyphrases = keyphrases or {}
    papers = [pid for group in groups for pid in group]
    aliases = abbreviations(
        [phrase for pid in papers for phrase in (*tags[pid], *keyphrases.get(pid, ()))]
    )
    vocabulary = {aliases.get(stems(tag), stems(tag)) for pid in papers for tag in tags[pid]}
    carried = [
        [paper_phrases(tags[pid], keyphrases.get(pid, ()), aliases, vocabulary) for pid in group]
        for group in groups
    ]
    banned = _generic_keys(carried)
    scores = _scores(carried, banned)
    firsts = _first_names(scores)
    used = {key for key in firsts if key is not None}
    names = []
    for topic, (group_scores, first) in enumerate(zip(scores, firsts, strict=True)):
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
    return {
        key
        for key, texts in forms.items()
        if any(generic(text) for text in texts if stems(text) == key)
    }


def _scores(carried: list[list[dict]], banned: set) -> list[dict[tuple[str, ...], float]]:
    """Per topic, the c-TF-IDF of each phrase that may name it: carried by MIN_PAPERS of its
    papers, not generic, and not carried (by MIN_PAPERS papers) in most topics."""
    inside = [Counter(key for paper in group for key in paper) for group in carried]
    anywhere = sum(inside, Counter())
    topics_with = Counter(
        key for counts in inside for key, count in counts.items() if count >= MIN_PAPERS
    )
    per_topic = sum(len(group) for group in carried) / max(1, len(carried))
    most = len(carried) / 2
    return [
        {
            key: count * math.log(1 + per_topic / anywhere[key])
            for key, count in counts.items()
            if count >= MIN_PAPERS
            and not (len(carried) > 1 and topics_with[key] > most)
            and key not in banned
        }
        for counts in inside
    ]


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
        best = {
            topic: next((key for key in ranked[topic] if frozenset(key) not in taken), None)
            for topic in unnamed
        }
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
    sorted order), one that spells it out (`reinforcement learning`, not `RL`) where there is
    one."""
    forms: defaultdict[tuple[str, ...], Counter] = defaultdict(Counter)
    for paper in group:
        for key, texts in paper.items():
            forms[key].update(texts)
    for key, counts in forms.items():
        spelled = Counter({text: count for text, count in counts.items() if stems(text) == key})
        forms[key] = spelled or counts
    return {
        key: min(counts, key=lambda text: (-counts[text], text)) for key, counts in forms.items()
    }


def _fallback(
    group: list[dict], surfaces: Mapping[tuple[str, ...], str], banned: set, used: set
) -> str:
    """No phrase qualifies (a small or scattered topic): its most common phrase that names no
    other topic, a generic one only if there is nothing else."""
    counts = Counter(key for paper in group for key in paper if key not in used)
    if not counts:
        return "miscellaneous"
    key = min(counts, key=lambda key: (key in banned, -counts[key], key))
    used.add(key)
    return surfaces[key]

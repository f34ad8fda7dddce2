"""A shared tag vocabulary folded from every paper's keyphrases.

Each keyphrase maps to a key, the subject it names: case, plurals, spacing and hyphenation,
word order and acronyms fold together (`GNN training`, `training graph neural networks`);
modifiers and heads that name no subject go (subjects.core: `deep neural networks` is `neural
network`, `LLMs` is `language model`). Each key keeps the spellings it stands for (`forms`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.tags.acronyms import (
    acronym_definitions,
    acronym_families,
    capitalized_words,
    count_acronyms,
    expand,
    written_acronyms,
)
from generator.tags.folding import (
    by_count,
    compact,
    fold,
    surface,
    word_bag,
)
from generator.tags.subjects import core, generic

# A tag on more than this share of a corpus of BROAD_FROM papers or more is too broad to tell
# papers apart: a topic's business, not a tag's. Smaller corpora allow BROAD_SMALL.
BROAD_SHARE, BROAD_FROM, BROAD_SMALL = 0.08, 300, 0.2

ACRONYM_SUFFIX = re.compile(
    r" \([^()]*\)$"
)  # `graph neural networks (GNN)`: the phrase, then its acronym


@dataclass(frozen=True)
class TagSettings:
    min_tags: int = 3
    max_tags: int = 7  # as config.DigestSettings.tags_max


def specific(key: str) -> bool:
    """A tag must name a subject (subjects.generic of its core)."""
    return not generic(core(key))


@dataclass(frozen=True)
class Vocabulary:
    document_frequency: dict[str, int]  # key -> papers whose keyphrases hold it
    labels: dict[str, str]  # key -> how a reader sees it
    acronyms: dict[str, str]  # folded acronym -> folded expansion
    paper_count: int
    aliases: dict[str, str]  # every key seen -> the key its subject goes by (variant_aliases)
    known_keys: dict[str, str] = field(default_factory=dict)  # every keyphrase seen -> its key
    forms: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # key -> the spellings it stands for
    # paper -> {keyphrase: key} where the paper defines an acronym of it otherwise than the corpus
    own_keys: dict[str, dict[str, str]] = field(default_factory=dict)

    def key_in(self, pid: str, phrase: str) -> str:
        """The phrase's key in this paper: its own definition of an acronym comes first."""
        own = self.own_keys.get(pid)
        return own[phrase] if own and phrase in own else self.key(phrase)

    def key(self, phrase: str) -> str:
        if phrase in self.known_keys:
            return self.known_keys[phrase]
        key = core(expand(fold(phrase), self.acronyms, written_acronyms(phrase)))
        return self.aliases.get(key, key)

    def broad_limit(self) -> float:
        """The most papers a tag may be on (BROAD_SHARE)."""
        share = BROAD_SHARE if self.paper_count >= BROAD_FROM else BROAD_SMALL
        return share * self.paper_count if self.paper_count >= 20 else math.inf

    def spellings(self, labels: set[str]) -> dict[str, tuple[str, ...]]:
        """For each of these labels, the other spellings its subject was folded from (`LLMs`,
        `large language models` for `language models (LM)`): what a tag stands for, shown on
        its page. Case variants of one spelling count once."""
        found: dict[str, tuple[str, ...]] = {}
        for key, forms in self.forms.items():
            label = self.labels.get(key, key)
            if label not in labels:
                continue
            seen = {label.lower(), ACRONYM_SUFFIX.sub("", label).lower()}
            others = []
            for form in forms:
                if form.lower() not in seen:
                    seen.add(form.lower())
                    others.append(form)
            if others:
                found[label] = tuple(others)
        return found

    def usable(self, key: str) -> bool:
        """Whether a key can be a tag: some paper has it, it names a subject (subjects.generic)
        and it is not too broad."""
        count = self.document_frequency.get(key)
        return count is not None and count <= self.broad_limit() and not generic(key)


@dataclass(frozen=True)
class TextFacts:
    """What the vocabulary and tag choice read from one paper, worked out once per text (the
    tag stage keeps them in its cache: a new process does not fold every text and phrase again)."""

    folds: tuple[str, ...]  # fold() of each keyphrase, in order
    surfaces: tuple[str, ...]  # surface() of each keyphrase, in order
    definitions: tuple[tuple[str, str], ...]  # acronym_definitions(text)


def text_facts(text: str, phrases: Sequence[str]) -> TextFacts:
    return TextFacts(
        tuple(map(fold, phrases)), tuple(map(surface, phrases)), tuple(acronym_definitions(text))
    )


def build_vocabulary(keyphrases: dict[str, list[str]], facts: dict[str, TextFacts]) -> Vocabulary:
    """Every keyphrase's key, how many papers have each key, and its label. `facts`:
    text_facts() of each paper's text and keyphrases."""
    defined, spellings = count_acronyms(
        found for pid in keyphrases for found in facts[pid].definitions
    )
    occurrences = Counter(
        p for phrases in keyphrases.values() for p in phrases
    )  # in order of first occurrence
    acronyms = acronym_families(defined, capitalized_words(occurrences))
    folded: dict[str, str] = {}
    surfaces: dict[str, str] = {}
    for pid, phrases in keyphrases.items():
        folded.update(zip(phrases, facts[pid].folds, strict=True))
        surfaces.update(zip(phrases, facts[pid].surfaces, strict=True))
    raw = {
        phrase: core(expand(folded[phrase], acronyms, written_acronyms(phrase)))
        for phrase in occurrences
    }
    spelled: Counter = Counter()
    for phrase, count in occurrences.items():
        spelled[raw[phrase]] += count
    aliases = variant_aliases(spelled)
    known_keys = {phrase: aliases[key] for phrase, key in raw.items()}
    own_keys = paper_own_keys(keyphrases, facts, acronyms, aliases)
    frequency = Counter(
        key
        for pid, phrases in keyphrases.items()
        for key in {own_keys.get(pid, {}).get(p) or known_keys[p] for p in phrases}
        if key
    )
    labels, forms = _labels(occurrences, surfaces, raw, known_keys, defined, spellings)
    return Vocabulary(
        dict(frequency), labels, acronyms, len(keyphrases), aliases, known_keys, forms, own_keys
    )


def paper_own_keys(
    keyphrases: dict[str, list[str]],
    facts: dict[str, TextFacts],
    acronyms: dict[str, str],
    aliases: dict[str, str],
) -> dict[str, dict[str, str]]:
    """Per paper that defines an acronym otherwise than the corpus does (`DA` as domain
    adaptation where most papers mean data augmentation), the keys of its phrases that write
    it: spelled out by the paper's own definition."""
    found: dict[str, dict[str, str]] = {}
    for pid, phrases in keyphrases.items():
        own = {
            fold(acronym.removesuffix("s")): fold(expansion)
            for acronym, expansion in facts[pid].definitions
            if expansion and acronyms.get(fold(acronym.removesuffix("s"))) != fold(expansion)
        }
        if not own:
            continue
        mine = {**acronyms, **own}
        for phrase, folded in zip(phrases, facts[pid].folds, strict=True):
            if not own.keys().isdisjoint(written := written_acronyms(phrase)):
                key = core(expand(folded, mine, written))
                found.setdefault(pid, {})[phrase] = aliases.get(key, key)
    return found


def variant_aliases(keys: dict[str, int]) -> dict[str, str]:
    """Each key -> the one spelling of its subject: keys that share compact() or word_bag()
    (directly or through a third) are one subject, named by the most frequent of them (ties:
    the smallest)."""
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for spelling in (compact, word_bag):
        first: dict[str, str] = {}
        for key in sorted(keys):
            found = first.setdefault(spelling(key), key)
            parent[root(key)] = root(found)
    best: dict[str, str] = {}
    for key in sorted(keys, key=lambda k: (-keys[k], k)):
        best.setdefault(root(key), key)
    return {key: best[root(key)] for key in keys}


def _labels(
    occurrences: Counter,
    surfaces: dict[str, str],
    raw: dict[str, str],
    known_keys: dict[str, str],
    acronyms: dict[str, str],
    spellings: dict[str, str],
) -> tuple[dict[str, str], dict[str, tuple]]:
    """Each key's label: its most frequent spelling that says just the key (`neural networks`
    rather than `deep neural networks`; ties: alphabetical), else its most frequent spelling
    (`SGD Finds`), or the spelled-out expansion of an acronym; an acronym is shown
    beside its expansion. And every spelling each key stands for, sorted."""
    exact: dict[str, Counter] = {}
    forms: dict[str, set] = {}
    for phrase, count in occurrences.items():
        key = known_keys[phrase]
        forms.setdefault(key, set()).add(surfaces[phrase])
        if raw[phrase] == key and fold(phrase) == key:
            exact.setdefault(key, Counter())[surfaces[phrase]] += count
    spelled: dict[str, Counter] = {}
    for phrase, count in occurrences.items():
        spelled.setdefault(known_keys[phrase], Counter())[surfaces[phrase]] += count
    expansions = {
        core(expansion) for expansion in acronyms.values()
    }  # named by the words, then the acronym
    labels = {
        key: by_count(exact[key])[0][0]
        if key in exact
        else key
        if key in expansions
        else by_count(spelled[key])[0][0]
        for key in forms
    }
    for acronym, expansion in sorted(acronyms.items()):
        key = core(expansion)
        if (
            key in labels and key == expansion
        ):  # DRL names `reinforcement learning`, but is not its acronym
            written = spellings.get(acronym, acronym.upper())
            if written.upper() not in labels[key].upper().split():
                labels[key] = f"{labels[key]} ({written})"
    return labels, {key: tuple(sorted(found)) for key, found in forms.items()}

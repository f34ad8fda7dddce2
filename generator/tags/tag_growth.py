"""Tags where papers only arrive: the kept vocabulary counts the new papers' keys, the new
papers get tags, and of the older papers only those holding a key whose standing changed (a
second paper now shares it, or it turned too broad or fine again) choose theirs again.

Every paper's tags are then what tag_choice.tags_from gives over the grown vocabulary: exact
for it. What the growth leaves as it was until the next full pass (incremental.DRIFT_LIMIT,
or `--full`) is how subjects are named: acronyms, the aliases that fold two spellings into one
subject, and the labels of keys the corpus had already.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from generator.tags.acronyms import expand, written_acronyms
from generator.tags.folding import by_count
from generator.tags.subjects import core
from generator.tags.tag_choice import subjects_of, tags_from
from generator.tags.vocabulary import TagSettings, TextFacts, Vocabulary, paper_own_keys


@dataclass(frozen=True)
class TagChoice:
    """Every paper's tags, what each tag stands for, and what the next build grows from."""

    tags: dict[str, tuple[str, ...]]
    spellings: dict[str, tuple[str, ...]]
    vocabulary: Vocabulary
    subjects: dict[str, tuple[str, ...]]  # each paper's keys (tag_choice.subjects_of)


def full_choice(
    keyphrases: dict[str, list[str]], vocabulary: Vocabulary, settings: TagSettings
) -> TagChoice:
    subjects = {pid: subjects_of(pid, phrases, vocabulary) for pid, phrases in keyphrases.items()}
    return _choice(tags_from(subjects, vocabulary, settings), vocabulary, subjects)


def grown_choice(
    kept: TagChoice,
    keyphrases: dict[str, list[str]],
    facts: dict[str, TextFacts],
    settings: TagSettings,
) -> TagChoice:
    """`kept` with the new papers of `keyphrases` (their facts: vocabulary.text_facts) in."""
    vocabulary = grown(kept.vocabulary, keyphrases, facts)
    arriving = {pid: subjects_of(pid, phrases, vocabulary) for pid, phrases in keyphrases.items()}
    subjects = {**kept.subjects, **arriving}
    again = sorted(set(arriving) | retagged(kept.vocabulary, vocabulary, kept.subjects))
    chosen = tags_from({pid: subjects[pid] for pid in again}, vocabulary, settings)
    return _choice({**kept.tags, **chosen}, vocabulary, subjects)


def _choice(tags, vocabulary: Vocabulary, subjects) -> TagChoice:
    tags = dict(sorted(tags.items()))
    labels = {tag for found in tags.values() for tag in found}
    return TagChoice(tags, vocabulary.spellings(labels), vocabulary, dict(sorted(subjects.items())))


def grown(
    vocabulary: Vocabulary, keyphrases: dict[str, list[str]], facts: dict[str, TextFacts]
) -> Vocabulary:
    """The vocabulary with these new papers counted: a phrase it knows keeps its key, a new
    one is keyed by its acronyms and aliases; a new key is labelled as build_vocabulary
    labels it, from the new papers' spellings."""
    acronyms, aliases = vocabulary.acronyms, dict(vocabulary.aliases)
    known, forms = dict(vocabulary.known_keys), dict(vocabulary.forms)
    exact: dict[str, Counter] = {}
    spelled: dict[str, Counter] = {}
    for pid, phrases in keyphrases.items():
        for phrase, folded, surface in zip(
            phrases, facts[pid].folds, facts[pid].surfaces, strict=True
        ):
            if phrase in known:
                key = known[phrase]
            else:
                raw = core(expand(folded, acronyms, written_acronyms(phrase)))
                key = known[phrase] = aliases.setdefault(raw, raw)
                if key not in vocabulary.labels:  # a subject the corpus did not have
                    spelled.setdefault(key, Counter())[surface] += 1
                    if raw == key and folded == key:
                        exact.setdefault(key, Counter())[surface] += 1
            forms[key] = tuple(sorted({*forms.get(key, ()), surface}))
    labels = dict(vocabulary.labels)
    expansions = {core(expansion) for expansion in acronyms.values()}
    for key, spellings in sorted(spelled.items()):
        if key in exact:
            labels[key] = by_count(exact[key])[0][0]
        else:
            labels[key] = key if key in expansions else by_count(spellings)[0][0]
    own = {**vocabulary.own_keys, **paper_own_keys(keyphrases, facts, acronyms, aliases)}
    frequency = Counter(vocabulary.document_frequency)
    for pid, phrases in keyphrases.items():
        keys = {own.get(pid, {}).get(phrase) or known[phrase] for phrase in phrases}
        frequency.update(key for key in keys if key)
    count = vocabulary.paper_count + len(keyphrases)
    return Vocabulary(dict(frequency), labels, acronyms, count, aliases, known, forms, own)


def retagged(
    before: Vocabulary, after: Vocabulary, subjects: Mapping[str, tuple[str, ...]]
) -> set[str]:
    """The papers of `subjects` (the older ones) whose tags the growth can change: those
    holding a key that now groups papers, or that turned too broad or fine again."""
    limit_before, limit_after = before.broad_limit(), after.broad_limit()
    changed = {
        key
        for key, count in after.document_frequency.items()
        if ((was := before.document_frequency.get(key, 0)) >= 2) != (count >= 2)
        or (was <= limit_before) != (count <= limit_after)
    }
    return {pid for pid, keys in subjects.items() if not changed.isdisjoint(keys)}

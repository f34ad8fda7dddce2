"""The tag stage's corpus-wide result, and its form in the analysis cache: a rebuild with
nothing new reads it back instead of working it out again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import chain
from typing import NamedTuple

from generator.model import Paper
from generator.state.codec import kind_of, require
from generator.tags.topics import Topic
from generator.tags.vocabulary import Vocabulary


@dataclass(frozen=True)
class TaggedCorpus:
    papers: list[Paper]
    topics: list[Topic]
    embedded: int  # texts that needed the model this run
    # tag -> what it was folded from
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class KeptCorpus:
    """A corpus result as the cache keeps it, with where clustering started (the previous
    topics' paper ids) and the topic label it gave each paper, in id order: tag.py reuses the
    result where clustering starts or ends alike."""

    tagged: TaggedCorpus
    start: tuple[tuple[str, ...], ...] = ()
    labels: tuple[int, ...] = ()
    keys: tuple[str, ...] = ()  # each paper's text key, in id order (incremental.py)
    basis: str = ""  # the code and settings it was worked out by
    placed: int = 0  # papers placed since the last full pass (incremental.py)
    # What tag choice grows from when papers arrive (tag_growth.py)
    vocabulary: Vocabulary | None = None
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)


def stored_result(kept: KeptCorpus) -> dict:
    tagged = kept.tagged
    return {
        "start": [list(ids) for ids in kept.start],
        "labels": list(kept.labels),
        "keys": list(kept.keys),
        "basis": kept.basis,
        "placed": kept.placed,
        "papers": {
            p.id: [
                list(p.tags),
                list(p.keyphrases),
                p.topic,
                list(p.related),
                p.summary,
                p.compact_vector,
                list(kept.subjects.get(p.id, ())),
            ]
            for p in tagged.papers
        },
        "vocabulary": None if kept.vocabulary is None else stored_vocabulary(kept.vocabulary),
        "topics": [[t.slug, t.label, list(t.paper_ids)] for t in tagged.topics],
        "spellings": {tag: list(forms) for tag, forms in tagged.spellings.items()},
    }


class KeptRow(NamedTuple):
    """A paper's row of a kept result."""

    tags: tuple[str, ...]
    keyphrases: tuple[str, ...]
    topic: str
    related: tuple[str, ...]
    summary: str
    compact_vector: str
    subjects: tuple[str, ...]


def kept_row(paper: Paper, subjects: dict[str, tuple[str, ...]]) -> KeptRow:
    """The paper's row of a kept result (stored_result stores the same fields)."""
    return KeptRow(
        paper.tags,
        paper.keyphrases,
        paper.topic,
        paper.related,
        paper.summary,
        paper.compact_vector,
        tuple(subjects.get(paper.id, ())),
    )


def restored_result(papers: list[Paper], kept: dict) -> KeptCorpus:
    """The kept result as stored_result wrote it; raises on anything else (codec.decoded:
    the result is worked out again)."""
    rows = restored_rows([p.id for p in papers], kept)
    head = restored_head(kept)
    tagged = [
        p.amended(
            tags=row.tags,
            keyphrases=row.keyphrases,
            topic=row.topic,
            related=row.related,
            summary=row.summary,
            compact_vector=row.compact_vector,
        )
        for p, row in ((p, rows[p.id]) for p in papers)
    ]
    subjects = {pid: row.subjects for pid, row in rows.items()}
    return replace(head, tagged=replace(head.tagged, papers=tagged), subjects=subjects)


def restored_rows(ids: list[str], kept: dict) -> dict[str, KeptRow]:
    """The rows of these papers in the kept result (stored_result); raises on anything else."""
    stored = kind_of(kept["papers"], dict)
    rows = {}
    for pid in ids:
        tags, phrases, topic, related, summary, compact, subjects = kind_of(stored[pid], list)
        rows[pid] = KeptRow(
            tuple(kind_of(tags, list)),
            tuple(kind_of(phrases, list)),
            topic,
            tuple(kind_of(related, list)),
            summary,
            compact,
            tuple(kind_of(subjects, list)),
        )
    texts = chain.from_iterable(
        (*row.tags, *row.keyphrases, row.topic, *row.related, row.summary, row.compact_vector)
        + row.subjects
        for row in rows.values()
    )
    require(set(map(type, texts)) <= {str}, "a tagged corpus")
    return rows


def restored_head(kept: dict) -> KeptCorpus:
    """All of the kept result but its papers' rows (restored_rows); raises on anything else."""
    topics = [Topic(slug, label, tuple(kind_of(ids, list))) for slug, label, ids in kept["topics"]]
    spellings = {tag: tuple(kind_of(forms, list)) for tag, forms in kept["spellings"].items()}
    start = tuple(tuple(kind_of(ids, list)) for ids in kind_of(kept["start"], list))
    labels = tuple(kind_of(kept["labels"], list))
    keys = tuple(kind_of(kept["keys"], list))
    texts = [value for t in topics for value in (t.slug, t.label, *t.paper_ids)]
    texts += [value for tag, forms in spellings.items() for value in (tag, *forms)]
    texts += [pid for ids in start for pid in ids]
    texts += [*keys, kept["basis"]]
    require(all(isinstance(value, str) for value in texts), "a tagged corpus")
    require(all(type(label) is int for label in labels), "topic labels")
    require(type(kept["placed"]) is int, "a count of placed papers")
    vocabulary = None if kept["vocabulary"] is None else restored_vocabulary(kept["vocabulary"])
    return KeptCorpus(
        TaggedCorpus([], topics, 0, spellings),
        start,
        labels,
        keys,
        kept["basis"],
        kept["placed"],
        vocabulary,
    )


def stored_vocabulary(vocabulary: Vocabulary) -> list:
    return [
        vocabulary.document_frequency,
        vocabulary.labels,
        vocabulary.acronyms,
        vocabulary.paper_count,
        vocabulary.aliases,
        vocabulary.known_keys,
        {key: list(found) for key, found in vocabulary.forms.items()},
        vocabulary.own_keys,
    ]


def restored_vocabulary(stored: list) -> Vocabulary:
    """The vocabulary as stored_vocabulary wrote it; raises on anything else."""
    frequency, labels, acronyms, count, aliases, known, forms, own = kind_of(stored, list)
    require(all(type(n) is int for n in kind_of(frequency, dict).values()), "counts")
    require(type(count) is int, "a paper count")
    for names in (labels, acronyms, aliases, known, *kind_of(own, dict).values()):
        require(all(type(v) is str for v in kind_of(names, dict).values()), "names")
    spelled = {key: tuple(kind_of(found, list)) for key, found in kind_of(forms, dict).items()}
    require(all(type(v) is str for found in spelled.values() for v in found), "spellings")
    return Vocabulary(frequency, labels, acronyms, count, aliases, known, spelled, own)

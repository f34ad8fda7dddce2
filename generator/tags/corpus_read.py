"""What the corpus-wide steps of the tag stage read of the papers' analyses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.model import Paper
from generator.tags.cache import Analysis
from generator.tags.compact import compact_vectors, projection_for
from generator.tags.incremental import Carried
from generator.tags.tagged_text import summary_of


@dataclass(frozen=True)
class CorpusRead:
    """By paper id; vectors in id order."""

    keyphrases: dict[str, list[str]]
    vectors: np.ndarray
    summaries: dict[str, str]
    compact: dict[str, str]  # each paper's compact vector (compact.py)
    embedded: int  # texts that needed the model


def read_of(
    papers: list[Paper], analyses: dict[str, Analysis], embedded: int, embedder_name: str
) -> CorpusRead:
    """What the corpus-wide steps read of these papers' analyses (by paper id)."""
    vectors = (
        np.stack([analyses[p.id].vector for p in papers])
        if papers
        else np.zeros((0, 1), np.float32)
    )
    compact = compact_vectors(vectors, projection_for(embedder_name, vectors.shape[1]))
    return CorpusRead(
        {p.id: [phrase for phrase, _ in analyses[p.id].keyphrases] for p in papers},
        vectors,
        {p.id: summary_of(p, analyses[p.id].sentences) for p in papers},
        dict(zip((p.id for p in papers), compact, strict=True)),
        embedded,
    )


def with_carried(
    papers: list[Paper], fresh: CorpusRead, carried: Carried, kept: dict[str, np.ndarray]
) -> CorpusRead:
    """Every paper's read: the arriving papers' from `fresh`, the others' from what the
    kept result carries, their vectors from `kept`."""
    row = {pid: index for index, pid in enumerate(fresh.keyphrases)}
    return CorpusRead(
        {
            p.id: fresh.keyphrases[p.id] if p.id in row else list(carried.keyphrases[p.id])
            for p in papers
        },
        np.stack([fresh.vectors[row[p.id]] if p.id in row else kept[p.id] for p in papers]),
        {**carried.summaries, **fresh.summaries},
        {**carried.compact, **fresh.compact},
        fresh.embedded,
    )

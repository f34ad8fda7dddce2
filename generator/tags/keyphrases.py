"""Keyphrase extraction: a text's candidates (keyphrase_candidates) ranked by KeyBERT from
one model pass, with a position prior, a single-word penalty and MMR on top.

Each candidate's vector is the mean of the contextual token vectors it covers (as in SIFRank),
compared with the document vector: no extra model pass per phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from generator.tags.embedders import TokenEmbeddings
from generator.tags.keyphrase_candidates import Candidate, candidates
from generator.tags.keyphrase_candidates import (  # subjects and acronyms import it from here
    word_class as word_class,
)


def _token_mask(doc: TokenEmbeddings, spans) -> np.ndarray:
    """The tokens (with text: special tokens have empty spans) inside any of `spans`."""
    return TokenSpans(doc).mask(spans)


class TokenSpans:
    """Where a text's tokens are, to find the tokens inside character ranges. Tokens are in
    text order, so the tokens of one range are a run found by binary search: linear in the
    ranges, where a pass over every token per range is quadratic in a long text."""

    def __init__(self, doc: TokenEmbeddings):
        self.spans = doc.spans
        self.real = np.flatnonzero(doc.spans[:, 1] > doc.spans[:, 0])
        self.starts, self.ends = doc.spans[self.real, 0], doc.spans[self.real, 1]
        self.ordered = bool((np.diff(self.starts) >= 0).all() and (np.diff(self.ends) >= 0).all())

    def mask(self, spans) -> np.ndarray:
        if not self.ordered:  # not seen from a tokenizer; kept correct all the same
            starts, ends = self.spans[:, 0], self.spans[:, 1]
            found = np.zeros(len(starts), dtype=bool)
            for begin, end in spans:
                found |= (starts >= begin) & (ends <= end) & (ends > starts)
            return found
        found = np.zeros(len(self.spans), dtype=bool)
        for begin, end in spans:
            first = int(np.searchsorted(self.starts, begin, "left"))
            last = int(np.searchsorted(self.ends, end, "right"))
            found[self.real[first:last]] = True
        return found


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def phrase_vectors(doc: TokenEmbeddings, cands: list[Candidate]) -> np.ndarray:
    """Mean of the contextual token vectors inside each candidate's occurrences."""
    vectors = np.zeros((len(cands), doc.tokens.shape[1]), dtype=np.float32)
    where = TokenSpans(doc)
    for row, cand in enumerate(cands):
        mask = where.mask(cand.spans)
        if mask.any():
            vectors[row] = doc.tokens[mask].mean(axis=0)
    return _unit_rows(vectors)


def content_vector(doc: TokenEmbeddings, cands: list[Candidate]) -> np.ndarray:
    """The document as the mean of its candidate tokens: stop words and verbs left out
    (Inspec: F1@5 +0.5 over the model's own mean over every token)."""
    mask = _token_mask(doc, [span for cand in cands for span in cand.spans])
    return _unit_rows(doc.tokens[mask].mean(axis=0)) if mask.any() else doc.vector


@dataclass(frozen=True)
class ScoringSettings:
    """Tuned on the 1,500 Inspec tuning abstracts (bench/tune_keyphrases.py)."""

    position_weight: float = (
        0.3  # bonus for phrases that appear early (SIFRank+): title, first sentence
    )
    position_exponent: float = 0.5
    single_word_penalty: float = 0.1  # lone words are rarely the keyphrase a reader would name
    diversity: float = 0.4  # MMR weight (Inspec F1@5: 0 -> 20.8, 0.4 -> 22.1, 0.6 -> 19.8)
    top_n: int = 30  # tags match over these; pages show the first 10


class _GivenVectors:
    """KeyBERT's embedding backend for vectors it is handed: it never embeds anything itself."""

    def embed(self, documents, verbose: bool = False):
        raise RuntimeError("KeyBERT is given every vector; it must not embed")


@lru_cache(maxsize=1)
def keybert():
    """KeyBERT over the one model pass: imported on first use (a rebuild with nothing new to
    analyze never imports it)."""
    from keybert import KeyBERT
    from keybert.backend import BaseEmbedder

    backend = type("GivenVectors", (_GivenVectors, BaseEmbedder), {})()
    return KeyBERT(model=backend)


def keybert_relevance(doc_vector: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """KeyBERT's ranking of the candidates (cosine of each candidate to the document), fed the
    vectors of this text's one model pass instead of embedding each phrase again. Candidates
    reach it as their row numbers through a vectorizer that yields every row for its one
    document, whatever that document says: KeyBERT reads no text here. (It returns nothing for
    an empty string, so the document is a list that holds one.)"""
    from sklearn.feature_extraction.text import CountVectorizer

    rows = [str(row) for row in range(len(vectors))]
    vectorizer = CountVectorizer(analyzer=lambda _: rows, vocabulary=rows)
    found = keybert().extract_keywords(
        [""],
        vectorizer=vectorizer,
        doc_embeddings=doc_vector[None, :],
        word_embeddings=vectors,
        top_n=len(rows),
    )
    relevance = np.zeros(len(rows), dtype=np.float32)
    for row, score in found:
        relevance[int(row)] = score
    return relevance


def rank(
    doc: TokenEmbeddings, cands: list[Candidate], settings: ScoringSettings
) -> list[tuple[str, float]]:
    """KeyBERT ranks the candidates by relevance; around it, two measured steps of ours: the
    position prior and single-word penalty are added to its score, and MMR picks from that."""
    if not cands:
        return []
    vectors = phrase_vectors(doc, cands)
    relevance = keybert_relevance(content_vector(doc, cands), vectors)
    first = np.asarray([c.first_word for c in cands], dtype=np.float32)
    single = np.asarray([" " not in c.phrase for c in cands], dtype=np.float32)
    score = (
        relevance
        + settings.position_weight / (1.0 + first / 10.0) ** settings.position_exponent
        - settings.single_word_penalty * single
    )
    order = mmr(vectors, score, settings.top_n, settings.diversity)
    return [(cands[i].phrase, round(float(score[i]), 4)) for i in order]


def mmr(vectors: np.ndarray, score: np.ndarray, top_n: int, diversity: float) -> list[int]:
    """Maximal marginal relevance: each pick trades relevance for distance to earlier picks.
    Ties go to the earlier candidate, so the order is deterministic."""
    chosen: list[int] = []
    remaining = list(np.argsort(-score, kind="stable"))
    while remaining and len(chosen) < top_n:
        if chosen and diversity > 0:
            redundancy = (vectors[remaining] @ vectors[chosen].T).max(axis=1)
            values = (1 - diversity) * score[remaining] - diversity * redundancy
            pick = remaining[int(np.argmax(values))]
        else:
            pick = remaining[0]
        chosen.append(pick)
        remaining.remove(pick)
    return chosen


def extract(
    doc: TokenEmbeddings, text: str, settings: ScoringSettings = ScoringSettings()
) -> list[tuple[str, float]]:
    return rank(doc, candidates(text), settings)

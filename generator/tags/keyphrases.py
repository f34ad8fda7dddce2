"""Keyphrase extraction: noun-phrase-like candidates scored by one model pass per text.

Candidates are runs of content words cut at stop words, verbs, adverbs and punctuation
(no POS tagger: none works offline here), so phrases read like keyphrases and occur
verbatim in the text. Each candidate's vector is the mean of the contextual token vectors
it covers (as in SIFRank), compared with the document vector: no extra model pass per phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from lemminflect import getAllLemmas

from generator.tags.embedders import TokenEmbeddings

# A word, hyphenated compounds whole: `SNN-based`, `layer-wise`, `GPT-4-like`. A slash splits
# words (joining them cost 0.2 F1@5 on Inspec); the word after it is a fragment (see fragment()).
WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'’]*[A-Za-z0-9]|)(?:-[A-Za-z0-9]+)*")
# Ours, on top of scikit-learn's English list (the one KeyBERT's CountVectorizer uses).
OWN_STOP_WORDS = frozenset({
    "paper", "propose", "proposed", "proposes", "present", "presents", "presented", "show", "shows", "shown",
    "demonstrate", "demonstrates", "achieve", "achieves", "achieved", "achieving", "introduce", "introduces",
    "use", "uses", "used", "using", "based", "improve", "improves", "improved", "outperform", "outperforms",
    "require", "requires", "required", "enable", "enables", "enabling", "provide", "provides", "provided",
    "allow", "allows", "make", "makes", "made", "called", "named", "dubbed", "termed", "leads", "lead",
    "obtain", "obtained", "study", "studies", "studied", "consider", "considered", "existing", "various",
    "different", "novel", "new", "recent", "recently", "approach", "approaches", "method", "methods",
    "results", "result", "work", "works", "problem", "problems", "way", "ways", "able", "given", "furthermore",
    "moreover", "however", "thus", "therefore", "respectively", "significantly", "extensive", "experiments",
    "experimental", "state-of-the-art", "art", "effectiveness", "performance", "superior", "comparable",
    "compared", "previous", "prior", "simple", "effective", "efficiently", "key", "main", "large",
    "high", "low", "better", "best", "good", "several", "many", "multiple", "number", "et", "al", "e", "g",
    "i", "vs", "ii", "iii", "code", "available", "publicly", "github", "com", "https", "http", "www",
    "like", "unlike", "via", "toward", "towards", "upon", "whereas",
})
OOV_ADJECTIVE_ENDINGS = ("able", "ible", "ive", "ous", "ful", "less", "ical")
MAX_WORDS = 4  # Inspec: maximal noun phrases up to 4 words scored best (F1@5 19.3 vs 18.8 at 3)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Imported on first use: importing scikit-learn takes about a second, which a rebuild
    that tags nothing new should not pay."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | OWN_STOP_WORDS


@dataclass(frozen=True)
class Candidate:
    phrase: str  # as written in the text (first occurrence)
    spans: tuple[tuple[int, int], ...]  # character spans of every occurrence
    first_word: int  # position of the first occurrence, in words


@lru_cache(maxsize=200_000)
def _modifier_shaped(part: str) -> bool:
    classes = getAllLemmas(part)
    participle = part.endswith(("ed", "ing")) and "VERB" in classes
    return participle or ("ADJ" in classes and "NOUN" not in classes) or (not classes and part.endswith(OOV_ADJECTIVE_ENDINGS))


def word_class(word: str) -> str:
    """'N' noun (may end a phrase), 'M' modifier (adjective, participle), 'X' breaks a phrase.
    From LemmInflect's bundled lexicon (a word's possible parts of speech), not a tagger."""
    lowered = word.lower()
    if lowered in stop_words() or lowered.isdigit() or len(word) < 2 or "'" in word or "’" in word:
        return "X"
    if "-" in lowered:  # compounds take the class of their last part: knowledge-based, pre-trained
        return "M" if _modifier_shaped(lowered.rsplit("-", 1)[1]) else "N"
    classes = getAllLemmas(lowered)
    if not classes:  # acronyms, names, domain terms (NeRF, GNNs, LoRA) unless shaped like an adverb or adjective
        plain = word.islower() or word.istitle()  # not an acronym like LoRA or GNNs
        if plain and lowered.endswith("ly"):
            return "X"
        return "M" if plain and lowered.endswith(OOV_ADJECTIVE_ENDINGS) else "N"
    if "NOUN" in classes or "PROPN" in classes:
        return "N"
    if "ADJ" in classes or lowered.endswith(("ing", "ed")) and "VERB" in classes:
        return "M"
    return "X"  # verbs, adverbs


@lru_cache(maxsize=200_000)
def inflected_verb(word: str) -> bool:
    """`prunes`, `attempts`: a noun plural or a verb; inside a phrase it is the verb."""
    lowered = word.lower()
    return lowered.endswith("s") and not lowered.endswith("ss") and "VERB" in getAllLemmas(lowered)


@lru_cache(maxsize=200_000)
def gerund(word: str) -> bool:
    lowered = word.lower()
    return lowered.endswith("ing") and set(getAllLemmas(lowered)) == {"VERB"}


def fragment(word: re.Match) -> bool:
    """The tail of a compound cut apart (`-based` once math left `$X$-based`, the `M` of `N:M`):
    a phrase never starts or runs through it, so no tag is half a word."""
    start = word.start()
    return start > 0 and word.string[start - 1] in "-/:"


def noun_phrases(run: list[re.Match]) -> list[list[re.Match]]:
    """Split a run of words into (modifier|noun)* noun phrases (`graph neural networks`):
    verbs, adverbs and stop words cut; trailing modifiers are dropped."""
    phrases: list[list[re.Match]] = [[]]
    for match in run:
        if word_class(match.group()) == "X" or fragment(match):
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
        while phrase and gerund(phrase[0].group()):
            phrase = phrase[1:]  # "Detecting generated images": the verb is not part of the phrase
        if phrase:
            trimmed.append(phrase)
    return trimmed


def chunks(text: str) -> list[list[re.Match]]:
    """Runs of words not separated by punctuation."""
    runs: list[list[re.Match]] = [[]]
    previous_end = 0
    for match in WORD.finditer(text):
        if runs[-1] and text[previous_end:match.start()].strip():
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
            entry = found.setdefault(" ".join(lowered), [text[span[0]:span[1]], [], positions[span[0]]])
            entry[1].append(span)
    return [Candidate(phrase, tuple(spans), first) for phrase, spans, first in found.values()]


def _token_mask(doc: TokenEmbeddings, spans) -> np.ndarray:
    starts, ends = doc.spans[:, 0], doc.spans[:, 1]
    mask = np.zeros(len(starts), dtype=bool)
    for begin, end in spans:
        mask |= (starts >= begin) & (ends <= end) & (ends > starts)
    return mask


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def phrase_vectors(doc: TokenEmbeddings, cands: list[Candidate]) -> np.ndarray:
    """Mean of the contextual token vectors inside each candidate's occurrences."""
    vectors = np.zeros((len(cands), doc.tokens.shape[1]), dtype=np.float32)
    for row, cand in enumerate(cands):
        mask = _token_mask(doc, cand.spans)
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

    position_weight: float = 0.3  # bonus for phrases that appear early (SIFRank+): title, first sentence
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


def keybert_relevance(text: str, doc_vector: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """KeyBERT's ranking of the candidates (cosine of each candidate to the document), fed the
    vectors of this text's one model pass instead of embedding each phrase again. Candidates
    reach it as their row numbers through a vectorizer that yields every row for this text."""
    from sklearn.feature_extraction.text import CountVectorizer

    rows = [str(row) for row in range(len(vectors))]
    vectorizer = CountVectorizer(analyzer=lambda _: rows, vocabulary=rows)
    found = keybert().extract_keywords(text, vectorizer=vectorizer, doc_embeddings=doc_vector[None, :],
                                       word_embeddings=vectors, top_n=len(rows))
    relevance = np.zeros(len(rows), dtype=np.float32)
    for row, score in found:
        relevance[int(row)] = score
    return relevance


def rank(doc: TokenEmbeddings, cands: list[Candidate], settings: ScoringSettings,
         text: str = "") -> list[tuple[str, float]]:
    """KeyBERT ranks the candidates by relevance; around it, two measured steps of ours: the
    position prior and single-word penalty are added to its score, and MMR picks from that."""
    if not cands:
        return []
    vectors = phrase_vectors(doc, cands)
    relevance = keybert_relevance(text, content_vector(doc, cands), vectors)
    first = np.asarray([c.first_word for c in cands], dtype=np.float32)
    single = np.asarray([" " not in c.phrase for c in cands], dtype=np.float32)
    score = (relevance + settings.position_weight / (1.0 + first / 10.0) ** settings.position_exponent
             - settings.single_word_penalty * single)
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


def extract(doc: TokenEmbeddings, text: str, settings: ScoringSettings = ScoringSettings()) -> list[tuple[str, float]]:
    return rank(doc, candidates(text), settings, text)

"""A one-sentence summary per paper: the abstract sentence that best states what the paper
does, picked (never written) with the token vectors of the tag stage's one model pass, less
an opening that leans on the sentence before it ("To address this issue, ").

Per text, with its vector and keyphrases (and cached with them): every sentence of the
tagging text, with the cosine of its pooled token vectors to the document vector and what
the rule below reads from its words. Per paper (one text can be two papers' under other
titles): the title's sentences left out, the rule applied, and the winner's span in the
abstract as written, math and all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from generator.tags.embedders import TokenEmbeddings
from generator.tags.keyphrases import TokenSpans

# Part of the analysis cache key (tag.EXTRACTION_VERSION): bump when the splitter or the
# features below change. The weights are read at pick time: changing them re-embeds nothing.
SENTENCE_FEATURES = "sentences-v1"

# A sentence ends at . ! ? (closing quotes and brackets with it) before a space and anything
# but a lower-case letter: "3.5", "arXiv:2301.01234", URLs and "i.e. the" never qualify.
BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[^\sa-z])")
LAST_WORD = re.compile(r"[(\[\"'“‘]*([^\s(\[\"'“‘]+)$")
ABBREVIATIONS = frozenset(
    {
        "al",
        "approx",
        "ca",
        "cf",
        "dr",
        "eq",
        "eqs",
        "fig",
        "figs",
        "jr",
        "mr",
        "mrs",
        "ms",
        "no",
        "nos",
        "ph.d",
        "phd",
        "prof",
        "ref",
        "refs",
        "resp",
        "sec",
        "sect",
        "st",
        "tab",
        "viz",
        "vol",
        "vs",
    }
)
DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # e.g, i.e, w.r.t, U.S

CUE = re.compile(
    r"\b(?:we\s+(?:\w+\s+)?"  # one word between: "we also propose", "we then show"
    r"(?:propose|present|introduce|show|develop|find|demonstrate)"
    r"|this\s+(?:paper|work|study|article)"
    r"|our\s+(?:method|approach|model|framework))\b",
    re.IGNORECASE,
)
AUTHORIAL = re.compile(r"\b(?:we|our|this\s+(?:paper|work|study|article))\b", re.IGNORECASE)

# The rule: cosine to the document vector plus or minus these (between an abstract's
# sentences the cosine spans 0.15, median over the seeds, with all-MiniLM-L6-v2). A stated
# contribution wins against a sentence up to CUE_BONUS closer to the whole; a first sentence
# that only sets the scene, a fragment and a run-on lose. On the first 40 seeds the pick
# states a contribution in 88% of papers: cosine alone 62%, the first sentence 5%.
CUE_BONUS = 0.05
BACKGROUND_PENALTY = 0.05  # the abstract's first sentence, when it says nothing of "we"
SHORT_WORDS, SHORT_PENALTY = 8, 0.1
LONG_WORDS, LONG_PENALTY = 50, 0.05


# A sentence's opening that leans on the sentence before it, which a summary shown alone
# lacks: "To address this issue, we propose X" reads "We propose X". A purpose clause goes
# only before the authors' own statement (we, our, this paper); a bare connective always.
_ANAPHOR = r"(?:this|these|that|those|such|the\s+(?:above|aforementioned))"
_LEANING_CLAUSE = (
    r"(?:(?:To\s+(?:address|overcome|tackle|solve|fill|bridge|mitigate|alleviate|remedy|resolve"
    r"|handle|close|counter|meet|fix)|Addressing|Overcoming|Tackling|Solving|Bridging|Mitigating"
    rf"|Alleviating|Resolving|Handling)\b[^,.;]{{0,60}}?\b{_ANAPHOR}\b[^,.;]{{0,60}}"
    rf"|To\s+this\s+end|(?:Motivated|Inspired|Based|Building|Drawing)\s+(?:by|on|upon|from)\s+"
    rf"{_ANAPHOR}\b[^,.;]{{0,60}}|In\s+(?:this\s+way|doing\s+so))"
)
_CONNECTIVE = (
    r"(?:Therefore|Thus|Hence|However|Consequently|Moreover|Furthermore|Additionally"
    r"|In\s+addition|Besides|Finally|Instead|As\s+a\s+result|As\s+such|Also|Further"
    r"|First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Lastly|Then|Next|Specifically|Concretely"
    r"|In\s+particular|Notably|Importantly|Accordingly|Similarly|Likewise|Nevertheless"
    r"|Nonetheless|Meanwhile"
    r"|In\s+contrast|Overall|In\s+(?:summary|short|conclusion)|To\s+summarize)"
)
LEANING = re.compile(
    rf"(?:{_LEANING_CLAUSE},\s+(?=(?:we|our|this\s+(?:paper|work|study|article)|in\s+this)\b)"
    rf"|{_CONNECTIVE},\s+)(?=\S)"
)


# What still needs the sentence before once LEANING is off, so a pick avoids it where another
# sentence will do: a pronoun or demonstrative that is not the authors' ("These results
# suggest", "It is also", "The latter") or an enumeration ("(1) Despite", "Not only can ULR").
# A "this challenge" later in the sentence is not counted: "This paper tackles this challenge
# by X" still states the contribution.
LEANING_PENALTY = 0.1
BACK_OPENING = re.compile(
    r"(?:\(?(?:\d+|[ivx]+)\)\s|Not\s+only\b|As\s+a\s+(?:consequence|result)\s+of\s+"
    r"|The\s+(?:latter|former)\b|(?:This|These|Those|That|Such|It|They|Its|Their|Both)\b"
    r"(?!\s+(?:paper|work|study|article|survey|thesis|report|letter|note)\b))"
)


def standalone(sentence: str) -> str:
    """The sentence without openings that lean on the one before (see LEANING): "Specifically,
    to address this, we propose X" reads "We propose X"."""
    rest = sentence
    while (found := LEANING.match(rest[:1].upper() + rest[1:])) is not None:
        rest = rest[found.end() :]
    if rest == sentence:
        return sentence
    first_word = rest.split(maxsplit=1)[0]
    return rest if first_word != first_word.lower() else rest[0].upper() + rest[1:]  # mRNA, pH


def leans(sentence: str) -> bool:
    """Whether the sentence, shown alone (standalone), still points back at one before it."""
    return BACK_OPENING.match(sentence) is not None


class Sentence(NamedTuple):
    start: int  # character span in the tagging text
    end: int
    cosine: float | None  # pooled token vectors to the document vector; None past truncation
    words: int
    cue: bool  # states a contribution: "we propose", "this paper", "our method"
    authorial: bool  # speaks for the authors: "we", "our", "this paper"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, whitespace trimmed; pieces without a
    letter or digit (a stray bracket) are left out."""
    cuts = [m.end() for m in BOUNDARY.finditer(text) if not _abbreviation(text[: m.start()])]
    spans = []
    for begin, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        piece = text[begin:end]
        start, stop = begin + len(piece) - len(piece.lstrip()), begin + len(piece.rstrip())
        if any(char.isalnum() for char in piece):
            spans.append((start, stop))
    return spans


def _abbreviation(before: str) -> bool:
    """Whether the period that follows `before` ends an abbreviation ("et al.", "Fig. 2")."""
    found = LAST_WORD.search(before[-24:])
    word = found.group(1) if found else ""
    return word.lower() in ABBREVIATIONS or DOTTED.fullmatch(word) is not None


def sentence_features(doc: TokenEmbeddings, text: str) -> tuple[Sentence, ...]:
    """Every sentence of `text` (the text `doc` embeds) with what the pick reads."""
    found = []
    where = TokenSpans(doc)
    for start, end in sentence_spans(text):
        mask = where.mask([(start, end)])
        cosine = None
        if mask.any():
            pooled = doc.tokens[mask].mean(axis=0)
            norm = float(np.linalg.norm(pooled))
            cosine = round(float(pooled @ doc.vector) / norm, 4) if norm else 0.0
        piece = text[start:end]
        found.append(
            Sentence(
                start,
                end,
                cosine,
                len(piece.split()),
                CUE.search(piece) is not None,
                AUTHORIAL.search(piece) is not None,
            )
        )
    return tuple(found)


def score(sentence: Sentence, first: bool) -> float:
    """A sentence's score (its cosine is known: pick scores only those within the model's
    length)."""
    value = (sentence.cosine or 0.0) + CUE_BONUS * sentence.cue
    value -= BACKGROUND_PENALTY * (first and not sentence.authorial)
    value -= SHORT_PENALTY * (sentence.words < SHORT_WORDS)
    value -= LONG_PENALTY * (sentence.words > LONG_WORDS)
    return value


def pick(abstract: str, sentences: Sequence[Sentence], ends: Sequence[int]) -> str:
    """The best sentence of `abstract`, whitespace collapsed. `ends[i]`: where sentences[i]
    ends in the abstract (<= 0: in the title). The abstract is cut at those ends, so what
    lies between two sentences (math the tagging text left out) goes with the next one; a
    sentence past the model's truncation is no candidate. None the model saw: the first."""
    best, best_score, first, begin, last = None, float("-inf"), None, 0, len(sentences) - 1
    for index, (sentence, end) in enumerate(zip(sentences, ends, strict=True)):
        stop = len(abstract) if index == last else min(max(end, 0), len(abstract))
        if stop <= begin:
            continue  # the title's
        if sentence.cosine is not None:
            value = score(sentence, first is None)
            value -= LEANING_PENALTY * leans(standalone(" ".join(abstract[begin:stop].split())))
            if value > best_score:
                best, best_score = (begin, stop), value
        first = first or (begin, stop)
        begin = stop
    start, stop = best or first or (0, len(abstract))
    return standalone(" ".join(abstract[start:stop].split()))

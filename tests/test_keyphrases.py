"""Keyphrase candidates and ranking (fake token vectors; the real model is in test_tag.py)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from fake_embedder import HashingEmbedder

from generator.tags.embedders import TokenEmbeddings
from generator.tags.keyphrase_candidates import Candidate, candidates, word_class
from generator.tags.keyphrases import (
    ScoringSettings,
    TokenSpans,
    content_vector,
    extract,
    keybert_relevance,
    mmr,
    phrase_vectors,
    rank,
)


def phrases(text: str) -> set[str]:
    return {c.phrase for c in candidates(text)}


def test_candidates_are_noun_phrases_that_occur_verbatim():
    text = "We propose a novel sparse training method that efficiently prunes deep neural networks."
    found = phrases(text)
    assert "deep neural networks" in found
    assert all(p in text for p in found)
    assert not any(
        w in p.split() for p in found for w in ("propose", "efficiently", "prunes", "that")
    )


def test_candidates_keep_acronyms_and_hyphenated_terms():
    found = phrases(
        "Neural Radiance Fields (NeRF) and pre-trained GNNs rely on state-of-the-art LoRA adapters."
    )
    assert {"Neural Radiance Fields", "NeRF", "pre-trained GNNs", "LoRA adapters"} <= found


def test_letters_of_any_script_stay_inside_their_word():
    text = (
        "We study Schrödinger bridges on Kähler manifolds, Naïve Bayes near the Poincaré disk "
        "and Müller-style priors."
    )
    phrases = [c.phrase for c in candidates(text)]
    assert phrases == [
        "Schrödinger bridges",
        "Kähler manifolds",
        "Naïve Bayes",
        "Poincaré disk",
        "Müller-style priors",
    ]


def test_no_candidate_ends_in_an_adjective_or_repeats_a_word():
    found = phrases(
        "The benchmark benchmark is robust. Efficient and scalable. Deep learning is deep."
    )
    assert "benchmark benchmark" not in found
    assert not any(p.lower().endswith(("robust", "efficient", "scalable", "deep")) for p in found)


def test_word_classes():
    assert word_class("networks") == "N" and word_class("NeRF") == "N"
    assert word_class("neural") == "M" and word_class("knowledge-based") == "M"
    assert (
        word_class("outperforms") == "X"
        and word_class("efficiently") == "X"
        and word_class("the") == "X"
    )


def test_extract_ranks_and_caps_at_top_n():
    text = (
        "Graph neural networks for molecules. Graph neural networks pass messages between atoms; "
        "molecular graphs and message passing give property prediction."
    )
    [doc] = HashingEmbedder().embed_tokens([text])
    ranked = extract(doc, text, ScoringSettings(top_n=3))
    assert len(ranked) == 3
    assert ranked[0][0] == "Graph neural networks"


def test_mmr_prefers_a_different_second_pick():
    vectors = np.array([[1, 0], [0.99, 0.14], [0, 1]], dtype=np.float32)
    score = np.array([0.9, 0.89, 0.5], dtype=np.float32)
    assert mmr(vectors, score, 2, diversity=0.0) == [0, 1]
    assert mmr(vectors, score, 2, diversity=0.5) == [0, 2]


def test_no_candidate_is_part_of_a_compound_cut_apart():
    # tagging_text turns math into a space, so `$X$-based` reaches candidates as ` -based`
    text = (
        "An SNN-based algorithm with layer-wise normalization; a  -based rendering pipeline; "
        "N:M sparse training; training-free image editing with GPT-4-like models; "
        "an encoder/decoder design."
    )
    found = {p.lower() for p in phrases(text)}
    assert {"snn-based algorithm", "layer-wise normalization", "gpt-4-like models"} <= found
    cut = (
        "based algorithm",
        "wise normalization",
        "based rendering",
        "free image",
        "like models",
        "m sparse",
        "decoder design",
        "like gpt-4",
    )
    assert not any(p == c or p.startswith(c) for p in found for c in cut), found


def test_keybert_ranks_the_candidates_from_the_given_vectors(monkeypatch):
    from generator.tags import keyphrases

    calls = []
    real = keyphrases.keybert_relevance
    monkeypatch.setattr(
        keyphrases, "keybert_relevance", lambda *args: calls.append(args) or real(*args)
    )
    text = "Graph neural networks for molecules. Message passing gives property prediction."
    [doc] = HashingEmbedder().embed_tokens([text])
    ranked = extract(doc, text)
    assert calls and len(ranked) == len(candidates(text))
    relevance = real(
        np.array([1, 0], dtype=np.float32),
        np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32),
    )
    assert np.allclose(relevance, [1.0, 0.0, 0.6])  # KeyBERT's cosine, by candidate row


def test_candidates_give_every_span_and_the_first_words_position():
    found = candidates("We train graph networks on voxel grids; voxel grids and graph networks.")
    assert [(c.phrase, c.spans, c.first_word) for c in found] == [
        ("train graph networks", ((3, 23),), 1),
        ("voxel grids", ((27, 38), (40, 51)), 5),
        ("graph networks", ((56, 70),), 10),
    ]


def test_a_repeated_word_phrase_is_skipped_not_the_rest_of_its_run():
    assert phrases("benchmark benchmark and graph networks") == {"graph networks"}


def test_a_trailing_modifier_or_a_leading_gerund_leaves_the_phrase():
    assert phrases("Graph transformer scalable.") == {"Graph transformer"}
    assert phrases("Detecting generated images.") == {"generated images"}


def test_only_a_word_right_after_a_hyphen_slash_or_colon_is_a_fragment():
    assert phrases("-graph networks") == {"networks"}
    assert phrases("Graph networks:") == {"Graph networks"}  # the text's last character


def test_keybert_is_handed_every_vector_and_never_embeds_a_text_itself():
    import pytest

    from generator.tags.keyphrases import keybert

    with pytest.raises(RuntimeError, match="^KeyBERT is given every vector; it must not embed$"):
        keybert().model.embed(["graph neural networks"])


def token_doc(spans, tokens, vector=(1.0, 0.0)) -> TokenEmbeddings:
    """A model pass written out by hand: each token's character span and vector."""
    return TokenEmbeddings(
        np.asarray(vector, dtype=np.float32),
        np.asarray(spans, dtype=np.int64).reshape(-1, 2),
        np.asarray(tokens, dtype=np.float32),
    )


def inside(spans, ranges) -> list[bool]:
    """By definition: the tokens with text that lie wholly inside one of the ranges."""
    return [
        end > start and any(begin <= start and end <= stop for begin, stop in ranges)
        for start, end in spans
    ]


# `[CLS] GNNs learn graphs [SEP]` as a tokenizer splits it: special tokens have empty spans at
# 0, and the subword `s` starts where `GNN` ends.
TOKENIZED = [(0, 0), (0, 3), (3, 4), (5, 10), (11, 17), (0, 0)]


def test_token_spans_find_the_tokens_wholly_inside_ranges():
    where = TokenSpans(token_doc(TOKENIZED, np.zeros((6, 2))))
    assert where.mask([(0, 4)]).tolist() == [False, True, True, False, False, False]
    assert where.mask([(3, 4)]).tolist() == [False, False, True, False, False, False]
    assert where.mask([(4, 9), (10, 17)]).tolist() == [False] * 4 + [True, False]
    for begin, end in itertools.combinations(range(19), 2):
        assert where.mask([(begin, end)]).tolist() == inside(TOKENIZED, [(begin, end)])


@pytest.mark.parametrize(
    "spans",
    [
        [(5, 10), (0, 0), (0, 3), (11, 17), (3, 4)],  # out of text order
        [(0, 10), (2, 4), (5, 7), (0, 0)],  # starts in order, ends not
        [(2, 4), (0, 10), (5, 7)],  # ends in order, starts not
    ],
)
def test_token_spans_out_of_text_order_find_the_same_tokens(spans):
    where = TokenSpans(token_doc(spans, np.zeros((len(spans), 2))))
    ranges = list(itertools.combinations(range(19), 2))
    for found in ([r] for r in ranges):
        assert where.mask(found).tolist() == inside(spans, found), found
    for found in itertools.combinations(ranges[::7], 2):
        assert where.mask(found).tolist() == inside(spans, found), found


def test_phrase_vectors_are_the_unit_mean_of_the_tokens_of_every_occurrence():
    # `graph nets ... graph nets ... voxel`, and `grids` past the end of the model's tokens
    doc = token_doc(
        [(0, 0), (0, 5), (6, 10), (12, 17), (18, 22), (24, 29)],
        [[9, 9], [3, 0], [0, 1], [3, 0], [0, 3.5], [0, -2]],
    )
    cands = [
        Candidate("graph nets", ((0, 10), (12, 22)), 0),
        Candidate("voxel", ((24, 29),), 4),
        Candidate("grids", ((31, 36),), 5),
    ]
    vectors = phrase_vectors(doc, cands)
    assert vectors.dtype == np.float32  # the model's precision, as every vector of the stage
    assert np.allclose(vectors, [[0.8, 0.6], [0, -1], [0, 0]])


def test_the_document_is_the_mean_of_its_candidates_tokens_else_the_models_vector():
    doc = token_doc(
        [(0, 0), (0, 5), (6, 10), (11, 14), (15, 20)],
        [[9, 9], [3, 0], [1, 0], [0, 9], [0, 3]],
        vector=(0.0, 1.0),
    )
    cands = [Candidate("graph nets", ((0, 10),), 0), Candidate("voxel", ((15, 20), (6, 10)), 3)]
    assert np.allclose(content_vector(doc, cands), [0.8, 0.6])  # (3+1+0, 0+0+3) / 3, unit
    assert content_vector(doc, []).tolist() == [0.0, 1.0]
    assert content_vector(doc, [Candidate("grids", ((30, 35),), 9)]).tolist() == [0.0, 1.0]


def test_keybert_relevance_is_each_rows_cosine_however_many_rows():
    # more than KeyBERT's default top 5, and more than 10 rows, whose names sort as text
    angles = np.linspace(0, np.pi, 13)
    vectors = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    relevance = keybert_relevance(np.array([1, 0], dtype=np.float32), vectors)
    assert relevance.tolist() == pytest.approx(np.round(np.cos(angles), 4).tolist(), abs=1e-6)


# Four one-token candidates: the document is their mean, the x axis, so the relevance of
# `graph networks` and `message passing` is 0.6 and that of `nodes` and `voxel grids` 0.
SCORED = token_doc(
    [(0, 14), (16, 21), (23, 34), (36, 51)],
    [[0.6, 0, 0.8], [0, 1, 0], [0, -1, 0], [0.6, 0, -0.8]],
    vector=(0, 0, 1),
)


def scored(*first_words: int) -> list[Candidate]:
    names = ["graph networks", "nodes", "voxel grids", "message passing"]
    spans = SCORED.spans.tolist()
    return [Candidate(n, (tuple(s),), w) for n, s, w in zip(names, spans, first_words, strict=True)]


def test_a_score_is_relevance_plus_position_prior_less_the_single_word_penalty():
    settings = ScoringSettings(diversity=0)  # 0.3 / (1 + first / 10) ** 0.5 - 0.1 if one word
    assert rank(SCORED, scored(0, 10, 30, 150), settings) == [
        ("graph networks", 0.9),  # 0.6 + 0.3
        ("message passing", 0.675),  # 0.6 + 0.3 / 4
        ("voxel grids", 0.15),  # 0 + 0.3 / 2
        ("nodes", 0.1121),  # 0 + 0.3 / 2 ** 0.5 - 0.1
    ]


def test_scores_are_float32_sums_rounded_to_four_places():
    # on a rounding edge, a score rounds as its float32 sum does: the site's bytes depend on it
    settings = ScoringSettings(position_weight=0.00005, single_word_penalty=0, diversity=0)
    assert rank(SCORED, scored(0, 0, 0, 0), settings) == [
        ("graph networks", 0.6001),  # float32 0.6 + 0.00005, where float64 has 0.6
        ("message passing", 0.6001),
        ("nodes", 0.0),  # float32 0.00005 is under it, float64 0.00005 over
        ("voxel grids", 0.0),
    ]
    settings = ScoringSettings(position_weight=0, single_word_penalty=0.00005, diversity=0)
    assert rank(SCORED, scored(0, 0, 0, 0), settings)[2:] == [
        ("voxel grids", 0.0),
        ("nodes", 0.0),  # float32 0 - 0.00005 rounds to -0.0, float64 to -0.0001
    ]


def test_mmr_trades_relevance_against_redundancy_by_the_diversity_weight():
    vectors = np.eye(3, dtype=np.float32)  # nothing redundant: the order is the scores'
    score = np.array([0.9, 0.8, 0.1], dtype=np.float32)
    assert mmr(vectors, score, 3, diversity=0.5) == [0, 1, 2]
    assert mmr(vectors, score, 5, diversity=0.5) == [0, 1, 2]
    vectors = np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    score = np.array([0.9, 0.8, 0.3], dtype=np.float32)
    # second pick: 0.5 * 0.8 - 0.5 * 0.8 = 0 against 0.5 * 0.3 - 0 = 0.15
    assert mmr(vectors, score, 3, diversity=0.5) == [0, 2, 1]
    # at 0.2: 0.8 * 0.8 - 0.2 * 0.8 = 0.48 against 0.8 * 0.3 = 0.24
    assert mmr(vectors, score, 3, diversity=0.2) == [0, 1, 2]


def test_mmr_ties_go_to_the_earlier_candidate_however_many():
    score = np.array([0.5, 0.9, 0.1] * 20, dtype=np.float32)
    vectors = np.zeros((60, 2), dtype=np.float32)
    expected = list(range(1, 60, 3)) + list(range(0, 60, 3)) + list(range(2, 60, 3))
    assert mmr(vectors, score, 60, diversity=0) == expected
    assert mmr(vectors, score, 60, diversity=0.4) == expected

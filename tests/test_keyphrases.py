"""Keyphrase candidates and ranking (fake token vectors; the real model is in test_tag.py)."""

from __future__ import annotations

import numpy as np
from fake_embedder import HashingEmbedder

from generator.tags.keyphrase_candidates import candidates, word_class
from generator.tags.keyphrases import ScoringSettings, extract, mmr


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
        text,
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

"""Acronyms: `long form (ACRONYM)` definitions, counted across texts, spelled out in keys."""

from __future__ import annotations

from generator.tags.acronyms import (
    _expansion,
    acronym_definitions,
    acronym_families,
    capitalized_words,
    count_acronyms,
    expand,
    written_acronyms,
)


def test_a_definition_gives_the_acronym_as_written_and_the_words_its_initials_spell():
    assert list(acronym_definitions("We train graph neural networks (GNNs) on molecules.")) == [
        ("GNNs", "graph neural networks")
    ]
    # the long form may open the text, and take every word before the parentheses
    assert list(acronym_definitions("neural radiance fields (NeRF)")) == [
        ("NeRF", "neural radiance fields")
    ]
    # one word may spell the acronym alone, through the parts of a compound
    assert list(acronym_definitions("on self-attention (SA) layers")) == [("SA", "self-attention")]
    assert list(acronym_definitions("Graph Neural Networks (GNN) and Language Models (LM)")) == [
        ("GNN", "Graph Neural Networks"),
        ("LM", "Language Models"),
    ]


def test_a_definition_that_is_no_noun_phrase_or_spells_nothing_has_no_long_form():
    assert list(acronym_definitions("differentially private (DP) training")) == [("DP", "")]
    assert list(acronym_definitions("we see the graph (TG) here")) == [("TG", "")]
    assert list(acronym_definitions("random words here (GNN)")) == [("GNN", "")]
    assert list(acronym_definitions("no acronym (here) at all")) == []
    assert _expansion("GNN", []) is None


def test_a_capital_s_ending_an_acronym_is_one_of_its_letters():
    assert list(acronym_definitions("on graph neural network samplers (GNNS)")) == [
        ("GNNS", "graph neural network samplers")
    ]


def test_counted_definitions_keep_the_most_common_expansion_and_singular_spelling():
    found = [
        ("DA", "domain adaptation"),
        ("DA", "data augmentation"),
        ("DAs", "domain adaptations"),
        ("GNNs", ""),
        ("GNNs", ""),
        ("GNN", ""),
    ]
    definitions, spellings = count_acronyms(found)
    assert definitions == {"da": "domain adaptation"}  # 2 to 1, though not first in order
    assert spellings == {"da": "DA", "gnn": "GNN"}
    assert count_acronyms([]) == ({}, {})


def test_expand_spells_out_only_the_acronyms_a_phrase_wrote():
    acronyms = {"rl": "reinforcement learning", "gnn": "graph neural network"}
    assert expand("offline rl", acronyms) == "offline reinforcement learning"
    assert expand("rl for gnn", acronyms) == "reinforcement learning for graph neural network"
    assert expand("offline rl", acronyms, frozenset({"rl"})) == "offline reinforcement learning"
    assert expand("offline rl", acronyms, frozenset()) == "offline rl"
    assert expand("rl for gnn", acronyms, frozenset({"gnn"})) == "rl for graph neural network"
    assert expand("graph  model", acronyms) == "graph  model"  # no acronym: the key as it is


def test_written_acronyms_are_whole_tokens_with_two_capitals_or_more():
    assert written_acronyms("LLMs for NeRF") == {"llm", "nerf"}
    assert written_acronyms("GNN/CNN hybrids (ViT)") == {"gnn", "cnn", "vit"}
    assert written_acronyms("terms and Clips") == frozenset()
    assert written_acronyms("RL_F score") == frozenset()
    assert written_acronyms("A AB") == {"ab"}


def test_families_join_their_defined_member():
    acronyms = {"lm": "language model", "nn": "neural network", "m": "model"}
    found = acronym_families(acronyms, ["llm", "dnn", "xlm", "lm", "dm", "llm", "lnn"])
    assert found == {
        **acronyms,
        "llm": "large language model",
        "dnn": "deep neural network",
        "lnn": "large neural network",
    }
    assert acronyms == {"lm": "language model", "nn": "neural network", "m": "model"}
    defined = {"lm": "language model", "llm": "legal language model"}
    assert acronym_families(defined, ["llm"]) == defined


def test_capitalized_words_are_the_acronyms_written_in_capitals():
    phrases = ["LLMs for GNN", "NeRF", "A B", "3D GS", "Graph", "RL-based"]
    assert list(capitalized_words(phrases)) == ["llm", "gnn", "gs"]


def test_an_acronym_that_only_starts_another_written_one_is_not_spelled_out():
    """LMM (a large multimodal model) is no plural of LM: only a written `s` is dropped."""
    acronyms = {"lm": "language model"}
    assert expand("lm lmm", acronyms, written_acronyms("LM LMM")) == "language model lmm"
    assert expand("lm lms", acronyms, written_acronyms("LM LMs")) == (
        "language model language model"
    )


def test_expand_without_the_written_acronyms_reads_plurals_as_words():
    acronyms = {"rl": "reinforcement learning"}
    assert expand("graph networks", acronyms) == "graph networks"
    assert expand("rls", acronyms) == "rls"

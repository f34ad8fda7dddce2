"""The shared tag vocabulary: folding, acronyms, broader shared phrases, sharing across papers."""

from __future__ import annotations

from generator import vocabulary as vocabulary_module
from generator.vocabulary import (TagSettings, acronym_definitions, choose_tags, count_acronyms, fold, fold_prose, specific,
                                  text_facts)


def build_vocabulary(keyphrases: dict[str, list[str]], texts: list[str]):
    """The vocabulary of these papers, the i-th with the i-th text (else none)."""
    facts = {pid: text_facts(texts[i] if i < len(texts) else "", phrases) for i, (pid, phrases) in enumerate(keyphrases.items())}
    return vocabulary_module.build_vocabulary(keyphrases, facts)


def test_fold_merges_case_plural_and_hyphenation():
    assert fold("Graph Neural Networks") == fold("graph neural network") == "graph neural network"
    assert fold("domain-adaptive segmentation") == fold("domain adaptive segmentation")
    assert fold("classes") == "class" and fold("studies") == "study" and fold("loss") == "loss"


def test_spellings_that_differ_only_in_spacing_are_one_key():
    keyphrases = {"a": ["pre-trained models"], "b": ["pretrained models"], "c": ["pretrained model", "x"]}
    vocabulary = build_vocabulary(keyphrases, ["", "", ""])
    assert vocabulary.key("pre-trained models") == vocabulary.key("pretrained model") == "pretrained model"
    assert vocabulary.document_frequency["pretrained model"] == 3


def test_acronyms_are_found_from_their_definitions():
    texts = ["We use Graph Neural Networks (GNNs) here.", "Neural Radiance Fields (NeRF) render scenes.",
             "Deep reinforcement learning (RL) is hard."]
    definitions, spellings = count_acronyms(found for text in texts for found in acronym_definitions(text))
    assert definitions == {"gnn": "graph neural network", "nerf": "neural radiance field", "rl": "reinforcement learning"}
    assert spellings == {"gnn": "GNN", "nerf": "NeRF", "rl": "RL"}


def test_acronym_and_expansion_are_one_tag_with_a_readable_label():
    keyphrases = {"a": ["GNNs", "molecules"], "b": ["graph neural networks", "citations"]}
    texts = ["Graph neural networks (GNNs) for molecules.", "Graph neural networks for citations."]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert vocabulary.key("GNN") == vocabulary.key("Graph Neural Networks") == "graph neural network"
    assert vocabulary.labels["graph neural network"] == "graph neural networks (GNN)"
    assert vocabulary.key("offline RL") == "offline rl"  # unknown acronym stays as written


def test_specific_rejects_everyday_single_words_and_generic_terms():
    assert specific("quantization") and specific("encoder") and specific("graph neural network")
    assert not specific("cost") and not specific("game") and not specific("model") and not specific("v2")


def test_a_unique_phrase_gives_way_to_a_broader_shared_one():
    keyphrases = {"a": ["sparse voxel grids"], "b": ["voxel grids"], "c": ["dense voxel grids"]}
    vocabulary = build_vocabulary(keyphrases, ["", "", ""])
    assert vocabulary.shared_form(vocabulary.key("sparse voxel grids")) == "voxel grid"


def test_choose_tags_shares_tags_and_tops_up_to_min():
    keyphrases = {
        "a": ["graph neural networks", "molecular property prediction", "virtual nodes"],
        "b": ["graph neural networks", "molecular property prediction", "subgraph sampling"],
        "c": ["neural radiance fields", "voxel grids", "real-time rendering"],
    }
    texts = {pid: " ".join(phrases) for pid, phrases in keyphrases.items()}
    vocabulary = build_vocabulary(keyphrases, list(texts.values()))
    prose = {pid: fold_prose(text) for pid, text in texts.items()}
    tags = choose_tags(keyphrases, vocabulary, TagSettings(min_tags=3, max_tags=7), prose, {})
    assert set(tags["a"]) >= {"graph neural networks", "molecular property prediction"}
    assert len(tags["a"]) == 3 and "virtual nodes" in tags["a"]
    assert tags["c"] == ("neural radiance fields", "voxel grids", "real-time rendering")


def test_acronym_search_from_the_parentheses_finds_what_a_full_scan_finds():
    import random

    from generator.vocabulary import ACRONYM_DEFINITION, definitions_in

    tricky = ["(A (ABC)", "a b c d e f g h (GNN)", "x4abc de (AB)", "foo(AB) bar (CD)", "a-b c (AB)(CD)",
              "é_a b (AB) (CD) c (DE)", "  lead (GNNs)", "word\u00a0word (WW)", "a b c d e f (ABCDEF) g h (GH)"]
    rng = random.Random(0)
    pieces = ["graph", "Neural", "net-work", "x_1", "4ab", "é", "(GN)", "(GNNs)", "(NeRF)", "(", ")", ",", "-", "s"]
    fuzz = ["".join(rng.choice(pieces) + rng.choice(["", " ", " ", "  ", "\u00a0", "\t"]) for _ in range(rng.randint(0, 20)))
            for _ in range(3000)]
    found = 0
    for text in tricky + fuzz:
        full = [(m.span(), m.groups()) for m in ACRONYM_DEFINITION.finditer(text)]
        assert [(m.span(), m.groups()) for m in definitions_in(text)] == full, text
        found += len(full)
    assert found > 100  # the fuzz reaches definitions, not only misses


def test_keys_worked_out_at_build_time_match_folding_afresh():
    from dataclasses import replace

    keyphrases = {"a": ["Graph Neural Networks", "GNNs", "pre-trained models"], "b": ["pretrained model", "GNN layers"]}
    vocabulary = build_vocabulary(keyphrases, ["Graph neural networks (GNNs) work.", ""])
    afresh = replace(vocabulary, known_keys={})
    assert vocabulary.known_keys and all(vocabulary.key(p) == afresh.key(p) for ps in keyphrases.values() for p in ps)


def test_a_tag_is_redundant_only_beside_a_longer_tag_ending_with_its_words():
    from generator.vocabulary import _without_redundant

    assert _without_redundant(["image backbone", "backbone", "bone", "graph"]) == ["image backbone", "bone", "graph"]


def test_a_hyphen_only_word_folds_to_nothing_without_breaking_the_vocabulary():
    vocabulary = build_vocabulary({"a": ["-", "graph"], "b": ["graph"]}, ["x"])
    assert vocabulary.key("-") == "" and vocabulary.document_frequency == {"graph": 2}
    # "GNN -" folds to the acronym alone, so its expansion still names the tag
    acronym = build_vocabulary({"a": ["GNN -", "graph"], "b": ["GNN -"]}, ["graph neural network (GNN) rocks"])
    assert acronym.labels["graph neural network"] == "graph neural network (GNN)"

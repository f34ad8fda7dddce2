"""Folding phrases to keys: singular words, compounds whole; the shared counting helpers."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.tags.folding import (
    _most_common,
    by_count,
    compact,
    fold,
    fold_text,
    singular,
    surface,
    tails,
    word_bag,
)


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("studies", "study"),
        ("flies", "fly"),  # five letters: still `ies` -> `y`
        ("ties", "tie"),  # four: only the `s` goes
        ("classes", "class"),
        ("boxes", "box"),
        ("matches", "match"),
        ("meshes", "mesh"),
        ("axes", "axe"),  # four letters: only the `s` goes
        ("models", "model"),
        ("gpus", "gpus"),  # `us` is no plural ending
        ("loss", "loss"),
        ("analysis", "analysis"),
        ("dynamics", "dynamics"),
        ("was", "was"),  # three letters keep their `s`
        ("its", "its"),
        ("tokens", "token"),
    ],
)
def test_singular_drops_plural_endings_only_where_they_are_ones(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize(
    "word", ["series", "species", "means", "news", "bias", "atlas", "lens", "chaos", "alias"]
)
def test_words_the_same_in_plural_stay_as_they_are(word):
    assert singular(word) == word


def test_canvas_stays_a_canvas():
    assert singular("canvas") == "canvas" and fold("Canvas Models") == "canvas model"


def test_fold_text_lowercases_each_word_singular_and_drops_hyphen_only_words():
    assert fold_text("Graph  Neural\tNetworks") == "graph neural network"
    assert fold_text("SNN-based Models - / --") == "snn-based model"
    assert fold_text("Layer-wise Studies") == "layer-wise study"
    assert fold_text("") == "" and fold_text("- / -/-") == ""
    assert fold("Vision Transformers") == fold_text("Vision Transformers") == "vision transformer"


def test_compact_joins_words_whatever_separates_them():
    assert compact("pre-trained model") == "pretrainedmodel"
    assert compact("pre trained model") == "pretrainedmodel"
    assert compact("encoder/decoder") == "encoderdecoder"
    assert compact("a b-c/d e") == "abcde"


def test_word_bag_holds_the_parts_of_the_words_in_sorted_order():
    assert word_bag("training gnn") == word_bag("gnn training") == "gnn training"
    assert word_bag("domain-adaptive segmentation") == "adaptive domain segmentation"
    assert word_bag("domain adaptive segmentation") == "adaptive domain segmentation"
    assert word_bag("speech/text  model") == "model speech text"
    assert word_bag("graph") == "graph"


def test_by_count_puts_the_most_frequent_first_and_ties_in_item_order():
    counts = {"b": 2, "c": 3, "a": 2, "d": 1, "e": 3}
    assert by_count(counts) == [("c", 3), ("e", 3), ("a", 2), ("b", 2), ("d", 1)]
    assert by_count({}) == []


def test_most_common_item_per_key_ties_to_the_smallest():
    counts = Counter({"NeRF": 2, "NERF": 2, "Nerf": 1, "GNN": 1, "gnn": 3})
    assert _most_common(counts, str.lower) == {"nerf": "NERF", "gnn": "gnn"}
    assert _most_common(Counter({"b": 1, "a": 1}), lambda item: "same") == {"same": "a"}


def test_tails_are_the_phrase_and_the_broader_phrases_it_ends_with():
    assert tails("sparse voxel grid") == ("sparse voxel grid", "voxel grid", "grid")
    assert tails("grid") == ("grid",)
    assert tails("") == ()


def test_surface_lowercases_title_case_words_and_keeps_acronyms_and_mixed_case():
    assert surface("Graph Neural Networks") == "graph neural networks"
    assert surface("NeRF for GNNs") == "NeRF for GNNs"
    assert surface("Training LLMs  Fast") == "training LLMs fast"
    assert surface("graph   neural\tnetworks") == "graph neural networks"
    assert surface("A") == "a" and surface("") == ""
    assert surface("3D Gaussian Splatting") == "3D gaussian splatting"
    assert surface("Second-order optimizers") == "second-order optimizers"
    assert surface("Early-Exiting Self-attention") == "early-exiting self-attention"
    assert surface("NeRF-based B-spline GPT-4 A") == "NeRF-based B-spline GPT-4 a"

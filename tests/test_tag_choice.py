"""Tag choice: a paper's own best subjects first, then subjects it shares; nothing too broad."""

from __future__ import annotations

from generator.tags.tag_choice import choose_tags
from generator.tags.vocabulary import TagSettings, build_vocabulary, text_facts


def vocabulary_of(keyphrases: dict[str, list[str]]):
    return build_vocabulary(
        keyphrases, {pid: text_facts("", phrases) for pid, phrases in keyphrases.items()}
    )


def test_own_best_subjects_first_then_shared_ones_in_the_papers_order():
    keyphrases = {
        "a": [
            "molecular property prediction",
            "virtual nodes",
            "graph neural networks",
            "message passing",
            "zinc",
        ],
        "b": ["graph neural networks", "subgraph sampling", "message passing", "oversmoothing"],
        "c": ["neural radiance fields", "voxel grids", "real-time rendering"],
    }
    tags = choose_tags(keyphrases, vocabulary_of(keyphrases), TagSettings(min_tags=2, max_tags=7))
    assert tags["a"] == (
        "molecular property prediction",
        "virtual nodes",
        "graph neural networks",
        "message passing",
    )
    assert tags["c"] == ("neural radiance fields", "voxel grids")


def test_generic_phrases_and_fragments_never_become_tags():
    keyphrases = {
        "a": ["important role", "-based algorithm", "graph neural networks", "wide range"],
        "b": ["important role", "graph neural networks", "wide range", "optimization"],
    }
    tags = choose_tags(keyphrases, vocabulary_of(keyphrases))
    assert tags == {"a": ("graph neural networks",), "b": ("graph neural networks",)}


def test_no_tag_is_on_more_than_8_percent_of_a_corpus_of_300():
    keyphrases = {f"p{i}": ["language models", f"subject {i // 2} widgets"] for i in range(300)}
    for i in range(24):  # 8% of 300: still a tag
        keyphrases[f"p{i}"].append("graph neural networks")
    for i in range(25):  # one paper more: too broad
        keyphrases[f"p{i + 100}"].append("neural radiance fields")
    tags = choose_tags(keyphrases, vocabulary_of(keyphrases))
    carried = {tag for found in tags.values() for tag in found}
    assert "graph neural networks" in carried
    assert "language models" not in carried and "neural radiance fields" not in carried


def test_variants_of_one_subject_are_one_tag():
    keyphrases = {
        "a": ["neural network training", "pruning"],
        "b": ["training neural networks", "dropout"],
        "c": ["deep neural network training", "sparsity"],
    }
    tags = choose_tags(keyphrases, vocabulary_of(keyphrases))
    assert {found[0] for found in tags.values()} == {"neural network training"}

"""Tag choice: a paper's own best subjects first, then subjects it shares; nothing too broad."""

from __future__ import annotations

from generator.tags.tag_choice import choose_tags
from generator.tags.vocabulary import TagSettings, Vocabulary, build_vocabulary, text_facts


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


def known(frequency: dict[str, int], phrases=None, own=None) -> Vocabulary:
    """A vocabulary of these keys, each in `frequency` papers and its own phrase; `phrases`:
    other phrases' keys, `own`: per paper, its own keys of some phrases."""
    keys = {key: key for key in frequency}
    return Vocabulary(frequency, {}, {}, 10, keys, {**keys, **(phrases or {})}, own_keys=own or {})


def test_a_key_that_ends_a_longer_chosen_one_goes_unless_it_alone_groups_papers():
    phrases = {"a": ["lidar point cloud", "point cloud", "sparsity"]}
    settings = TagSettings(min_tags=3, max_tags=7)
    alone = {"lidar point cloud": 1, "point cloud": 1, "sparsity": 1}
    assert choose_tags(phrases, known(alone), settings)["a"] == ("lidar point cloud", "sparsity")
    grouping = {**alone, "point cloud": 3}
    assert choose_tags(phrases, known(grouping), settings)["a"] == (
        "lidar point cloud",
        "point cloud",
        "sparsity",
    )
    both = {**grouping, "lidar point cloud": 2}
    assert choose_tags(phrases, known(both), settings)["a"] == ("lidar point cloud", "sparsity")


def test_a_key_ending_a_three_word_key_is_redundant_too():
    phrases = {"a": ["dynamic neural radiance field", "neural radiance field"]}
    vocabulary = known({"dynamic neural radiance field": 1, "neural radiance field": 1})
    assert choose_tags(phrases, vocabulary)["a"] == ("dynamic neural radiance field",)


def test_a_paper_that_defines_an_acronym_otherwise_is_tagged_with_its_own_meaning():
    phrases = {"a": ["DA", "lidar"], "b": ["DA", "lidar"]}
    vocabulary = known(
        {"data augmentation": 1, "domain adaptation": 1, "lidar": 2},
        phrases={"DA": "data augmentation"},
        own={"b": {"DA": "domain adaptation"}},
    )
    assert choose_tags(phrases, vocabulary) == {
        "a": ("data augmentation", "lidar"),
        "b": ("domain adaptation", "lidar"),
    }

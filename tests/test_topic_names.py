"""Topic names: the phrase that tells each cluster apart from the others (c-TF-IDF)."""

from __future__ import annotations

import math

from generator.tags.topic_names import (
    _fallback,
    _first_names,
    _generic_keys,
    _scores,
    _second_name,
    _surfaces,
    acronym,
    name_topics,
    near_synonyms,
)


def groups_of(*groups: list[tuple[str, ...]]):
    """name_topics' arguments for groups given as their papers' tags."""
    ids = [[f"g{g}p{i}" for i in range(len(group))] for g, group in enumerate(groups)]
    tags = {
        pid: paper
        for pids, group in zip(ids, groups, strict=True)
        for pid, paper in zip(pids, group, strict=True)
    }
    return ids, tags


def test_acronym_of_a_key_is_its_one_word_or_its_initials():
    assert acronym(("llm",)) == "llm"
    assert acronym(("languag", "model")) == "lm"
    assert acronym(("graph", "neural", "network")) == "gnn"


def test_near_synonyms_share_a_stem_or_one_abbreviates_the_other():
    assert near_synonyms(("object", "detect"), ("detect",))
    assert near_synonyms(("llm",), ("languag", "model"))
    assert near_synonyms(("graph", "neural", "network"), ("gnn",))
    assert near_synonyms(("gpu", "memory"), ("gpus",))  # GPU memory · GPUs named one topic
    assert not near_synonyms(("gan",), ("graph", "neural", "network"))
    assert not near_synonyms(("lm",), ("l",))  # two one-word keys: no acronym between them
    assert not near_synonyms(("speech", "recognit"), ("languag", "model"))
    assert not near_synonyms(("speech", "recognit"), ("sr", "x"))
    # a two-word key is nobody's acronym, even where initials match
    assert not near_synonyms(("gan", "train"), ("generat", "adversari"))


def test_scores_are_c_tf_idf_of_phrases_two_papers_carry():
    carried = [
        [{("a",): {"a"}, ("b",): {"b"}}, {("a",): {"a"}}, {("a",): {"a"}, ("c",): {"c"}}],
        [{("c",): {"c"}}, {("c",): {"c"}}, {("d",): {"d"}}],
    ]
    scores = _scores(carried, banned=set())
    assert scores[0] == {("a",): 3 * math.log(1 + 3 / 3)}
    assert scores[1] == {("c",): 2 * math.log(1 + 3 / 3)}
    assert _scores(carried, banned={("a",)})[0] == {}


def test_a_phrase_in_most_topics_scores_nowhere_unless_there_is_one_topic():
    both = [{("x",): {"x"}}, {("x",): {"x"}}]
    carried = [both, both, [{("y",): {"y"}}] * 2]
    assert _scores(carried, set()) == [{}, {}, {("y",): 2 * math.log(1 + 2 / 2)}]
    # two topics of three: more than half
    assert _scores(carried[:1], set()) == [{("x",): 2 * math.log(1 + 2 / 2)}]
    assert _scores([both, both], set()) == [{}, {}]
    # in one topic of two: not more than half
    pair = _scores([both, [{("y",): {"y"}}] * 2], set())
    assert pair[0] == {("x",): 2 * math.log(1 + 2 / 2)}


def test_generic_keys_are_judged_on_the_forms_that_spell_them_out():
    carried = [
        [{("train", "data"): {"training data"}}],
        [{("object", "detect"): {"object detection", "training data"}}],
    ]
    assert _generic_keys(carried) == {("train", "data")}
    # every form of a key over all papers counts: `DM` is an everyday word
    carried = [[{("dm",): {"DM"}}, {("dm",): {"diffusion models"}}]]
    assert _generic_keys(carried) == {("dm",)}


def test_first_names_go_to_the_highest_score_and_are_never_shared():
    scores = [
        {("a",): 1.0, ("b",): 0.5},
        {("a",): 2.0, ("c",): 0.1},
        {},
        {("b", "a"): 5.0, ("a", "b"): 0.2, ("d",): 0.1},
    ]
    assert _first_names(scores) == [("b",), ("a",), None, ("b", "a")]
    assert _first_names([{("x",): 1.0}, {("x",): 1.0}]) == [("x",), None]


def test_a_second_name_scores_nearly_as_well_and_is_no_near_synonym():
    scores = {("video", "generat"): 10.0, ("video",): 9.5, ("motion",): 8.6, ("audio",): 8.4}
    assert _second_name(scores, ("video", "generat"), set()) == ("motion",)
    assert _second_name(scores, ("video", "generat"), {("motion",)}) is None
    assert _second_name({("a",): 1.0, ("b",): 0.85}, ("a",), set()) == ("b",)
    assert _second_name({("a",): 1.0}, ("a",), set()) is None


def test_surfaces_take_the_commonest_spelled_out_form():
    group = [
        {("object", "detect"): {"OD", "object detectors"}},
        {("object", "detect"): {"OD"}},
        {("object", "detect"): {"OD", "object detectors"}},
        {("object", "detect"): {"OD", "object detection"}},
        {("rl",): {"RL"}},
    ]
    assert _surfaces(group) == {("object", "detect"): "object detectors", ("rl",): "RL"}
    tie = [
        {("object", "detect"): {"object detectors"}},
        {("object", "detect"): {"object detection"}},
    ]
    assert _surfaces(tie) == {("object", "detect"): "object detection"}


def test_a_topic_no_phrase_qualifies_for_takes_its_commonest_free_phrase():
    group = [{("a",): {"A"}, ("b",): {"B"}}, {("b",): {"B"}, ("c",): {"C"}}]
    surfaces = {("a",): "A", ("b",): "B", ("c",): "C"}
    used = {("x",)}
    assert _fallback(group, surfaces, set(), used) == "B" and ("b",) in used
    assert _fallback(group, surfaces, {("a",)}, used) == "C"
    assert _fallback(group, surfaces, set(), {("a",), ("b",), ("c",)}) == "miscellaneous"
    assert _fallback([], surfaces, set(), set()) == "miscellaneous"


def test_name_topics_names_each_group_apart_and_adds_a_distinct_runner_up():
    ids, tags = groups_of(
        [("speech recognition", "acoustic models")] * 3,
        [("quantum chemistry",), ("protein folding",)],
        [("graph neural networks", "drug discovery")] * 3,
        [("neural radiance fields",), ("neural radiance fields",), ("rendering",)],
    )
    assert name_topics(ids, tags) == [
        "acoustic models · speech recognition",
        "protein folding",  # no phrase on two papers: the first of its commonest
        "drug discovery · graph neural networks",
        "neural radiance fields",
    ]


def test_name_topics_reads_keyphrases_that_are_some_papers_tags():
    ids, tags = groups_of(
        [("lidar",)] * 2,
        [("quantization", "lidar"), ("quantization", "sparsity")],
        [("speech recognition",)] * 2,
    )
    keyphrases = {"g0p0": ["sparsity"], "g0p1": ["sparsity", "acoustics"]}
    assert name_topics(ids, tags) == ["lidar", "quantization", "speech recognition"]
    assert name_topics(ids, tags, keyphrases) == [
        "lidar · sparsity",
        "quantization",
        "speech recognition",
    ]


def test_an_abbreviation_a_keyphrase_spells_out_names_the_topic_in_full():
    ids, tags = groups_of(
        [("GNNs", "lidar"), ("GNNs", "lidar"), ("GNNs",)],
        [("speech recognition",)] * 2,
        [("protein folding",)] * 2,
    )
    assert name_topics(ids, tags)[0] == "GNNs · lidar"
    keyphrases = {"g0p0": ["graph neural networks (GNN)"]}
    assert name_topics(ids, tags, keyphrases)[0] == "graph neural networks (GNN) · lidar"

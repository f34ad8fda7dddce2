"""The tag stage's corpus-wide result as the analysis cache keeps it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from generator.model import Paper
from generator.state.codec import Unreadable
from generator.tags.corpus_result import (
    KeptCorpus,
    TaggedCorpus,
    restored_result,
    stored_result,
)
from generator.tags.topics import Topic
from generator.tags.vocabulary import Vocabulary

PAPERS = [Paper("p1", "One", False, "An abstract."), Paper("p2", "Two", False, "Another.")]
TAGGED = TaggedCorpus(
    [
        replace(
            PAPERS[0],
            tags=("voxel grids", "neural fields"),
            keyphrases=("voxel grids",),
            topic="fields",
            related=("p2",),
            summary="An abstract.",
            compact_vector="f4EA",
        ),
        replace(PAPERS[1], tags=("graphs",), topic="fields", related=("p1",), summary="Another."),
    ],
    [Topic("fields", "neural fields", ("p1", "p2"))],
    2,
    {"voxel grids": ("voxel grid", "Voxel Grids")},
)
VOCABULARY = Vocabulary(
    {"voxel grid": 1, "graph": 2},
    {"voxel grid": "voxel grids", "graph": "graphs"},
    {"gnn": "graph neural network"},
    2,
    {"voxel grid": "voxel grid", "graph": "graph"},
    {"voxel grids": "voxel grid", "graphs": "graph"},
    {"voxel grid": ("Voxel Grids", "voxel grids"), "graph": ("graphs",)},
    {"p2": {"GNN": "graph"}},
)
SUBJECTS = {"p1": ("voxel grid", "graph"), "p2": ("graph",)}
KEPT = KeptCorpus(
    TAGGED, (("p1",), ("p2", "p3")), (0, 0), ("key1", "key2"), "basis", 1, VOCABULARY, SUBJECTS
)


def test_a_stored_result_reads_back_through_json_with_nothing_embedded():
    kept = json.loads(json.dumps(stored_result(KEPT)))
    back = restored_result(PAPERS, kept)
    assert back == replace(KEPT, tagged=replace(TAGGED, embedded=0))


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: kept["papers"]["p1"][0].append(3),  # a tag
        lambda kept: kept["papers"]["p2"].__setitem__(2, None),  # a topic
        lambda kept: kept["topics"][0].__setitem__(1, 7),  # a topic's label
        lambda kept: kept["topics"][0][2].append(None),  # a topic's paper
        lambda kept: kept["spellings"]["voxel grids"].append(1.5),  # a spelling
        lambda kept: kept["start"][1].append(2),  # a paper clustering started from
        lambda kept: kept["keys"].__setitem__(0, 1),  # a text key
        lambda kept: kept.__setitem__("basis", None),
        lambda kept: kept["papers"]["p1"].__setitem__(5, [127, -127]),  # a compact vector
        lambda kept: kept["papers"]["p2"][6].append(None),  # a paper's subject
    ],
)
def test_a_result_holding_anything_but_text_is_refused(damage):
    kept = json.loads(json.dumps(stored_result(KEPT)))
    damage(kept)
    with pytest.raises(Unreadable, match="^not a tagged corpus$"):
        restored_result(PAPERS, kept)


@pytest.mark.parametrize("label", [None, "0", 1.0, True])
def test_a_label_that_is_not_a_whole_number_is_refused(label):
    kept = json.loads(json.dumps(stored_result(KEPT)))
    kept["labels"][1] = label
    with pytest.raises(Unreadable, match="^not topic labels$"):
        restored_result(PAPERS, kept)


@pytest.mark.parametrize("placed", [None, "1", 1.0, True])
def test_a_count_of_placed_papers_that_is_not_a_whole_number_is_refused(placed):
    kept = json.loads(json.dumps(stored_result(KEPT)))
    kept["placed"] = placed
    with pytest.raises(Unreadable, match="^not a count of placed papers$"):
        restored_result(PAPERS, kept)


def test_a_result_stored_before_papers_were_placed_is_refused():
    kept = json.loads(json.dumps(stored_result(KEPT)))
    del kept["keys"]
    with pytest.raises(KeyError):
        restored_result(PAPERS, kept)  # codec.decoded: worked out again


@pytest.mark.parametrize(
    "damage",
    [
        lambda vocabulary: vocabulary[0].__setitem__("graph", "2"),  # a count
        lambda vocabulary: vocabulary[0].__setitem__("graph", True),
        lambda vocabulary: vocabulary.__setitem__(3, 2.0),  # the paper count
        lambda vocabulary: vocabulary[1].__setitem__("graph", None),  # a label
        lambda vocabulary: vocabulary[5].__setitem__("graphs", ["graph"]),  # a known key
        lambda vocabulary: vocabulary[6]["graph"].append(3),  # a spelling
        lambda vocabulary: vocabulary[7]["p2"].__setitem__("GNN", 1),  # a paper's own key
        lambda vocabulary: vocabulary.pop(),  # a field
    ],
)
def test_a_vocabulary_not_as_stored_is_refused(damage):
    kept = json.loads(json.dumps(stored_result(KEPT)))
    damage(kept["vocabulary"])
    with pytest.raises((Unreadable, ValueError)):
        restored_result(PAPERS, kept)

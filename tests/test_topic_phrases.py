"""What a topic may be named by (generator/tags/topic_phrases.py): which phrases name nothing,
and a paper's phrases with the runs of words inside them."""

from __future__ import annotations

import pytest
from wordfreq import zipf_frequency

from generator.state.memory import forget_process_caches
from generator.tags import topic_phrases
from generator.tags.topic_phrases import _runs, generic, paper_phrases, stems


def test_runs_are_every_inner_phrase_of_two_or_more_words_not_the_whole():
    assert _runs(["a", "b", "c", "d"]) == ["a b", "b c", "c d", "a b c", "b c d"]
    assert _runs(["a", "b"]) == [] and _runs([]) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "()",
        "based segmentation",  # a fragment at the start
        "segmentation with",  # or at the end
        "wide range",  # words rarely indexed: subjects.generic
        "wide range (WR)",  # the same, its abbreviation set aside
        "training data",  # generic words only
        "feature representation",  # generic words only, though subjects.generic passes it
        "machine learning (ML)",  # the same, its abbreviation set aside
        "corpus",  # one everyday English word
    ],
)
def test_phrases_that_name_nothing(phrase):
    assert generic(phrase)


@pytest.mark.parametrize(
    "phrase", ["semantic segmentation", "quantization", "object detection (OD)", "video generation"]
)
def test_phrases_that_name_a_subject(phrase):
    assert not generic(phrase)


def test_stems_join_plurals_and_drop_a_leading_deep_or_large_left_with_two_words():
    assert stems("Policies") == stems("policy") == ("policy",)
    assert stems("deep reinforcement learning") == stems("reinforcement learning")
    assert stems("reinforcement learning") == ("reinforcement", "learn")
    assert stems("deep learning") == ("deep", "learn")
    assert stems("large deep networks") == stems("deep networks") == ("deep", "network")


def test_a_word_exactly_as_frequent_as_everyday_zipf_is_everyday(monkeypatch):
    """`autoencoders` (Zipf 1.0), whose singular subjects.generic passes, at the threshold."""
    forget_process_caches()
    assert not generic("autoencoders")
    monkeypatch.setattr(topic_phrases, "EVERYDAY_ZIPF", zipf_frequency("autoencoders", "en"))
    forget_process_caches()
    assert generic("autoencoders")
    monkeypatch.undo()
    forget_process_caches()


def test_a_keyphrase_counts_only_when_it_is_some_papers_tag():
    """Tags always count; a keyphrase, the first one too, only when the vocabulary holds it."""
    found = paper_phrases(
        ["semantic segmentation"],
        ["medical imaging", "video generation"],
        {},
        {stems("video generation")},
    )
    assert set(found) == {stems("semantic segmentation"), stems("video generation")}


def test_runs_inside_a_phrase_count_when_tags_and_skip_its_abbreviation():
    found = paper_phrases(["object detection (OD) model"], [], {}, {stems("detection model")})
    assert found[stems("detection model")] == {"detection model"}


def test_a_run_is_keyed_by_what_its_abbreviation_spells_out():
    aliases = {stems("OD model"): stems("object detection model")}
    found = paper_phrases(["fast OD model"], [], aliases, {stems("object detection model")})
    assert found[stems("object detection model")] == {"OD model"}

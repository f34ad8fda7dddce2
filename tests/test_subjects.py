"""What a tag may be: subjects.core folds a phrase to the subject it names, subjects.generic
says when that names nothing."""

from __future__ import annotations

import pytest

from generator.state.memory import forget_process_caches
from generator.tags import subjects
from generator.tags.subjects import DROPPED_MODIFIER_SHARE, SHARE_RARE, core, generic
from generator.tags.vocabulary import fold

# Tags the seeds and the arXiv sample day once had, none of which names a subject.
GENERIC = [
    "important role",
    "remarkable success",
    "wide range",
    "significant improvement",
    "computation",
    "optimization",
    "ablation",
    "test time",
    "inference",
    "special case",
    "end-to-end manner",
    "formulation",
    "metrics",
    "training process",
    "training time",
    "great success",
    "wide variety",
    "significant challenge",
    "efficient alternative",
    "learning framework",
    "training data",
    "network training",
    "baseline models",
    "network architecture",
]
SUBJECTS = [
    "graph neural networks",
    "quantization",
    "sparsity",
    "neural radiance fields",
    "object detection",
    "batch size",
    "learning rate",
    "attention mechanism",
    "knowledge distillation",
    "deep learning",
    "reinforcement learning",
    "point cloud",
    "overfitting",
    "SNN-based algorithm",
    "layer-wise normalization",
    "representation learning",
    "image classification",
    "data augmentation",
]


@pytest.mark.parametrize("phrase", GENERIC)
def test_phrases_that_name_no_subject_are_generic(phrase):
    assert generic(core(fold(phrase)))


@pytest.mark.parametrize("phrase", SUBJECTS)
def test_subjects_are_not_generic(phrase):
    assert not generic(core(fold(phrase)))


def test_core_drops_what_names_no_subject_and_keeps_what_does():
    assert core("deep neural network") == "neural network"
    assert core("large language model") == "language model"
    assert core("deep learning") == "deep learning"
    assert core("object detection framework") == "object detection"
    assert core("efficient neural network training") == "neural network training"
    assert core("layer-wise normalization") == "layer-wise normalization"
    assert core("novel") == "novel"  # one word is left, whatever it is


def test_core_drops_each_kind_of_modifier_that_names_no_subject():
    assert core("efficient training") == "training"  # a modifier by its word class
    assert core("analyzed dataset") == "dataset"  # a participle: a verb, no adjective
    assert core("specific language") == "language"  # a noun that is an adjective too


def test_core_drops_trailing_manner_heads_and_verbs_down_to_one_word():
    assert core("training process") == "training"
    assert core("network calibration aim") == "network calibration"  # `aims`, folded
    assert core("graph neural network show") == "graph neural network"


@pytest.fixture
def indexed_shares(monkeypatch):
    """RARELY_INDEXED replaced by the shares given, the caches of its readers emptied."""

    def replace(shares: dict[str, float]) -> None:
        monkeypatch.setattr(subjects, "RARELY_INDEXED", shares)
        forget_process_caches()

    yield replace
    forget_process_caches()


def test_a_word_indexed_at_exactly_the_cutoff_share_is_not_rarely_indexed(indexed_shares):
    """Modifiers go below DROPPED_MODIFIER_SHARE, trailing verbs too, generic words below
    SHARE_RARE; a word at the share itself stays (`zorblax`, `quuxon`: no English word)."""
    indexed_shares(
        {
            "consistent": DROPPED_MODIFIER_SHARE,
            "cut": DROPPED_MODIFIER_SHARE,
            "zorblax": SHARE_RARE,
            "quuxon": 0.0,
        }
    )
    assert core("consistent hashing") == "consistent hashing"
    assert core("graph cut") == "graph cut"
    assert not generic("zorblax") and not generic("quuxon zorblax")
    assert generic("quuxon") and generic("quuxon quuxon")


def test_generic_keys_by_each_rule():
    assert generic("")
    assert generic("graph neural network performance")  # a manner head, as core never leaves
    assert generic("-based algorithm") and generic("graph-") and generic("neural /")
    assert generic("novel formalism")  # every word rarely indexed, not every one generic
    assert generic("formalism")  # one rarely indexed word, rare in English too
    assert generic("awkwardness")  # Zipf 3.0: everyday English from SPECIFIC_WORD_ZIPF on
    assert not generic("graph transformer") and not generic("quantization")


def test_rarely_indexed_words_come_from_the_indexers_not_a_hand_list():
    from generator.tags.indexing_words import RARELY_INDEXED

    assert (
        RARELY_INDEXED["important"] < 0.05
        and "neural" not in RARELY_INDEXED
        and len(RARELY_INDEXED) > 500
    )

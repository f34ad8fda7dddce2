"""What a tag may be: subjects.core folds a phrase to the subject it names, subjects.generic
says when that names nothing."""

from __future__ import annotations

import pytest

from generator.tags.subjects import core, generic
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


def test_rarely_indexed_words_come_from_the_indexers_not_a_hand_list():
    from generator.tags.indexing_words import RARELY_INDEXED

    assert (
        RARELY_INDEXED["important"] < 0.05
        and "neural" not in RARELY_INDEXED
        and len(RARELY_INDEXED) > 500
    )

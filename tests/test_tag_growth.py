"""Tags where papers only arrive (generator/tags/tag_growth.py): the kept vocabulary counts the
new papers, and only the papers whose tags can change choose them again."""

from __future__ import annotations

import random

import pytest

from generator.tags import tag_growth
from generator.tags.tag_choice import choose_tags
from generator.tags.tag_growth import full_choice, grown, grown_choice
from generator.tags.vocabulary import TagSettings, build_vocabulary, text_facts

POOL = [
    "sparse voxel grids",
    "graph neural networks",
    "protein folding",
    "speech codecs",
    "neural radiance fields",
    "contrastive learning",
    "point clouds",
    "diffusion models",
    "federated learning",
    "knowledge distillation",
    "mixture of experts",
    "optical flow",
]
SETTINGS = TagSettings(min_tags=1, max_tags=4)


def corpus(seed: int, count: int) -> dict[str, list[str]]:
    """`count` papers of four to six phrases from POOL, in a ranked order."""
    rng = random.Random(seed)
    return {f"p{i:03d}": rng.sample(POOL, rng.randint(4, 6)) for i in range(count)}


def facts_of(keyphrases: dict[str, list[str]]):
    return {
        pid: text_facts("We study " + ", ".join(phrases) + ".", phrases)
        for pid, phrases in keyphrases.items()
    }


def kept_choice(keyphrases: dict[str, list[str]]):
    return full_choice(keyphrases, build_vocabulary(keyphrases, facts_of(keyphrases)), SETTINGS)


@pytest.mark.parametrize("seed", range(8))
def test_grown_tags_are_tag_choice_over_the_grown_vocabulary(seed):
    papers = corpus(seed, 45)
    old = dict(list(papers.items())[:40])
    new = {pid: phrases for pid, phrases in papers.items() if pid not in old}
    choice = grown_choice(kept_choice(old), new, facts_of(new), SETTINGS)
    assert choice.tags == choose_tags(papers, choice.vocabulary, SETTINGS)
    assert (
        choice.vocabulary.document_frequency
        == build_vocabulary(papers, facts_of(papers)).document_frequency
    )  # every phrase of POOL is known: only the counts grew
    assert list(choice.tags) == sorted(papers)


def test_an_older_paper_takes_a_tag_a_new_paper_now_shares():
    old = {"a": ["protein folding", "speech codecs", "sparse voxel grids"], "b": ["optical flow"]}
    kept = kept_choice(old)
    assert kept.tags["a"] == ("protein folding",)  # the others group no papers yet
    new = {"c": ["sparse voxel grids", "diffusion models"]}
    choice = grown_choice(kept, new, facts_of(new), SETTINGS)
    assert choice.tags["a"] == ("protein folding", "sparse voxel grids")
    assert choice.tags["c"] == ("sparse voxel grids",)


def test_only_the_new_papers_and_those_they_touch_choose_again(monkeypatch):
    old = {
        "a": ["protein folding", "sparse voxel grids"],
        "b": ["optical flow", "speech codecs"],
        "d": ["optical flow", "point clouds"],
    }
    kept = kept_choice(old)
    asked: list[list[str]] = []
    tags_from = tag_growth.tags_from
    monkeypatch.setattr(
        tag_growth,
        "tags_from",
        lambda subjects, *rest: asked.append(list(subjects)) or tags_from(subjects, *rest),
    )
    new = {"c": ["contrastive learning", "sparse voxel grids"]}
    grown_choice(kept, new, facts_of(new), SETTINGS)
    assert asked == [["a", "c"]]  # b and d hold no key whose count crossed a line


def test_a_key_turned_too_broad_leaves_the_older_papers_tags():
    # 20 papers or more: a tag may be on at most a fifth of them (vocabulary.BROAD_SMALL)
    old = {f"p{i:02d}": ["optical flow", POOL[i % 10]] for i in range(4)}
    old |= {f"q{i:02d}": ["speech codecs", POOL[i % 10]] for i in range(20)}
    kept = kept_choice(old)
    assert "optical flow" in kept.tags["p00"]
    new = {"z1": ["optical flow"], "z2": ["optical flow"]}  # 6 of 26: more than a fifth
    choice = grown_choice(kept, new, facts_of(new), SETTINGS)
    assert "optical flow" not in choice.tags["p00"]
    assert choice.tags == choose_tags(old | new, choice.vocabulary, SETTINGS)


def test_a_new_phrase_is_keyed_by_the_corpus_acronyms_and_a_new_subject_labelled():
    old = {"a": ["graph neural networks (GNN)", "protein folding"], "b": ["GNN", "optical flow"]}
    text = {"a": "We train graph neural networks (GNN) on protein folding.", "b": "A GNN."}
    facts = {pid: text_facts(text[pid], phrases) for pid, phrases in old.items()}
    vocabulary = build_vocabulary(old, facts)
    new = {"c": ["GNN training", "Speech Codecs"]}
    after = grown(vocabulary, new, facts_of(new))
    gnn = vocabulary.key("GNN")
    assert after.key("GNN training") == vocabulary.key("graph neural network training")
    assert after.document_frequency[gnn] == vocabulary.document_frequency[gnn]
    full = build_vocabulary(old | new, facts | facts_of(new))
    speech = after.key("Speech Codecs")
    assert after.labels[speech] == full.labels[speech] == "speech codecs"
    assert after.paper_count == 3
    assert after.forms[speech] == full.forms[speech]
    assert vocabulary.paper_count == 2 and "Speech Codecs" not in vocabulary.known_keys

"""New papers placed in the kept corpus result (generator/tags/incremental.py): related papers
as a full pass has them, topics kept, and a full pass where the drift or a change asks."""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace

import numpy as np
import pytest

from generator.model import Paper
from generator.tags import corpus_tags, incremental, tag
from generator.tags.cache import AnalysisCache, KeptCorpusMemo
from generator.tags.corpus_result import KeptCorpus
from generator.tags.incremental import Carried, new_papers, place
from generator.tags.related import exact_related
from generator.tags.tag import tag_papers
from generator.tags.topics import Topic

SUBJECTS = ["sparse voxel grids", "graph neural networks", "protein folding", "speech codecs"]
HOW = ["quickly", "robustly", "cheaply", "accurately", "at scale", "on phones"]
PLACES = ["outdoor scenes", "molecules", "hospitals", "satellites", "classrooms"]


def many_papers(count: int) -> list[Paper]:
    """`count` distinct abstracts over four subjects (ids in the order they are made)."""
    texts = itertools.product(PLACES, HOW, SUBJECTS)
    return [
        Paper(f"p{i:03d}", "t", True, f"We study {subject} {how} for {where}.")
        for i, (where, how, subject) in zip(range(count), texts, strict=False)
    ]


def carried_for(ids: list[str], vectors: np.ndarray, labels: list[int]) -> Carried:
    """What a full pass over `ids` leaves: exact related papers, a topic per label."""
    related = exact_related(ids, vectors)
    topics = {label: Topic(f"t{label}", f"topic {label}", ()) for label in set(labels)}
    named = [
        replace(t, paper_ids=tuple(p for p, lab in zip(ids, labels, strict=True) if lab == label))
        for label, t in sorted(topics.items())
    ]
    return Carried(
        {pid: f"key-{pid}" for pid in ids},
        dict(zip(ids, labels, strict=True)),
        {pid: f"t{label}" for pid, label in zip(ids, labels, strict=True)},
        related,
        named,
        0,
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_related_papers_after_placing_are_an_exact_search_over_all(seed, monkeypatch):
    monkeypatch.setattr(incremental, "DOT_BLOCK", 7)  # old papers' last cosines in blocks
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    vectors[41] = vectors[7]  # a reprint: ties go to the earlier id, as in the full search
    vectors[55] = vectors[7]  # ... and it arrives with the new papers
    ids = [f"p{i:03d}" for i in range(60)]
    old = [i for i in range(60) if i not in (3, 30, 55)]
    carried = carried_for([ids[i] for i in old], vectors[old], [i % 3 for i in old])
    labels, related, topics = place(carried, ids, vectors, ["p003", "p030", "p055"])
    assert related == exact_related(ids, vectors)
    assert all(labels[pid] == carried.labels[pid] for pid in carried.labels)
    assert sorted(pid for topic in topics for pid in topic.paper_ids) == ids


@pytest.mark.parametrize("seed", [0, 1])
def test_placing_ranks_near_ties_in_the_models_dimensions_as_the_full_search_does(seed):
    """float32 cosines screen the rows (incremental.SCREEN): copies of one abstract nudged
    below float32's resolution tie or cross in rough cosines, never in the result."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(240, 384)).astype(np.float32)
    nudges = rng.normal(scale=1e-6, size=(60, 384)).astype(np.float32)
    vectors[100:160] = vectors[7] + nudges
    ids = [f"p{i:03d}" for i in range(240)]
    arriving = [3, 120, 150, 200]
    old = [i for i in range(240) if i not in arriving]
    carried = carried_for([ids[i] for i in old], vectors[old], [i % 4 for i in old])
    _, related, _ = place(carried, ids, vectors, [ids[i] for i in arriving])
    assert related == exact_related(ids, vectors)


def test_a_new_paper_joins_the_topic_whose_centre_is_nearest():
    vectors = np.array([[1, 0.1], [1, -0.1], [0.1, 1], [-0.1, 1], [0.9, 0.3]], np.float32)
    ids = ["a", "b", "c", "d", "e"]
    carried = carried_for(ids[:4], vectors[:4], [0, 0, 1, 1])
    labels, _, topics = place(carried, ids, vectors, ["e"])
    assert labels["e"] == 0
    assert [(t.slug, t.label, t.paper_ids) for t in topics] == [
        ("t0", "topic 0", ("a", "b", "e")),
        ("t1", "topic 1", ("c", "d")),
    ]


def test_a_full_pass_is_due_when_a_paper_changed_or_left_or_the_drift_is_reached():
    ids = [f"p{i:03d}" for i in range(100)]
    carried = carried_for(ids, np.eye(100, 8, dtype=np.float32) + 0.01, [i % 4 for i in range(100)])
    keys = dict(carried.keys)
    assert new_papers(carried, {**keys, "p100": "k"}) == ["p100"]
    assert new_papers(carried, keys) is None  # nothing new: clustering decides (tag.py)
    assert new_papers(carried, {**keys, "p000": "changed", "p100": "k"}) is None
    assert new_papers(carried, {**dict(list(keys.items())[1:]), "p100": "k"}) is None
    five = {f"q{i}": "k" for i in range(5)}
    assert new_papers(carried, {**keys, **five}) == sorted(five)  # 5 of 100: the limit
    assert new_papers(carried, {**keys, **five, "q5": "k"}) is None
    # 3 placed since a pass over 97: one more is 4 of 97; 4 since a pass over 96: 5 is over 5%
    assert new_papers(replace(carried, placed=3), {**keys, "p100": "k"}) == ["p100"]
    assert new_papers(replace(carried, placed=4), {**keys, "p100": "k"}) is None


def test_a_full_pass_is_due_when_the_corpus_allows_another_number_of_topics():
    ids = [f"p{i:03d}" for i in range(97)]  # topic_count: 6 up to 97 papers, 7 from 98
    carried = carried_for(ids, np.eye(97, 8, dtype=np.float32) + 0.01, [i % 4 for i in range(97)])
    assert new_papers(carried, {**carried.keys, "z": "k"}) is None


def test_a_build_places_a_new_paper_and_keeps_the_rest_as_a_full_pass_has_it(
    fake_embedder, caplog, monkeypatch
):
    corpus, cache = many_papers(80), AnalysisCache()
    first = tag_papers(corpus[:79], fake_embedder, cache)
    previous = {topic.slug: topic.paper_ids for topic in first.topics}
    with caplog.at_level(logging.INFO, logger=tag.__name__):
        placed = tag_papers(corpus, fake_embedder, cache, previous_topics=previous)
    assert "1 new paper(s) placed, 1 since clustering" in caplog.text
    full = tag_papers(corpus, fake_embedder, AnalysisCache(), previous_topics=previous)
    assert [(p.id, p.tags, p.keyphrases, p.related, p.summary) for p in placed.papers] == [
        (p.id, p.tags, p.keyphrases, p.related, p.summary) for p in full.papers
    ]
    # compact vectors carried from the kept result, not worked out again, are the same
    assert [p.compact_vector for p in placed.papers] == [p.compact_vector for p in full.papers]
    assert all(p.compact_vector for p in placed.papers)
    old_topics = {p.id: p.topic for p in first.papers}
    assert {p.id: p.topic for p in placed.papers if p.id in old_topics} == old_topics
    assert {(t.slug, t.label) for t in placed.topics} == {(t.slug, t.label) for t in first.topics}
    # The next build, from the topics this one published: read back, nothing clustered.
    monkeypatch.setattr(tag, "cluster", lambda *args: pytest.fail("clustered again"))
    monkeypatch.setattr(tag, "place", lambda *args: pytest.fail("placed again"))
    published = {topic.slug: topic.paper_ids for topic in placed.topics}
    again = tag_papers(corpus, fake_embedder, cache, previous_topics=published)
    assert again == replace(placed, embedded=0)


def test_a_process_places_from_the_result_it_made_as_from_the_stored_one(
    fake_embedder, monkeypatch
):
    """carried_from (the result this process made, held) and carried_forward (its stored
    form, what a fresh process reads) leave a build the same."""
    corpus, made, stored = many_papers(81), AnalysisCache(), AnalysisCache()
    for cache in (made, stored):
        tag_papers(corpus[:80], fake_embedder, cache)
    assert isinstance(made.latest_made(), KeptCorpus)
    del KeptCorpusMemo.held[stored._identity]  # as in a fresh process
    assert stored.latest_made() is None
    with monkeypatch.context() as patched:
        patched.setattr(tag, "carried_forward", lambda *a: pytest.fail("decoded"))
        from_made = tag_papers(corpus, fake_embedder, made)
    with monkeypatch.context() as patched:
        patched.setattr(tag, "carried_from", lambda *a: pytest.fail("not decoded"))
        from_stored = tag_papers(corpus, fake_embedder, stored)
    assert from_made == from_stored
    assert [p.related for p in from_made.papers] == [p.related for p in from_stored.papers]


def test_placing_reads_the_new_papers_analyses_and_only_the_vectors_of_the_rest(
    fake_embedder, monkeypatch
):
    corpus, cache = many_papers(80), AnalysisCache()
    tag_papers(corpus[:79], fake_embedder, cache)
    asked: list[list[str]] = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(keys) or get_many(keys))
    tag_papers(corpus, fake_embedder, cache)
    assert asked == [[tag.cache_key(fake_embedder.name, tag.tagging_text(corpus[79]))]]


def test_a_full_pass_reads_every_analysis_where_an_old_vector_is_gone(fake_embedder, caplog):
    corpus, cache = many_papers(80), AnalysisCache()
    tag_papers(corpus[:79], fake_embedder, cache)
    gone = tag.cache_key(fake_embedder.name, tag.tagging_text(corpus[5]))
    cache._db.write(("DELETE FROM analyses WHERE key = ?", [(gone,)]))
    with caplog.at_level(logging.INFO, logger=tag.__name__):
        tagged = tag_papers(corpus, fake_embedder, cache)
    assert "clustered 80 papers" in caplog.text and tagged.embedded == 2


def test_full_clusters_again_where_papers_could_be_placed(fake_embedder, caplog):
    corpus, cache = many_papers(80), AnalysisCache()
    tag_papers(corpus[:79], fake_embedder, cache)
    with caplog.at_level(logging.INFO, logger=tag.__name__):
        tag_papers(corpus, fake_embedder, cache, full=True)
    assert "clustered 80 papers" in caplog.text and "placed" not in caplog.text


def test_placing_grows_the_kept_vocabulary_and_reads_only_the_new_papers_facts(
    fake_embedder, monkeypatch
):
    corpus, cache = many_papers(80), AnalysisCache()
    tag_papers(corpus[:78], fake_embedder, cache)
    monkeypatch.setattr(corpus_tags, "build_vocabulary", lambda *args: pytest.fail("built again"))
    asked: list[list[str]] = []
    get_facts = cache.get_facts
    monkeypatch.setattr(
        cache, "get_facts", lambda keys, version: asked.append(keys) or get_facts(keys, version)
    )
    tag_papers(corpus[:79], fake_embedder, cache)
    placed = tag_papers(corpus, fake_embedder, cache)  # grown from what the last growth kept
    assert [len(keys) for keys in asked] == [1, 1]
    monkeypatch.undo()
    full = tag_papers(corpus, fake_embedder, AnalysisCache())
    assert [(p.id, p.tags) for p in placed.papers] == [(p.id, p.tags) for p in full.papers]
    assert placed.spellings == full.spellings


def test_the_screen_widens_for_a_model_of_more_dimensions():
    """A float32 cosine of d dimensions is within d * 2^-24 of the exact one."""
    assert incremental._screen(np.zeros((1, 384), np.float32)) == incremental.SCREEN
    assert incremental._screen(np.zeros((1, 4096), np.float32)) >= 4096 * 2.0**-24

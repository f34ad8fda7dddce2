"""The thin I/O layer: git times, JSON rows, cache databases, swapping folders."""

from __future__ import annotations

import contextlib
import gzip

import pytest

from generator.state.files import (
    atomic_stream,
    dump_json_record,
    dump_json_rows,
    gzipped,
    load_json,
)


def test_git_added_times_names_dumps_relative_to_their_folder_and_keeps_the_first_commit(tmp_path):
    import os
    import subprocess

    from generator.state.files import git_added_times

    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)

    def commit(when: str) -> None:
        env = dict(
            os.environ,
            GIT_AUTHOR_DATE=when,
            GIT_COMMITTER_DATE=when,
            GIT_AUTHOR_NAME="t",
            GIT_AUTHOR_EMAIL="t@example.org",
            GIT_COMMITTER_NAME="t",
            GIT_COMMITTER_EMAIL="t@example.org",
        )
        subprocess.run(["git", "add", "-A"], cwd=tmp_path, env=env, check=True)
        subprocess.run(["git", "commit", "-qm", when], cwd=tmp_path, env=env, check=True)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "README.md").write_text("not a dump\n")
    (sources / "données.txt").write_text("a\n")
    commit("2026-01-01T00:00:00Z")
    (sources / "données.txt").write_text("a, edited\n")
    (sources / "later.txt").write_text("b\n")
    (sources / ' odd "name".txt').write_text("c\n")
    commit("2026-02-01T00:00:00Z")
    assert git_added_times(sources) == {
        "données.txt": 1767225600,
        "later.txt": 1769904000,
        ' odd "name".txt': 1769904000,
    }
    assert git_added_times(tmp_path / "elsewhere") == {}


def test_gzipped_data_is_the_same_bytes_on_every_build_and_reads_back(tmp_path):
    data = dump_json_rows([{"id": "a", "title": "ünïcode"}])
    assert gzipped(data) == gzipped(data) and gzip.decompress(gzipped(data)) == data
    assert gzipped(data)[4:8] == b"\0\0\0\0"  # no time in the header
    path = tmp_path / "papers.json.gz"
    path.write_bytes(gzipped(data))
    assert load_json(path, None) == [{"id": "a", "title": "ünïcode"}]
    path.write_bytes(gzipped(data)[:-9])  # cut short, as an interrupted copy leaves it
    assert load_json(path, "default") == "default"


def test_a_cache_database_is_whole_in_its_one_file_once_closed(tmp_path):
    """Commits go to a write-ahead log (no fsync each); closing folds it back, so the file CI
    saves alone holds every commit."""
    from generator.state.files import open_sqlite

    db = open_sqlite(tmp_path / "cache.sqlite", "CREATE TABLE IF NOT EXISTS t (k TEXT)")
    with db:
        db.execute("INSERT INTO t VALUES ('kept')")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert [p.name for p in tmp_path.iterdir()] == ["cache.sqlite"]
    (tmp_path / "restored").mkdir()
    (tmp_path / "restored" / "cache.sqlite").write_bytes((tmp_path / "cache.sqlite").read_bytes())
    again = open_sqlite(
        tmp_path / "restored" / "cache.sqlite", "CREATE TABLE IF NOT EXISTS t (k TEXT)"
    )
    assert again.execute("SELECT k FROM t").fetchall() == [("kept",)]


def test_a_database_that_cannot_be_opened_for_now_is_not_set_aside(tmp_path, monkeypatch):
    """Only a file that is no database (or a corrupt one) is set aside: a locked one is an error."""
    import sqlite3

    import generator.state.files as files_module

    path = tmp_path / "cache.sqlite"
    files_module.open_sqlite(path, "CREATE TABLE IF NOT EXISTS t (k TEXT)").close()

    def locked(*_):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(files_module, "_connect", locked)
    with contextlib.suppress(sqlite3.OperationalError):
        files_module.open_sqlite(path)
    assert [p.name for p in tmp_path.iterdir()] == ["cache.sqlite"]


def test_a_record_reads_back_as_written_a_field_and_a_list_item_per_line():
    import json

    record = {"count": 2, "none": [], "notes": [{"a": 1, "b": ["x", "é"]}, "y"], "lines": {"k": 1}}
    text = dump_json_record(record).decode()
    assert json.loads(text) == record
    assert text.splitlines() == [
        "{",
        '  "count": 2,',
        '  "none": [],',
        '  "notes": [',
        '    {"a": 1, "b": ["x", "é"]},',
        '    "y"',
        "  ],",
        '  "lines": {"k": 1}',
        "}",
    ]


def test_a_file_digest_is_worked_out_once_for_the_file_as_it_is(tmp_path, monkeypatch):
    from generator.state import files
    from generator.state.fingerprint import of_bytes

    path = tmp_path / "papers.json.gz"
    path.write_bytes(b"first")
    hashed = []
    monkeypatch.setattr(files, "of_bytes", lambda data: hashed.append(data) or of_bytes(data))
    assert files.file_digest(path) == files.file_digest(path) == of_bytes(b"first")
    path.write_bytes(b"second, longer")
    assert files.file_digest(path) == of_bytes(b"second, longer")
    assert hashed == [b"first", b"second, longer"]
    assert files.file_digest(tmp_path / "missing") is None


def test_a_stream_becomes_the_file_only_when_its_block_ends_well(tmp_path):
    path = tmp_path / "deep" / "vectors.npz"
    with atomic_stream(path) as stream:
        stream.write(b"first")
        assert not path.exists()  # written under a temporary name until then
    assert path.read_bytes() == b"first"
    with pytest.raises(RuntimeError), atomic_stream(path) as stream:
        stream.write(b"half")
        raise RuntimeError("a failed write")
    assert path.read_bytes() == b"first" and sorted(p.name for p in path.parent.iterdir()) == [
        "vectors.npz"
    ]

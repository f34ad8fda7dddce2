"""docs_dir holds what the build wrote, by its record: changed files rewritten, stale ones
deleted, and a file no build wrote never touched (the build stops instead)."""

from __future__ import annotations

import pytest

from generator.errors import ForeignFilesError
from generator.site.owned import RECORD, sync_docs


def tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != RECORD
    }


def write(root, files):
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def test_sync_writes_changed_files_deletes_stale_ones_and_their_empty_folders(tmp_path):
    first = {
        "keep.md": b"same",
        "tags/a/feed.xml": b"old",
        "tags/gone/feed.xml": b"x",
        "tags/gone/deeper/more.xml": b"y",
        "topics/t/feed.xml": b"t",
    }
    assert sync_docs(tmp_path, first) == (5, 0)
    kept_inode = (tmp_path / "keep.md").stat().st_ino
    wanted = {
        "keep.md": b"same",
        "tags/a/feed.xml": b"new",
        "tags/b/feed.xml": b"b",
        "topics/t/feed.xml": b"t",
    }
    assert sync_docs(tmp_path, wanted) == (2, 2)
    assert tree(tmp_path) == wanted
    assert not (tmp_path / "tags" / "gone").exists()
    assert (tmp_path / "keep.md").stat().st_ino == kept_inode  # unchanged: not rewritten


def test_sync_leaves_names_kept_unchanged_alone(tmp_path):
    sync_docs(
        tmp_path, {"feed.xml": b"on disk", "tags/x/feed.xml": b"kept", "tags/x/stale.xml": b"stale"}
    )
    kept = frozenset({"feed.xml", "tags/x/feed.xml"})
    assert sync_docs(tmp_path, {"feed.xml": b"in memory", "new.md": b"new"}, kept) == (1, 1)
    assert tree(tmp_path) == {"feed.xml": b"on disk", "tags/x/feed.xml": b"kept", "new.md": b"new"}


def test_a_file_no_build_wrote_stops_the_sync_and_nothing_changes(tmp_path):
    sync_docs(tmp_path, {"index.md": b"generated"})
    write(tmp_path, {"notes.md": b"my notes"})
    with pytest.raises(ForeignFilesError, match="1 file.*no digest build wrote") as error:
        sync_docs(tmp_path, {"index.md": b"regenerated"})
    assert any("notes.md" in line for line in error.value.details)
    assert tree(tmp_path) == {"index.md": b"generated", "notes.md": b"my notes"}


def test_without_a_record_only_files_shaped_like_the_builds_are_claimed(tmp_path):
    """A docs_dir an older version built (no record): its shells and feeds are the build's;
    a user's page of the same name is not."""
    shell = b"---\ndigest_shell: true\ntitle: Home\n---\nbody\n"
    write(tmp_path, {"index.md": shell, "tags/x/feed.xml": b"<rss/>", "papers.json": b"[]"})
    assert sync_docs(tmp_path, {"index.md": b"new"}) == (1, 2)
    write(tmp_path / "other", {"index.md": b"# My own home page\n"})
    with pytest.raises(ForeignFilesError):
        sync_docs(tmp_path / "other", {"index.md": b"new"})
    assert (tmp_path / "other" / "index.md").read_bytes() == b"# My own home page\n"


def test_the_record_lists_what_a_build_cut_short_may_have_written(tmp_path, monkeypatch):
    from generator.state import files

    real = files.write_if_changed
    calls = []

    def fail_on_second(path, data):
        calls.append(path)
        if path.name == "b.md":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(files, "write_if_changed", fail_on_second)
    with pytest.raises(OSError):
        sync_docs(tmp_path, {"a.md": b"a", "b.md": b"b"})
    monkeypatch.setattr(files, "write_if_changed", real)
    assert sync_docs(tmp_path, {"c.md": b"c"}) == (1, 1)  # a.md was recorded before it was written
    assert tree(tmp_path) == {"c.md": b"c"}


def test_a_temporary_file_a_killed_build_left_is_the_builds(tmp_path):
    sync_docs(tmp_path, {"index.md": b"generated"})
    write(tmp_path, {".index.md.k3j4h5.tmp": b"half"})
    assert sync_docs(tmp_path, {"index.md": b"again"}) == (1, 1)
    assert tree(tmp_path) == {"index.md": b"again"}


def test_without_a_record_a_users_feed_and_data_are_not_claimed(tmp_path):
    write(tmp_path, {"feed.xml": b"<rss/>", "papers.json": b"[]", "tags/ml/feed.xml": b"<rss/>"})
    with pytest.raises(ForeignFilesError):
        sync_docs(tmp_path, {"index.md": b"new"})
    assert (tmp_path / "feed.xml").read_bytes() == b"<rss/>"

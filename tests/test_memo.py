"""OutputMemo (memo.py): an output is made again exactly when its inputs changed or the
file the previous build left is no longer there as it was left; otherwise it is kept
where it is, its bytes not even read."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.publish import memo as memo_module
from generator.publish.memo import OutputMemo
from generator.state.fingerprint import of_bytes


class Maker:
    def __init__(self, data: bytes):
        self.data, self.calls = data, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def first_build(tmp_path, path="tags/x/feed.xml", data=b"<rss/>") -> OutputMemo:
    memo = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
    assert memo.get(path, "inputs-1", Maker(data)) == data
    (tmp_path / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / path).write_bytes(data)
    memo.save()
    return OutputMemo(tmp_path / "memo.json", tmp_path / "docs")


def test_same_inputs_keep_the_previous_file_unread(tmp_path, monkeypatch):
    memo, maker = first_build(tmp_path), Maker(b"made again")
    monkeypatch.setattr(
        memo_module.Path, "read_bytes", lambda *_: pytest.fail("read a kept output")
    )
    assert memo.get("tags/x/feed.xml", "inputs-1", maker) is None
    assert (maker.calls, memo.made, memo.kept) == (0, 0, {"tags/x/feed.xml"})
    assert (tmp_path / "docs" / "tags/x/feed.xml").is_file()


def test_changed_inputs_make_the_output_again(tmp_path):
    memo, maker = first_build(tmp_path), Maker(b"<rss>new</rss>")
    assert memo.get("tags/x/feed.xml", "inputs-2", maker) == b"<rss>new</rss>"
    assert (maker.calls, memo.made, memo.kept) == (1, 1, set())


@pytest.mark.parametrize("touch", ["edited", "same size", "missing"])
def test_an_edited_or_missing_output_is_made_again(tmp_path, touch):
    memo = first_build(tmp_path)
    path = tmp_path / "docs" / "tags/x/feed.xml"
    if touch == "edited":
        path.write_bytes(b"<rss>edited by hand</rss>")
    elif touch == "same size":  # the same length, a later modification time
        stat = path.stat()
        path.write_bytes(b"<xx/>!")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    else:
        path.unlink()
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"<rss/>")) == b"<rss/>"
    assert memo.made == 1 and not memo.kept


def test_a_copy_that_keeps_times_keeps_the_outputs(tmp_path):
    first_build(tmp_path / "a")
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    memo = OutputMemo(tmp_path / "b" / "memo.json", tmp_path / "b" / "docs")
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"made again")) is None and memo.made == 0


def test_a_broken_or_older_memo_file_only_costs_time(tmp_path):
    first_build(tmp_path)
    for broken in (
        "not json",
        "[1, 2]",
        '{"tags/x/feed.xml": "inputs-1"}',
        '{"tags/x/feed.xml": [1, 2]}',
        '{"tags/x/feed.xml": ["inputs-1", "digest"]}',
        '{"tags/x/feed.xml": ["inputs-1", "d", 6, 1.5]}',
    ):
        (tmp_path / "memo.json").write_text(broken)
        memo = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
        assert (
            memo.get("tags/x/feed.xml", "inputs-1", Maker(b"<rss/>")) == b"<rss/>"
            and memo.made == 1
        )


def test_the_saved_memo_holds_only_this_builds_outputs_that_are_in_place(tmp_path):
    memo = first_build(tmp_path)
    memo.get("topics/y/feed.xml", "inputs-3", Maker(b"<rss>y</rss>"))
    (tmp_path / "docs" / "topics/y").mkdir(parents=True)
    (tmp_path / "docs" / "topics/y/feed.xml").write_bytes(b"<rss>y</rss>")
    memo.get(
        "topics/z/feed.xml", "inputs-3", Maker(b"<rss>z</rss>")
    )  # never written: not kept next time
    memo.save()
    again = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
    assert set(again.previous) == {"topics/y/feed.xml"}
    assert again.get("topics/y/feed.xml", "inputs-3", Maker(b"other")) is None


def test_digests_are_those_of_the_outputs_made_or_kept(tmp_path):
    memo = first_build(tmp_path)
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"made again")) is None
    made = memo.get("tags/y/feed.xml", "inputs-1", Maker(b"<rss>y</rss>"))
    assert memo.digests() == {
        "tags/x/feed.xml": of_bytes(b"<rss/>"),
        "tags/y/feed.xml": of_bytes(made),
    }


def test_part_indexes_are_kept_beside_the_entries_and_dropped_by_a_full_build(tmp_path):
    memo = first_build(tmp_path)
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"")) is None
    memo.parts["papers.json.gz"] = {"zlib": "z", "file": "f", "members": [["d", 3]]}
    memo.save()
    again = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
    assert again.previous_parts == {"papers.json.gz": memo.parts["papers.json.gz"]}
    assert set(again.previous) == {"tags/x/feed.xml"}  # the parts are no output of their own
    fresh = OutputMemo(tmp_path / "memo.json", tmp_path / "docs", fresh=True)
    assert fresh.previous_parts == {} and fresh.previous == {}

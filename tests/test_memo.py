"""OutputMemo (memo.py): an output is made again exactly when its inputs changed or the
bytes the previous build wrote are no longer there as written."""

from __future__ import annotations

from generator.memo import OutputMemo


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


def test_same_inputs_read_back_the_previous_bytes(tmp_path):
    memo, maker = first_build(tmp_path), Maker(b"made again")
    assert memo.get("tags/x/feed.xml", "inputs-1", maker) == b"<rss/>"
    assert (maker.calls, memo.made) == (0, 0)


def test_changed_inputs_make_the_output_again(tmp_path):
    memo, maker = first_build(tmp_path), Maker(b"<rss>new</rss>")
    assert memo.get("tags/x/feed.xml", "inputs-2", maker) == b"<rss>new</rss>"
    assert (maker.calls, memo.made) == (1, 1)


def test_an_edited_or_missing_output_is_made_again(tmp_path):
    memo = first_build(tmp_path)
    (tmp_path / "docs" / "tags/x/feed.xml").write_bytes(b"<rss>edited by hand</rss>")
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"<rss/>")) == b"<rss/>"
    (tmp_path / "docs" / "tags/x/feed.xml").unlink()
    assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"<rss/>")) == b"<rss/>"
    assert memo.made == 2


def test_a_broken_memo_file_only_costs_time(tmp_path):
    first_build(tmp_path)
    for broken in ("not json", "[1, 2]", '{"tags/x/feed.xml": "inputs-1"}', '{"tags/x/feed.xml": [1, 2]}'):
        (tmp_path / "memo.json").write_text(broken)
        memo = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
        assert memo.get("tags/x/feed.xml", "inputs-1", Maker(b"<rss/>")) == b"<rss/>" and memo.made == 1


def test_the_saved_memo_holds_only_this_builds_outputs(tmp_path):
    memo = first_build(tmp_path)
    memo.get("topics/y/feed.xml", "inputs-3", Maker(b"<rss>y</rss>"))
    memo.save()
    again = OutputMemo(tmp_path / "memo.json", tmp_path / "docs")
    assert set(again.previous) == {"topics/y/feed.xml"}


def test_digests_are_those_of_the_bytes_given_back_made_or_read(tmp_path):
    from generator.fingerprint import of_bytes

    memo = first_build(tmp_path)
    kept = memo.get("tags/x/feed.xml", "inputs-1", Maker(b"made again"))
    made = memo.get("tags/y/feed.xml", "inputs-1", Maker(b"<rss>y</rss>"))
    assert memo.digests() == {"tags/x/feed.xml": of_bytes(kept), "tags/y/feed.xml": of_bytes(made)}

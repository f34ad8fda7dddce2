"""papers.json.gz in gzip members: read as one file by every reader, and a rebuild reuses the
members whose rows did not change, giving the very bytes a cold build gives."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess

import pytest

from generator.publish import corpus_data
from generator.state import files


def rows(count: int, start: int = 0) -> list[dict]:
    """Newest first, as papers are listed: row `count - 1` is the oldest."""
    return [{"id": f"p{n}", "title": f"Ünïcode {n}"} for n in reversed(range(start, count))]


def gzipped_rows(rows: list[dict], previous, path, written: list | None = None):
    """corpus_data.gzipped_rows of these rows, each as its JSON text (report.paper_line);
    `written` collects the rows written out."""
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    seen = [] if written is None else written

    def line(text: str) -> str:
        seen.append(text)
        return text

    return corpus_data.gzipped_rows(lines, lines, line, previous, path)


@pytest.fixture(autouse=True)
def _small_members(monkeypatch):
    monkeypatch.setattr(corpus_data, "MEMBER_ROWS", 3)


@pytest.fixture
def compressions(monkeypatch) -> list[bytes]:
    made: list[bytes] = []
    real = files.gzipped

    def counted(data: bytes) -> bytes:
        made.append(data)
        return real(data)

    monkeypatch.setattr(files, "gzipped", counted)
    return made


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 6, 7, 10])
def test_the_file_is_the_json_rows_whatever_the_cut(count, tmp_path):
    data, index = gzipped_rows(rows(count), None, tmp_path / "none.gz")
    assert gzip.decompress(data) == files.dump_json_rows(rows(count))
    assert json.loads(gzip.decompress(data)) == rows(count)
    assert len(index["members"]) == max(1, -(-count // 3))


def test_members_hold_the_same_rows_as_papers_arrive(tmp_path):
    _, before = gzipped_rows(rows(7), None, tmp_path / "none.gz")
    _, after = gzipped_rows(rows(8), None, tmp_path / "none.gz")
    assert before["members"][1:] == after["members"][1:]  # only the newest member changed


def test_a_rebuild_compresses_only_the_member_a_new_paper_reached(tmp_path, compressions):
    path = tmp_path / "papers.json.gz"
    data, index = gzipped_rows(rows(10), None, path)
    path.write_bytes(data)
    compressions.clear()
    written: list[str] = []
    again, _ = gzipped_rows(rows(11), index, path, written)
    assert len(compressions) == 1  # of four members
    assert len(written) == 2  # the rows of the newest member alone
    assert again == gzipped_rows(rows(11), None, path)[0]  # what a cold build writes


def test_a_changed_row_recompresses_its_member_only(tmp_path, compressions):
    path = tmp_path / "papers.json.gz"
    data, index = gzipped_rows(rows(9), None, path)
    path.write_bytes(data)
    changed = rows(9)
    changed[-1]["title"] = "Retitled"  # the oldest paper
    compressions.clear()
    again, _ = gzipped_rows(changed, index, path)
    assert len(compressions) == 1
    assert gzip.decompress(again) == files.dump_json_rows(changed)


@pytest.mark.parametrize("damage", ["edited", "other zlib", "missing", "garbled index"])
def test_a_previous_file_not_as_the_memo_left_it_is_not_reused(damage, tmp_path, compressions):
    path = tmp_path / "papers.json.gz"
    data, index = gzipped_rows(rows(9), None, path)
    path.write_bytes(data)
    if damage == "edited":
        path.write_bytes(files.gzipped(files.dump_json_rows(rows(9))))
    elif damage == "other zlib":
        index = {**index, "zlib": "zlib 0.0, level 6"}
    elif damage == "missing":
        path.unlink()
    else:
        index = {**index, "members": [["x", "not a length"]]}
    compressions.clear()
    again, _ = gzipped_rows(rows(9), index, path)
    assert len(compressions) == 3 and again == data


@pytest.mark.skipif(shutil.which("zcat") is None, reason="no zcat")
def test_zcat_reads_every_member(tmp_path):
    path = tmp_path / "papers.json.gz"
    path.write_bytes(gzipped_rows(rows(8), None, path)[0])
    shown = subprocess.run(["zcat", str(path)], capture_output=True, check=True).stdout
    assert json.loads(shown) == rows(8)


def test_members_another_code_wrote_are_not_reused(tmp_path, compressions, monkeypatch):
    path = tmp_path / "papers.json.gz"
    data, index = gzipped_rows(rows(9), None, path)
    path.write_bytes(data)
    monkeypatch.setattr(corpus_data, "code_version", lambda: "another version")
    compressions.clear()
    written: list[str] = []
    again, _ = gzipped_rows(rows(9), index, path, written)
    assert len(compressions) == 3 and len(written) == 9 and again == data


def test_members_made_for_another_site_url_are_not_reused(tmp_path, compressions):
    """A line holds the paper's URL: a member's key holds what every line shares (`shared`)."""
    path = tmp_path / "papers.json.gz"
    lines = [json.dumps(row) for row in rows(9)]
    data, index = corpus_data.gzipped_rows(lines, lines, str, None, path, "https://a.org/")
    path.write_bytes(data)
    compressions.clear()
    corpus_data.gzipped_rows(lines, lines, str, index, path, "https://a.org/")
    assert not compressions
    corpus_data.gzipped_rows(lines, lines, str, index, path, "https://b.org/")
    assert len(compressions) == 3

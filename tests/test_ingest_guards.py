"""Dumps a careless hand or a hostile one makes: every bad record is a `file:line: reason`
rejection and the rest of the file is read; no input raises, hangs, or eats the memory."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from conftest import INGEST_FIXTURES

from generator.publish.templating import rich
from generator.read.accounts import source_summary
from generator.read.dumps import read_dump, read_dumps
from generator.read.ingest import parse_bytes
from generator.read.text import clean_latex, clean_text
from generator.serve.ingest_view import ingest_paths

GUARDS = INGEST_FIXTURES / "guards"


def read(name: str):
    data = (GUARDS / name).read_bytes()
    source = parse_bytes(name, data)
    source_summary(source)  # every line accounted for, or AccountingError
    return source, read_dump(name, data)


def rejected_reasons(source) -> set[str]:
    return {note.reason for note in source.rejected}


def test_an_impossible_date_rejects_its_record_and_the_next_is_read():
    source, dump = read("bad-date.yaml")
    assert rejected_reasons(source) == {"date: not a valid date: '2024-02-30'"}
    assert {note.ref.line for note in source.rejected} == {1, 2, 3}
    assert [paper.date for paper in dump.papers] == ["2024-02-28"]


def test_fields_of_the_wrong_kind_are_rejections_naming_the_field():
    source, dump = read("wrong-types.yaml")
    assert rejected_reasons(source) == {
        "authors: expected a list of names or a string, got '7'",
        "links: expected a URL, a list of URLs or a mapping of them, got '5'",
        "affiliations: expected a list of names or a string, got '12'",
    }
    assert [paper.authors for paper in dump.papers] == [("Ada Lovelace",)]


def test_json_lines_fields_of_the_wrong_kind_are_rejections():
    source, dump = read("wrong-types-2026-06-29.jsonl")
    assert {(note.ref.line, note.reason) for note in source.rejected} == {
        (2, "authors: expected a list of names or a string, got 5"),
        (4, "id: expected text, got 2606.00004"),
    }
    assert [paper.id for paper in dump.papers] == ["arxiv-2606.00001", "arxiv-2606.00003"]


def test_a_yaml_text_field_keeps_its_text_and_a_url_string_is_one_link():
    _, dump = read("text-scalars.yaml")
    (paper,) = dump.papers
    assert paper.title == "yes" and paper.comment == "12"
    assert [link.url for link in paper.links] == ["https://example.org/project"]


def test_only_web_links_and_arxiv_shaped_categories_are_kept():
    _, dump = read("wrong-types-2026-06-29.jsonl")
    paper = next(paper for paper in dump.papers if paper.id == "arxiv-2606.00003")
    assert paper.categories == ("cs.AI",)
    assert all(link.url.startswith("https://") for link in paper.links)
    assert not any("javascript" in link.url or "data:" in link.url for link in paper.links)


def test_yaml_aliases_reject_the_file_and_every_line_is_accounted_for():
    source, dump = read("aliases.yaml")
    assert not dump.papers and len(source.rejected) == source.line_count == 4
    assert rejected_reasons(source) == {
        "invalid YAML/JSON (line 4): YAML aliases (*name) are not allowed in a dump"
    }


def test_a_billion_laughs_is_rejected_at_once():
    start = time.perf_counter()
    source, dump = read("billion-laughs.yaml")
    assert not dump.papers and all("aliases" in note.reason for note in source.rejected)
    assert time.perf_counter() - start < 5  # the expansion would take minutes and gigabytes


@pytest.mark.parametrize(
    "name, text",
    [
        ("deep.json", "[" * 10_000 + "]" * 10_000 + "\n"),
        ("deep-2026-06-29.jsonl", '{"summary": ' + "[" * 10_000 + "]" * 10_000 + "}\n"),
        ("deep-lines.json", ('{"a": ' * 10_000 + "1" + "}" * 10_000 + "\n") * 2),
    ],
)
def test_json_nested_ten_thousand_deep_is_a_rejection(name, text):
    source = parse_bytes(name, text.encode())
    source_summary(source)
    assert source.rejected and all("nested too deeply" in note.reason for note in source.rejected)


def test_a_json_lines_record_past_the_size_limit_is_a_rejection():
    line = json.dumps({"summary": "word " * 300_000}) + "\n"
    source = parse_bytes("big-2026-06-29.jsonl", line.encode())
    assert [note.reason for note in source.rejected] == ["record longer than 1024 KiB"]


@pytest.mark.parametrize("name", ["cr-only.txt", "cr-only-2026-06-29.jsonl"])
def test_lines_ended_by_a_lone_carriage_return_are_lines(name):
    source, dump = read(name)
    assert source.line_count == 2 and len(dump.papers) == 2


def test_a_dump_that_cannot_be_read_is_one_rejection_and_the_others_are_read(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_bytes((INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    (tmp_path / "open.txt").write_bytes(
        (INGEST_FIXTURES / "abstract-lines.txt").read_bytes() + b"\n"
    )
    real = Path.read_bytes

    def refuse(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    dumps = read_dumps(tmp_path)
    assert [dump.rejected for dump in dumps] == [
        ("locked.txt:0: cannot read this file: Permission denied",),
        (),
    ]
    assert dumps[0].summary["format"] == "unreadable" and len(dumps[1].papers) == 2


def run_with_deadline(work, seconds: float = 30):
    """work() in a thread; fails (instead of hanging the suite) if it does not end in time."""
    done, result = threading.Event(), {}

    def target():
        result["value"] = work()
        done.set()

    threading.Thread(target=target, daemon=True).start()
    assert done.wait(seconds), "still running: it waits on something it should not open"
    return result["value"]


def test_a_fifo_among_the_dumps_is_skipped_not_opened(tmp_path, caplog):
    (tmp_path / "ok.txt").write_bytes((INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")
    dumps = run_with_deadline(lambda: read_dumps(tmp_path))
    assert [dump.summary["file"] for dump in dumps] == ["ok.txt"]
    output = run_with_deadline(lambda: ingest_paths([tmp_path / "ok.txt", tmp_path / "pipe.txt"]))
    assert output["report"]["papers"] == 2
    assert "pipe.txt: not a regular file" in caplog.text


def test_a_symlinked_folder_is_read_by_build_and_ingest_alike_and_a_loop_once(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_bytes((INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "more").symlink_to(elsewhere)
    (elsewhere / "loop").symlink_to(elsewhere)
    built = [dump.summary["file"] for dump in read_dumps(sources)]
    assert built == ["more/linked.txt"]
    assert [s["file"] for s in ingest_paths([sources])["report"]["sources"]] == built


@pytest.mark.parametrize(
    "text, html",
    [
        ("we set k*=3 and n*=5", "we set k*=3 and n*=5"),
        ("it costs $5 and $10 a run", "it costs $5 and $10 a run"),
        ("so $x^2$ holds", 'so <span class="arithmatex">\\(x^2\\)</span> holds'),
        ("the \\emph{key} idea", "the <em>key</em> idea"),
        ("snake_case_names and a_b", "snake_case_names and a_b"),
    ],
)
def test_stars_dollars_and_underscores_stay_literal_unless_math_or_emphasis(text, html):
    assert str(rich(clean_latex(clean_text(text)))) == html


def test_digest_ingest_reads_every_guard_fixture_without_a_traceback():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "ingest", str(GUARDS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (
        "bad-date.yaml:1-3: date: not a valid date" in result.stdout
    )  # its three lines, one range


ABSTRACT = (
    "We study how sparse attention layers scale with context length and show a simple schedule."
)


@pytest.mark.parametrize(
    "name, text, papers, reason",
    [
        (
            "shared-line.json",
            f'[{{"abstract": "{ABSTRACT}"}}, {{"title": "x"}}]\n',
            0,
            "a record sharing a line",
        ),
        (
            "two-on-a-line.json",
            f'[{{"abstract": "{ABSTRACT}"}}, {{"abstract": "{ABSTRACT} 2"}}]\n',
            2,
            None,
        ),
        ("next-line.yaml", f'- abstract: "{ABSTRACT}\x85 more"\n  title: t\n', 1, None),
        ("line-separator.yaml", f"- abstract: {ABSTRACT}\u2028more\n", 1, None),
        (
            "empty-links.yaml",
            f"- abstract: {ABSTRACT}\n  links: []\n  category: [cs.CV, cs.LG]\n",
            1,
            None,
        ),
        (
            "twice.yaml",
            f"- abstract: {ABSTRACT}\n  title: a\n  title: b\n",
            0,
            "field title given twice",
        ),
    ],
)
def test_records_files_at_the_edges_of_yaml_and_json(name, text, papers, reason):
    source = parse_bytes(name, text.encode())
    source_summary(source)  # lines accounted for
    assert len(source.records) == papers
    assert all(reason in note.reason for note in source.rejected) if reason else not source.rejected

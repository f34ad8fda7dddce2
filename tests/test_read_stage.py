"""The read stage as the pipeline calls it (generator/read/stage.py), on a few small dumps: the
papers merged, curated, slugged and given their arrival, and its failures named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import make_project

from generator.config import load_config
from generator.errors import InputError
from generator.model import Paper, SourceRef
from generator.read.stage import read_corpus, with_arrival
from generator.state.memory import forget_process_caches

ONE = "We study sparse attention for long inputs. It scales linearly in memory and time."
TWO = "Graph coloring gets new bounds from a probabilistic argument over random orderings."


def corpus(tmp_path: Path, dumps: dict[str, str], curation: str | None = None, **kwargs):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in dumps.items():
        (sources / name).write_text(text, encoding="utf-8")
    if curation is not None:
        (tmp_path / "curation.yaml").write_text(curation, encoding="utf-8")
    return read_corpus(load_config(make_project(tmp_path, sources)), **kwargs)


def test_dumps_are_merged_curated_slugged_and_dated(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    read = corpus(
        tmp_path,
        {"a.csv": f"title,abstract\nOne,{ONE}\nTwo,{TWO}\n", "b.csv": f"abstract\n{ONE}\n"},
    )
    assert [dump.summary["file"] for dump in read.dumps] == ["a.csv", "b.csv"]
    assert [len(paper.sources) for paper in read.papers] == [2, 1]
    assert [(note.reason, note.merged) for note in read.merged] == [("same paper", True)]
    assert read.near == [] and read.curation.hidden == frozenset()
    first = read.papers[0]
    assert first.slug and first.slug != read.papers[1].slug
    assert (first.arrived, first.first_seen) == ("2023-11-14T22:13:20Z", "2023-11-14")
    assert first.arrived_from == SourceRef("a.csv", 2)


def test_curation_merges_and_hides_and_its_merges_follow_the_duplicates(tmp_path):
    three = "Protein folding with diffusion models predicts structures from sequences alone."
    dumps = {"a.csv": f"abstract\n{ONE}\n{TWO}\n{three}\n{ONE}\n"}
    (tmp_path / "plain").mkdir()
    one, two, three_id = (paper.id for paper in corpus(tmp_path / "plain", dumps).papers)
    (tmp_path / "curated").mkdir()
    read = corpus(
        tmp_path / "curated", dumps, curation=f"merge: [[{one}, {two}]]\nhide: [{three_id}]\n"
    )
    assert [(paper.id, len(paper.sources)) for paper in read.papers] == [(one, 3)]
    assert [(note.other, note.reason) for note in read.merged] == [
        (one, "same paper"),
        (two, "merged by curation.yaml"),
    ]
    assert read.curation.hidden == {three_id}


def test_two_papers_titled_alike_fail_naming_the_curation_file(tmp_path):
    dumps = {"a.csv": f"title,abstract\nSame Title,{ONE}\nSame Title,{TWO}\n"}
    with pytest.raises(InputError, match=r"\(merge, retitle or hide one in .*curation\.yaml\)$"):
        corpus(tmp_path, dumps)


def test_a_missing_sources_folder_is_an_input_error(tmp_path):
    config = load_config(make_project(tmp_path, tmp_path / "nowhere"))
    with pytest.raises(InputError, match="^sources folder not found: .*nowhere$"):
        read_corpus(config)


def test_fresh_parses_every_dump_again(tmp_path):
    first = corpus(tmp_path, {"a.csv": f"abstract\n{ONE}\n"})
    config = load_config(tmp_path / "mkdocs.yml")
    assert read_corpus(config).dumps[0].summary == first.dumps[0].summary
    assert read_corpus(config, fresh=True).dumps == first.dumps


def test_a_paper_arrives_when_git_first_committed_its_dump(tmp_path, monkeypatch):
    import os
    import subprocess

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.csv").write_text(f"abstract\n{ONE}\n", encoding="utf-8")
    when, who = "2020-09-13T12:26:40Z", {"NAME": "t", "EMAIL": "t@example.org"}
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env |= {
        f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER") for key, value in who.items()
    }
    for command in (["init", "-q"], ["add", "a.csv"], ["commit", "-qm", "dump"]):
        subprocess.run(["git", *command], cwd=sources, env=env, check=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [paper] = read_corpus(load_config(make_project(tmp_path, sources))).papers
    assert (paper.arrived, paper.arrived_from) == (when, SourceRef("a.csv", 2))


def paper(pid: str, *sources: SourceRef) -> Paper:
    return Paper(id=pid, title="T", title_derived=True, abstract="A.", sources=sources)


def test_a_paper_arrives_with_the_first_committed_of_its_dumps():
    fallback = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    added = {"old.txt": 1_600_000_000, "new.txt": 1_700_000_000}
    papers = [
        paper("a", SourceRef("new.txt", 3), SourceRef("old.txt", 9), SourceRef("old.txt", 2)),
        paper("b", SourceRef("uncommitted.txt", 1)),
        paper("c", SourceRef("uncommitted.txt", 5), SourceRef("new.txt", 1)),
        paper("d"),
    ]
    a, b, c, d = with_arrival(papers, added, fallback)
    assert (a.arrived, a.first_seen, a.arrived_from) == (
        "2020-09-13T12:26:40Z",
        "2020-09-13",
        SourceRef("old.txt", 2),
    )
    assert (b.arrived, b.first_seen, b.arrived_from) == (
        "2024-01-02T03:04:05Z",
        "2024-01-02",
        SourceRef("uncommitted.txt", 1),
    )
    assert c.arrived_from == SourceRef("new.txt", 1) and c.arrived == "2023-11-14T22:13:20Z"
    assert d == papers[3]


def test_arrival_is_written_in_utc_whatever_the_local_time_zone(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        [late] = with_arrival(
            [paper("a", SourceRef("late.txt", 1))],
            {"late.txt": 1_700_000_000 + 3600},
            datetime.now(UTC),
        )
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (late.arrived, late.first_seen) == ("2023-11-14T23:13:20Z", "2023-11-14")


def test_dumps_are_taken_from_the_memo_unless_fresh(tmp_path):
    import sqlite3

    corpus(tmp_path, {"a.csv": f"title,abstract\nOne,{ONE}\n"})
    config = load_config(tmp_path / "mkdocs.yml")
    with sqlite3.connect(config.cache_dir / "dumps.sqlite") as db:
        [(key, dump)] = db.execute("SELECT key, dump FROM dumps").fetchall()
        db.execute("UPDATE dumps SET dump = ? WHERE key = ?", (dump.replace("One", "Memo"), key))
    db.close()
    forget_process_caches()  # a fresh process, which reads the memo's rows
    assert [paper.title for paper in read_corpus(config).papers] == ["Memo"]
    assert [paper.title for paper in read_corpus(config, fresh=True).papers] == ["One"]

"""`digest serve --watch` (watch.py): the content's state, the watch loop, and a served site
that shows a new dump without a restart."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
import time
import urllib.request

from conftest import INGEST_FIXTURES, make_project
from fake_embedder import HashingEmbedder

from generator.serve.preview import serve_in_background
from generator.serve.watch import Rebuilder, content_state, watch, watched_paths


def test_content_state_changes_with_any_file_but_hidden_ones(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    before = content_state([tmp_path, tmp_path / "missing.yaml"])
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    assert content_state([tmp_path]) == before
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("two")
    added = content_state([tmp_path])
    assert added != before
    (tmp_path / "sub" / "b.txt").write_text("two, longer")
    assert content_state([tmp_path]) != added
    (tmp_path / "sub" / "b.txt").unlink()
    assert content_state([tmp_path]) == before


def test_watch_rebuilds_once_per_change_until_stopped(tmp_path):
    """Waits on the watcher's own looks at the content (each asks paths()), never on a clock."""
    (tmp_path / "a.txt").write_text("one")
    calls, stop, looks = [], threading.Event(), Looks()
    thread = threading.Thread(
        target=watch, args=(looks.counting([tmp_path]), lambda: calls.append(1), stop, 0.02)
    )
    thread.start()
    try:
        assert looks.wait_for(5) and calls == []  # five looks, nothing changed: nothing built
        write_whole(tmp_path / "b.txt", "two")
        assert wait_for(lambda: len(calls) == 1)
        assert looks.wait_for(looks.count + 5) and len(calls) == 1  # five more looks: built once
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


class Looks:
    """How many times the watcher looked at the content, and a wait for the n-th look."""

    def __init__(self) -> None:
        self.count, self.changed = 0, threading.Condition()

    def counting(self, paths):
        def look():
            with self.changed:
                self.count += 1
                self.changed.notify_all()
            return paths

        return look

    def wait_for(self, count: int, seconds: float = 60) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, seconds)


def write_whole(path, text: str) -> None:
    """Written hidden, then renamed: a look never finds it half written (or empty)."""
    hidden = path.with_name("." + path.name)
    hidden.write_text(text)
    hidden.replace(path)


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def built_project(tmp_path) -> tuple[Rebuilder, list[str]]:
    """A two-paper project built once by a Rebuilder (fake embedder), and the lines it reported."""
    (tmp_path / "sources").mkdir()
    shutil.copy(INGEST_FIXTURES / "titled-pairs.txt", tmp_path / "sources" / "pairs.txt")
    lines: list[str] = []
    rebuild = Rebuilder(
        make_project(tmp_path, tmp_path / "sources"),
        embedder=HashingEmbedder(),
        report=lines.append,
    )
    rebuild()
    return rebuild, lines


def test_serve_watch_shows_a_new_dump_without_a_restart(tmp_path):
    rebuild, lines = built_project(tmp_path)
    config, stop = rebuild.config, threading.Event()
    with serve_in_background(config.site_dir, config.site_url, "127.0.0.1:0") as httpd:
        papers_url = f"http://127.0.0.1:{httpd.server_address[1]}/paper-digest/papers.json.gz"
        count = lambda: len(json.loads(gzip.decompress(urllib.request.urlopen(papers_url).read())))  # noqa: E731
        assert count() == 2
        since = content_state(watched_paths(config))
        thread = threading.Thread(
            target=watch, args=(lambda: watched_paths(rebuild.config), rebuild, stop, 0.05, since)
        )
        thread.start()
        try:
            first_line = (
                (INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl").read_text().splitlines()[0]
            )
            write_whole(
                tmp_path / "sources" / "new.jsonl", first_line + "\n"
            )  # one paper the site lacks
            assert wait_for(lambda: rebuild.builds == 2), lines
            assert count() == 3 and "3 papers, 1 new, 1 embedded" in lines[-1], lines
            assert "0 rejected lines" in lines[-1]
        finally:
            stop.set()
            thread.join(60)


def test_a_failing_rebuild_is_reported_and_the_next_one_works(tmp_path):
    rebuild, lines = built_project(tmp_path)
    (tmp_path / "curation.yaml").write_bytes(
        b"hide:\n  - caf\xe9\n"
    )  # not UTF-8: no BuildError for it
    rebuild()
    assert rebuild.builds == 1 and lines[-1].startswith("digest: build failed: UnicodeDecodeError")
    (tmp_path / "curation.yaml").unlink()
    (tmp_path / "sources" / "bad.txt").write_text("A Title With No Abstract\n")
    rebuild()
    assert rebuild.builds == 2 and "1 rejected lines" in lines[-2]
    assert lines[-1].startswith("rejected: bad.txt:1: unknown format")

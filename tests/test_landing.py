"""Landing: whatever fails when, site/ is the previous site or the new one, file for file;
files no build wrote are never deleted; what went missing is repaired; one build at a time."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import tempfile
from pathlib import Path

import pytest
from conftest import INGEST_FIXTURES
from fake_embedder import HashingEmbedder
from test_build import project

from generator import cli
from generator import pipeline as build_module
from generator.config import load_config
from generator.errors import BusyError, ForeignFilesError, StrictError
from generator.pipeline import build
from generator.site import assemble as assemble_module
from generator.site.patch import journal_path, recover_landing
from generator.site.record import IN_FOLDER, record_path
from generator.state import files
from generator.state.lock import build_lock
from generator.state.memory import forget_process_caches

NEW_DUMP = INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(tmp_path):
    """A small project built once, and a new dump waiting to be added."""
    (tmp_path / "a").mkdir()
    config = project(
        tmp_path / "a",
        {
            "listing.txt": INGEST_FIXTURES / "listing.txt",
            "pairs.txt": INGEST_FIXTURES / "titled-pairs.txt",
        },
    )
    build(config, embedder=HashingEmbedder())
    return config


def add_dump(config) -> None:
    lines = NEW_DUMP.read_text().splitlines()[:3]
    (config.sources_dir / "new-2026-06-29.jsonl").write_text("\n".join(lines) + "\n")


def copy_project(config, target: Path):
    shutil.copytree(config.root, target, symlinks=True)
    text = (target / "mkdocs.yml").read_text().replace(str(config.root), str(target))
    (target / "mkdocs.yml").write_text(text)
    return load_config(target / "mkdocs.yml")


def new_site_of(config, tmp_path: Path) -> dict[str, bytes]:
    """What a build that does not fail makes of the project as it is now."""
    forget_process_caches()
    other = copy_project(config, tmp_path / "reference")
    build(other, embedder=HashingEmbedder())
    return tree(other.site_dir)


@pytest.fixture(autouse=True)
def _temporary_folders_in_the_test_folder(monkeypatch, tmp_path):
    """An injected fault also hits the removal of the build's own temporary folders (the
    search documents): they are left where pytest clears them, not in the system's /tmp."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))


FILE_OPERATIONS = [
    (os, "replace"),
    (os, "rename"),
    (os, "link"),
    (os, "unlink"),
    (os, "rmdir"),
    (shutil, "copy2"),
    (shutil, "rmtree"),
]


class Fault:
    """Raise OSError on the k-th file operation (any of FILE_OPERATIONS) while armed."""

    def __init__(self, monkeypatch, k: int, code: int = errno.EIO):
        self.k, self.count, self.armed, self.code = k, 0, False, code
        for module, name in FILE_OPERATIONS:
            monkeypatch.setattr(module, name, self.wrap(getattr(module, name)))

    def wrap(self, real):
        def operation(*args, **kwargs):
            if self.armed:
                self.count += 1
                if self.count == self.k:
                    raise OSError(self.code, os.strerror(self.code), str(args[0]) if args else None)
            return real(*args, **kwargs)

        return operation


def test_an_interrupted_landing_leaves_the_old_site_or_the_new_one_at_every_file_operation(
    built, tmp_path, monkeypatch
):
    """The site stage (staging, backing up, moving in, removing, recording) is cut at its k-th
    file operation, for every k: once the build has returned or failed, site/ is one whole
    site, and nothing but the manifest is left beside it."""
    add_dump(built)
    old, new = tree(built.site_dir), new_site_of(built, tmp_path)
    assert old != new
    real_build_site = build_module.build_site
    built_copy = copy_project(built, tmp_path / "old")
    outcomes, k, config = set(), 0, built
    while True:  # the same project each time: a failed build must leave it fit to build again
        k += 1
        with monkeypatch.context() as patch:
            fault = Fault(patch, k)

            def armed_build_site(*args, fault=fault, **kwargs):
                fault.armed = True
                try:
                    return real_build_site(*args, **kwargs)
                finally:
                    fault.armed = False

            patch.setattr(build_module, "build_site", armed_build_site)
            try:
                build(config, embedder=HashingEmbedder())
                failed = False
            except OSError:
                failed = True
        served = tree(config.site_dir)
        assert served in (old, new), f"operation {k} left a mixed site"
        outcomes.add((failed, served == new))
        if fault.count < k:  # the build ran out of operations before the k-th: all were cut
            assert not failed and served == new
            break
        if served == new:  # cut after landing: the next cut needs the old site again
            forget_process_caches()
            shutil.rmtree(config.root)
            config = copy_project(built_copy, config.root)
    assert k > 20 and {(True, False), (False, True)} <= outcomes, (k, outcomes)
    left = sorted(p for p in config.site_dir.parent.iterdir() if p.name.startswith(".site."))
    assert left == [record_path(config.site_dir)]


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_a_write_refused_half_way_leaves_the_previous_site_and_says_so_in_one_line(
    built, monkeypatch, capsys, code
):
    add_dump(built)
    before = tree(built.site_dir)
    real_link, real_write = os.link, Path.write_text

    def refuse(target) -> None:
        if "/papers/" in str(target):
            raise OSError(code, os.strerror(code), str(target))

    def refusing_link(source, target, *args, **kwargs):
        refuse(target)
        return real_link(source, target, *args, **kwargs)

    def refusing_write(path, *args, **kwargs):
        refuse(path)
        return real_write(path, *args, **kwargs)

    monkeypatch.setattr(os, "link", refusing_link)
    monkeypatch.setattr(Path, "write_text", refusing_write)
    monkeypatch.setattr(build_module, "SentenceTransformerEmbedder", lambda path: HashingEmbedder())
    assert cli.main(["-f", str(built.config_file), "build"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and os.strerror(code) in err and "left as it was" in err
    assert "Traceback" not in err
    assert tree(built.site_dir) == before
    assert list(built.site_dir.parent.glob(".site.*")) == [record_path(built.site_dir)]


def test_missing_pages_are_noticed_and_repaired_and_strict_fails_on_repairs(built, tmp_path):
    pages = sorted((built.site_dir / "papers").glob("*/index.html"))
    complete = tree(built.site_dir)
    for page in pages[::2]:
        page.unlink()
    (built.site_dir / "feed.xml").write_text("shorter")
    sorted(built.site_dir.glob("*/*/papers.json"))[0].unlink()  # a group's data
    sorted((built.site_dir / "topics").glob("*/feed.xml"))[0].unlink()  # a feed the memo kept
    with pytest.raises(StrictError, match="repaired") as error:
        build(built, embedder=HashingEmbedder(), strict=True)
    assert any("feed.xml" in line for line in error.value.details)
    assert tree(built.site_dir) == complete
    assert build(built, embedder=HashingEmbedder(), strict=True).site.repaired == []


def test_a_file_no_build_wrote_in_site_stops_the_build_untouched(built):
    (built.site_dir / "CNAME").write_text("digest.example.org\n")
    add_dump(built)
    before = tree(built.site_dir)
    with pytest.raises(ForeignFilesError, match="no digest build wrote") as error:
        build(built, embedder=HashingEmbedder())
    assert any(line.endswith("CNAME") for line in error.value.details)
    assert tree(built.site_dir) == before


def test_a_second_build_of_the_project_stops_with_a_clear_message(built, monkeypatch, capsys):
    monkeypatch.setattr(build_module, "SentenceTransformerEmbedder", lambda path: HashingEmbedder())
    with build_lock(built.cache_dir):
        with pytest.raises(
            BusyError,
            match=f"another digest build of this project is running \\(process {os.getpid()}",
        ):
            build(built, embedder=HashingEmbedder())
        assert cli.main(["-f", str(built.config_file), "build"]) == 1
    assert "another digest build" in capsys.readouterr().err
    build(built, embedder=HashingEmbedder())  # released: builds again


def test_a_cache_locked_by_another_program_is_waited_for_then_named(built, monkeypatch):
    monkeypatch.setattr(files, "CACHE_LOCK_WAIT_S", 0.2)
    holder = sqlite3.connect(built.cache_dir / "dumps.sqlite")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        add_dump(built)
        with pytest.raises(BusyError, match="dumps.sqlite stayed locked by another program"):
            build(built, embedder=HashingEmbedder())
    finally:
        holder.rollback()
        holder.close()
    build(built, embedder=HashingEmbedder())


def test_leftovers_of_interrupted_builds_are_cleaned_but_a_users_file_in_them_stays(built):
    parent = built.site_dir.parent
    staging = parent / ".site.new-abc123"
    (staging / "papers" / "x").mkdir(parents=True)
    (staging / "papers" / "x" / "index.html").write_text("half a build")
    old = parent / ".site.old"
    shutil.copytree(built.site_dir, old)
    shutil.copytree(built.site_dir, parent / ".site.old-keep")
    for folder in (old, parent / ".site.old-keep"):  # as land leaves an old site it removes
        shutil.copyfile(record_path(built.site_dir), folder / IN_FOLDER)
    (parent / ".site.old-keep" / "notes.txt").write_text("mine")
    shutil.copytree(
        built.site_dir, parent / ".site.backup"
    )  # the user's copy: not a name the build makes
    backup = tree(parent / ".site.backup")
    build(built, embedder=HashingEmbedder())
    assert not staging.exists() and not old.exists()
    assert tree(parent / ".site.backup") == backup
    assert tree(parent / ".site.old-keep") == {
        "notes.txt": b"mine",
        IN_FOLDER: record_path(built.site_dir).read_bytes(),
    }


def test_a_leftover_that_cannot_be_removed_costs_a_warning_not_the_build(
    built, monkeypatch, caplog
):
    staging = built.site_dir.parent / ".site.new-stuck"
    staging.mkdir()
    real_rmtree = shutil.rmtree

    def refuse(path, *args, **kwargs):
        if Path(path) == staging:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", refuse)
    add_dump(built)
    assert build(built, embedder=HashingEmbedder()).new_papers == 3
    assert "could not remove" in caplog.text and staging.exists()


def test_a_manifest_naming_files_outside_the_site_deletes_nothing_there(built, tmp_path):

    victim = built.root / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads(record_path(built.site_dir).read_text())
    manifest["sizes"].update({"../victim.txt": 7, str(victim): 7})
    record_path(built.site_dir).write_text(json.dumps(manifest))
    add_dump(built)
    build(built, embedder=HashingEmbedder())
    assert victim.read_text() == "keep me"


def test_site_holds_only_what_is_served_and_its_manifest_lies_beside_it(built):
    assert not [name for name in tree(built.site_dir) if name.rsplit("/", 1)[-1] == IN_FOLDER]
    record = json.loads(record_path(built.site_dir).read_text())
    assert sorted(record["sizes"]) == sorted(tree(built.site_dir))


def test_a_site_an_older_version_built_with_its_manifest_inside_is_rebuilt_incrementally(built):
    """Its manifest is read where that version kept it, and is gone from site/ once it lands."""
    record_path(built.site_dir).rename(built.site_dir / IN_FOLDER)
    add_dump(built)
    rebuilt = build(built, embedder=HashingEmbedder())
    assert rebuilt.site.incremental and rebuilt.new_papers == 3
    assert not (built.site_dir / IN_FOLDER).exists() and record_path(built.site_dir).is_file()


class Kill:
    """Counts the file operations of landing; with `at`, ends the process at that one as a
    kill would: no exception, no `finally`, no rollback in the process."""

    def __init__(self, monkeypatch, at: int = 0):
        self.at, self.count = at, 0
        for module, name in FILE_OPERATIONS:
            monkeypatch.setattr(module, name, self.wrap(getattr(module, name)))
        real_land = assemble_module.land_in_place

        def land(*args, **kwargs):
            self.armed = True
            return real_land(*args, **kwargs)

        self.armed = False
        monkeypatch.setattr(assemble_module, "land_in_place", land)

    def wrap(self, real):
        def operation(*args, **kwargs):
            if self.armed:
                self.count += 1
                if self.count == self.at:
                    os._exit(137)
            return real(*args, **kwargs)

        return operation


def test_a_build_killed_while_landing_is_undone_or_completed_by_the_next(
    built, monkeypatch, tmp_path
):
    """A build killed at the k-th file operation of landing leaves site/ half landed; the next
    build first makes it the previous site or the new one, file for file, then lands."""
    add_dump(built)
    old, new = tree(built.site_dir), new_site_of(built, tmp_path)
    with monkeypatch.context() as patch:
        counter = Kill(patch)
        build(copy_project(built, tmp_path / "count"), embedder=HashingEmbedder())
    total = counter.count
    assert total > 10
    outcomes = set()
    for k in sorted({1, 2, 3, total // 4, total // 2, 3 * total // 4, total - 2, total - 1}):
        forget_process_caches()
        config = copy_project(built, tmp_path / f"killed-{k}")
        child = os.fork()
        if child == 0:  # pragma: no cover - the child ends in os._exit
            signal.alarm(120)  # a child stuck on a lock the fork copied fails the test, no hang
            try:
                Kill(monkeypatch, at=k)
                build(config, embedder=HashingEmbedder())
            finally:
                os._exit(0)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 137, k
        recover_landing(config.site_dir)
        served = tree(config.site_dir)
        assert served in (old, new), f"killed at operation {k} of {total}: a mixed site"
        outcomes.add(served == new)
        assert not journal_path(config.site_dir).exists()
        assert not list(config.site_dir.parent.glob(".site.kept-*"))
        forget_process_caches()
        assert build(config, embedder=HashingEmbedder()).site.repaired == []
        assert tree(config.site_dir) == new
    assert outcomes == {False, True}  # rolled back early on, completed once recorded
    monkeypatch.undo()


def test_a_pending_manifest_of_a_site_that_never_landed_is_dropped(built):
    record = record_path(built.site_dir)
    pending = record.with_name(record.name + ".pending")
    pending.write_text(json.dumps({"format": 3, "sizes": {"papers/x/index.html": 9}}))
    before = record.read_bytes()
    add_dump(built)
    assert build(built, embedder=HashingEmbedder()).site.incremental
    assert not pending.exists() and record.read_bytes() != before

"""Landing in place: a rebuild touches only the files that changed, leaves no empty folder,
keeps whole what it did not rebuild, and a journal it cannot trust stops it untouched."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import INGEST_FIXTURES
from fake_embedder import HashingEmbedder
from test_build import project

from generator.errors import InputError
from generator.pipeline import build
from generator.site.owned import walk_files
from generator.site.patch import journal_path, land_in_place, plan_patch, recover_landing
from generator.site.record import record_path
from generator.site.site import Manifest, inspect_site
from generator.state import files
from generator.state.fingerprint import of_bytes

NEW_RECORDS = INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"


@pytest.fixture
def config(tmp_path):
    config = project(
        tmp_path,
        {
            "listing.txt": INGEST_FIXTURES / "listing.txt",
            "pairs.txt": INGEST_FIXTURES / "titled-pairs.txt",
        },
    )
    build(config, embedder=HashingEmbedder())
    return config


def add_papers(config, count: int) -> None:
    lines = NEW_RECORDS.read_text().splitlines()[:count]
    (config.sources_dir / "new-2026-06-29.jsonl").write_text("\n".join(lines) + "\n")


def inodes(site_dir) -> dict[str, int]:
    return {name: (site_dir / name).stat().st_ino for name in walk_files(site_dir)}


def empty_folders(root) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_dir() and not any(q.is_file() for q in p.rglob("*"))
    )


def test_a_rebuild_moves_in_only_the_files_that_changed(config):
    before = inodes(config.site_dir)
    add_papers(config, 1)
    rebuilt = build(config, embedder=HashingEmbedder())
    after = inodes(config.site_dir)
    changed = sorted(name for name in after if before.get(name) != after[name])
    new_pages = [name for name in changed if name not in before]
    assert len([name for name in new_pages if name.startswith("papers/")]) == 1
    assert 0 < len(changed) < len(after) / 2  # the rest are the very files the site held
    assert sorted(rebuilt.site.manifest.sizes) == sorted(after)


def test_removed_papers_leave_no_empty_folder_and_nothing_is_left_beside_the_site(config):
    (config.sources_dir / "pairs.txt").unlink()
    build(config, embedder=HashingEmbedder())
    assert empty_folders(config.site_dir) == []
    beside = sorted(p.name for p in config.site_dir.parent.iterdir() if p.name.startswith(".site"))
    assert beside == [record_path(config.site_dir).name]


def test_a_search_bundle_kept_from_the_last_site_is_all_there(config):
    """A landing with nothing new to index (a repair) keeps each bundle whole."""
    add_papers(config, 1)
    build(config, embedder=HashingEmbedder())
    bundle = config.site_dir / "pagefind"
    before = walk_files(bundle)
    page = sorted(name for name in walk_files(config.site_dir) if name.startswith("papers/"))[0]
    (config.site_dir / page).unlink()
    rebuilt = build(config, embedder=HashingEmbedder())
    assert rebuilt.site.repaired == [page] and rebuilt.site.shards_indexed == 0
    assert walk_files(bundle) == before and (bundle / "pagefind.js").is_file()


def test_an_older_versions_spare_folders_are_removed_and_one_holding_a_file_is_not(config):
    spare = config.site_dir.parent / ".site.spare"
    (spare / "papers" / "x").mkdir(parents=True)
    build(config, embedder=HashingEmbedder())
    assert not spare.exists()
    (spare / "papers" / "x").mkdir(parents=True)
    (spare / "papers" / "x" / "notes.txt").write_text("mine")
    build(config, embedder=HashingEmbedder())
    assert (spare / "papers" / "x" / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "journal",
    [
        "not json",
        {"format": 1, "backup": "../elsewhere", "added": [], "replaced": [], "removed": []},
        {"format": 1, "backup": ".site.kept-x", "added": ["../../victim"], "replaced": [],
         "removed": []},
        {"format": 99, "backup": ".site.kept-x", "added": [], "replaced": [], "removed": []},
    ],
)  # fmt: skip
def test_a_journal_this_version_cannot_trust_stops_the_build_and_touches_nothing(config, journal):
    victim = config.root / "victim"
    victim.write_text("keep me")
    site = {name: (config.site_dir / name).read_bytes() for name in walk_files(config.site_dir)}
    text = journal if isinstance(journal, str) else json.dumps(journal)
    journal_path(config.site_dir).write_text(text)
    with pytest.raises(InputError, match="landing journal this version cannot read"):
        recover_landing(config.site_dir)
    assert victim.read_text() == "keep me"
    assert {name: (config.site_dir / name).read_bytes() for name in site} == site


def site_with(tmp_path, present: dict[str, bytes]):
    """A site/ holding `present` (as a build wrote it: its manifest says so), and the state a
    build finds it in."""
    site_dir = tmp_path / "site"
    for name, data in present.items():
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_bytes(data)
    sizes = {name: len(data) for name, data in present.items()}
    record_path(site_dir).write_bytes(Manifest(files={}, sizes=sizes).to_bytes())
    return site_dir, inspect_site(site_dir)


def staged(tmp_path, wanted: dict[str, bytes]):
    staging = tmp_path / ".site.new-test"
    for name, data in wanted.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
    return staging, Manifest(files={name: of_bytes(data) for name, data in wanted.items()})


def contents(site_dir) -> dict[str, bytes]:
    return {name: (site_dir / name).read_bytes() for name in walk_files(site_dir)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"notes": b"a file"}, {"notes/index.html": b"a page"}),
        ({"notes/index.html": b"a page"}, {"notes": b"a file"}),
    ],
)
def test_a_file_where_a_folder_was_lands_and_rolls_back(tmp_path, monkeypatch, old, new):
    """A page `notes/` where the old site had a file `notes`, or the other way round."""
    site_dir, state = site_with(tmp_path, old)
    staging, manifest = staged(tmp_path, new)
    patch, manifest = plan_patch(staging, site_dir, manifest, None, state)
    real_write = files.write_atomic
    with monkeypatch.context() as cut:
        cut.setattr(files, "write_atomic", fail_on_record(real_write, site_dir))
        with pytest.raises(OSError, match="cut"):
            land_in_place(staging, site_dir, patch, manifest)
    assert contents(site_dir) == old and not journal_path(site_dir).exists()
    staging, manifest = staged(tmp_path, new)
    patch, manifest = plan_patch(staging, site_dir, manifest, None, state)
    land_in_place(staging, site_dir, patch, manifest)
    assert contents(site_dir) == new


def fail_on_record(real_write, site_dir):
    def write(path, data):
        if path == record_path(site_dir):
            raise OSError(errno.EIO, "cut", str(path))
        return real_write(path, data)

    return write


def test_a_backup_copy_cut_short_never_reaches_the_site(tmp_path, monkeypatch):
    """Where hard links are refused, backups are copies: one cut short (a full disk) is not
    what the rollback puts back."""
    old = {"a.html": b"x" * 5000, "b.html": b"y" * 5000}
    site_dir, state = site_with(tmp_path, old)
    staging, manifest = staged(tmp_path, {"a.html": b"new a", "b.html": b"new b"})
    patch, manifest = plan_patch(staging, site_dir, manifest, None, state)
    real_copy = shutil.copy2

    def refuse_link(source, target, *args, **kwargs):
        raise PermissionError(errno.EPERM, "links refused", str(target))

    def copy_half(source, target, *args, **kwargs):
        if str(source).endswith("b.html"):
            Path(target).write_bytes(b"y" * 10)
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", refuse_link)
    monkeypatch.setattr(shutil, "copy2", copy_half)
    with pytest.raises(OSError, match="No space left"):
        land_in_place(staging, site_dir, patch, manifest)
    assert contents(site_dir) == old


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no second file system")
def test_a_site_dir_on_another_file_system_stops_the_build_untouched(config, capsys):
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        if os.stat(elsewhere).st_dev == os.stat(config.site_dir).st_dev:
            pytest.skip("/dev/shm is on the same file system here")
        shutil.move(str(config.site_dir), str(elsewhere / "site"))
        config.site_dir.symlink_to(elsewhere / "site")
        add_papers(config, 1)
        before = contents(config.site_dir)
        with pytest.raises(InputError, match="another file system"):
            build(config, embedder=HashingEmbedder())
        assert contents(config.site_dir) == before
        assert not journal_path(config.site_dir).exists()
    finally:
        shutil.rmtree(elsewhere)


def test_a_landing_killed_when_its_manifest_was_the_sites_already_is_rolled_back(tmp_path):
    """A --full build of an unchanged corpus lands the manifest the site has: the record
    cannot tell whether it landed, so the backups go back (the record agrees either way)."""
    site_dir, _ = site_with(tmp_path, {"a.html": b"old"})
    backup = tmp_path / ".site.kept-x"
    backup.mkdir()
    os.link(site_dir / "a.html", backup / "a.html")
    (site_dir / "a.html").unlink()
    (site_dir / "a.html").write_bytes(b"new")  # moved in, then killed
    digest = of_bytes(record_path(site_dir).read_bytes())
    journal = {"format": 1, "backup": backup.name, "made_site": False, "lands": digest,
               "was": digest, "added": [], "replaced": ["a.html"], "removed": []}  # fmt: skip
    journal_path(site_dir).write_text(json.dumps(journal))
    recover_landing(site_dir)
    assert contents(site_dir) == {"a.html": b"old"} and not backup.exists()


def test_the_manifest_a_build_wrote_is_held_as_the_file_reads_and_an_edited_one_is_read(config):
    from generator.site.record import HeldRecord

    path = record_path(config.site_dir)
    assert HeldRecord.held and HeldRecord.held[2] == json.loads(path.read_text())
    assert HeldRecord.read(path) is HeldRecord.held[2]  # this process's: not parsed again
    edited = json.loads(path.read_text()) | {"format": 0}
    path.write_text(json.dumps(edited))
    assert HeldRecord.read(path) == edited  # a file changed since is read
    HeldRecord.cache_clear()
    assert HeldRecord.read(path) == edited


def test_site_is_looked_at_in_a_thread_of_its_own_and_what_it_found_is_what_lands(
    config, monkeypatch
):
    import threading

    from generator.site import site as site_module

    seen = []
    real = site_module.inspect_site

    def spy(site_dir):
        seen.append(threading.current_thread().name)
        return real(site_dir)

    monkeypatch.setattr(site_module, "inspect_site", spy)
    (config.site_dir / "stray.html").write_text("not ours")
    with pytest.raises(Exception, match="stray.html|1 file"):
        build(config, embedder=HashingEmbedder())
    assert len(seen) == 1 and seen[0].startswith("digest-inspect")
    assert (config.site_dir / "stray.html").read_text() == "not ours"

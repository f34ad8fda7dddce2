"""Landing in place: a rebuild touches only the files that changed, leaves no empty folder,
keeps whole what it did not rebuild, and a journal it cannot trust stops it untouched."""

from __future__ import annotations

import json

import pytest
from conftest import INGEST_FIXTURES
from fake_embedder import HashingEmbedder
from test_build import project

from generator.errors import InputError
from generator.pipeline import build
from generator.site.owned import walk_files
from generator.site.patch import Patch, journal_path, recover_landing
from generator.site.record import record_path

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


def test_a_patch_says_whether_it_changes_anything():
    assert not Patch() and Patch(removed=("a",))

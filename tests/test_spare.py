"""The spare: the previous site's empty folders, kept beside site/ for the next build to stage
into, because removing thousands of folders is slow where the disk discards online."""

from __future__ import annotations

import os

from conftest import INGEST_FIXTURES
from fake_embedder import HashingEmbedder
from test_build import project

from generator.pipeline import build
from generator.site.owned import walk_files
from generator.site.spare import (
    keep_as_spare,
    new_staging,
    prune_empty_folders,
    recycle_staging,
    spare_path,
)


def folders(root) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def empty_folders(root) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_dir() and not any(q.is_file() for q in p.rglob("*"))
    )


def make_spare(site_dir, *names):
    for name in names:
        (spare_path(site_dir) / name).mkdir(parents=True)


def test_without_a_spare_staging_is_a_new_private_empty_folder(tmp_path):
    staging = new_staging(tmp_path / "site")
    assert staging.parent == tmp_path and staging.name.startswith(".site.new-")
    assert list(staging.iterdir()) == [] and staging.stat().st_mode & 0o777 == 0o700


def test_staging_takes_the_spares_folders_and_is_private(tmp_path):
    site_dir = tmp_path / "site"
    make_spare(site_dir, "papers/a", "papers/b", "tags/x")
    os.chmod(spare_path(site_dir), 0o755)
    staging = new_staging(site_dir)
    assert folders(staging) == {"papers", "papers/a", "papers/b", "tags", "tags/x"}
    assert not spare_path(site_dir).exists() and staging.stat().st_mode & 0o777 == 0o700


def test_a_spare_holding_a_file_is_neither_used_nor_touched(tmp_path):
    site_dir = tmp_path / "site"
    make_spare(site_dir, "papers/a")
    (spare_path(site_dir) / "papers" / "note.txt").write_text("mine")
    staging = new_staging(site_dir)
    assert list(staging.iterdir()) == []
    assert (spare_path(site_dir) / "papers" / "note.txt").read_text() == "mine"


def test_only_one_spare_is_kept(tmp_path):
    site_dir = tmp_path / "site"
    make_spare(site_dir, "old")
    (tmp_path / "other" / "inner").mkdir(parents=True)
    assert not keep_as_spare(tmp_path / "other", site_dir)
    assert folders(spare_path(site_dir)) == {"old"} and (tmp_path / "other" / "inner").is_dir()
    (tmp_path / "other").rename(tmp_path / "again")
    assert not keep_as_spare(tmp_path / "again", tmp_path / "elsewhere" / "site")


def test_a_staging_folder_not_landed_leaves_its_folders_as_the_spare(tmp_path):
    site_dir = tmp_path / "site"
    staging = new_staging(site_dir)
    (staging / "papers" / "a").mkdir(parents=True)
    (staging / "papers" / "a" / "index.html").write_text("page")
    recycle_staging(staging, site_dir)
    assert not staging.exists() and folders(spare_path(site_dir)) == {"papers", "papers/a"}
    assert walk_files(spare_path(site_dir)) == {}
    second = new_staging(tmp_path / "site")  # takes the spare
    (second / "x.html").write_text("page")
    make_spare(site_dir, "kept")
    recycle_staging(second, site_dir)  # a spare exists: this one goes whole
    assert not second.exists() and folders(spare_path(site_dir)) == {"kept"}


def test_pruning_removes_folders_with_no_file_at_any_depth_and_nothing_else(tmp_path):
    for name in ("gone/deeper/deepest", "kept/empty", "kept/full", "linked"):
        (tmp_path / "root" / name).mkdir(parents=True)
    (tmp_path / "root" / "kept" / "full" / "index.html").write_text("page")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "root" / "linked" / "link")
    prune_empty_folders(tmp_path / "root")
    assert folders(tmp_path / "root") == {"kept", "kept/full", "linked", "linked/link"}
    (tmp_path / "root" / "kept" / "full" / "index.html").unlink()
    (tmp_path / "root" / "linked" / "link").unlink()
    prune_empty_folders(tmp_path / "root")
    assert (tmp_path / "root").is_dir() and folders(tmp_path / "root") == set()


def test_each_build_stages_into_the_last_sites_folders_and_publishes_no_empty_folder(tmp_path):
    config = project(
        tmp_path,
        {
            "listing.txt": INGEST_FIXTURES / "listing.txt",
            "pairs.txt": INGEST_FIXTURES / "titled-pairs.txt",
        },
    )
    build(config, embedder=HashingEmbedder())
    assert not spare_path(config.site_dir).exists()  # a first build replaces no site
    record = INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"
    lines = record.read_text().splitlines()
    (config.sources_dir / "new-2026-06-29.jsonl").write_text("\n".join(lines[:3]) + "\n")
    first_site = config.site_dir.stat().st_ino
    build(config, embedder=HashingEmbedder())
    spare = spare_path(config.site_dir)
    assert spare.stat().st_ino == first_site and walk_files(spare) == {}
    assert folders(spare) and empty_folders(config.site_dir) == []
    (config.sources_dir / "pairs.txt").unlink()  # its papers' pages go
    build(config, embedder=HashingEmbedder())
    assert config.site_dir.stat().st_ino == first_site  # the spare, staged into and landed
    assert empty_folders(config.site_dir) == []
    assert walk_files(spare) == {} and len(folders(spare)) > len(folders(config.site_dir))
    build(config, embedder=HashingEmbedder())  # nothing new: the staging goes back as the spare
    assert walk_files(spare) == {} and empty_folders(config.site_dir) == []


def test_a_search_bundle_kept_from_the_last_site_is_all_there_though_the_spare_had_its_folder(
    tmp_path,
):
    """The spare holds an empty folder for every bundle; one this build did not index is still
    the previous site's, linked in whole (not taken for one this build wrote)."""
    config = project(tmp_path, {"listing.txt": INGEST_FIXTURES / "listing.txt"})
    build(config, embedder=HashingEmbedder())
    lines = (INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl").read_text().splitlines()
    (config.sources_dir / "new-2026-06-29.jsonl").write_text(lines[0] + "\n")
    build(config, embedder=HashingEmbedder())  # lands: the first site's folders are the spare
    bundle = config.site_dir / "pagefind"
    before = walk_files(bundle)
    page = sorted(name for name in walk_files(config.site_dir) if name.startswith("papers/"))[0]
    (config.site_dir / page).unlink()  # a repair: a landing with nothing new to index
    rebuilt = build(config, embedder=HashingEmbedder())
    assert rebuilt.site.repaired == [page] and rebuilt.site.shards_indexed == 0
    assert not rebuilt.site.chrome_built  # MkDocs, which empties staging, did not run
    assert walk_files(bundle) == before and (bundle / "pagefind.js").is_file()

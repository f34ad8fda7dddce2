"""Rebuilds (site.py, fingerprints in render.py and search.py): a rebuild renders only pages
whose inputs changed, indexes only search shards whose papers changed, and lands a site
byte-identical to a full build of the same content."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from fake_embedder import HashingEmbedder
from test_build import INGEST_FIXTURES, project

from generator.config import load_config
from generator.errors import ForeignFilesError
from generator.pipeline import build
from generator.publish import search
from generator.site import chrome as build_module
from generator.site.owned import RECORD
from generator.site.record import record_path
from generator.state import files
from generator.state.memory import forget_process_caches
from generator.tags import incremental

NEW_PAPER = INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"


def seed_project(tmp_path: Path, name: str = "a", **digest):
    folder = tmp_path / name
    folder.mkdir()
    return project(folder, {p.name: p for p in SEEDS.iterdir()}, **digest)


def add_one_paper(config) -> None:
    (config.sources_dir / "zz-new-2026-06-29.jsonl").write_text(
        NEW_PAPER.read_text().splitlines()[0] + "\n"
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def chrome_of(config, url: str) -> str:
    """A lean page and the chrome its script writes around its article (site/lean.py)."""
    page = (config.site_dir / url / "index.html").read_text()
    script = re.search(r'<script src="((?:\.\./)+)(assets/digest/chrome-\d\.\w+\.js)"', page)
    assert script, url
    return page + (config.site_dir / script[2]).read_text()


def restore_site(config, fresh) -> None:
    """`config`'s site and its manifest into `fresh`, as the publish workflow restores them."""
    shutil.copytree(config.site_dir, fresh.site_dir)
    shutil.copy2(record_path(config.site_dir), record_path(fresh.site_dir))


def full_build_of(config, tmp_path: Path, strict: bool = False, **digest) -> dict[str, bytes]:
    """A full build (`--full`), in a fresh project with an empty cache, of the sources `config`
    has now and of the site it published: a site keeps its addresses (topic slugs, pointer
    pages: issue 21), so the same sources with another history can give other URLs."""
    forget_process_caches()
    other = tmp_path / "full"
    other.mkdir()
    fresh = project(
        other, {p.name: p for p in config.sources_dir.iterdir() if p.is_file()}, **digest
    )
    if config.curation_file.is_file():
        shutil.copy(config.curation_file, fresh.curation_file)
    restore_site(config, fresh)
    assert (
        build(fresh, embedder=HashingEmbedder(), strict=strict, full=True).site.incremental is False
    )
    return tree(fresh.site_dir)


def file_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file: a file replaced or rewritten changes."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_rebuild_with_nothing_new_renders_and_rewrites_nothing(built_seeds, tmp_path):
    config, first = built_seeds
    stamps = file_stamps(config.site_dir)
    again = build(config, embedder=HashingEmbedder())
    assert (first.site.rendered, again.site.rendered, again.site.pages) == (
        first.site.pages,
        0,
        first.site.pages,
    )
    assert again.site.incremental
    assert file_stamps(config.site_dir) == stamps


def page_files(config) -> dict[str, bytes]:
    return {
        name: data
        for name, data in tree(config.site_dir).items()
        if name.endswith("/index.html")
        and name.startswith(
            ("papers/", "tags/", "topics/", "archive/", "categories/", "affiliations/", "sources/")
        )
        and name.count("/") > 1
    }


def test_adding_a_paper_renders_the_pages_it_changes(built_seeds):
    config, _ = built_seeds
    before = page_files(config)
    add_one_paper(config)
    rebuilt = build(config, embedder=HashingEmbedder())
    after = page_files(config)
    changed = {name for name, data in after.items() if before.get(name) != data}
    assert (
        "papers/doppler-tracking-of-the-artemis-ii-mission-and-other-spacecraft/index.html"
        in changed
    )
    assert rebuilt.site.incremental and len(changed) <= rebuilt.site.rendered <= len(changed) * 1.2


def test_a_new_paper_is_placed_in_the_topics_and_the_rest_is_a_full_builds(built_seeds, tmp_path):
    """One paper more than the seeds' 398 is within the drift limit: it joins a topic and every
    other paper keeps its own (tags/incremental.py); tags and related papers are a full
    build's. `digest build --full` clusters again: then the site is a full build's."""
    config, first = built_seeds
    add_one_paper(config)
    placed = build(config, embedder=HashingEmbedder())
    full = full_build_of(config, tmp_path)
    rows, full_rows = (
        files.load_json(site / "papers.json.gz", None)
        for site in (config.site_dir, tmp_path / "full" / "site")
    )
    assert [dict(row, topic="") for row in rows] == [dict(row, topic="") for row in full_rows]
    assert {p.id: p.topic for p in first.papers} == {
        p.id: p.topic for p in placed.papers if p.id in {q.id for q in first.papers}
    }
    assert len(placed.papers) == len(first.papers) + 1
    build(config, embedder=HashingEmbedder(), full=True)
    assert tree(config.site_dir) == full


def test_removing_a_dump_deletes_its_pages_and_matches_a_full_build(built_seeds, tmp_path):
    config, first = built_seeds
    sorted(config.sources_dir.iterdir())[-1].unlink()
    rebuilt = build(config, embedder=HashingEmbedder())
    slugs = {p.slug for p in rebuilt.papers}
    gone = {p.slug for p in first.papers} - slugs
    assert gone and rebuilt.site.incremental
    assert not any((config.site_dir / "papers" / slug).exists() for slug in gone)
    assert tree(config.site_dir) == full_build_of(config, tmp_path)


def test_a_site_without_its_manifest_is_not_replaced(built_seeds, tmp_path):
    """Without the manifest nothing says which files in site/ a build wrote: the build stops
    before changing anything rather than replace files it cannot vouch for."""
    config, _ = built_seeds
    record_path(config.site_dir).unlink()
    before = tree(config.site_dir)
    add_one_paper(config)
    with pytest.raises(ForeignFilesError, match="no digest build wrote"):
        build(config, embedder=HashingEmbedder())
    assert tree(config.site_dir) == before


def test_a_site_of_an_older_manifest_is_built_whole_and_carries_the_kept_feeds(
    built_seeds, tmp_path
):
    """A format-2 manifest (no sizes) still says what the build wrote; the site is built whole
    and the feeds the memo kept are copied across with their times."""
    config, _ = built_seeds
    manifest = json.loads(record_path(config.site_dir).read_text())
    del manifest["sizes"]
    record_path(config.site_dir).write_text(json.dumps({**manifest, "format": 2}))
    rebuilt = build(config, embedder=HashingEmbedder())
    assert not rebuilt.site.incremental and rebuilt.feeds_made == 0  # every feed kept, none made
    assert (
        build(config, embedder=HashingEmbedder()).feeds_made == 0
    )  # and still kept: copied with their times
    assert tree(config.site_dir) == full_build_of(config, tmp_path)


def test_a_feed_edited_in_the_site_is_made_and_put_back(built_seeds, tmp_path):
    config, _ = built_seeds
    feed = config.site_dir / "feed.xml"
    original = feed.read_bytes()
    feed.write_bytes(original.replace(b"<rss", b"<!-- edited by hand --><rss", 1))
    assert build(config, embedder=HashingEmbedder()).feeds_made == 1
    assert feed.read_bytes() == original
    assert build(config, embedder=HashingEmbedder()).feeds_made == 0


def test_feeds_and_data_go_to_the_site_alone(tmp_path):
    """With a site, docs_dir holds only the Markdown MkDocs reads; without one (--no-site),
    the feeds and data too. Switching between the two costs time, never a feed."""
    config = seed_project(tmp_path)
    build(config, embedder=HashingEmbedder(), site=False)
    docs = tree(config.docs_dir)
    data = {"feed.xml", "atom.xml", "feeds.opml", "papers.json.gz", "build-report.json"}
    assert data <= set(docs)
    result = build(config, embedder=HashingEmbedder())
    assert all(name.endswith(".md") for name in tree(config.docs_dir) if name != RECORD)
    assert result.feeds_made == sum(1 for name in docs if name.endswith((".xml", ".opml")))
    assert (
        result.new_papers == 0
    )  # counted against the papers.json the last build wrote, in docs_dir
    assert tree(config.site_dir) == full_build_of(config, tmp_path)
    assert build(config, embedder=HashingEmbedder(), site=False).new_papers == 0  # and now in site/
    assert tree(config.docs_dir) == docs


def test_full_renders_everything_again(built_seeds, tmp_path):
    config, first = built_seeds
    again = build(config, embedder=HashingEmbedder(), full=True)
    assert not again.site.incremental and again.site.rendered == again.site.pages
    assert again.site.chrome_built and again.feeds_made == first.feeds_made > 0


def test_a_changed_page_template_input_is_rendered_again(built_seeds, tmp_path):
    """A curated title changes the paper page and every list that shows it, nothing else."""
    config, first = built_seeds
    target = next(p for p in first.papers if p.related)
    config.curation_file.write_text(f"titles:\n  {target.id}: A Curated Title\n")
    rebuilt = build(config, embedder=HashingEmbedder())
    page = (config.site_dir / "papers" / "a-curated-title" / "index.html").read_text()
    assert "A Curated Title" in page
    holders = [p for p in rebuilt.papers if target.id in p.related]
    for paper in holders:
        assert "A Curated Title" in (config.site_dir / paper.path / "index.html").read_text()
    assert rebuilt.site.rendered < rebuilt.site.pages / 5
    assert tree(config.site_dir) == full_build_of(config, tmp_path)


def git(folder: Path, *args: str, when: str) -> None:
    dated = {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "PATH": os.environ["PATH"],
    }
    subprocess.run(["git", *args], cwd=folder, env=dated, check=True, capture_output=True)


def commit_all(folder: Path, when: str) -> None:
    """Commit the dumps at `when`: the date a paper is first seen, so the order shards fill in."""
    git(folder, "add", ".", when=when)
    git(folder, "commit", "-qm", f"dumps of {when}", when=when)


def test_a_rebuild_whose_chrome_is_unchanged_runs_no_mkdocs(tmp_path, monkeypatch):
    monkeypatch.setattr(incremental, "DRIFT_LIMIT", 0)  # clustered as a full build clusters
    config = seed_project(tmp_path)
    assert build(config, embedder=HashingEmbedder(), strict=True).site.chrome_built
    monkeypatch.setattr(build_module, "run_mkdocs", lambda *args: pytest.fail("MkDocs ran"))
    add_one_paper(config)
    rebuilt = build(config, embedder=HashingEmbedder(), strict=True)
    assert not rebuilt.site.chrome_built
    home = (config.site_dir / "index.html").read_text()
    assert "Artemis II Mission" in home and home.count("md-tabs__item--active") == 1
    monkeypatch.undo()
    assert tree(config.site_dir) == full_build_of(config, tmp_path, strict=True)


def themed_project(tmp_path: Path):
    """The seed project with a copy of the theme folder of its own."""
    config = seed_project(tmp_path)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    text = config.config_file.read_text().replace(str(ROOT / "theme"), str(tmp_path / "theme"))
    config.config_file.write_text(text)
    return load_config(config.config_file)


def test_a_changed_theme_file_builds_the_chrome_again(tmp_path):
    config = themed_project(tmp_path)
    first = build(config, embedder=HashingEmbedder())
    css = tmp_path / "theme" / "assets" / "stylesheets" / "digest.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    rebuilt = load_config(config.config_file)
    again = build(rebuilt, embedder=HashingEmbedder())
    assert (
        again.site.chrome_built and again.site.rendered == 0
    )  # the shells are the same: no page changes
    assert (
        (config.site_dir / "assets" / "stylesheets" / "digest.css")
        .read_text()
        .endswith("/* changed */\n")
    )
    main = tmp_path / "theme" / "main.html"
    main.write_text(
        main.read_text().replace(
            "{% block announce %}", "{% block announce %}Hello from the theme. "
        )
    )
    third = build(load_config(config.config_file), embedder=HashingEmbedder())
    assert third.site.chrome_built and third.site.rendered == first.site.pages
    assert "Hello from the theme." in chrome_of(config, first.papers[0].path)


def test_a_strict_build_does_not_take_a_chrome_built_without_strict(tmp_path):
    config = seed_project(tmp_path)
    assert build(config, embedder=HashingEmbedder()).site.chrome_built
    assert build(config, embedder=HashingEmbedder(), strict=True).site.chrome_built
    assert not build(
        config, embedder=HashingEmbedder()
    ).site.chrome_built  # a strict chrome serves both
    assert not build(config, embedder=HashingEmbedder(), strict=True).site.chrome_built


def test_a_changed_mkdocs_yml_builds_the_chrome_again(built_seeds, tmp_path):
    config, first = built_seeds
    config.config_file.write_text(
        config.config_file.read_text().replace("Switch to dark mode", "Lights off")
    )
    again = build(load_config(config.config_file), embedder=HashingEmbedder())
    assert again.site.chrome_built and again.site.rendered == first.site.pages
    assert "Lights off" in chrome_of(config, first.papers[0].path)


def test_a_mkdocs_yml_that_reaches_past_itself_runs_mkdocs_every_build(tmp_path):
    """`!ENV` (or INHERIT, or `!!python/name:`) brings in what the chrome's fingerprint cannot
    see."""
    config = seed_project(tmp_path)
    config.config_file.write_text(
        config.config_file.read_text() + 'site_author: !ENV [DIGEST_AUTHOR, "someone"]\n'
    )
    config = load_config(config.config_file)
    assert build(config, embedder=HashingEmbedder()).site.chrome_built
    assert build(config, embedder=HashingEmbedder()).site.chrome_built


def test_a_malformed_chrome_in_the_manifest_builds_it_again(built_seeds, tmp_path):
    config, _ = built_seeds
    manifest = json.loads(record_path(config.site_dir).read_text())
    manifest["chrome"]["shells"] = {url: "not a list" for url in manifest["chrome"]["shells"]}
    record_path(config.site_dir).write_text(json.dumps(manifest))
    again = build(config, embedder=HashingEmbedder())
    assert again.site.chrome_built and tree(config.site_dir) == full_build_of(config, tmp_path)


def test_a_chrome_file_missing_from_the_site_builds_the_chrome_again(built_seeds, tmp_path):
    config, _ = built_seeds
    (config.site_dir / "404.html").unlink()
    again = build(config, embedder=HashingEmbedder())
    assert again.site.chrome_built and (config.site_dir / "404.html").is_file()


def test_adding_a_paper_rewrites_only_the_feeds_it_reaches(tmp_path, monkeypatch):
    """Feeds are dated by their newest entry, so a feed the new paper is not in keeps its bytes
    and its file (readers' caches hold); the site equals a full build of the same commits."""
    monkeypatch.setattr(incremental, "DRIFT_LIMIT", 0)  # clustered as a full build clusters
    config = seed_project(tmp_path)
    git(config.sources_dir, "init", "-q", when="2026-01-01T00:00:00Z")
    commit_all(config.sources_dir, "2026-01-01T00:00:00Z")
    first = build(config, embedder=HashingEmbedder())
    before, stamps = tree(config.site_dir), file_stamps(config.site_dir)
    assert build(config, embedder=HashingEmbedder()).feeds_made == 0
    add_one_paper(config)
    commit_all(config.sources_dir, "2026-06-29T00:00:00Z")
    rebuilt = build(config, embedder=HashingEmbedder())
    new = next(p for p in rebuilt.papers if p.slug.startswith("doppler-tracking"))
    after, replaced = (
        tree(config.site_dir),
        {name for name, stamp in file_stamps(config.site_dir).items() if stamps.get(name) != stamp},
    )
    feeds = {name for name in after if name.endswith("feed.xml") or name == "atom.xml"}
    reached = {name for name in feeds if new.path.encode() in after[name]}
    # Its tags that two papers carry have pages and feeds; a tag only it has is shown on its page
    # alone.
    tag_feeds = {
        name for name in feeds if name.startswith("tags/") and new.path.encode() in after[name]
    }
    shared = Counter(tag for paper in rebuilt.papers for tag in paper.tags)
    assert len(tag_feeds) == sum(shared[tag] >= 2 for tag in new.tags)
    assert reached == {"feed.xml", "atom.xml", f"topics/{new.topic}/feed.xml"} | tag_feeds
    assert reached <= {name for name in feeds if before.get(name) != after[name]}
    assert {name for name in feeds if before.get(name) == after[name]} & replaced == set()
    assert len(feeds & replaced) < len(feeds) / 5
    assert first.feeds_made == sum(
        1 for name in before if name.endswith(("feed.xml", "feeds.opml")) or name == "atom.xml"
    )
    assert len(reached) <= rebuilt.feeds_made < len(feeds) / 5
    assert after == first_build_in_git(config, tmp_path)


def first_build_in_git(config, tmp_path: Path) -> dict[str, bytes]:
    """A full build, with an empty cache, of a copy of the sources and their git history, and
    of the site they published (its addresses: see full_build_of)."""
    forget_process_caches()
    other = tmp_path / "fresh-clone"
    other.mkdir()
    fresh = project(other)
    shutil.rmtree(fresh.sources_dir)
    shutil.copytree(config.sources_dir, fresh.sources_dir)
    restore_site(config, fresh)
    assert build(fresh, embedder=HashingEmbedder(), full=True).site.incremental is False
    return tree(fresh.site_dir)


def test_adding_a_paper_indexes_only_the_last_search_shard(tmp_path, monkeypatch):
    """Shards hold papers in the order they arrived (the date their dump was committed)."""
    monkeypatch.setattr(search, "SHARD_SIZE", 150)
    config = seed_project(tmp_path, search="pagefind")
    git(config.sources_dir, "init", "-q", when="2026-01-01T00:00:00Z")
    commit_all(config.sources_dir, "2026-01-01T00:00:00Z")
    first = build(config, embedder=HashingEmbedder())
    assert first.site.shards_indexed == 3
    kept = {
        p: p.stat().st_mtime_ns for p in (config.site_dir / "pagefind").rglob("*") if p.is_file()
    }
    add_one_paper(config)
    commit_all(config.sources_dir, "2026-07-01T00:00:00Z")
    rebuilt = build(config, embedder=HashingEmbedder())
    before, after = search.pagefind_shards(first.papers), search.pagefind_shards(rebuilt.papers)
    assert any(paper.id == "arxiv-2606.27531" for paper in after[-1].papers)
    # the shards both builds have (the rebuild may add one at the end)
    changed = [
        shard.folder
        for old, shard in zip(before, after, strict=False)
        if old.inputs != shard.inputs
    ]
    assert (
        rebuilt.site.shards_indexed == len(changed)
        and "pagefind-3" in changed
        and "pagefind" not in changed
    )
    assert {
        p: p.stat().st_mtime_ns for p in (config.site_dir / "pagefind").rglob("*") if p.is_file()
    } == kept


def test_the_paper_that_opens_a_new_search_shard_does_not_re_render_the_site(tmp_path, monkeypatch):
    """The bundle list is a file of its own (search.SHARD_LIST), not part of every page's
    chrome, so the shard that a new paper opens costs one small index, not a whole site."""
    config = seed_project(tmp_path, search="pagefind")
    git(config.sources_dir, "init", "-q", when="2026-01-01T00:00:00Z")
    commit_all(config.sources_dir, "2026-01-01T00:00:00Z")
    first = build(config, embedder=HashingEmbedder())
    monkeypatch.setattr(
        search, "SHARD_SIZE", len(first.papers)
    )  # full: the next paper opens a second shard
    add_one_paper(config)
    commit_all(config.sources_dir, "2026-07-01T00:00:00Z")
    rebuilt = build(config, embedder=HashingEmbedder())
    listed = json.loads((config.site_dir / search.SHARD_LIST).read_text())
    assert (
        listed == {"bundles": ["pagefind/", "pagefind-2/"]}
        and (config.site_dir / "pagefind-2").is_dir()
    )
    # The new shard, and the first again only if a paper's tags moved with the vocabulary.
    (before,), after = search.pagefind_shards(first.papers), search.pagefind_shards(rebuilt.papers)
    assert [p.id for p in after[1].papers] == ["arxiv-2606.27531"]
    assert rebuilt.site.shards_indexed == 1 + (before.inputs != after[0].inputs)
    assert rebuilt.site.rendered < rebuilt.site.pages / 10


def test_new_papers_are_counted_against_the_last_build_whatever_the_file_times(
    built_seeds, tmp_path
):
    config, _ = built_seeds
    add_one_paper(config)
    assert build(config, embedder=HashingEmbedder(), site=False).new_papers == 1
    stat = (config.site_dir / "papers.json.gz").stat()  # the older file, made to look as new
    os.utime(config.docs_dir / "papers.json.gz", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert build(config, embedder=HashingEmbedder()).new_papers == 0


def test_a_tag_feed_the_previous_build_listed_is_kept_however_small_its_tag(built_seeds):
    """A subscription outlives the feed rule: a tag under tag_feed_least papers whose feed the
    site's feeds.opml lists (as an earlier version gave every tag a feed) keeps its feed."""
    config, _ = built_seeds
    site = config.site_dir
    small = next(d for d in sorted((site / "tags").iterdir()) if not (d / "feed.xml").exists())
    opml = (site / "feeds.opml").read_text()
    outline = (
        f'<outline type="rss" text="old" xmlUrl="{config.site_url}tags/{small.name}/feed.xml"/>'
    )
    (site / "feeds.opml").write_text(opml.replace("</body>", outline + "</body>"))
    build(config, embedder=HashingEmbedder())
    assert (small / "feed.xml").is_file()
    assert 'href="feed.xml"' in (small / "index.html").read_text()
    assert f"tags/{small.name}/feed.xml" in (site / "feeds.opml").read_text()

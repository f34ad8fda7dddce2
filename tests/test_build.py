"""Build orchestration: whole corpus in, every line accounted for, incremental and atomic."""

from __future__ import annotations

import logging
import shutil
import sys

import pytest
from conftest import INGEST_FIXTURES, ROOT, SEEDS, make_project
from fake_embedder import HashingEmbedder

from generator.config import load_config
from generator.errors import BuildError, InputError
from generator.pipeline import build
from generator.site.budget import site_size
from generator.state import files


def project(tmp_path, files: dict[str, str] | None = None, **digest):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, origin in (files or {}).items():
        shutil.copy(origin, sources / name)
    return load_config(make_project(tmp_path, sources, **digest))


def test_seeds_added_twice_still_give_398_papers(tmp_path):
    files = {p.name: p for p in SEEDS.iterdir()} | {f"again-{p.name}": p for p in SEEDS.iterdir()}
    result = build(project(tmp_path, files), embedder=HashingEmbedder(), site=False)
    assert result.report.papers == 398
    assert result.report.duplicates_merged == 398
    lines = result.report.lines
    assert lines.in_papers + lines.chrome + lines.rejected == result.report.lines_read


def test_rebuild_with_nothing_new_embeds_nothing_and_rewrites_nothing(tmp_path):
    config = project(
        tmp_path,
        {
            "listing.txt": INGEST_FIXTURES / "listing.txt",
            "pairs.txt": INGEST_FIXTURES / "titled-pairs.txt",
        },
    )
    embedder = HashingEmbedder()
    first = build(config, embedder=embedder, site=False)
    assert first.embedded == 2 and first.pages_written > 0  # two dumps, two distinct abstracts
    mtimes = {p: p.stat().st_mtime_ns for p in config.docs_dir.rglob("*") if p.is_file()}
    calls = len(embedder.calls)
    second = build(config, embedder=embedder, site=False)
    assert len(embedder.calls) == calls and second.embedded == 0
    assert second.pages_written == 0
    assert {p: p.stat().st_mtime_ns for p in config.docs_dir.rglob("*") if p.is_file()} == mtimes


def test_rejections_are_reported_and_fail_only_under_strict(tmp_path):
    config = project(
        tmp_path,
        {
            "ok.txt": INGEST_FIXTURES / "abstract-lines.txt",
            "bad.txt": INGEST_FIXTURES / "title-without-abstract.txt",
            "blob.bin": INGEST_FIXTURES / "binary.bin",
        },
    )
    result = build(config, embedder=HashingEmbedder(), site=False)
    assert "bad.txt:3: title with no abstract" in result.report.rejected
    assert any(line.startswith("blob.bin:1: binary file") for line in result.report.rejected)
    with pytest.raises(BuildError, match="--strict"):
        build(config, embedder=HashingEmbedder(), strict=True, site=False)


def test_a_site_over_its_budget_warns_and_fails_only_under_strict(tmp_path, caplog):
    config = project(tmp_path, {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"})
    result = build(config, embedder=HashingEmbedder())
    served = [p for p in config.site_dir.rglob("*") if p.is_file()]
    size = site_size(result.site.manifest)
    assert (size.bytes, size.files) == (sum(p.stat().st_size for p in served), len(served))
    assert not [r for r in caplog.records if "site_budget_mb" in r.getMessage()]
    (tmp_path / "tight").mkdir()
    tight = project(
        tmp_path / "tight", {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"}, site_budget_mb=1
    )
    with caplog.at_level(logging.WARNING, logger="generator"):
        build(tight, embedder=HashingEmbedder())
    over = [r.getMessage() for r in caplog.records if "site_budget_mb" in r.getMessage()]
    assert len(over) == 1 and "over site_budget_mb (1 MB): GitHub Pages" in over[0], over
    with pytest.raises(BuildError, match="--strict: site/ holds .* over site_budget_mb"):
        build(tight, embedder=HashingEmbedder(), strict=True)  # nothing new to land
    (tmp_path / "first").mkdir()
    first = project(
        tmp_path / "first", {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"}, site_budget_mb=1
    )
    with pytest.raises(BuildError, match="--strict: site/ holds .* over site_budget_mb"):
        build(first, embedder=HashingEmbedder(), strict=True)  # landed: stays, to look at
    assert (first.site_dir / "index.html").is_file()


def test_failed_build_leaves_previous_site_intact(tmp_path):
    config = project(tmp_path, {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"})
    build(config, embedder=HashingEmbedder())
    before = {
        p.relative_to(config.site_dir): p.read_bytes()
        for p in config.site_dir.rglob("*")
        if p.is_file()
    }
    (config.sources_dir / "bad.txt").write_text("A Title With No Abstract\n")
    with pytest.raises(BuildError):
        build(config, embedder=HashingEmbedder(), strict=True)
    after = {
        p.relative_to(config.site_dir): p.read_bytes()
        for p in config.site_dir.rglob("*")
        if p.is_file()
    }
    assert after == before


def test_a_generated_link_to_nowhere_fails_strict_and_leaves_site_intact(tmp_path, monkeypatch):
    from generator.publish import stage as build_module
    from generator.publish.render import HtmlPage, PageSource, render_pages

    config = project(tmp_path, {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"})
    build(config, embedder=HashingEmbedder(), strict=True)
    before = {
        p.relative_to(config.site_dir): p.read_bytes()
        for p in config.site_dir.rglob("*")
        if p.is_file()
    }

    def with_a_bad_link(*args):
        yield from render_pages(*args)
        bad = HtmlPage(
            "papers/zz-bad/", "Bad", "", '<p><a href="../../tags/no-such-tag/">x</a></p>'
        )
        yield PageSource(bad.url, "bad", lambda: bad)

    monkeypatch.setattr(build_module, "render_pages", with_a_bad_link)
    with pytest.raises(BuildError) as failure:
        build(config, embedder=HashingEmbedder(), strict=True)
    assert failure.value.details == ["papers/zz-bad/: ../../tags/no-such-tag/"]
    assert {
        p.relative_to(config.site_dir): p.read_bytes()
        for p in config.site_dir.rglob("*")
        if p.is_file()
    } == before
    assert not list(
        config.site_dir.parent.glob(f".{config.site_dir.name}.new-*")
    )  # no half-built site left behind


def test_a_missing_hooks_file_fails_the_build_with_a_message(tmp_path):
    config = project(tmp_path, {p.name: p for p in list(SEEDS.iterdir())[:1]})
    text = config.config_file.read_text().replace(
        str(ROOT / "generator" / "site" / "mkdocs_hooks.py"), str(tmp_path / "gone.py")
    )
    config.config_file.write_text(text)
    with pytest.raises(BuildError, match="configuration error"):  # MkDocs logs which value
        build(load_config(config.config_file), embedder=HashingEmbedder())
    assert not config.site_dir.exists()


def test_curation_file_hides_a_paper(tmp_path):
    config = project(tmp_path, {"ok.txt": INGEST_FIXTURES / "abstract-lines.txt"})
    first = build(config, embedder=HashingEmbedder(), site=False)
    hidden = first.papers[0].id
    config.curation_file.parent.mkdir(parents=True, exist_ok=True)
    config.curation_file.write_text(f"hide: [{hidden}]\n")
    second = build(config, embedder=HashingEmbedder(), site=False)
    assert hidden not in {p.id for p in second.papers}
    assert second.report.hidden == 1
    papers = files.load_json(config.docs_dir / "papers.json.gz", None)
    assert hidden not in {p["id"] for p in papers}


def test_two_papers_titled_alike_fail_the_build_naming_both(tmp_path):
    config = project(tmp_path)
    first = (
        "Sparse Mixtures\n"
        + "We study sparse mixtures of experts for language modelling at scale. " * 5
        + "\n"
    )
    second = (
        "Sparse Mixtures\n"
        + "A different abstract about sparse mixtures in vision transformers here. " * 5
        + "\n"
    )
    (config.sources_dir / "a.txt").write_text(first)
    (config.sources_dir / "b.txt").write_text(second)
    with pytest.raises(InputError, match=r"a\.txt:1 and b\.txt:1.*curation"):
        build(config, embedder=HashingEmbedder(), site=False)


def test_forget_process_caches_empties_what_builds_keep():
    from generator.publish import feeds
    from generator.state.memory import forget_process_caches
    from generator.tags import vocabulary

    vocabulary.fold("Graph Neural Networks")
    feeds._ENTRIES[("probe",)] = None
    forget_process_caches()
    assert vocabulary.fold.cache_info().currsize == 0 and not feeds._ENTRIES


def test_a_build_runs_with_the_collector_paused_and_freezes_what_survives(tmp_path, monkeypatch):
    import gc

    from generator import pipeline
    from generator.state import memory

    monkeypatch.setattr(memory.BuildCount, "builds", 0)  # no build a tenth: no full collection
    monkeypatch.setattr(memory.BuildCount, "failed", False)
    config = project(tmp_path, {"a.txt": SEEDS / "000_0d8328550656c12c.txt"})
    build(config, embedder=HashingEmbedder(), site=False)  # what a first build imports
    seen, collected, kept = [], [], []
    real_build, real_collect = pipeline._build, gc.collect

    def spy(*args):
        seen.append(gc.isenabled())
        kept.append(real_build(*args))
        return kept[-1]

    monkeypatch.setattr(pipeline, "_build", spy)
    monkeypatch.setattr(gc, "collect", lambda *a: collected.append(a) or real_collect(*a))
    try:
        build(config, embedder=HashingEmbedder(), site=False)
        assert seen == [False] and gc.isenabled() and collected == []
        papers = kept[0].papers  # frozen: out of what the collector walks
        assert not any(tracked is papers for tracked in gc.get_objects())
        gc.unfreeze()
        gc.disable()  # a caller that paused it: it stays paused, and nothing is frozen
        try:
            build(config, embedder=HashingEmbedder(), site=False)
        finally:
            gc.enable()
        assert seen == [False, False] and collected == [] and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        real_collect()


def test_a_failed_build_leaves_the_collector_running(tmp_path):
    import gc

    config = project(tmp_path)
    shutil.rmtree(config.sources_dir)
    with pytest.raises(InputError):
        build(config, embedder=HashingEmbedder(), site=False)
    assert gc.isenabled()


def test_every_tenth_build_and_the_one_after_a_failure_collect_every_generation(monkeypatch):
    import gc

    from generator.state import memory

    calls: list[tuple] = []
    monkeypatch.setattr(gc, "collect", lambda *generation: calls.append(("collect", *generation)))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze",)))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append(("unfreeze",)))
    monkeypatch.setattr(memory.BuildCount, "builds", 0)
    monkeypatch.setattr(memory.BuildCount, "failed", False)
    for _ in range(memory.FULL_EVERY):
        with memory.collector_paused():
            pass
    full = [("unfreeze",), ("collect",), ("freeze",)]
    assert calls == [("freeze",)] * (memory.FULL_EVERY - 1) + full and gc.isenabled()
    calls.clear()
    with pytest.raises(ValueError), memory.collector_paused():
        raise ValueError("a failed build")
    assert calls == [] and gc.isenabled() and memory.BuildCount.failed
    with memory.collector_paused():
        pass
    assert calls == full and not memory.BuildCount.failed


def test_a_build_that_imports_frees_its_cycles_before_freezing(monkeypatch):
    import gc
    import types
    import weakref

    from generator.state import memory

    class Held:  # what a cycle keeps alive: a build's working set, say
        pass

    def leave_a_cycle(imports: bool) -> weakref.ref:
        held, cycle = Held(), []
        cycle.append((cycle, held))
        if imports:
            monkeypatch.setitem(sys.modules, "digest_probe", types.ModuleType("digest_probe"))
        return weakref.ref(held)

    def build_leaving_a_cycle(imports: bool) -> weakref.ref:
        with memory.collector_paused():
            return leave_a_cycle(imports)

    monkeypatch.setattr(memory.BuildCount, "builds", 0)
    monkeypatch.setattr(memory.BuildCount, "failed", False)
    try:
        assert build_leaving_a_cycle(imports=True)() is None  # collected before freezing
        frozen = build_leaving_a_cycle(imports=False)
        assert frozen() is not None  # frozen with its cycle, until a full collection
        gc.unfreeze()
        gc.collect()
        assert frozen() is None
    finally:
        gc.unfreeze()
        gc.collect()

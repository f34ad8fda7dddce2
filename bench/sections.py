"""The bench sections. Each returns rows: measure, value, baseline, ratio, note."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "content" / "sources"


@contextmanager
def stopwatch(result: dict, key: str):
    start = time.perf_counter()
    yield
    result[key] = time.perf_counter() - start


def row(measure: str, value, baseline=None, note: str = "", higher_is_better: bool = False) -> dict:
    ratio = None
    if (
        isinstance(value, (int, float))
        and isinstance(baseline, (int, float))
        and value
        and baseline
    ):
        ratio = round(value / baseline if higher_is_better else baseline / value, 2)
    rounded = lambda x: round(x, 2) if isinstance(x, float) else x  # noqa: E731
    return {
        "measure": measure,
        "value": rounded(value),
        "baseline": rounded(baseline),
        "ratio": ratio,
        "note": note,
    }


def seed_papers():
    from generator.read.dedup import merge_duplicates
    from generator.read.dumps import read_papers

    papers, _ = merge_duplicates(read_papers(SEEDS))
    return papers


def real_embedder():
    from generator.tags.embedders import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])  # model load is not part of any figure
    return embedder


def keybert_model(embedder):
    from keybert import KeyBERT

    return KeyBERT(model=embedder._load())


def keyphrase_bench(args) -> list[dict]:
    """F1@5 on the Inspec tuning split: this extractor vs KeyBERT as its README shows."""
    import inspec

    from generator.tags.keyphrases import ScoringSettings, extract

    rows = inspec.load(limit=args.inspec_limit)
    texts, gold = [r["abstract"] for r in rows], [r["keyphrases"] for r in rows]
    embedder = real_embedder()
    timing: dict = {}
    with stopwatch(timing, "ours"):
        ours = [
            [p for p, _ in extract(doc, text, ScoringSettings(top_n=5))]
            for doc, text in zip(embedder.embed_tokens(texts), texts, strict=True)
        ]
    with stopwatch(timing, "keybert"):
        theirs = keybert_model(embedder).extract_keywords(
            texts, keyphrase_ngram_range=(1, 2), stop_words="english", top_n=5
        )
    ours_f1, their_f1 = (
        inspec.f1_at_k(ours, gold)["f1"],
        inspec.f1_at_k([[k for k, _ in d] for d in theirs], gold)["f1"],
    )
    note = f"{len(rows)} Inspec tuning abstracts, gold = controlled + uncontrolled"
    return [
        row("keyphrase F1@5 (vs KeyBERT default)", ours_f1, their_f1, note, higher_is_better=True),
        row("keyphrase extraction s (vs KeyBERT batch)", timing["ours"], timing["keybert"], note),
    ]


def tagging_bench(args) -> list[dict]:
    """Tagging the seed corpus: KeyBERT's documented calls and a bare model pass vs this tagger,
    cold, warm (nothing new) and after adding one paper."""
    from generator.tags.cache import AnalysisCache
    from generator.tags.tag import tag_papers

    papers = seed_papers()
    texts = [p.abstract for p in papers]
    embedder = real_embedder()
    kw = keybert_model(embedder)
    t: dict = {}
    with stopwatch(t, "floor"):
        embedder.embed(texts)
    with stopwatch(t, "per_doc"):
        for text in texts:
            kw.extract_keywords(text, keyphrase_ngram_range=(1, 2), stop_words="english", top_n=5)
    with stopwatch(t, "batch"):
        kw.extract_keywords(texts, keyphrase_ngram_range=(1, 2), stop_words="english", top_n=5)
    cache = AnalysisCache()
    with stopwatch(t, "cold"):
        tag_papers(papers[:-1], embedder, cache)
    with stopwatch(t, "warm"):
        warm = tag_papers(papers[:-1], embedder, cache)
    with stopwatch(t, "plus_one"):
        plus_one = tag_papers(papers, embedder, cache)
    fastest = min(t["per_doc"], t["batch"])
    n = len(papers)
    return [
        row("bare model pass, papers/s (the floor)", n / t["floor"], note=f"{n} seed abstracts"),
        row("KeyBERT per-document calls, papers/s", n / t["per_doc"]),
        row("KeyBERT one batch call, papers/s", n / t["batch"]),
        row("cold tagging s (vs faster KeyBERT call)", t["cold"], fastest, "target ratio >= 4"),
        row("cold tagging s (vs bare model pass)", t["cold"], t["floor"], "1.0 would be the floor"),
        row(
            "warm rebuild tagging s (nothing new)",
            t["warm"],
            t["cold"],
            f"embedded {warm.embedded} texts",
        ),
        row(
            "tagging after adding one paper s",
            t["plus_one"],
            t["cold"],
            f"embedded {plus_one.embedded} text",
        ),
    ]


def digest_of(config, embedder):
    """What the publish stage gets from a build of `config` (as pipeline.py makes it)."""
    from generator.model import build_date
    from generator.publish.indexes import newest_first
    from generator.publish.report import build_report
    from generator.publish.retired import PreviousSite
    from generator.publish.stage import Digest
    from generator.read.stage import read_corpus
    from generator.tags.stage import tag_corpus

    corpus = read_corpus(config)
    tagged = tag_corpus(config, corpus.papers, embedder, {}, ())
    papers = newest_first(tagged.papers)
    report = build_report(corpus.dumps, papers, corpus.merged, corpus.near, build_date(papers))
    handles = corpus.curation.affiliation_handles()
    return Digest(papers, tagged.topics, report, PreviousSite(), tagged.spellings, handles)


def plain_mkdocs_build(config, corpus) -> float:
    """The baseline for the site: a plain `mkdocs build` of the same pages, every paper and
    group page as its own Markdown file (its HTML body), as a MkDocs site would normally be
    made. Returns seconds; the output is thrown away."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    from generator.publish.memo import OutputMemo
    from generator.publish.stage import publish
    from generator.site.chrome import shell_docs

    with tempfile.TemporaryDirectory() as tmp:
        # a fresh memo: every feed is made
        site = publish(config, corpus, OutputMemo(Path(tmp) / "memo.json", Path(tmp)))
        docs = Path(tmp) / "docs"
        for path, data in (shell_docs(site) | site.data).items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_bytes(data)
        for page in (source.render() for source in site.pages()):
            target = docs / (page.url.rstrip("/") + ".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"---\ntitle: {json.dumps(page.title)}\n---\n{page.body}\n")
        mkdocs_config = load_mkdocs_config(
            str(config.config_file), docs_dir=str(docs), site_dir=str(Path(tmp) / "site")
        )
        started = time.perf_counter()
        mkdocs_build(mkdocs_config)
        return time.perf_counter() - started


@contextmanager
def keybert_tagging(embedder):
    """The same pipeline with KeyBERT as the keyphrase extractor: its documented batch call on
    each batch the build analyzes, plus one model pass for the vectors topics need."""
    from unittest import mock

    from generator.tags import tag
    from generator.tags.cache import Analysis

    kw = keybert_model(embedder)

    def analyze_batch(texts, embedder):
        found = kw.extract_keywords(
            list(texts), keyphrase_ngram_range=(1, 2), stop_words="english", top_n=5
        )
        found = [found] if len(texts) == 1 else found  # KeyBERT flattens a one-text batch
        return [
            Analysis(vector, tuple(pairs))
            for vector, pairs in zip(embedder.embed(list(texts)), found, strict=True)
        ]

    with mock.patch.object(tag, "analyze_batch", analyze_batch):
        yield


def commit_dumps(sources: Path, when: str) -> None:
    """Commit the dumps, as data lands in CI: a paper's first-seen date (which dates undated
    papers in feeds) comes from git; outside git every undated paper takes the build date."""
    import subprocess

    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", f"dumps of {when}"]):
        subprocess.run(["git", *command], cwd=sources, env=env, check=True)


def timed_cold_build(embedder, config_dir: Path, sources: Path) -> float:
    from conftest import make_project

    from generator.config import load_config
    from generator.pipeline import build

    config = load_config(make_project(config_dir, sources))
    return timed(lambda: build(config, embedder=embedder))[0]


# Rounds of cold build, warm rebuild, one-paper rebuild. This shared 2-core machine changes
# speed by half within a minute: a rebuild lasts half a second, so one run is mostly noise, and
# a cold build timed a minute away from its rebuilds skews their ratio. Each round's ratio
# compares builds a few seconds apart; the figures are medians over the rounds.
ROUNDS = 5


def add_one_paper(sources: Path) -> None:
    sample = ROOT / "tests" / "fixtures" / "ingest" / "arxiv-daily-2026-06-29.jsonl"
    (sources / "zz-new-2026-06-29.jsonl").write_text(sample.read_text().splitlines()[0] + "\n")
    commit_dumps(sources, "2026-06-29T00:00:00Z")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def timed(build_once) -> tuple[float, object]:
    os.sync()  # files written by the setup are flushed before the clock starts, not during
    started = time.perf_counter()
    result = build_once()
    return time.perf_counter() - started, result


def build_rounds(folder: Path, build_once) -> tuple[dict[str, list[float]], dict]:
    """ROUNDS x (a fresh project: cold build, warm rebuild, one paper added: rebuild). Each
    round has its own project folder: deleting the last one's 3,000 files would load the disk
    during the next cold build."""
    from conftest import make_project

    from generator.config import load_config
    from generator.state.memory import forget_process_caches

    seconds: dict[str, list[float]] = {
        "cold": [],
        "warm": [],
        "plus_one": [],
        "plus_one_fresh": [],
        "site_stages": [],
    }
    results: dict = {}
    for number in range(ROUNDS):
        project, twin = folder / f"round-{number}", folder / f"round-{number}-twin"
        shutil.copytree(SEEDS, project / "sources")
        commit_dumps(project / "sources", "2026-06-01T00:00:00Z")
        config = load_config(make_project(project, project / "sources"))

        def step(name: str, config=config) -> None:
            took, results[name] = timed(lambda: build_once(config))
            seconds[name].append(took)

        step("cold")
        step("warm")
        shutil.copytree(project, twin, symlinks=True)  # the same one-paper rebuild, twice:
        add_one_paper(project / "sources")
        step("plus_one")  # in this process, which has built before,
        add_one_paper(twin / "sources")
        twin_config = load_config(make_project(twin, twin / "sources"))
        forget_process_caches()  # and as a fresh one would (but for the loaded model: ~3 s more)
        step("plus_one_fresh", twin_config)
        seconds["site_stages"].append(
            sum(results["cold"].timings[k] for k in ("publish", "write", "site"))
        )
    results["config"] = config
    return seconds, results


def build_bench(args) -> list[dict]:
    """Whole build of the seed corpus: cold (empty cache), warm, and plus one paper (medians of
    ROUNDS), beside a plain `mkdocs build` of the same pages and the same pipeline tagging with
    KeyBERT."""
    import sys

    from generator.pipeline import build

    sys.path.insert(0, str(ROOT / "tests"))

    embedder = real_embedder()
    t: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        seconds, results = build_rounds(Path(tmp), lambda config: build(config, embedder=embedder))
        cold, warm, plus, config = (
            results["cold"],
            results["warm"],
            results["plus_one"],
            results["config"],
        )
        fresh = results["plus_one_fresh"]
        size = sum(p.stat().st_size for p in config.site_dir.rglob("*") if p.is_file())
        papers = plus.report.papers
        t["mkdocs"] = plain_mkdocs_build(config, digest_of(config, embedder))
        with keybert_tagging(embedder):
            (Path(tmp) / "keybert").mkdir()
            t["keybert"] = timed_cold_build(embedder, Path(tmp) / "keybert", SEEDS)
    t.update({step: median(values) for step, values in seconds.items()})
    share = {
        step: 100 * median([s / c for s, c in zip(seconds[step], seconds["cold"], strict=True)])
        for step in ("warm", "plus_one", "plus_one_fresh")
    }
    spread = lambda step: f"{min(seconds[step]):.2f}-{max(seconds[step]):.2f} s"  # noqa: E731

    def stages(result) -> str:
        return ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())

    return [
        row(
            "site stages s: render, write, site (MkDocs, pages, search)"
            " vs plain mkdocs build of the same pages",
            t["site_stages"],
            t["mkdocs"],
            f"median of {ROUNDS} cold builds; last: {stages(cold)}",
        ),
        row(
            "cold build s (vs the same pipeline tagging with KeyBERT)",
            t["cold"],
            t["keybert"],
            f"median of {ROUNDS} ({spread('cold')}); "
            "KeyBERT batch call per analysis batch + a vector pass; target ratio >= 3",
        ),
        row(
            "warm rebuild s (nothing new)",
            t["warm"],
            t["cold"],
            f"median of {ROUNDS} ({spread('warm')}), {share['warm']:.1f}% of its round's cold "
            f"build; embedded {warm.embedded}, pages rendered {warm.site.rendered} of "
            f"{warm.site.pages}; "
            f"last: {stages(warm)}",
        ),
        row(
            "rebuild after adding one paper s",
            t["plus_one"],
            t["cold"],
            f"median of {ROUNDS} ({spread('plus_one')}), {share['plus_one']:.1f}% of its round's "
            "cold build (target < 5%), in the process that built before, as `digest serve --watch` "
            f"runs it; embedded {plus.embedded}, pages rendered {plus.site.rendered} of "
            f"{plus.site.pages}; last: {stages(plus)}",
        ),
        row(
            "rebuild after adding one paper, process caches forgotten s",
            t["plus_one_fresh"],
            t["cold"],
            f"median of {ROUNDS} ({spread('plus_one_fresh')}), "
            f"{share['plus_one_fresh']:.1f}% of its round's cold build: the same rebuild as a "
            "fresh process would run it, but for loading the model (~3 s); "
            f"MkDocs run: {fresh.site.chrome_built}, pages rendered {fresh.site.rendered}",
        ),
        row("site size per paper KB", size / papers / 1024, note=f"{papers} papers"),
    ]


def ci_rows(size: int, figures: dict) -> list[dict]:
    """The publish workflow's run with one new dump (ci_like.py), with its caches and without."""
    if "ci_cached" not in figures:
        return []
    cached, uncached = figures["ci_cached"], figures["ci_uncached"]
    return [
        row(
            f"{size} papers: CI-like run, one new dump, caches restored s (vs no caches)",
            cached["seconds"],
            uncached["seconds"],
            f"fresh folder, analysis cache + site/ + manifest restored as copies; "
            f"`digest build --strict`; pages rendered {cached['rendered']}, embedded "
            f"{cached['embedded']}; wrote {cached['written_files']} files, "
            f"{cached['written_mb']} MB (no caches: rendered {uncached['rendered']}, embedded "
            f"{uncached['embedded']}, wrote {uncached['written_files']} files, "
            f"{uncached['written_mb']} MB)",
        )
    ]


def scale_bench(args) -> list[dict]:
    """Synthetic corpora of growing size (tags from the cache: see synthetic.py), each built in
    its own process, beside a plain MkDocs build of the same pages (sizes up to
    --baseline-up-to)."""
    import subprocess
    import sys

    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, str(ROOT / "bench" / "scale_build.py"), str(size), tmp]
            out = subprocess.run(
                command
                + (["baseline"] if size <= args.baseline_up_to else [])
                + (["ci"] if size <= args.ci_up_to else []),
                capture_output=True,
                text=True,
                check=True,
                timeout=3 * 3600,
            ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
        stages = ", ".join(f"{k} {v:.0f}" for k, v in figures["timings"].items())
        note = f"{figures['papers']} papers, {figures['pages']} pages; tags from cache; {stages}"
        rows += [
            row(
                f"{size} papers: build s (vs plain MkDocs of its pages)",
                figures["seconds"],
                figures["plain_mkdocs_seconds"],
                note + ("" if figures["plain_mkdocs_seconds"] else "; baseline not run"),
            ),
            row(
                f"{size} papers: warm rebuild s (vs cold)",
                figures["warm_seconds"],
                figures["seconds"],
                f"embedded {figures['warm_embedded']}; {figures['warm_site']}; "
                + ", ".join(f"{k} {v:.0f}" for k, v in figures["warm_timings"].items()),
            ),
            row(
                f"{size} papers: one paper added in the process that built cold s (vs cold)",
                figures["plus_one_after_cold_seconds"],
                figures["seconds"],
                f"{figures['plus_one_after_cold_site']}; "
                + ", ".join(
                    f"{k} {v:.1f}" for k, v in figures["plus_one_after_cold_timings"].items()
                ),
            ),
            row(
                f"{size} papers: rebuild after adding one paper s (vs cold)",
                figures["plus_one_seconds"],
                figures["seconds"],
                f"in a new process after a warm rebuild, model loaded (loading it took "
                f"{figures['model_load_seconds']} s); embedded {figures['plus_one_embedded']}; "
                f"{figures['plus_one_site']}; "
                + ", ".join(f"{k} {v:.0f}" for k, v in figures["plus_one_timings"].items()),
            ),
            row(
                f"{size} papers: one paper added, as a new `digest build` s (vs cold)",
                figures["plus_one_command_seconds"],
                figures["seconds"],
                f"pages rendered {figures['plus_one_command_site']}; a new process: imports "
                "torch and loads the model",
            ),
            *ci_rows(size, figures),
            row(
                f"{size} papers: peak memory MB",
                figures["peak_rss_mb"],
                note="build and its children, sampled every 0.2 s "
                f"(build process alone: {figures['peak_build_mb']}); target < 4096 at 100k",
            ),
            row(
                f"{size} papers: site KB per paper",
                figures["site_kb_per_paper"],
                note=f"site {figures['site_mb']} MB in {figures['site_files']} files (KB and MB of "
                "10^3 and 10^6 bytes, as GitHub counts) "
                "(GitHub Pages: at most 1 GB; target at 100k: 1 GB and 300,000 files); "
                + ", ".join(f"{k} {v}" for k, v in figures["kb_per_paper_by_kind"].items()),
            ),
            row(
                f"{size} papers: Pages artifact MB",
                figures["artifact_mb"],
                note=f"site/ as actions/upload-pages-artifact uploads it: a tar of "
                f"{figures['artifact_tar_mb']} MB deflated at level 6 (upload-artifact's "
                "default); the deploy warns past 1 GB of it (pages_artifact.py)",
            ),
            row(
                f"{size} papers: search download KB",
                figures["search_download_kb"],
                note=f"{figures['search']}: everything chromium fetched for one typed query; "
                "target < 2048 at 100k",
            ),
        ]
    return rows

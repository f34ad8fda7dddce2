"""Builds of a synthetic corpus, each step in its own process so peak memory is its own:
prepare (corpus and prefilled cache), cold build (timings per stage, peak memory of the
process tree, site size, search download for one query, and with `baseline` a plain MkDocs
build of the same pages), then one new paper in the process that built cold; in a new
process, a warm rebuild and a rebuild with one new paper (in that process, with the model
loaded, then as a new `digest build` command), and with `ci` the publish workflow's run
(ci_like.py).
Prints one JSON line.

    python bench/scale_build.py 10000 /tmp/scale-10k [baseline] [ci]"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def prepare(size: int, workdir: Path) -> dict:
    """The synthetic corpus and its prefilled cache; run in its own process (see main) so the
    build's peak memory is not the prefill's."""
    from conftest import make_project
    from synthetic import prefill_cache, write_corpus

    from generator.config import load_config
    from generator.read.dedup import merge_duplicates
    from generator.read.dumps import read_papers
    from generator.tags.cache import AnalysisCache
    from generator.tags.embedders import SentenceTransformerEmbedder

    sources = workdir / "sources"
    write_corpus(sources, size)
    config = load_config(make_project(workdir, sources))
    started = time.perf_counter()
    papers, _ = merge_duplicates(read_papers(sources))
    cache = AnalysisCache(config.cache_dir / "analyses.sqlite")
    embedded = prefill_cache(cache, SentenceTransformerEmbedder(), papers)
    cache.close()
    return {
        "prefill_seconds": round(time.perf_counter() - started, 1),
        "prefill_embedded": embedded,
    }


def run_step(*args: str) -> dict:
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(size: int, workdir: Path, baseline: bool = False, ci: bool = False) -> dict:
    """Prepare and build in two fresh processes: each peak is its own. `ci`: then the publish
    workflow's run with its caches and without (ci_like.py)."""
    return {
        **run_step("prepare", str(size), str(workdir)),
        **run_step("build", str(workdir), *(["baseline"] if baseline else [])),
        **run_step("rebuild", str(workdir)),
        **(run_step("ci", str(workdir)) if ci else {}),
    }


def rebuild_step(workdir: Path) -> dict:
    """After the cold build: a rebuild with nothing new, then one with one new paper. This
    process did not build cold, so before the new paper it loads the model (and the
    extraction's word lists) as the cold build's process had: the row is what a process that
    built before takes (`digest serve`); the load is its own row, and the new command's row
    pays it."""
    from ci_like import digest_command, new_dump, printed
    from synthetic import SAMPLE, commit_dumps
    from wordfreq import zipf_frequency

    from generator.config import load_config
    from generator.pipeline import build
    from generator.tags.embedders import SentenceTransformerEmbedder
    from generator.tags.tag import analyze_batch

    config = load_config(workdir / "mkdocs.yml")
    embedder = SentenceTransformerEmbedder()
    started = time.perf_counter()
    warm = build(config, embedder=embedder)
    warm_seconds = time.perf_counter() - started
    searched_by = _search_mode(config.site_dir)
    record = json.loads(SAMPLE.read_text().splitlines()[0])
    record.update(
        id="2699.00001", summary=record["summary"] + " A new sentence makes it a new text to embed."
    )
    (config.sources_dir / "zz-one-new-2026-06-29.jsonl").write_text(json.dumps(record) + "\n")
    commit_dumps(config.sources_dir, ["zz-one-new-2026-06-29.jsonl"], "2026-06-29")
    started = time.perf_counter()
    analyze_batch(["A text that loads the model, as the cold build did in its process."], embedder)
    zipf_frequency("model", "en")  # and the English word frequencies tag choice reads
    model_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plus = build(config, embedder=embedder)
    plus_seconds = time.perf_counter() - started
    new_dump(config.sources_dir, "command-new", 2)  # the same, as a new `digest build` process
    command_seconds, command_output = digest_command(workdir / "mkdocs.yml")
    if (
        now := _search_mode(config.site_dir)
    ) != searched_by:  # e.g. 1,000 papers + 1 > pagefind_above
        searched_by += f" -> {now}: every page's search box changed"
    return {
        "warm_seconds": round(warm_seconds, 1),
        "warm_embedded": warm.embedded,
        "warm_timings": warm.timings,
        "warm_site": _site_stats(warm),
        "model_load_seconds": round(model_seconds, 1),
        "plus_one_seconds": round(plus_seconds, 1),
        "plus_one_embedded": plus.embedded,
        "plus_one_timings": plus.timings,
        "plus_one_site": f"{_site_stats(plus)}, search {searched_by}",
        "plus_one_command_seconds": round(command_seconds, 1),
        "plus_one_command_site": printed(command_output, "pages rendered"),
    }


def _search_mode(site: Path) -> str:
    return "pagefind" if (site / "pagefind").is_dir() else "lunr"


def _site_stats(result) -> str:
    return (
        f"pages rendered {result.site.rendered} of {result.site.pages}, "
        f"search shards indexed {result.site.shards_indexed}"
    )


class TreeMemory:
    """Peak memory of this process and all its descendants together (MkDocs runs in-process,
    Pagefind as a child), sampled every 0.2 s: the memory the build really needs at once.
    Each process's proportional set size (pss), not its RSS: a child between fork and exec
    shares all its parent's pages, which its RSS counts again (a 2.5 GB build counted twice,
    4.8 GB, when a sample fell in that window)."""

    def __init__(self):
        import threading

        self.peak, self.done = 0, threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self):
        import psutil

        me = psutil.Process()
        while not self.done.wait(0.2):
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error, OSError):  # a child that just ended
                    total += _pss(process)
            self.peak = max(self.peak, total)

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak


def _pss(process) -> int:
    """Bytes of `process`'s proportional set size (Linux smaps_rollup), else its RSS."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return process.memory_info().rss


def site_kinds(site: Path) -> dict[str, list[int]]:
    """Files and bytes of the site by kind: paper pages, index pages (tags, topics, lists),
    feeds, search, data (JSON, sitemap), assets (theme, scripts, fonts)."""
    kinds: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        if name.startswith("assets/"):
            kind = "assets"
        elif name.startswith(("pagefind", "search/")):  # pagefind/, pagefind-2/, …: shards
            kind = "search"
        elif path.suffix in (".xml", ".opml") and path.name != "sitemap.xml":
            kind = "feeds"
        elif name.startswith("papers/") and path.name == "index.html":
            kind = "paper pages"
        elif path.suffix == ".html":
            kind = "index pages"
        else:
            kind = "data"
        files, size = kinds.setdefault(kind, [0, 0])
        kinds[kind] = [files + 1, size + path.stat().st_size]
    return dict(sorted(kinds.items()))


def build_step(workdir: Path, baseline: bool = False) -> dict:
    from ci_like import new_dump
    from pages_artifact import artifact_bytes
    from search_payload import search_download_bytes
    from sections import digest_of, plain_mkdocs_build

    from generator.config import load_config
    from generator.pipeline import build
    from generator.tags.embedders import SentenceTransformerEmbedder
    from generator.tags.tag import analyze_batch

    config = load_config(workdir / "mkdocs.yml")
    embedder = (
        SentenceTransformerEmbedder()
    )  # loaded lazily: a build that embeds nothing never loads it
    memory = TreeMemory()
    started = time.perf_counter()
    result = build(config, embedder=embedder)
    total = time.perf_counter() - started
    tree_peak = memory.stop()
    site = config.site_dir
    kinds = site_kinds(site)
    size_bytes = sum(size for _, size in kinds.values())
    own = resource.getrusage(
        resource.RUSAGE_SELF
    ).ru_maxrss  # children's ru_maxrss would count fork copies
    download = search_download_bytes(site, "quantization")
    tar_bytes, uploaded = artifact_bytes(site)
    plain = plain_mkdocs_build(config, digest_of(config, embedder)) if baseline else None
    # Then one new paper in this same process. The cache was prefilled, so the cold build
    # loaded no model, where a real one embeds every paper: load it first, as the rebuild step.
    analyze_batch(["A text that loads the model, as a real cold build does."], embedder)
    new_dump(config.sources_dir, "after-cold", 4)
    started = time.perf_counter()
    after = build(config, embedder=embedder)
    after_seconds = time.perf_counter() - started
    return {
        "papers": result.report.papers,
        "pages": sum(1 for _ in site.rglob("index.html")),
        "seconds": round(total, 1),
        "timings": result.timings,
        "peak_rss_mb": round(tree_peak / 2**20),
        "peak_build_mb": round(own / 1024),
        # site sizes in GitHub's units (1 GB = 10^9 bytes: 10 KB a paper at 100k)
        "site_mb": round(size_bytes / 10**6, 1),
        "site_kb_per_paper": round(size_bytes / 1000 / result.report.papers, 2),
        "site_files": sum(files for files, _ in kinds.values()),
        "artifact_tar_mb": round(tar_bytes / 10**6, 1),
        "artifact_mb": round(uploaded / 10**6, 1),
        "kb_per_paper_by_kind": {
            kind: round(size / 1000 / result.report.papers, 2) for kind, (_, size) in kinds.items()
        },
        "search": _search_mode(site),
        "search_download_kb": round(download / 1024),
        "plain_mkdocs_seconds": round(plain, 1) if plain else None,
        "plus_one_after_cold_seconds": round(after_seconds, 1),
        "plus_one_after_cold_percent": round(100 * after_seconds / total, 1),
        "plus_one_after_cold_timings": after.timings,
        "plus_one_after_cold_site": _site_stats(after),
    }


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]), Path(sys.argv[3]))))
    elif sys.argv[1] == "rebuild":
        print(json.dumps(rebuild_step(Path(sys.argv[2]))))
    elif sys.argv[1] == "ci":
        from ci_like import ci_step

        print(json.dumps(ci_step(Path(sys.argv[2]))))
    elif sys.argv[1] == "build":
        print(json.dumps(build_step(Path(sys.argv[2]), baseline="baseline" in sys.argv[3:])))
    else:
        print(
            json.dumps(
                main(
                    int(sys.argv[1]),
                    Path(sys.argv[2]),
                    baseline="baseline" in sys.argv[3:],
                    ci="ci" in sys.argv[3:],
                )
            )
        )

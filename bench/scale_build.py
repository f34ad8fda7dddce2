"""One build of a synthetic corpus, in its own process so peak memory is its own.
Prints JSON: timings per stage, peak RSS, site size, search download for one query, and
with `baseline`, a plain MkDocs build of the same pages (sections.plain_mkdocs_build).

    python bench/scale_build.py 10000 /tmp/scale-10k [baseline]"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))


def main(size: int, workdir: Path, baseline: bool = False) -> dict:
    from conftest import make_project
    from generator.build import build, read_corpus
    from generator.cache import AnalysisCache
    from generator.config import load_config
    from generator.dedup import merge_duplicates
    from generator.embedders import SentenceTransformerEmbedder
    from generator.ingest import read_sources
    from generator.normalize import normalize_all
    from search_payload import search_download_bytes
    from sections import plain_mkdocs_build
    from synthetic import prefill_cache, write_corpus

    sources = workdir / "sources"
    write_corpus(sources, size)
    config = load_config(make_project(workdir, sources))
    embedder = SentenceTransformerEmbedder()
    started = time.perf_counter()
    papers, _ = merge_duplicates(normalize_all([r for s in read_sources(sources) for r in s.records]))
    cache = AnalysisCache(config.cache_dir / "analyses.sqlite")
    embedded = prefill_cache(cache, embedder, papers)
    cache.close()
    prefill = time.perf_counter() - started
    started = time.perf_counter()
    result = build(config, embedder=embedder)
    total = time.perf_counter() - started
    site = config.site_dir
    size_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    download = search_download_bytes(site, "quantization")
    plain = plain_mkdocs_build(config, read_corpus(config, embedder, {})) if baseline else None
    return {"papers": result.report["papers"], "pages": sum(1 for _ in site.rglob("index.html")),
            "seconds": round(total, 1), "timings": result.timings, "peak_rss_mb": round(peak / 1024),
            "prefill_seconds": round(prefill, 1), "prefill_embedded": embedded,
            "site_mb": round(size_bytes / 2**20, 1), "site_kb_per_paper": round(size_bytes / 1024 / result.report["papers"], 1),
            "search": "pagefind" if (site / "pagefind").is_dir() else "lunr", "search_download_kb": round(download / 1024),
            "plain_mkdocs_seconds": round(plain, 1) if plain else None}

if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), Path(sys.argv[2]), baseline="baseline" in sys.argv[3:])))

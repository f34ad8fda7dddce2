"""One build of a synthetic corpus, in its own process so peak memory is its own.
Prints JSON: timings per stage, peak RSS, site size, search payload."""

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


def main(size: int, workdir: Path) -> dict:
    from conftest import make_project
    from generator.build import build
    from generator.cache import AnalysisCache
    from generator.config import load_config
    from generator.dedup import merge_duplicates
    from generator.embedders import SentenceTransformerEmbedder
    from generator.ingest import read_sources
    from generator.normalize import normalize_all
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
    index = site / "search" / "search_index.json"
    return {"papers": result.report["papers"], "seconds": round(total, 1), "prefill_seconds": round(prefill, 1),
            "prefill_embedded": embedded, "timings": result.timings,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "site_mb": round(size_bytes / 2**20, 1), "site_kb_per_paper": round(size_bytes / 1024 / result.report["papers"], 1),
            "search_index_mb": round(index.stat().st_size / 2**20, 2) if index.exists() else None}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), Path(sys.argv[2]))))

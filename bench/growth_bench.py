"""Tags grown as papers arrive (generator/tags/tag_growth.py) against a full pass over the same
papers: on the seeds, the last papers added one build at a time, as many as the drift limit
lets be placed before a full pass is due; then how many papers' tags a full pass gives
otherwise, and how many tags differ."""

from __future__ import annotations

from sections import real_embedder, row, seed_papers, stopwatch


def growth_bench(args) -> list[dict]:
    from generator.tags.cache import AnalysisCache
    from generator.tags.incremental import DRIFT_LIMIT
    from generator.tags.tag import tag_papers

    papers = sorted(seed_papers(), key=lambda p: p.id)
    embedder, cache, t = real_embedder(), AnalysisCache(), {}
    first = int(len(papers) / (1 + DRIFT_LIMIT)) + 1  # the most the limit lets arrive after
    with stopwatch(t, "cold"):
        tag_papers(papers[:first], embedder, cache)
    with stopwatch(t, "placed"):
        for end in range(first + 1, len(papers) + 1):
            grown = tag_papers(papers[:end], embedder, cache)
    full = tag_papers(papers, embedder, cache, full=True)
    grown_tags = {p.id: p.tags for p in grown.papers}
    differ = [p for p in full.papers if grown_tags[p.id] != p.tags]
    changed = sum(len(set(grown_tags[p.id]) ^ set(p.tags)) for p in differ)
    total = sum(len(p.tags) for p in full.papers)
    arrived = len(papers) - first
    note = f"{arrived} seed papers added one build at a time after {first}; a full pass over all"
    return [
        row("papers whose grown tags differ from a full pass's", len(differ), note=note),
        row("tags that differ (added or gone)", changed, note=f"of {total} tags a full pass gives"),
        row("placing one paper, tag stage s (vs the cold pass)", t["placed"] / arrived, t["cold"]),
    ]

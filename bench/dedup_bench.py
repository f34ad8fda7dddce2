"""normalize + dedup at scale (issue 19, item 5): RawRecord -> Paper (generator.read.normalize),
then merge_duplicates and find_near_duplicates, on N copies of one abstract and on N distinct
abstracts (one seed abstract, each copy made distinct by a number in words appended: all
share the first sentence, so they are one same-opening group of N - 1 near-duplicate notes),
for N = 10,000 and 100,000.

Each measurement runs in its own process: a timed pass without tracing, then the same pass
under tracemalloc for its peak (tracing slows Python allocation ~3x, so it never touches the
times). Linearity is time(100k) / time(10k): 10 when linear, 100 when quadratic. The baseline,
run in the same bench run, is the old merge_duplicates loop (each copy merged into the kept
paper as it came, re-sorting the growing sources: n^2), kept here as a copy, on 10k copies.

    python bench/run.py --only dedup
    python bench/dedup_bench.py copies 10000 [new|old]   # one measurement: one JSON line
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEED = (
    ROOT / "content" / "sources" / "000_0d8328550656c12c.txt"
)  # the seeds (as /work/shared/seeds)
SIZES = (10_000, 100_000)
BASELINE_SIZE = 10_000  # the old loop at 10k copies: ~70-90 s

# fmt: off
ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
# fmt: on
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """12345 -> 'twelve thousand three hundred forty five' (n < 10^6)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else f" {ONES[n % 10]}")
    if n < 1000:
        return f"{ONES[n // 100]} hundred" + ("" if n % 100 == 0 else f" {words(n % 100)}")
    return f"{words(n // 1000)} thousand" + ("" if n % 1000 == 0 else f" {words(n % 1000)}")


def seed_abstract() -> str:
    return next(
        line.removeprefix("Abstract:").strip()
        for line in SEED.read_text().splitlines()
        if line.startswith("Abstract:")
    )


def records(kind: str, size: int) -> list:
    from generator.model import RawRecord, SourceRef

    text = seed_abstract()
    made = (lambda n: text) if kind == "copies" else (lambda n: f"{text} Copy number {words(n)}.")
    return [
        RawRecord(SourceRef(f"{kind}-{size}.txt", n + 1), (n + 1,), made(n)) for n in range(size)
    ]


# --- the baseline: merge_duplicates as it was before it grouped copies -----------------------


def old_merge(first, other):
    take_title = first.title_derived and not other.title_derived
    return replace(
        first,
        title=other.title if take_title else first.title,
        title_derived=first.title_derived and other.title_derived,
        authors=first.authors or other.authors,
        authors_truncated=first.authors_truncated if first.authors else other.authors_truncated,
        affiliations=tuple(dict.fromkeys(first.affiliations + other.affiliations)),
        category=first.category or other.category,
        categories=tuple(dict.fromkeys(first.categories + other.categories)),
        date=first.date or other.date,
        links=tuple(sorted(set(first.links) | set(other.links))),
        sources=tuple(sorted(set(first.sources) | set(other.sources))),
        comment=first.comment or other.comment,
    )


def old_merge_duplicates(papers):
    from generator.model import DuplicateNote

    by_id, notes = {}, []
    for paper in papers:
        if paper.id in by_id:
            kept = by_id[paper.id]
            notes.append(
                DuplicateNote(
                    kept.id, paper.id, (kept.sources[0], *paper.sources), "same paper", True
                )
            )
            by_id[paper.id] = old_merge(kept, paper)
        else:
            by_id[paper.id] = paper
    return list(by_id.values()), notes


def run_once(raw: list, algorithm: str) -> dict:
    from generator.read.dedup import find_near_duplicates, merge_duplicates
    from generator.read.normalize import _derived_title, normalize

    _derived_title.cache_clear()  # each pass derives its titles afresh
    merger = merge_duplicates if algorithm == "new" else old_merge_duplicates
    stages: dict[str, float] = {}
    started = time.perf_counter()
    papers = [normalize(record) for record in raw]
    stages["normalize"] = time.perf_counter() - started
    merged, notes = merger(papers)
    stages["merge"] = time.perf_counter() - started - stages["normalize"]
    near = find_near_duplicates(merged)
    stages["near"] = time.perf_counter() - started - stages["normalize"] - stages["merge"]
    return {
        "seconds": time.perf_counter() - started,
        "stages": stages,
        "papers": len(merged),
        "merge_notes": len(notes),
        "near_notes": len(near),
    }


def measure(kind: str, size: int, algorithm: str = "new", traced: bool = True) -> dict:
    raw = records(kind, size)
    gc.collect()
    result = run_once(raw, algorithm)
    if traced:
        gc.collect()
        tracemalloc.start()
        run_once(raw, algorithm)
        result["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result


def in_process(kind: str, size: int, algorithm: str = "new", traced: bool = True) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        kind,
        str(size),
        algorithm,
        "traced" if traced else "untraced",
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=3600).stdout
    return json.loads(out.strip().splitlines()[-1])


def stage_text(result: dict) -> str:
    return ", ".join(f"{name} {seconds:.2f}" for name, seconds in result["stages"].items())


def dedup_bench(args) -> list[dict]:
    from sections import row

    rows = []
    results = {}
    for kind, label in (
        ("copies", "copies of one abstract"),
        ("distinct", "distinct abstracts, one opening"),
    ):
        for size in SIZES:
            result = results[kind, size] = in_process(kind, size)
            print(
                f"  {kind} {size}: {result['seconds']:.2f} s ({stage_text(result)}), "
                f"peak {result['peak_mb']:.1f} MB, {result['papers']} papers, "
                f"{result['merge_notes']} merge notes, {result['near_notes']} near notes",
                flush=True,
            )
            rows.append(
                row(
                    f"normalize + dedup, {size // 1000}k {label} s",
                    result["seconds"],
                    note=f"{stage_text(result)}; {result['papers']} papers, "
                    f"{result['merge_notes']} merged, {result['near_notes']} near notes",
                )
            )
            rows.append(
                row(
                    f"normalize + dedup, {size // 1000}k {label}: tracemalloc peak MB",
                    result["peak_mb"],
                )
            )
        small, large = results[kind, SIZES[0]], results[kind, SIZES[-1]]
        dedup_only = lambda r: r["stages"]["merge"] + r["stages"]["near"]  # noqa: E731
        rows.append(
            row(
                f"linearity, {label}: time(100k) / time(10k)",
                large["seconds"] / small["seconds"],
                note=f"10 = linear, 100 = quadratic; merge + near only: "
                f"{dedup_only(large) / dedup_only(small):.1f}",
            )
        )
    old = in_process("copies", BASELINE_SIZE, "old", traced=False)
    print(
        f"  old loop, copies {BASELINE_SIZE}: {old['seconds']:.2f} s ({stage_text(old)})",
        flush=True,
    )
    new = results["copies", BASELINE_SIZE]
    rows.append(
        row(
            f"normalize + dedup, {BASELINE_SIZE // 1000}k copies s"
            " (vs the old pairwise merge loop)",
            new["seconds"],
            old["seconds"],
            f"old: {stage_text(old)}; old loop peak memory not traced"
            " (tracing its n^2 sort would take minutes)",
        )
    )
    return rows


if __name__ == "__main__":
    kind, size = sys.argv[1], int(sys.argv[2])
    algorithm = sys.argv[3] if len(sys.argv) > 3 else "new"
    traced = (sys.argv[4] if len(sys.argv) > 4 else "traced") == "traced"
    print(json.dumps(measure(kind, size, algorithm, traced)))

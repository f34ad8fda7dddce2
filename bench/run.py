"""`make bench`: speed and quality figures, each beside its baseline measured in the same run.

Prints a table and writes bench/results.json. Not part of `make test`: timings depend on
the machine and on what else runs, so only ratios from one run are meaningful.

    python bench/run.py                 # everything
    python bench/run.py --only tagging  # one section: keyphrases, tagging, growth (grown tags
                                        # vs a full pass's), build, scale, dedup,
                                        # quality (tags and topics vs Inspec and arXiv categories),
                                        # for-you (compact vectors vs full ones), map (in chromium)
    python bench/run.py --only scale --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dedup_bench import dedup_bench  # noqa: E402
from for_you_bench import for_you_bench  # noqa: E402
from growth_bench import growth_bench  # noqa: E402
from map_bench import map_bench  # noqa: E402
from quality import quality_bench  # noqa: E402
from sections import build_bench, keyphrase_bench, scale_bench, tagging_bench  # noqa: E402

SECTIONS = {
    "keyphrases": keyphrase_bench,
    "tagging": tagging_bench,
    "growth": growth_bench,
    "build": build_bench,
    "scale": scale_bench,
    "dedup": dedup_bench,
    "quality": quality_bench,
    "for-you": for_you_bench,
    "map": map_bench,
}


def print_table(rows: list[dict]) -> None:
    width = max(len(r["measure"]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':>12}  {'baseline':>12}  {'ratio':>8}  note")
    for row in rows:
        value, base = row.get("value"), row.get("baseline")
        ratio = row.get("ratio")
        print(
            f"{row['measure']:<{width}}  {value!s:>12}  {base if base is not None else '':>12}  "
            f"{ratio if ratio is not None else '':>8}  {row.get('note', '')}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument(
        "--inspec-limit", type=int, default=1500, help="Inspec abstracts to score (max 1500)"
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="synthetic corpus sizes for the scale section (add 100000 for the full run)",
    )
    parser.add_argument(
        "--baseline-up-to",
        type=int,
        default=10000,
        help="largest size that also gets the plain-MkDocs baseline build"
        " (slow: ~MkDocs ms per page)",
    )
    parser.add_argument(
        "--ci-up-to",
        type=int,
        default=10000,
        help="largest size that also gets the CI-like runs (with the workflow's caches and"
        " without: slow, the model embeds every paper)",
    )
    args = parser.parse_args()
    started = time.time()
    rows: list[dict] = []
    for name in args.only or list(SECTIONS):
        print(f"== {name}", flush=True)
        rows += SECTIONS[name](args)
    print_table(rows)
    results = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "seconds": round(time.time() - started, 1),
        "rows": rows,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote bench/results.json ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

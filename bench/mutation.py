"""`make mutation`: mutation testing (mutmut) of the read and tag stages, against their unit tests.

Not part of `make test`: every mutant reruns the tests that reach the mutated function, so a full
run takes many minutes. Prints, per stage, the mutants, how many the tests killed, how many
survived or timed out, the kill rate and every survivor (module, function, mutant id). Survivors
listed in bench/mutation_equivalent.txt (mutants that change no observable behaviour, each with
its reason) are reported apart and left out of the rate.

    python bench/mutation.py                      # both stages, from scratch
    python bench/mutation.py read                 # one stage
    python bench/mutation.py read/dedup.py        # one module (or package: read/ingest)
    python bench/mutation.py --sample 150         # 150 mutants of each stage, drawn (--seed)
    python bench/mutation.py read/dedup.py --keep # reuse mutants/ (mutant files, test stats)
    python bench/mutation.py --report             # print the results already in mutants/
    python bench/mutation.py --show ID            # the diff of one mutant

Configuration is the `[tool.mutmut]` section of pyproject.toml; while there is none, the same
settings (CONFIG below) are handed to mutmut directly. mutmut copies the package into mutants/
and prepends that copy to sys.path, so the tests import the mutated code, not the editable
install; its forced-fail check (every mutated function raising) stops the run if they do not.

mutmut mutates no decorated function, so a cached one is wrapped after its definition
(`generic = lru_cache(maxsize=...)(_generic)`), and under mutmut tests/conftest.py empties the
generator's lru caches before each test: every mutant's run is forked from the process that ran
the tests unmutated, whose caches would otherwise answer for the mutated function.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "bench" / "mutation_equivalent.txt"
STAGES = {"read": "generator/read", "tags": "generator/tags"}
GOALS = {"read": 0.85, "tags": 0.80}

# The fast unit tests that mirror the two stages (no whole-site builds, no real model).
TESTS = [
    "tests/test_abstracts.py",
    "tests/test_accounting.py",
    "tests/test_arxiv_names.py",
    "tests/test_atom.py",
    "tests/test_csl.py",
    "tests/test_curate.py",
    "tests/test_dedup.py",
    "tests/test_dumps.py",
    "tests/test_formats.py",
    "tests/test_ingest.py",
    "tests/test_ingest_guards.py",
    "tests/test_lines.py",
    "tests/test_listing.py",
    "tests/test_normalize.py",
    "tests/test_pages.py",
    "tests/test_read_stage.py",
    "tests/test_references.py",
    "tests/test_schema.py",
    "tests/test_sniff.py",
    "tests/test_structured.py",
    "tests/test_table.py",
    "tests/test_text.py",
    "tests/test_text_safety.py",
    "tests/test_title_phrases.py",
    "tests/test_titled.py",
    "tests/test_titles.py",
    "tests/test_wrapped.py",
    "tests/test_codec.py",
    "tests/test_keyphrases.py",
    "tests/test_keyphrase_candidates.py",
    "tests/test_related.py",
    "tests/test_stable_urls.py",
    "tests/test_subjects.py",
    "tests/test_summary.py",
    "tests/test_tag.py",
    "tests/test_tag_choice.py",
    "tests/test_topics.py",
    "tests/test_vocabulary.py",
    "tests/test_acronyms.py",
    "tests/test_cache.py",
    "tests/test_corpus_result.py",
    "tests/test_folding.py",
    "tests/test_topic_names.py",
    "tests/test_topic_phrases.py",
    "tests/test_indexing_words.py",
    "tests/test_tag_stage.py",
    "tests/test_tagged_text.py",
]

# Kept identical to the `[tool.mutmut]` section this project's pyproject.toml should carry.
CONFIG = {
    "source_paths": ["generator"],
    "only_mutate": [f"{path}/*" for path in STAGES.values()],
    # Only the slow tests reach these: the real embedding model, and a dask cluster.
    "do_not_mutate": ["generator/tags/embedders.py", "generator/tags/distributed.py"],
    "also_copy": ["content", "mkdocs.yml", "theme"],
    # The one seed-corpus test among them: it reads all 199 seeds (5 s) for every mutant it reaches.
    "pytest_add_cli_args": [
        "-m",
        "not slow",
        "--deselect",
        "tests/test_summary.py::test_every_seed_paper_gets_a_short_summary_from_its_abstract",
    ],
    "pytest_add_cli_args_test_selection": TESTS,
    # A mutant that loops is stopped after 8x its tests' time plus 8 s of CPU (mutmut: 30x).
    "timeout_multiplier": 4.0,
}

# mutmut's exit codes, as its stats module names them.
STATUS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
    None: "not checked",
}


def mutmut_config() -> dict:
    """The `[tool.mutmut]` section of pyproject.toml, or CONFIG where there is none."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data.get("tool", {}).get("mutmut") or CONFIG


def run_mutmut(argv: list[str]) -> None:
    """Inside the child process: run mutmut's command line with mutmut_config()."""
    import mutmut.configuration

    settings = mutmut_config()
    mutmut.configuration._config_reader = lambda: settings.get  # type: ignore[assignment]
    import mutmut.__main__

    mutmut.__main__.cli.main(args=argv, prog_name="mutmut")


def mutmut(*argv: str, mode: str = "--mutmut") -> int:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="0")
    env.setdefault("OMP_NUM_THREADS", "1")
    command = [sys.executable, str(Path(__file__).resolve()), mode, *argv]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def mutant_module(name: str) -> str:
    """`generator.read.dedup.x_merge__mutmut_3` -> `generator.read.dedup`."""
    parts = name.split(".")
    while parts and not parts[-1].startswith(("x_", "xǁ")):
        parts.pop()
    return ".".join(parts[:-1])


def mutant_function(name: str) -> str:
    """`...x_merge__mutmut_3` -> `merge`; `...xǁCacheǁget__mutmut_1` -> `Cache.get`."""
    mangled = name.rpartition(".")[2].partition("__mutmut_")[0]
    return mangled[2:] if mangled.startswith("x_") else mangled[1:].replace("ǁ", ".")


def stage_of(name: str) -> str:
    return name.split(".")[1]


def results() -> dict[str, int | None]:
    """Every mutant of the two stages in mutants/, with its exit code (None: not run)."""
    found: dict[str, int | None] = {}
    for path in STAGES.values():
        for meta in sorted((MUTANTS / path).rglob("*.py.meta")):
            found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def selectors(targets: list[str]) -> list[str]:
    """`read`, `read/ingest`, `read/dedup.py` (with or without generator/), or a mutant's id
    -> name globs."""
    globs = []
    for target in targets:
        if "__mutmut_" in target:  # one mutant, by the id the report prints
            globs.append(target)
            continue
        path = target.removeprefix("generator/").removesuffix(".py").removesuffix("/")
        if path.split("/")[0] not in STAGES:
            raise SystemExit(f"not in the read or tags stage: {target}")
        module = "generator." + path.replace("/", ".").removesuffix(".__init__")
        globs.append(module + ".*")
    return globs


def matches(name: str, globs: list[str]) -> bool:
    from fnmatch import fnmatchcase

    return not globs or any(fnmatchcase(name, glob) for glob in globs)


def equivalents() -> dict[str, tuple[str, str]]:
    """bench/mutation_equivalent.txt: `mutant id | text of the mutated line | reason`."""
    listed = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines() if EQUIVALENT.exists() else []:
        if line.strip() and not line.lstrip().startswith("#"):
            name, changed, reason = (part.strip() for part in line.split(" | ", 2))
            listed[name] = (changed, reason)
    return listed


def diff(name: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    path = mutant_module(name).replace(".", "/")
    path += "/__init__.py" if (ROOT / path).is_dir() else ".py"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return get_diff_for_mutant(name, path=path)
    finally:
        os.chdir(cwd)


def added_lines(name: str) -> list[str]:
    """The mutant's changed lines, a top-level `def` (column 0) included."""
    return [
        line[1:].strip()
        for line in diff(name).splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]


def report(globs: list[str]) -> bool:
    """Print the per-stage table and survivors; True when every stage meets its goal."""
    found = {name: code for name, code in results().items() if matches(name, globs)}
    listed = equivalents()
    ok = True
    for stage in STAGES:
        mine = {name: STATUS.get(code, "suspicious") for name, code in found.items()}
        mine = {name: status for name, status in mine.items() if stage_of(name) == stage}
        if not mine:
            continue
        survivors = sorted(name for name, status in mine.items() if status == "survived")
        equivalent, stale = [], []
        for name in survivors:
            if name in listed:
                same = any(listed[name][0] in line for line in added_lines(name))
                (equivalent if same else stale).append(name)
        counts = Counter(mine.values())
        checked = len(mine) - counts["not checked"] - counts["skipped"] - len(equivalent)
        caught = counts["killed"] + counts["timeout"]
        rate = caught / checked if checked else 0.0
        ok = ok and rate >= GOALS[stage]
        print(
            f"\n{stage}: {len(mine)} mutants, {counts['killed']} killed, {counts['survived']} "
            f"survived ({len(equivalent)} of them listed equivalent), {counts['timeout']} "
            f"timeout, {counts['no tests']} without tests, {counts['not checked']} not run"
        )
        print(
            f"  kill rate {rate:.1%} ({caught} of {checked}; timeouts and untested count as "
            f"caught and survived; goal {GOALS[stage]:.0%})"
        )
        width = max((len(mutant_module(n)) for n in mine), default=0)
        for label, names in (
            ("survived", [n for n in survivors if n not in equivalent]),
            ("no tests", sorted(n for n, s in mine.items() if s == "no tests")),
            ("suspicious", sorted(n for n, s in mine.items() if s == "suspicious")),
        ):
            for name in names:
                note = "  (listed equivalent, but the mutant changed)" if name in stale else ""
                module, function = mutant_module(name), mutant_function(name)
                print(f"  {label:10} {module:{width}}  {function}  {name}{note}")
    return ok


def sample(globs: list[str], size: int, seed: int) -> list[str]:
    """Generate the mutants (no tests run) and draw `size` of each stage's the globs select."""
    if mutmut(mode="--generate-only") != 0:
        raise SystemExit("mutant generation failed")
    drawn = []
    for stage in STAGES:
        names = sorted(n for n in results() if matches(n, globs) and stage_of(n) == stage)
        drawn += random.Random(seed).sample(names, min(size, len(names)))
    return sorted(drawn)


def generate_only() -> None:
    """Inside the child process: write mutants/ the way `mutmut run` starts."""
    import mutmut.configuration

    settings = mutmut_config()
    mutmut.configuration._config_reader = lambda: settings.get  # type: ignore[assignment]
    from mutmut.__main__ import create_mutants
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir

    MUTANTS.mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    create_mutants(1)


def main() -> int:
    if sys.argv[1:2] == ["--mutmut"]:
        os.chdir(ROOT)
        run_mutmut(sys.argv[2:])
        return 0
    if sys.argv[1:2] == ["--generate-only"]:
        os.chdir(ROOT)
        generate_only()
        return 0
    if importlib.util.find_spec("mutmut") is None:
        raise SystemExit("mutmut is not installed: .venv/bin/pip install mutmut==3.8.1")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "targets", nargs="*", help="stages, packages or modules (default: both stages)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="reuse mutants/ instead of starting over"
    )
    parser.add_argument(
        "--sample", type=int, help="test this many mutants of each stage, at random"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutant runs (1)")
    parser.add_argument("--report", action="store_true", help="only print what mutants/ holds")
    parser.add_argument("--show", metavar="ID", help="print the diff of one mutant")
    args = parser.parse_args()
    globs = selectors(args.targets)
    if args.show:
        print(diff(args.show))
        return 0
    if not args.report:
        if not args.keep:
            shutil.rmtree(MUTANTS, ignore_errors=True)
        names = sample(globs, args.sample, args.seed) if args.sample else globs
        start = time.monotonic()
        code = mutmut("run", "--max-children", str(args.max_children), *names)
        print(f"\nmutmut ran {time.monotonic() - start:.0f} s (exit {code})")
        if code != 0:
            return code
        if args.sample:
            globs = names
    return 0 if report(globs) else 1


if __name__ == "__main__":
    sys.exit(main())

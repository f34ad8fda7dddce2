"""The publish workflow's run on a synthetic project built before (scale_build.py): a fresh
folder holding what a clone and the workflow's caches give it (the sources; the analysis
cache; site/ and the manifest beside it, copied as a cache restore writes them: new files, new
times), one new dump, and `digest build --strict` as a new process, as `make site` runs it.
Beside it the same run with no cache at all. For each: seconds, pages rendered, and the files
and bytes the build wrote in site/ (what the upload would carry anew)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

MANIFEST = ".site.digest-manifest.json"  # beside site/


def new_dump(sources: Path, name: str, number: int) -> None:
    """One new paper, as a daily dump of one line (a title and text no other paper has)."""
    from synthetic import SAMPLE, commit_dumps

    record = json.loads(SAMPLE.read_text().splitlines()[2])
    record.update(
        id=f"2698.{number:05d}",
        title=f"{record['title']} ({name})",
        summary=f"{record['summary']} A sentence of {name} makes it a new text.",
    )
    day = f"2026-07-{number:02d}"
    (sources / f"zz-{name}-{day}.jsonl").write_text(json.dumps(record) + "\n")
    commit_dumps(sources, [f"zz-{name}-{day}.jsonl"], day)


def restore(built: Path, workdir: Path, caches: bool) -> None:
    """workdir as a fresh clone of `built` finds it, at the same path (as a CI runner's
    checkout is, so mkdocs.yml and the chrome it fingerprints are the same): the project's
    files, and with `caches` what the workflow restores, as copies."""
    workdir.mkdir()
    shutil.copy2(built / "mkdocs.yml", workdir / "mkdocs.yml")
    shutil.copytree(built / "sources", workdir / "sources")
    if caches:
        shutil.copytree(built / "cache", workdir / "cache")
        shutil.copytree(built / "site", workdir / "site")
        shutil.copy2(built / MANIFEST, workdir / MANIFEST)


def digest_command(config_file: Path, *args: str) -> tuple[float, str]:
    """`digest build` as a new process; its seconds and what it printed."""
    digest = Path(sys.executable).with_name("digest")
    started = time.perf_counter()
    done = subprocess.run(
        [str(digest), "-f", str(config_file), "build", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"digest build failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def printed(output: str, name: str) -> str:
    for line in output.splitlines():
        if line.startswith(name):
            return line[len(name) :].strip()
    return ""


def written(site: Path, before: set[int]) -> tuple[int, int, dict[str, int]]:
    """Files in site/ that are not those it held before (by inode), their bytes, and how many
    there are in each top folder."""
    new = [(p, p.stat()) for p in site.rglob("*") if p.is_file() and p.stat().st_ino not in before]
    folders = Counter(p.relative_to(site).parts[0] if p.parent != site else "/" for p, _ in new)
    return len(new), sum(s.st_size for _, s in new), dict(sorted(folders.items()))


def ci_run(workdir: Path, caches: bool) -> dict:
    """One workflow run in workdir's place; workdir is put back as it was after."""
    built = workdir.with_name(f"{workdir.name}-built")
    os.rename(workdir, built)
    try:
        restore(built, workdir, caches)
        new_dump(workdir / "sources", "ci-new", 3)
        site = workdir / "site"
        before = {p.stat().st_ino for p in site.rglob("*") if p.is_file()}
        seconds, output = digest_command(workdir / "mkdocs.yml", "--strict")
        files, size, folders = written(site, before)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        os.rename(built, workdir)
    return {
        "seconds": round(seconds, 1),
        "rendered": printed(output, "pages rendered"),
        "embedded": printed(output, "newly embedded"),
        "written_files": files,
        "written_mb": round(size / 2**20, 1),
        "written_by_folder": folders,
    }


def ci_step(workdir: Path) -> dict:
    """The workflow's run with its caches restored, and with none."""
    return {
        "ci_cached": ci_run(workdir, caches=True),
        "ci_uncached": ci_run(workdir, caches=False),
    }

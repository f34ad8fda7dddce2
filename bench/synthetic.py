"""A synthetic corpus of any size from real abstracts (the seeds and the arXiv sample), each
copy with its own arXiv-style id and title, written as arXiv JSON Lines, one file per day.

Tagging every copy with the model would time the model, not the site; so `prefill_cache`
gives each copy the analysis of its original text (the bench says so in its notes)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "ingest" / "arxiv-daily-2026-06-29.jsonl"
PER_FILE = 1000


def originals():
    from generator.read.dedup import merge_duplicates
    from generator.read.dumps import read_papers
    from generator.serve.ingest_view import ingest_paths

    seeds, _ = merge_duplicates(read_papers(ROOT / "content" / "sources"))
    sample = ingest_paths([SAMPLE])["papers"]
    rows = [(p.title, p.abstract, list(p.authors), list(p.categories) or ["cs.LG"]) for p in seeds]
    rows += [(p["title"], p["abstract"], p["authors"], p["categories"]) for p in sample]
    return sorted(rows)


def commit_dumps(folder: Path, names: list[str], day: str) -> None:
    """Commit dumps `names` of `folder` (a git repository from the first commit on) as added on
    `day`: a paper arrives when its dump is first committed, as the publish workflow's full
    clone tells it; without history every feed would be dated by the build."""
    when = f"{day}T06:00:00Z"
    env = dict(os.environ)
    for role in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{role}_NAME": "bench", f"GIT_{role}_EMAIL": "bench@example.org"}
        env[f"GIT_{role}_DATE"] = when
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=folder, env=env, check=True)
    subprocess.run(["git", "add", "--", *names], cwd=folder, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", f"dumps of {day}"], cwd=folder, env=env, check=True)


def write_corpus(folder: Path, size: int) -> None:
    """`size` papers in files of PER_FILE lines, dated one day apart, each committed that day."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = originals()
    for start in range(0, size, PER_FILE):
        day = f"2025-{1 + (start // PER_FILE // 28) % 12:02d}-{1 + (start // PER_FILE) % 28:02d}"
        name = f"synthetic-{start // PER_FILE:04d}-{day}.jsonl"
        with open(folder / name, "w") as out:
            for n in range(start, min(size, start + PER_FILE)):
                title, abstract, authors, categories = rows[n % len(rows)]
                record = {
                    "id": f"{2500 + n // 100000:04d}.{n % 100000:05d}",
                    "title": f"{title} (replica {n})",
                    "summary": abstract,
                    "authors": authors,
                    "categories": categories,
                }
                out.write(json.dumps(record) + "\n")
        commit_dumps(folder, [name], day)


def prefill_cache(cache, embedder, papers) -> int:
    """Give every replica the cached analysis of its original text; returns texts embedded."""
    import re
    from dataclasses import replace

    from generator.tags.tag import analyses_for, cache_key, tagging_text

    originals_by_text: dict[str, object] = {}
    for paper in papers:
        originals_by_text.setdefault(
            re.sub(r" \(replica \d+\)$", "", paper.title) + paper.abstract, paper
        )
    bases = [
        replace(p, title=re.sub(r" \(replica \d+\)$", "", p.title))
        for p in originals_by_text.values()
    ]
    analyses, embedded = analyses_for(bases, embedder, cache)
    base_of = {key: analyses[p.id] for key, p in zip(originals_by_text, bases, strict=True)}
    fills = {}
    for paper in papers:
        base_title = re.sub(r" \(replica \d+\)$", "", paper.title)
        original = base_of[base_title + paper.abstract]
        fills[cache_key(embedder.name, tagging_text(paper))] = _shifted(
            original, len(paper.title) - len(base_title)
        )
    cache.put_many(fills)
    return embedded


def _shifted(analysis, by: int):
    """The analysis with its sentence spans moved `by` characters, for a title that much
    longer: the title's sentence grows, the abstract's move (their summary is quoted from
    these spans)."""
    from dataclasses import replace

    return replace(
        analysis,
        sentences=tuple(
            s._replace(start=s.start + by if s.start else 0, end=s.end + by)
            for s in analysis.sentences
        ),
    )

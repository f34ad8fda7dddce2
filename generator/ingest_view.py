"""`digest ingest`: the read half of a build (ingest, normalize, dedup) on given paths, no tagging."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from .dedup import find_near_duplicates, merge_duplicates
from .ingest import read_source, source_files
from .normalize import normalize_all
from .report import build_report, paper_record


def _sources(paths: list[Path]):
    for path in paths:
        if path.is_dir():
            for file in source_files(path):
                yield read_source(file, file.relative_to(path).as_posix())
        else:
            yield read_source(path, path.name)


def ingest_paths(paths: list[Path]) -> dict:
    sources = tuple(_sources(paths))
    records = normalize_all([record for source in sources for record in source.records])
    papers, merged = merge_duplicates(records)
    near = find_near_duplicates(papers)
    report = build_report(sources, papers, merged, near, datetime(1970, 1, 1, tzinfo=timezone.utc))
    del report["build_date"]
    # records: one per paper read (as the dumps give them); papers: after merging duplicates.
    return {"records": [paper_record(record, "") for record in records],
            "papers": [paper_record(paper, "") for paper in papers], "report": report}

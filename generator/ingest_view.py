"""`digest ingest`: the read half of a build (ingest, normalize, dedup) on given paths, no tagging."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from .dedup import find_near_duplicates, merge_duplicates
from .dumps import read_dump, read_dumps
from .report import build_report, paper_record


def _dumps(paths: list[Path]):
    for path in paths:
        if path.is_dir():
            yield from read_dumps(path)
        else:
            yield read_dump(path.name, path.read_bytes())


def ingest_paths(paths: list[Path]) -> dict:
    dumps = list(_dumps(paths))
    records = [paper for dump in dumps for paper in dump.papers]
    papers, merged = merge_duplicates(records)
    near = find_near_duplicates(papers)
    report = build_report(dumps, papers, merged, near, datetime(1970, 1, 1, tzinfo=timezone.utc))
    del report["build_date"]
    # records: one per paper read (as the dumps give them); papers: after merging duplicates.
    return {"records": [paper_record(record, "") for record in records],
            "papers": [paper_record(paper, "") for paper in papers], "report": report}

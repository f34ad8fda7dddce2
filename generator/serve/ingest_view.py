"""`digest ingest`: the read half of a build (ingest, normalize, dedup) on given paths, no
tagging."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

from generator.publish.report import build_report, paper_record
from generator.read.dedup import find_near_duplicates, merge_duplicates
from generator.read.dumps import read_dumps, read_path
from generator.read.ingest import is_dump_file


def _dumps(paths: list[Path]):
    for path in paths:
        if not os.path.lexists(path):
            raise FileNotFoundError(errno.ENOENT, "no such file or folder", str(path))
        if path.is_dir():
            yield from read_dumps(path)
        elif is_dump_file(path):  # not a FIFO: reading one would wait forever
            yield read_path(path, path.name)


def ingest_paths(paths: list[Path]) -> dict:
    dumps = list(_dumps(paths))
    records = [paper for dump in dumps for paper in dump.papers]
    papers, merged = merge_duplicates(records)
    near = find_near_duplicates(papers)
    when = datetime(1970, 1, 1, tzinfo=UTC)
    report = build_report(dumps, papers, merged, near, when).to_json()
    del report["build_date"]
    # records: one per paper read (as the dumps give them); papers: after merging duplicates.
    return {
        "records": [paper_record(record, "") for record in records],
        "papers": [paper_record(paper, "") for paper in papers],
        "report": report,
    }

"""The build report: build-report.json as written, and as data."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from generator.model import DuplicateNote, ReadDump, SourceRef
from generator.publish.report import build_report
from generator.state.files import dump_json_record
from generator.state.fingerprint import Held


def test_the_report_file_reads_back_as_its_data_and_is_the_same_with_its_notes_held():
    summary = {"file": "a.txt", "lines": 3, "lines_in_papers": 2, "chrome": 0, "rejected": 1}
    dumps = [ReadDump(summary | {"records": 2}, ("a.txt:3: no abstract",), ())]
    notes = [
        DuplicateNote("p1", f"p{n}", (SourceRef("a.txt", 1), SourceRef("é.txt", n)), "same", False)
        for n in range(2, 6)
    ]
    report = build_report(dumps, [], notes[:1], notes[1:], datetime(2026, 1, 2, tzinfo=UTC))
    written = report.to_bytes()
    assert written == dump_json_record(report.to_json())
    assert json.loads(written)["near_duplicates"][0] == {
        "kept": "p1",
        "other": "p3",
        "reason": "same",
        "sources": ["a.txt:1", "é.txt:3"],
    }
    Held.start_build()  # a later build holds the notes' lines: the same bytes
    assert report.to_bytes() == written

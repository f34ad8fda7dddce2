"""What the build made of its input: papers.json (the corpus as data) and build-report.json
(every input line accounted for: in a paper, page chrome, or rejected with file:line: reason)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

from generator.model import DuplicateNote, Paper, ReadDump
from generator.state import files
from generator.state.fingerprint import Held


def rejection_runs(rejected: list[str]) -> list[str]:
    """`file:line: reason` notes with consecutive lines of one file and reason as one:
    `dump.json:1-147: invalid CSL-JSON ...` (a file rejected whole is one line to read)."""
    runs: list[list] = []  # [file, first, last, reason]
    for note in rejected:
        place, _, reason = note.partition(": ")
        file, _, number = place.rpartition(":")
        line = int(number) if number.isdigit() else None
        last = runs[-1] if runs else None
        if (
            last
            and line is not None
            and last[0] == file
            and last[3] == reason
            and last[2] == line - 1
        ):
            last[2] = line
        else:
            runs.append([file or place, line, line, reason])
    return [
        f"{file}:{first if first == last else f'{first}-{last}'}: {reason}"
        if first is not None
        else f"{file}: {reason}"
        for file, first, last, reason in runs
    ]


SHOWN_REJECTIONS = 10  # rejection runs logged as warnings; the rest at info level (--verbose)


def log_rejections(report: BuildReport, logger: logging.Logger) -> None:
    """Rejected lines as warnings (a strict build fails on them): the first runs of lines,
    then how many more; every run at info level, shown with --verbose."""
    runs = rejection_runs(report.rejected)
    for run in runs[:SHOWN_REJECTIONS]:
        logger.warning("rejected: %s", run)
    for run in runs[SHOWN_REJECTIONS:]:
        logger.info("rejected: %s", run)
    if len(runs) > SHOWN_REJECTIONS:
        logger.warning("... %d more rejected (--verbose lists them)", len(runs) - SHOWN_REJECTIONS)


def duplicate_entry(note: DuplicateNote) -> dict:
    return {
        "kept": note.kept,
        "other": note.other,
        "reason": note.reason,
        "sources": [str(ref) for ref in note.refs],
    }


@dataclass(frozen=True)
class LineCounts:
    """Where the input lines went: into papers, page chrome, or rejected."""

    in_papers: int
    chrome: int
    rejected: int


@dataclass(frozen=True)
class BuildReport:
    """Every input line accounted for, per dump and in total; build-report.json."""

    build_date: str
    lines_read: int
    lines: LineCounts
    records: int
    papers: int
    duplicates_merged: int
    hidden: int  # records curation hid
    merged: tuple[DuplicateNote, ...]
    near_duplicates: tuple[DuplicateNote, ...]
    rejected: list[str]  # `file:line: reason`
    sources: list[dict]  # source_summary of each dump

    def to_json(self) -> dict:
        """As build-report.json holds it."""
        notes = {name: list(map(duplicate_entry, getattr(self, name))) for name in NOTE_FIELDS}
        return self._fields() | notes

    def to_bytes(self) -> bytes:
        """build-report.json: a note a line, each note's line held from one build to the next
        (a hundred thousand near-duplicate notes on a large corpus, most of them the last
        build's)."""
        return files.dump_json_record(self._fields(), item_text=_item_text)

    def _fields(self) -> dict:
        """Its fields as they are (asdict would copy every note on every build)."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"lines": asdict(self.lines)}


NOTE_FIELDS = ("merged", "near_duplicates")
NOTE_TEXTS = Held(lambda note: json.dumps(duplicate_entry(note), ensure_ascii=False))


def _item_text(item: object) -> str:
    if isinstance(item, DuplicateNote):
        return NOTE_TEXTS.of(item)
    return json.dumps(item, ensure_ascii=False)


def build_report(
    dumps: list[ReadDump],
    papers: list[Paper],
    merged: list[DuplicateNote],
    near: list[DuplicateNote],
    when: datetime,
) -> BuildReport:
    summaries = [dump.summary for dump in dumps]
    records = sum(s["records"] for s in summaries)
    return BuildReport(
        build_date=when.isoformat(),
        lines_read=sum(s["lines"] for s in summaries),
        lines=LineCounts(
            *(sum(s[name] for s in summaries) for name in ("lines_in_papers", "chrome", "rejected"))
        ),
        records=records,
        papers=len(papers),
        duplicates_merged=len(merged),
        hidden=records - len(papers) - len(merged),
        merged=tuple(merged),
        near_duplicates=tuple(near),
        rejected=[line for dump in dumps for line in dump.rejected],
        sources=summaries,
    )


PAPERS_DATA = "papers.json.gz"  # the corpus as data, gzipped: 290 MB plain at 100k papers
LEGACY_PAPERS_DATA = "papers.json"  # what versions before wrote (read back, never written)


def papers_data(folder: Path) -> Path:
    """The corpus data a build left in `folder`: papers.json.gz, or the papers.json of an
    older version."""
    legacy = folder / LEGACY_PAPERS_DATA
    current = folder / PAPERS_DATA
    return legacy if legacy.is_file() and not current.is_file() else current


def paper_line(paper: Paper, site_url: str) -> str:
    """A paper's row of papers.json as JSON text (files.dump_json_rows)."""
    return json.dumps(paper_record(paper, site_url), ensure_ascii=False)


def paper_record(paper: Paper, site_url: str) -> dict:
    return {
        "id": paper.id,
        "slug": paper.slug,
        "url": f"{site_url}{paper.path}" if paper.slug else None,
        "title": paper.title,
        "title_derived": paper.title_derived,
        "authors": list(paper.authors),
        "authors_truncated": paper.authors_truncated,
        "affiliations": list(paper.affiliations),
        "listed_under": list(paper.listed_under),
        "abstract": paper.abstract,
        "summary": paper.summary or None,
        "tags": list(paper.tags),
        "keywords": list(paper.keywords),
        "keyphrases": list(paper.top_keyphrases),
        "topic": paper.topic or None,
        "related": list(paper.related),
        "date": paper.date,
        "first_seen": paper.first_seen,
        "arrived": paper.arrived,
        "category": paper.category or None,
        "categories": list(paper.categories),
        "arxiv_id": paper.arxiv_id or None,
        "links": [{"kind": link.kind, "url": link.url} for link in paper.links],
        "sources": [{"file": ref.file, "line": ref.line} for ref in paper.sources],
    }

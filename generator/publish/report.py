"""What the build made of its input: papers.json (the corpus as data) and build-report.json
(every input line accounted for: in a paper, page chrome, or rejected with file:line: reason)."""

from __future__ import annotations

from datetime import datetime

from generator.model import DuplicateNote, Paper, ParsedSource, ReadDump


class AccountingError(AssertionError):
    """A parser lost or double-counted a line: a bug, never bad input."""


def source_summary(source: ParsedSource) -> dict:
    in_papers = sum(len(record.lines) for record in source.records)
    # An empty file has no line to reject; its one note is about the file.
    rejected = 0 if source.format in ("empty", "unreadable") else len(source.rejected)
    accounted = in_papers + len(source.chrome) + rejected
    if accounted != source.line_count:
        raise AccountingError(f"{source.file}: {source.line_count} lines read, {accounted} accounted for")
    return {"file": source.file, "format": source.format, "lines": source.line_count,
            "records": len(source.records), "lines_in_papers": in_papers,
            "chrome": len(source.chrome), "rejected": rejected}


def rejection_runs(rejected: list[str]) -> list[str]:
    """`file:line: reason` notes with consecutive lines of one file and reason as one:
    `dump.json:1-147: invalid CSL-JSON ...` (a file rejected whole is one line to read)."""
    runs: list[list] = []  # [file, first, last, reason]
    for note in rejected:
        place, _, reason = note.partition(": ")
        file, _, number = place.rpartition(":")
        line = int(number) if number.isdigit() else None
        last = runs[-1] if runs else None
        if last and line is not None and last[0] == file and last[3] == reason and last[2] == line - 1:
            last[2] = line
        else:
            runs.append([file or place, line, line, reason])
    return [f"{file}:{first if first == last else f'{first}-{last}'}: {reason}" if first is not None
            else f"{file}: {reason}" for file, first, last, reason in runs]


def duplicate_entry(note: DuplicateNote) -> dict:
    return {"kept": note.kept, "other": note.other, "reason": note.reason,
            "sources": [str(ref) for ref in note.refs]}


def build_report(dumps: list[ReadDump], papers: list[Paper], merged: list[DuplicateNote],
                 near: list[DuplicateNote], when: datetime) -> dict:
    summaries = [dump.summary for dump in dumps]
    rejected = [line for dump in dumps for line in dump.rejected]
    return {
        "build_date": when.isoformat(),
        "lines_read": sum(s["lines"] for s in summaries),
        "lines": {key: sum(s[field] for s in summaries)
                  for key, field in (("in_papers", "lines_in_papers"), ("chrome", "chrome"), ("rejected", "rejected"))},
        "records": sum(s["records"] for s in summaries),
        "papers": len(papers),
        "duplicates_merged": len(merged),
        "hidden": sum(s["records"] for s in summaries) - len(papers) - len(merged),
        "merged": [duplicate_entry(note) for note in merged],
        "near_duplicates": [duplicate_entry(note) for note in near],
        "rejected": rejected,
        "sources": summaries,
    }


def papers_json(papers: list[Paper], site_url: str) -> list[dict]:
    return [paper_record(paper, site_url) for paper in papers]


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
        "abstract": paper.abstract,
        "summary": paper.summary or None,
        "tags": list(paper.tags),
        "keywords": list(paper.keywords),
        "keyphrases": list(paper.keyphrases),
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

"""Every input line of a dump accounted for: in a paper, page chrome, or rejected."""

from __future__ import annotations

from generator.model import ParsedSource


class AccountingError(AssertionError):
    """A parser lost or double-counted a line: a bug, never bad input."""


def source_summary(source: ParsedSource) -> dict:
    in_papers = sum(len(record.lines) for record in source.records)
    # An empty file has no line to reject; its one note is about the file.
    rejected = 0 if source.format in ("empty", "unreadable") else len(source.rejected)
    accounted = in_papers + len(source.chrome) + rejected
    if accounted != source.line_count:
        raise AccountingError(
            f"{source.file}: {source.line_count} lines read, {accounted} accounted for"
        )
    return {
        "file": source.file,
        "format": source.format,
        "lines": source.line_count,
        "records": len(source.records),
        "lines_in_papers": in_papers,
        "chrome": len(source.chrome),
        "rejected": rejected,
    }

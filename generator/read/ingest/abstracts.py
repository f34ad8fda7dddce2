"""Abstract-only dumps: one abstract per line, optionally prefixed `Abstract:`,
optionally under one header line naming an institution: each paper is listed under it (shown
as such, not as the authors' affiliation, which the file does not say it is)."""

from __future__ import annotations

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest import lines as L


def find_affiliation_header(lines: list[str]) -> int | None:
    """0-based index of a header line: the first content line, not an abstract,
    followed only by abstracts (at least two, or prefixed `Abstract:`)."""
    content = [i for i, line in enumerate(lines) if not L.is_blank(line)]
    if len(content) < 2 or L.is_abstract(lines[content[0]]) or L.stray(lines[content[0]]):
        return None
    rest = [lines[i] for i in content[1:]]
    if not all(L.is_abstract(line) for line in rest):
        return None
    if len(rest) >= 2 or L.has_abstract_prefix(rest[0]):
        return content[0]
    return None


def parse_abstract_lines(
    file: str, lines: list[str]
) -> tuple[list[RawRecord], list[LineNote], list[LineNote]]:
    header = find_affiliation_header(lines)
    heading = (lines[header].strip(),) if header is not None else ()
    records: list[RawRecord] = []
    chrome: list[LineNote] = []
    rejected: list[LineNote] = []
    for index, line in enumerate(lines):
        ref = SourceRef(file, index + 1)
        if index == header:
            chrome.append(LineNote(ref, "institution header (the papers are listed under it)"))
        elif L.is_blank(line) or L.is_chrome(line):
            chrome.append(LineNote(ref, "blank line" if L.is_blank(line) else "page chrome"))
        elif L.is_abstract(line):
            records.append(
                RawRecord(ref, (index + 1,), L.strip_abstract_prefix(line), listed_under=heading)
            )
        else:
            rejected.append(LineNote(ref, "line too short to be an abstract"))
    return records, chrome, rejected

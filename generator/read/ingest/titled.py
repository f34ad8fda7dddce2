"""Title line / abstract line pairs, with page chrome (`Subscribe` glued to the first title)."""

from __future__ import annotations

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest import lines as L


def parse_titled_abstracts(
    file: str, lines: list[str]
) -> tuple[list[RawRecord], list[LineNote], list[LineNote]]:
    records: list[RawRecord] = []
    chrome: list[LineNote] = []
    rejected: list[LineNote] = []
    index = 0
    while index < len(lines):
        line, ref = lines[index], SourceRef(file, index + 1)
        if L.is_blank(line) or L.is_chrome(line):
            chrome.append(LineNote(ref, "blank line" if L.is_blank(line) else "page chrome"))
        elif L.is_abstract(line):
            records.append(RawRecord(ref, (index + 1,), L.strip_abstract_prefix(line)))
        elif reason := L.stray(line):
            rejected.append(LineNote(ref, reason))
        elif index + 1 < len(lines) and L.is_abstract(lines[index + 1]):
            title = L.CHROME_PREFIX.sub("", line.strip())
            abstract = L.strip_abstract_prefix(lines[index + 1])
            records.append(RawRecord(ref, (index + 1, index + 2), abstract, title=title))
            index += 1
        else:
            rejected.append(LineNote(ref, "title with no abstract"))
        index += 1
    return records, chrome, rejected

"""arXiv abstract pages (`arxiv.org/abs/<id>`) copied from a browser, one or several in a row.

A page is found by its `Abstract:` line. Above it: the id (a line `arXiv:ID (cs)`, or the
breadcrumb `arxiv logo > cs > arXiv:ID`), `[Submitted on …]` (the first version's date),
then the title and the authors, labelled (`Title:…`) or not, as each copy gives them. Below
it: the abstract's other paragraphs, `Comments:`, `Subjects:`, `Cite as: arXiv:ID [cs.CL]`.
Every other line (`View PDF`, `HTML (experimental)`, `Submission history`…) is chrome.
"""

from __future__ import annotations

import re

from generator.model import RawRecord, SourceRef
from generator.read.arxiv_ids import ID, SUBJECT_CODE
from generator.read.ingest import lines as L
from generator.read.ingest.accounting import Parsed, accounted, names_listed

HEAD_ID = re.compile(rf"^(?:arXiv:|.*>\s*arXiv:)({ID})(?:v\d+)?\s*(?:\([\w-]+\))?$")
CITED_ID = re.compile(rf"^arXiv:({ID})")
FIELD = re.compile(
    r"^(Title|Authors|Abstract|Comments|Subjects|Journal reference|Cite as|DOI|Report number"
    r"|MSC classes|ACM classes|Related DOI):\s*(.*)$"
)
SUBMITTED = re.compile(r"^\[Submitted on (\d{1,2} \w{3} \d{4})")
ENDS = ("View PDF", "Submission history")  # what follows an abstract that is not its paragraph
LACKING = "arXiv abstract page without a title or an abstract"


def _top(line: str) -> str:
    """Which top-of-page line this is ("" for none): its id, its date or its labelled title."""
    if HEAD_ID.match(line):
        return "id"
    return "date" if SUBMITTED.match(line) else "title" if line.startswith("Title:") else ""


def is_arxiv_abstract_page(lines: list[str]) -> bool:
    stripped = [line.strip() for line in lines]
    has_id = any(HEAD_ID.match(line) for line in stripped)
    return any(line.startswith("Abstract:") for line in stripped) and (
        any(SUBMITTED.match(line) for line in stripped)
        or (has_id and any(line.startswith("Title:") for line in stripped))
    )


def parse_arxiv_abstract_pages(file: str, lines: list[str]) -> Parsed:
    """Each page from its first top-of-page line (or its `Abstract:` line) to the next page's."""
    stripped = [line.strip() for line in lines]
    pages = _pages(stripped)
    records, rejected = [], {}
    for (start, label), (stop, _) in zip(pages, [*pages[1:], (len(lines), None)], strict=True):
        record = _page(file, stripped, start, stop if label is None else label, stop)
        if isinstance(record, RawRecord):
            records.append(record)
        else:
            rejected.update(dict.fromkeys(record, LACKING))
    return accounted(file, lines, records, rejected, "arXiv page chrome")


def _pages(stripped: list[str]) -> list[tuple[int, int | None]]:
    """(first line, `Abstract:` line or None) of each page. A page opens at a top-of-page line
    after the last page's abstract, or at one of a kind its open head already has."""
    pages: list[tuple[int, int | None]] = []
    seen: set[str] | None = None  # the open head's kinds of top lines; None when none is open
    for n, line in enumerate(stripped):
        if line.startswith("Abstract:"):
            pages.append((pages.pop()[0], n) if seen is not None else (n, n))
            seen = None
        elif kind := _top(line):
            if seen is None or kind in seen:
                pages.append((n, None))
                seen = set()
            seen.add(kind)
    return pages


def _page(file: str, stripped: list[str], start: int, label: int, stop: int):
    """The page's record, or the lines of its fields when it lacks a title or an abstract."""
    used: list[int] = []
    fields, date, arxiv = _head(stripped, start, label, used)
    fields.update(_tail(stripped, label, stop, used))
    if cited := CITED_ID.match(fields.get("Cite as", "")):
        arxiv = cited.group(1)  # the page's own statement of its id
    lines = tuple(sorted(n + 1 for n in used))
    if not fields.get("Title") or not L.is_abstract(fields.get("Abstract", "")):
        return lines
    authors, truncated = names_listed(fields.get("Authors", ""))
    return RawRecord(
        SourceRef(file, lines[0]),
        lines,
        fields["Abstract"],
        title=fields["Title"],
        authors=authors,
        authors_truncated=truncated,
        date=date,
        arxiv_id=arxiv,
        categories=tuple(SUBJECT_CODE.findall(fields.get("Subjects", ""))),
        comment=fields.get("Comments", ""),
    )


def _head(stripped: list[str], start: int, label: int, used: list[int]):
    """Id, date, title and authors above the abstract; an unlabelled title is the line after
    `[Submitted on …]`, unlabelled authors the line after the title."""
    fields: dict[str, str] = {}
    date = arxiv = ""
    expect = ""
    for n in range(start, label):
        text = stripped[n]
        if found := HEAD_ID.match(text):
            arxiv, expect = found.group(1), ""
        elif submitted := SUBMITTED.match(text):
            date, expect = submitted.group(1), "Title"
        elif (field := FIELD.match(text)) and field.group(1) in ("Title", "Authors"):
            fields[field.group(1)] = field.group(2).strip()
            expect = "Authors" if field.group(1) == "Title" else ""
        elif expect and text and not L.is_chrome(text):
            fields[expect] = text
            expect = "Authors" if expect == "Title" else ""
        else:
            expect = "" if text else expect
            continue
        used.append(n)
    return fields, date, arxiv


def _tail(stripped: list[str], label: int, stop: int, used: list[int]) -> dict[str, str]:
    """The abstract (continued over paragraphs until a label or chrome) and the labelled rows."""
    fields: dict[str, str] = {}
    current = ""
    for n in range(label, stop):
        text = stripped[n]
        if (field := FIELD.match(text)) and field.group(1) not in ("Title", "Authors"):
            current = field.group(1)
            fields[current] = field.group(2).strip()
        elif current == "Abstract" and text and not (L.is_chrome(text) or text.startswith(ENDS)):
            fields[current] += " " + text  # an abstract with paragraph breaks
        else:
            current = ""
            continue
        used.append(n)
    return fields

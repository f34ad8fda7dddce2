"""Copies of paper pages, as a browser's select-all copies them: an arXiv listing
(`/list/<archive>/new`: `[n] arXiv:ID`, `Title:`, authors, `Comments:`, `Subjects:`, the
abstract), a Hugging Face paper page (`arxiv:ID`, title, `Authors:` one per line, the
AI-generated summary and then the abstract) and a Hugging Face daily list (upvotes, title,
abstract); arXiv abstract pages are arxiv_abs.py's. A line outside a paper is the page's own
chrome; an entry missing its title or abstract is rejected on its lines, never turned into a
paper titled with a field label.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from generator.model import RawRecord, SourceRef
from generator.read.arxiv_ids import ID, SUBJECT_CODE, announced_date
from generator.read.ingest import lines as L
from generator.read.ingest.accounting import (
    Parsed,
    accounted,
    names_listed,
    span,
)
from generator.read.normalize import iso_date

ARXIV_ENTRY = re.compile(rf"^\[\d+\]\s+arXiv:({ID})(?:v\d+)?\b")
LISTING_FIELD = re.compile(
    r"^(Title|Authors|Comments|Journal-ref|Subjects|MSC-class|ACM-class|Report-no):\s*(.*)$"
)
# The page's own lines that end the entry above them: the date heading, section headings (today's
# and the pre-2024 `Replacements for Fri, 7 Mar 25`), the paging lines and the footer.
LISTING_DATE = re.compile(r"^Showing new listings for (?:\w+, )?(?P<date>\d{1,2} \w+ \d{4})$")
SECTION = re.compile(
    r"^(?P<kind>New|Cross|Replacement) submissions \((?:continued, )?showing [^)]*\)$"
    r"|^(?P<old>New submissions|Cross-lists|Replacements) for \w+, +(?P<date>\d{1,2} \w+ \d{2})$"
)
PAGE_LINE = re.compile(
    r"^(?:Total of \d+ entries\b.*|Showing up to \d+ entries per page:.*|No updates today\."
    r"|(?:· )?(?:About|Help|(?:contact arXiv\s*Click here to contact arXiv\s*)?Contact"
    r"|(?:subscribe to arXiv mailings\s*Click here to subscribe\s*)?Subscribe|Copyright"
    r"|Privacy(?: Policy)?|(?:Web )?Accessibility(?: Assistance)?"
    r"|(?:arXiv )?Operational Status(?: \(opens in new tab\))?"
    r"|Get status notifications via email or slack|Major funding support from))$"
)
REPLACED = (
    "arXiv replacement entry: the listing shows no abstract "
    "(read it from arXiv's API or the abstract page)"
)
HF_ID = re.compile(r"^arxiv:(\d{4}\.\d{4,5})$")
HF_SUMMARY_LABEL = "AI-generated summary"
UPVOTES = re.compile(r"^(?:\d+|-)$")


def is_arxiv_listing(lines: list[str]) -> bool:
    return any(
        ARXIV_ENTRY.match(line) and index + 1 < len(lines) and lines[index + 1].startswith("Title:")
        for index, line in enumerate(lines)
    )


def is_hf_paper_page(lines: list[str]) -> bool:
    stripped = {line.strip() for line in lines}
    return any(HF_ID.match(line) for line in stripped) and {"Authors:", "Abstract"} <= stripped


def is_hf_daily_list(lines: list[str]) -> bool:
    stripped = [line.strip() for line in lines]
    return "Daily Papers" in stripped and any(
        re.fullmatch(r"\d+ authors?", line) for line in stripped
    )


def parse_arxiv_listing(file: str, lines: list[str]) -> Parsed:
    """Each `[n] arXiv:ID` entry up to the next, or to the page's own lines after it (a
    section heading, `Total of N entries`, the footer), dated by the page's heading."""
    starts = [index for index, line in enumerate(lines) if ARXIV_ENTRY.match(line)]
    pages = _page_context(lines)
    records, rejected = [], {}
    for start, stop in pairwise([*starts, len(lines)]):
        stop = next((i for i in range(start + 1, stop) if _is_page_line(lines[i])), stop)
        page_date, replacing = pages[start]
        replaced = replacing or "(replaced)" in lines[start]
        record, used = _listing_entry(file, lines, start, stop, replaced)
        if isinstance(record, str):
            rejected.update(dict.fromkeys(used, record))
        else:
            records.append(replace(record, date=announced_date(page_date, record.arxiv_id)))
    return accounted(file, lines, records, rejected, "arXiv page chrome")


def _is_page_line(line: str) -> bool:
    """A line of the listing page itself, never of an entry: it ends the entry above it."""
    text = line.strip()
    return any(pattern.match(text) for pattern in (LISTING_DATE, SECTION, PAGE_LINE))


def _page_context(lines: list[str]) -> dict[int, tuple[str, bool]]:
    """For each entry's first line: the date of the page's heading above it (`Showing new
    listings for Friday, 7 March 2025`, as YYYY-MM-DD) and whether it is in the replacements
    section (`Replacement submissions (showing 1 of 1 entries)`)."""
    date, replacing, context = "", False, {}
    for index, line in enumerate(lines):
        text = line.strip()
        if heading := LISTING_DATE.match(text):
            date = _heading_date(heading["date"])
        elif section := SECTION.match(text):
            replacing = (section["kind"] or section["old"]).startswith("Replace")
            date = _heading_date(section["date"]) if section["date"] else date
        elif ARXIV_ENTRY.match(line):
            context[index] = (date, replacing)
    return context


def _heading_date(text: str) -> str:
    """`7 March 2025` (or the old headings' `7 Mar 25`) -> `2025-03-07`; "" for no date. Read
    as every dump's dates are (normalize.iso_date: English month names, whatever the locale)."""
    return iso_date(text) or ""


def _listing_entry(
    file: str, lines: list[str], start: int, stop: int, replaced: bool = False
) -> tuple[RawRecord | str, tuple[int, ...]]:
    """One `[n] arXiv:ID` entry: its field lines, the author line, then the abstract paragraph;
    or the reason it is not a paper."""
    head = ARXIV_ENTRY.match(lines[start])
    arxiv = head.group(1) if head else ""
    fields: dict[str, str] = {}
    index = start + 1
    while index < stop and (field := LISTING_FIELD.match(lines[index].strip())):
        fields[field.group(1)] = field.group(2).strip()
        index += 1
        if (
            field.group(1) == "Title"
            and index < stop
            and lines[index].strip()
            and not LISTING_FIELD.match(lines[index])
        ):
            # today's listings leave the author line unlabelled
            fields["Authors"] = lines[index].strip()
            index += 1
    while index < stop and L.is_blank(lines[index]):
        index += 1
    first = index
    while index < stop and not L.is_blank(lines[index]):
        index += 1
    abstract = " ".join(line.strip() for line in lines[first:index])
    used = span(start + 1, index)
    if missing := _listing_lacks(fields.get("Title", ""), abstract, replaced):
        return missing, used
    authors, truncated = names_listed(fields.get("Authors", ""))
    return RawRecord(
        SourceRef(file, start + 1),
        used,
        abstract,
        title=fields["Title"],
        authors=authors,
        authors_truncated=truncated,
        arxiv_id=arxiv,
        categories=tuple(SUBJECT_CODE.findall(fields.get("Subjects", ""))),
        comment=fields.get("Comments", ""),
    ), used


def _listing_lacks(title: str, abstract: str, replaced: bool) -> str:
    """Why an entry is not a paper, or "" when it is one."""
    if not title:
        return "arXiv listing entry without a title"
    if not abstract and replaced:
        return REPLACED
    if not abstract:
        return "arXiv listing entry without an abstract (copied from a listing that hides them?)"
    if not L.is_entry_abstract(abstract):
        return (
            f"arXiv listing entry whose text after the fields ({len(abstract.split())} words) "
            f"is not an abstract: an abstract has {L.ENTRY_ABSTRACT_MIN_WORDS} words or more "
            "and ends a sentence"
        )
    return ""


def parse_hf_paper_page(file: str, lines: list[str]) -> Parsed:
    """One paper: the title above `Published on`, the names under `Authors:`, and the abstract:
    the paragraph after the `AI-generated summary` label (the summary above it is the site's,
    not the authors'), or else the first abstract-long paragraph after `Abstract`."""
    stripped = [line.strip() for line in lines]
    arxiv = next(match.group(1) for line in stripped if (match := HF_ID.match(line)))
    published = next(
        (i for i, line in enumerate(stripped) if line.startswith("Published on")), None
    )
    title_at = (
        next((i for i in range(published - 1, -1, -1) if stripped[i]), None) if published else None
    )
    authors_at = stripped.index("Authors:")
    names, index = [], authors_at + 1
    while index < len(stripped) and stripped[index]:
        if stripped[index] != ",":
            names.append(stripped[index])
        index += 1
    after = (
        stripped.index(HF_SUMMARY_LABEL) + 1
        if HF_SUMMARY_LABEL in stripped
        else stripped.index("Abstract") + 1
    )
    abstract_at = next((i for i in range(after, len(stripped)) if L.is_abstract(stripped[i])), None)
    if title_at is None or abstract_at is None:
        return accounted(
            file,
            lines,
            [],
            dict.fromkeys(
                range(1, len(lines) + 1), "Hugging Face page copy without a title or an abstract"
            ),
            "",
        )
    used = (title_at + 1, *range(authors_at + 1, index + 1), abstract_at + 1)
    record = RawRecord(
        SourceRef(file, title_at + 1),
        tuple(sorted(set(used))),
        stripped[abstract_at],
        title=stripped[title_at],
        authors=tuple(names),
        arxiv_id=arxiv,
    )
    known = {
        n + 1: "Hugging Face's AI-generated summary (not the abstract)"
        for n in range(authors_at, after)
        if L.is_abstract(stripped[n])
    }
    known.update(
        {
            n + 1: "the abstract again (the submitter's comment)"
            for n, line in enumerate(stripped)
            if line == stripped[abstract_at] and n != abstract_at
        }
    )
    return accounted(file, lines, [record], {}, "Hugging Face page chrome", known)


def parse_hf_daily_list(file: str, lines: list[str]) -> Parsed:
    """Each abstract line with the title above it (the line after the upvote count)."""
    records, rejected = [], {}
    for index, line in enumerate(lines):
        if not L.is_abstract(line):
            continue
        above = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
        if above is None or L.is_abstract(lines[above]) or UPVOTES.match(lines[above].strip()):
            rejected[index + 1] = "Hugging Face list entry without a title"
            continue
        records.append(
            RawRecord(
                SourceRef(file, above + 1),
                (above + 1, index + 1),
                line.strip(),
                title=lines[above].strip(),
            )
        )
    return accounted(file, lines, records, rejected, "Hugging Face page chrome")

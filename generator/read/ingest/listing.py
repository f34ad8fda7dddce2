"""Listing pages (papers-with-code / Hugging Face style) copied as text.

A paper is an optional score line (`41.3CVNov 18, 2022`: score, arXiv category code,
date) that belongs to the paper *after* it, then a line where title, first author,
more authors, `et al.` and ` · org, org` are glued together, then the abstract line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest import lines as L

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
SCORE_LINE = re.compile(
    r"^(?P<score>\d+(?:\.\d+)?)(?P<category>[A-Z]{2,4}?)"
    rf"(?P<date>(?:{MONTHS})[a-z]* \d{{1,2}}, \d{{4}})$"
)
NAME_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "del",
    "di",
    "du",
    "le",
    "la",
    "bin",
    "al",
}
ORG_SEPARATOR = " · "
ET_AL = " et al."


@dataclass(frozen=True)
class ListingHead:
    title: str
    authors: tuple[str, ...]
    truncated: bool
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class ScoreLine:
    line: int
    category: str
    date: str  # as printed, e.g. "Nov 18, 2022"; normalize turns it into ISO 8601


def parse_score_line(line: str) -> tuple[str, str] | None:
    match = SCORE_LINE.match(line.strip())
    return (match["category"], match["date"]) if match else None


def is_person_name(text: str) -> bool:
    """`Sheng-Lan Liu`, `Simon S. Du`, `Matthieu Gaetan Lin`: 2-5 title-case tokens."""
    tokens = text.split(" ")
    if not 2 <= len(tokens) <= 5 or tokens[0] in NAME_PARTICLES:
        return False
    return all(_is_name_token(token) for token in tokens)


def _is_name_token(token: str) -> bool:
    if token in NAME_PARTICLES:
        return True
    letters = token.replace("-", "").replace("'", "").replace(".", "")
    # istitle() rejects glue like `LYang` or `SurveyYulin`, accepts `Sheng-Lan` and `S.`
    return bool(letters) and letters.isalpha() and token.istitle()


def split_glued_title(text: str) -> tuple[str, str] | None:
    """Split `…for Offline RLYang Yue` into title and first author at the leftmost glue point."""
    # A name has at most five tokens, so no glue point lies before the last five: starting there
    # keeps long lines linear (format detection tries every abstract line as a listing head).
    for index in range(max(1, _last_tokens_start(text, 5)), len(text)):
        char, previous = text[index], text[index - 1]
        if char.isupper() and not previous.isspace() and is_person_name(text[index:]):
            title = text[:index].strip()
            return (title, text[index:]) if title else None
    return None


def _last_tokens_start(text: str, count: int) -> int:
    """Index where the last `count` space-separated tokens begin (0 when there are fewer)."""
    end = len(text)
    for _ in range(count):
        end = text.rfind(" ", 0, end)
        if end < 0:
            return 0
    return end + 1


def parse_listing_head(line: str) -> ListingHead | None:
    head, _, orgs = line.strip().partition(ORG_SEPARATOR)
    truncated = head.endswith(ET_AL)
    pieces = head.removesuffix(ET_AL).split(", ")
    authors: list[str] = []
    # Trailing pieces that are whole names are authors; the title may itself hold commas.
    while len(pieces) > 1 and is_person_name(pieces[-1]):
        authors.insert(0, pieces.pop())
    glued = split_glued_title(", ".join(pieces))
    if glued is None:
        return None
    title, first_author = glued
    organizations = tuple(org.strip() for org in orgs.split(",") if org.strip())
    return ListingHead(title, (first_author, *authors), truncated, organizations)


def is_listing_head(line: str) -> bool:
    head = parse_listing_head(line)
    return head is not None and (
        head.truncated or bool(head.organizations) or len(head.authors) > 1
    )


def parse_listing(
    file: str, lines: list[str]
) -> tuple[list[RawRecord], list[LineNote], list[LineNote]]:
    records: list[RawRecord] = []
    chrome: list[LineNote] = []
    rejected: list[LineNote] = []
    pending: ScoreLine | None = None
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        ref = SourceRef(file, number)
        if L.is_blank(line) or L.is_chrome(line):
            chrome.append(LineNote(ref, "blank line" if L.is_blank(line) else "page chrome"))
        elif score := parse_score_line(line):
            if pending:
                rejected.append(
                    LineNote(SourceRef(file, pending.line), "score line not followed by a paper")
                )
            pending = ScoreLine(number, *score)
        elif (
            (head := parse_listing_head(line))
            and index + 1 < len(lines)
            and L.is_abstract(lines[index + 1])
        ):
            records.append(_record(file, head, lines[index + 1], number, pending))
            pending = None
            index += 1
        elif L.is_abstract(line):
            records.append(RawRecord(ref, (number,), L.strip_abstract_prefix(line)))
        else:
            reason = "title with no abstract" if head else "unrecognized line in a listing"
            rejected.append(LineNote(ref, reason))
        index += 1
    if pending:
        rejected.append(
            LineNote(SourceRef(file, pending.line), "score line not followed by a paper")
        )
    return records, chrome, rejected


def _record(
    file: str, head: ListingHead, abstract: str, number: int, score: ScoreLine | None
) -> RawRecord:
    used = ((score.line,) if score else ()) + (number, number + 1)
    return RawRecord(
        ref=SourceRef(file, number),
        lines=used,
        abstract=L.strip_abstract_prefix(abstract),
        title=head.title,
        authors=head.authors,
        authors_truncated=head.truncated,
        affiliations=head.organizations,
        categories=(score.category,) if score else (),
        date=score.date if score else "",
    )

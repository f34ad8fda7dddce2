"""Line accounting for parsers that read a whole file with a library: each record names the
lines it spans; every other line is blank, structure of the format, or rejected."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.arxiv_ids import ID as ARXIV_ID
from generator.read.ingest import lines as L

Parsed = tuple[list[RawRecord], list[LineNote], list[LineNote]]


def accounted(
    file: str,
    lines: list[str],
    records: Iterable[RawRecord],
    rejected: Mapping[int, str],
    structure: str,
    known: Mapping[int, str] | None = None,
) -> Parsed:
    """The parse, every line in one place: in a record, rejected (line -> reason), blank, or
    else `structure` (a format's brackets, headers and comments). Two records on one line
    cannot be told apart line by line: the file is rejected whole. A line long enough to be
    an abstract is never structure: it is rejected, so no abstract goes unreported, unless
    the reader knows it as chrome of its own kind (`known`: line -> reason)."""
    known = known or {}
    kept, used = [], set(rejected)
    for record in records:
        if shared := used.intersection(record.lines):
            return rejected_whole(
                file, lines, f"several entries on line {min(shared)}: put each on lines of its own"
            )
        used.update(record.lines)
        kept.append(record)
    rejected = dict(rejected)
    for n in range(1, len(lines) + 1):
        if n not in used and n not in known and L.is_abstract(lines[n - 1]):
            rejected[n] = "an abstract outside any entry this file's format has: not read"
            used.add(n)
    chrome = [
        LineNote(
            SourceRef(file, n),
            "blank line" if L.is_blank(lines[n - 1]) else known.get(n, structure),
        )
        for n in range(1, len(lines) + 1)
        if n not in used
    ]
    notes = [LineNote(SourceRef(file, n), reason) for n, reason in sorted(rejected.items())]
    return kept, chrome, notes


def rejected_whole(file: str, lines: list[str], reason: str) -> Parsed:
    """A file that cannot be read as its format: every line rejected, with one reason."""
    return [], [], [LineNote(SourceRef(file, n), reason) for n in range(1, len(lines) + 1)]


def arxiv_codes(*texts: str) -> tuple[str, ...]:
    """arXiv category codes among keywords and notes: codes (`cs.CV`, `arXiv:2606.27646
    [cs.CV]`) and category names as Zotero writes them (`Computer Science - Machine Learning`,
    anywhere in the text); other keywords are not categories."""
    from generator.read.ingest.arxiv_names import named_codes
    from generator.read.normalize import is_arxiv_code

    found = []
    for text in texts:
        found += named_codes(text)
        words = (word.strip("[](),;") for word in text.replace(",", " ").split())
        found += [word for word in words if is_arxiv_code(word)]
    return tuple(dict.fromkeys(found))


def split_keywords(text: str) -> tuple[str, ...]:
    """A keywords field as its keywords: split at `;` where there is one, else at `,`. An arXiv
    category name holds commas (`Distributed, Parallel, and Cluster Computing`): each is
    taken out whole first (normalize leaves category names and codes out of keywords)."""
    from generator.read.ingest.arxiv_names import without_category_names

    rest = without_category_names(text)
    return tuple(part.strip() for part in rest.split(";" if ";" in rest else ",") if part.strip())


def comment_of(*notes: str) -> str:
    """The author's comment a reference manager keeps as a note (`Comment: 18 pages, 6 figures`)."""
    return next(
        (
            note.strip()[len("Comment:") :].strip()
            for note in notes
            if note.strip().lower().startswith("comment:")
        ),
        "",
    )


ARXIV_MENTION = re.compile(
    rf"^\s*arXiv:\s*{ARXIV_ID}|^10\.48550/arXiv\."
    r"|^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/",
    re.IGNORECASE,
)


def arxiv_source(*values: str) -> str:
    """The first value that names an arXiv paper as an identifier does: an `arXiv:ID` note or
    number, an arXiv DOI, an arxiv.org link. An id mentioned in prose (`text overlap with
    arXiv:2301.12345`) names another paper and is never taken."""
    return next((value for value in values if value and ARXIV_MENTION.match(value)), "")


MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def date_of(year: str, month: str = "", day: str = "") -> str:
    """`2024`, `jun` or `6`, `29` -> `2024-06-29`; as far as they go (`2024-06`, `2024`): a
    source that gives no day gets none invented."""
    year, month, day = str(year).strip(), str(month).strip(), str(day).strip()
    if not re.fullmatch(r"\d{4}", year):
        return ""
    number = MONTHS.get(month[:3].lower()) or (
        int(month) if month.isdigit() and 1 <= int(month) <= 12 else 0
    )
    if not number:
        return year
    return f"{year}-{number:02d}-{int(day):02d}" if day.isdigit() else f"{year}-{number:02d}"


TRUNCATION_MARKS = ("others", "et al")


def listed_authors(names: Iterable[str]) -> tuple[tuple[str, ...], bool]:
    """The names, and whether the list says it goes on: BibTeX's `and others` (Google Scholar,
    JabRef) or an `et al.` written as a name marks the list truncated, as `et al.` does in the
    other formats; it is never an author. Empty names are left out."""
    kept = tuple(name.strip() for name in names if name.strip())
    authors = tuple(name for name in kept if not _truncation_mark(name))
    return authors, len(authors) < len(kept)


# arXiv's listings: `et al. (120 additional authors not shown)`.
NOT_SHOWN = re.compile(r"\s*\(\d+ additional authors? not shown\)$", re.IGNORECASE)


def _truncation_mark(name: str) -> bool:
    name = NOT_SHOWN.sub("", name)
    return " ".join(name.replace(".", " ").lower().split()) in TRUNCATION_MARKS


def first_last(name: str) -> str:
    """`Wigger, Michèle` -> `Michèle Wigger`, as reference managers write names; a name
    without a comma as it is."""
    last, comma, given = (part.strip() for part in name.partition(","))
    return f"{given} {last}".strip() if comma and given else last


# A bracket, or what separates two names: `, `, `; `, `, and `, ` and `.
BRACKET_OR_NAME_BREAK = re.compile(r"[()]|\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)", re.IGNORECASE)


def split_names(text: str) -> tuple[str, ...]:
    """`Ann Lee, Bo Chen and Cy Diaz` (arXiv's author line, as its pages, RSS `dc:creator` and
    metadata strings write it) -> its names; a comma inside parentheses (an affiliation,
    `Ann Lee (MIT, USA)`) splits nothing."""
    names, depth, start = [], 0, 0
    for match in BRACKET_OR_NAME_BREAK.finditer(text):
        if match.group() in "()":
            depth += 1 if match.group() == "(" else -1 if depth else 0
        elif not depth:
            names.append(text[start : match.start()])
            start = match.end()
    return tuple(name.strip() for name in (*names, text[start:]) if name.strip())


def names_listed(text: str) -> tuple[tuple[str, ...], bool]:
    """An author line's names (split_names) and whether it says it goes on (listed_authors):
    `A, B, et al. (120 additional authors not shown)` is A and B, truncated."""
    return listed_authors(split_names(text))


def doi_url(doi: str) -> str:
    """A DOI as a link (`10.1/x` or a doi.org URL already); "" for none."""
    doi = doi.strip()
    return (
        doi
        if doi.lower().startswith(("http://", "https://")) or not doi
        else f"https://doi.org/{doi}"
    )


def span(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))

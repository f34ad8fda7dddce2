"""Spreadsheets saved as CSV or TSV (the csv module): a header row names the columns, one
paper per row. Column names are matched case-insensitively to COLUMNS; a file whose header
names no abstract column is rejected whole, naming the columns it found.
"""

from __future__ import annotations

import csv
import io

from generator.model import RawRecord, SourceRef
from generator.read.ingest.accounting import (
    Parsed,
    accounted,
    arxiv_codes,
    arxiv_source,
    doi_url,
    first_last,
    listed_authors,
    rejected_whole,
    span,
    split_keywords,
)
from generator.read.ingest.sheet_dates import dated

# field -> the header names a spreadsheet may give it (first match wins)
COLUMNS = {
    "abstract": ("abstract", "summary", "abstract note", "abstractnote"),
    "title": ("title", "paper title"),
    "authors": ("authors", "author", "creators"),
    "date": ("date", "published", "publication date", "year", "publication year"),
    "arxiv_id": ("arxiv_id", "arxiv id", "arxiv", "eprint"),
    "url": ("url", "link", "pdf"),
    "doi": ("doi",),
    "categories": ("categories", "category", "primary category"),
    "comment": ("comment", "comments", "notes"),
    "keywords": ("keywords", "keyword", "manual tags"),
    "extra": ("extra",),  # Zotero's: `arXiv:2606.27646 [cs.CV]` for an arXiv preprint
}


def parse_table(file: str, lines: list[str], delimiter: str) -> Parsed:
    delimiter = _semicolons(lines) if delimiter == "," else delimiter
    kind = _kind(delimiter)
    reader = csv.reader(io.StringIO("\n".join(lines) + "\n"), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return rejected_whole(file, lines, "empty table")
    except csv.Error as error:
        return rejected_whole(file, lines, f"invalid {kind} header: {error}")
    columns, header_end = _columns(header), reader.line_num
    if "abstract" not in columns:
        found = ", ".join(name.strip() for name in header if name.strip())[:200]
        return rejected_whole(
            file,
            lines,
            f"{kind} header names no abstract column "
            f"(found: {found or 'none'}); see the README's column names",
        )
    records, rejected = _rows(reader, len(header), columns, file, lines, kind)
    records, unclear = dated(records)
    for record, problem in unclear:
        rejected.update(dict.fromkeys(record.lines, problem))
    # The header is known whatever its length: Zotero's 93 column names are as long as prose.
    header_lines = dict.fromkeys(span(1, header_end), f"{kind} header")
    return accounted(file, lines, records, rejected, f"{kind} row of empty cells", header_lines)


def _rows(reader, width: int, columns: dict[str, int], file: str, lines: list[str], kind: str):
    """The records of the rows after the header, and the lines rejected (line -> reason): a
    row of the wrong width, one with no abstract, and everything from a broken quote on."""
    records, rejected, last = [], {}, reader.line_num
    failure = f"invalid {kind}: unterminated quote"  # what stops a file that just ends
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader cannot resync after a broken quote: this row and the rest are rejected.
            failure = f"invalid {kind} after line {last}: {error} (this row and the rest not read)"
            break
        lines_of, last = span(last + 1, reader.line_num), reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # a blank row: accounted as blank lines or a row of empty cells
        if len(row) != width:
            rejected.update(
                dict.fromkeys(lines_of, f"row has {len(row)} cells, the header {width}")
            )
            continue
        record = _row_record(row, columns, SourceRef(file, lines_of[0]), lines_of)
        if record.abstract:
            records.append(record)
        else:
            title = f" ({' '.join(record.title.split())[:80]})" if record.title else ""
            rejected.update(dict.fromkeys(lines_of, f"row with an empty abstract{title}"))
    rejected.update({n: failure for n in span(last + 1, len(lines)) if lines[n - 1].strip()})
    return records, rejected


def _semicolons(lines: list[str]) -> str:
    """ ";" where a CSV's header names an abstract column only when cut at semicolons (Excel
    saves CSV so where the decimal mark is a comma), else ","."""
    header = next((line for line in lines if line.strip()), "")
    by_comma, by_semicolon = (
        _columns(next(csv.reader([header], delimiter=mark), [])) for mark in ",;"
    )
    return ";" if "abstract" in by_semicolon and "abstract" not in by_comma else ","


def _kind(delimiter: str) -> str:
    return "TSV" if delimiter == "\t" else "CSV"


def _columns(header: list[str]) -> dict[str, int]:
    names = [" ".join(name.replace("_", " ").lower().split()) for name in header]
    found = {}
    for field, options in COLUMNS.items():
        for option in options:
            key = " ".join(option.replace("_", " ").split())
            if key in names:
                found[field] = names.index(key)
                break
    return found


def _row_record(
    row: list[str], columns: dict[str, int], ref: SourceRef, lines: tuple[int, ...]
) -> RawRecord:
    def cell(field: str) -> str:
        return row[columns[field]].strip() if field in columns else ""

    authors, truncated = listed_authors(_authors(cell("authors")))
    doi, extra = cell("doi"), cell("extra")
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=cell("abstract"),
        title=cell("title"),
        authors=authors,
        authors_truncated=truncated,
        date=cell("date"),
        arxiv_id=cell("arxiv_id") or arxiv_source(extra, doi, cell("url")),
        categories=tuple(
            dict.fromkeys((*cell("categories").replace(",", " ").split(), *arxiv_codes(extra)))
        ),
        urls=tuple(url for url in (cell("url"), doi_url(doi)) if url),
        comment=cell("comment"),
        keywords=split_keywords(cell("keywords")),
    )


def _authors(cell: str) -> tuple[str, ...]:
    """Names split at line breaks, `;` or ` and `, else at commas; each `Last, First` (as
    reference managers export them: `Pestourie, Raphaël; Kang, Chanik`) as `First Last`."""
    separator = next((mark for mark in ("\n", ";", " and ") if mark in cell), "")
    if not separator:
        parts = [part.strip() for part in cell.split(",")]
        if (
            len(parts) == 2
            and all(parts)
            and len(parts[0].split()) == 1
            and len(parts[1].split()) <= 2
        ):
            return (first_last(cell),)  # one `Last, First`
        separator = ","
    names = [name.strip() for name in cell.split(separator) if name.strip()]
    return tuple(first_last(name) if name.count(",") == 1 else name for name in names)

"""Reference-manager exports: BibTeX (bibtexparser v2, LaTeX decoded with its pylatexenc
middleware, `%` kept literal) and RIS (rispy). Each entry becomes one record spanning its
lines; an entry with no abstract, or one the library cannot parse, is rejected on its lines
with the reason.
"""

from __future__ import annotations

import logging
import re

from generator.model import RawRecord, SourceRef
from generator.read.ingest.accounting import (
    Parsed,
    accounted,
    arxiv_codes,
    arxiv_source,
    comment_of,
    date_of,
    doi_url,
    first_last,
    listed_authors,
    rejected_whole,
    span,
    split_keywords,
)

# A `%` not escaped by a backslash (an even run of backslashes before it escapes only them).
BARE_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")
URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}\s]+)\}")
RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")


def parse_bibtex(file: str, lines: list[str]) -> Parsed:
    import bibtexparser
    from bibtexparser import middlewares, model

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its notes become rejections here
    library = bibtexparser.parse_string(
        "\n".join(lines),
        append_middleware=[
            _percent_literal_decoding(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    records, rejected = [], {}
    for block in library.blocks:
        lines_of = span(block.start_line + 1, block.start_line + 1 + block.raw.rstrip().count("\n"))
        if isinstance(block, model.ParsingFailedBlock):
            message = " ".join(str(block.error).split())[:160] or "unbalanced braces or quotes"
            reason = f"BibTeX syntax error in this entry: {message}"
            rejected.update(dict.fromkeys(lines_of, reason))
        elif isinstance(block, model.Entry):
            record = _bib_record(block, SourceRef(file, lines_of[0]), lines_of)
            if record.abstract:
                records.append(record)
            else:
                rejected.update(
                    dict.fromkeys(lines_of, f"@{block.entry_type}{{{block.key}}} has no abstract")
                )
    if not library.entries and not rejected:
        return rejected_whole(file, lines, "no BibTeX entry (@type{key, ...}) in this file")
    return accounted(file, lines, records, rejected, "BibTeX comment or @string/@preamble")


def _percent_literal_decoding():
    """bibtexparser's LaTeX decoding, except that a bare `%` in a field value stays a percent
    sign: JabRef and Google Scholar write `50%` unescaped, and pylatexenc would read it as a
    comment and cut the value there. Each bare `%` is escaped (`\\%`) before decoding."""
    from bibtexparser import middlewares

    class PercentLiteralDecoding(middlewares.LatexDecodingMiddleware):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            return super()._transform_python_value_string(BARE_PERCENT.sub(r"\1\\%", python_string))

    return PercentLiteralDecoding()


def _bib_record(entry, ref: SourceRef, lines: tuple[int, ...]) -> RawRecord:
    fields = {key.lower(): value for key, value in ((f.key, f.value) for f in entry.fields)}

    def text(key: str) -> str:
        return str(fields.get(key) or "").strip()

    doi = text("doi")
    urls = [text("url"), *URL_COMMAND.findall(entry.raw)]
    urls.append(doi_url(doi))
    eprint = text("eprint") if text("archiveprefix").lower() in ("", "arxiv") else ""
    arxiv = eprint or arxiv_source(text("note"), doi, text("url"))
    authors, truncated = listed_authors(_bib_name(name) for name in fields.get("author") or ())
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=text("abstract"),
        title=text("title"),
        authors=authors,
        authors_truncated=truncated,
        date=text("date") or date_of(text("year"), text("month"), text("day")),
        arxiv_id=arxiv,
        urls=tuple(url for url in urls if url),
        comment=comment_of(text("annote")),
        keywords=split_keywords(text("keywords")),
        categories=arxiv_codes(text("primaryclass"), text("note"), text("keywords")),
    )


def _bib_name(name) -> str:
    if isinstance(name, str):
        return name.strip()
    whole = " ".join([*name.first, *name.von, *name.last]).strip()
    return f"{whole}, {' '.join(name.jr)}" if name.jr else whole


def parse_ris(file: str, lines: list[str]) -> Parsed:
    """Records from `TY  - ` to `ER  - `, each read by rispy; lines outside a record must be
    blank."""
    import rispy

    records, rejected, start = [], {}, None
    for number, line in enumerate(lines, 1):
        tag = RIS_TAG.match(line)
        if tag and tag.group(1) == "TY":
            if start is not None:
                rejected.update(
                    dict.fromkeys(span(start, number - 1), "RIS record with no ER line")
                )
            start = number
        elif tag and tag.group(1) == "ER" and start is not None:
            lines_of = span(start, number)
            try:
                # An abstract may come in several AB (or N2) lines: all of them, not the first.
                entry = rispy.loads(
                    "\n".join(lines[start - 1 : number]),
                    list_tags=[*rispy.LIST_TYPE_TAGS, "AB", "N2"],
                )[0]
            except (IndexError, KeyError, ValueError, TypeError) as error:
                rejected.update(
                    dict.fromkeys(lines_of, f"RIS record rispy cannot read: {error}"[:200])
                )
            else:
                record = _ris_record(entry, SourceRef(file, start), lines_of)
                if record.abstract:
                    records.append(record)
                else:
                    rejected.update(dict.fromkeys(lines_of, "RIS record with no abstract (AB)"))
            start = None
        elif start is None and line.strip():
            rejected[number] = "outside a RIS record (TY  - ... ER  - )"
    if start is not None:
        rejected.update(dict.fromkeys(span(start, len(lines)), "RIS record with no ER line"))
    return accounted(file, lines, records, rejected, "RIS structure")


def _ris_record(entry: dict, ref: SourceRef, lines: tuple[int, ...]) -> RawRecord:
    def first(*keys: str) -> str:
        return next((_text(entry[k]) for k in keys if entry.get(k)), "")

    doi = first("doi")
    urls = [*(entry.get("urls") or ()), *([doi_url(doi)] if doi else [])]
    arxiv = arxiv_source(doi, *urls, first("number"), *_notes(entry.get("notes")))
    date = first("date", "publication_year", "year")
    authors, truncated = listed_authors(
        first_last(a) for a in entry.get("authors") or entry.get("first_authors") or ()
    )
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=first("abstract", "notes_abstract"),
        title=first("title", "primary_title"),
        authors=authors,
        authors_truncated=truncated,
        date=_ris_date(date),
        arxiv_id=arxiv,
        urls=tuple(u for u in urls if u),
        categories=arxiv_codes(*(entry.get("keywords") or ())),
        keywords=tuple(str(keyword) for keyword in entry.get("keywords") or ()),
        comment=comment_of(*_notes(entry.get("notes"))),
    )


def _notes(value) -> list[str]:
    return [value] if isinstance(value, str) else [str(note) for note in value or ()]


def _text(value) -> str:
    return (
        " ".join(str(part).strip() for part in value)
        if isinstance(value, list)
        else str(value).strip()
    )


def _ris_date(text: str) -> str:
    """RIS dates are `YYYY/MM/DD/other`, any part empty: `2024/06/29/`, `2024//`."""
    parts = [part for part in text.split("/")[:3]]
    year, month, day = (parts + ["", "", ""])[:3]
    return date_of(year, month, day)

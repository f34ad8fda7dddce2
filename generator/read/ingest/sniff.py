"""Which reader a dump needs, from its name and its first lines; and the files no reader may
guess at (an HTML page, a broken export of a structured format), rejected whole with a reason
that names the closest format and what did not fit."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from generator.read.ingest.atom import looks_like_feed
from generator.read.ingest.csl import looks_like_csl
from generator.read.ingest.schema import ARXIV_FIELDS, MAX_RECORD_CHARS, OWN_SCHEMA
from generator.read.ingest.table import COLUMNS

BIBTEX_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]\s*[^\s,{}()]*\s*,")  # `@misc{key,`
BIBTEX_FIELD = re.compile(r"^\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")
HTML_LINE = re.compile(
    r"^\s*<(?:!doctype"
    r"|/?(?:html|head|body|div|span|p|a|li|ul|ol|table|tr|td|meta|script|link|h\d)\b)",
    re.IGNORECASE,
)
FOREIGN_SHARE = 0.2  # of a text file's content lines shaped like another format's fields: rejected

BY_SUFFIX = {
    ".jsonl": "arxiv-jsonl",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".csv": "csv",
    ".tsv": "tsv",
    ".yaml": "records",
    ".yml": "records",
}


def structured_format(file: str, lines: list[str]) -> str:
    """The structured format a dump is in ("" for text): by extension, else by its first line."""
    suffix = Path(file).suffix.lower()
    content = [line for line in lines[:200] if line.strip() and not line.lstrip().startswith("%")]
    first = content[0] if content else ""
    head = "\n".join(lines[:400])
    if suffix in BY_SUFFIX:
        return BY_SUFFIX[suffix]
    if suffix == ".json" and _json_lines(content):
        return "arxiv-jsonl"  # Kaggle's arxiv-metadata-oai-snapshot.json is JSON Lines
    if suffix == ".json":
        return "csl-json" if looks_like_csl("\n".join(lines)) else "records"
    if suffix in (".xml", ".atom", ".rss") or looks_like_feed(head):
        return "feed"
    if BIBTEX_START.match(first):
        return "bibtex"
    if RIS_LINE.match(first) and first.startswith("TY"):
        return "ris"
    if first.lstrip().startswith("[") and looks_like_csl("\n".join(lines)):
        return "csl-json"
    for delimiter, kind in (("\t", "tsv"), (",", "csv")):
        if first.count(delimiter) >= 1 and _names_an_abstract(first.split(delimiter)):
            return kind
    return ""


def _json_lines(content: list[str]) -> bool:
    """Two or more lines, each a whole JSON object (no single JSON document is that), or one
    object with fields only arXiv's shapes have (`head -1` of the Kaggle snapshot)."""
    objects = [_json_object(line) for line in content[:3]]
    if len(objects) >= 2:
        return all(found is not None for found in objects)
    keys = set(objects[0]) if objects and objects[0] is not None else set()
    return bool(keys - OWN_SCHEMA.keys()) and keys <= ARXIV_FIELDS


def _json_object(line: str) -> dict | None:
    """The line as a JSON object, or None (never raises: nesting too deep is none)."""
    if not line.lstrip().startswith("{") or len(line) > MAX_RECORD_CHARS:
        return None
    try:
        found = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return found if isinstance(found, dict) else None


def _names_an_abstract(cells: list[str]) -> bool:
    names = {" ".join(cell.strip().strip('"').replace("_", " ").lower().split()) for cell in cells}
    return any(option in names for option in COLUMNS["abstract"]) and len(names) >= 2


HEADER_CELL = re.compile(r"[\w .()-]{1,40}")


def foreign_text(lines: list[str]) -> str:
    """Why a text dump must not be read line by line ("" when it may): an HTML page, lines
    shaped like BibTeX or RIS fields that the structured readers did not get whole, or a
    table whose header names no abstract column."""
    content = [line for line in lines if line.strip()]
    if not content:
        return ""
    if table := _headed_table(content):
        return table
    shapes = {"an HTML page": HTML_LINE, "BibTeX": BIBTEX_FIELD, "RIS": RIS_LINE}
    for name, pattern in shapes.items():
        matching = [line for line in content if pattern.match(line)]
        if len(matching) >= 3 and len(matching) >= FOREIGN_SHARE * len(content):
            example = matching[0].strip()[:40]
            fix = {
                "an HTML page": "save the page's text, or export the list from the site",
                "BibTeX": "export it whole as .bib (each entry starting @type{key,)",
                "RIS": "export it whole as .ris (each record from TY  - to ER  - )",
            }[name]
            return (
                f"looks like {name} ({len(matching)} of {len(content)} lines like {example!r}) "
                f"but does not read as one: {fix}"
            )
    return ""


def _headed_table(content: list[str]) -> str:
    """A first line of three or more short column names, and rows (read as CSV/TSV) of exactly
    as many cells: a title with commas above abstracts with commas is no table."""
    for delimiter, kind in (("\t", "TSV"), (",", "CSV")):
        cells = [cell.strip().strip('"') for cell in content[0].split(delimiter)]
        if len(cells) < 3 or not all(HEADER_CELL.fullmatch(cell) for cell in cells):
            continue
        try:
            widths = [len(row) for row in csv.reader(content[1:], delimiter=delimiter)]
        except csv.Error:
            continue
        rows = sum(width == len(cells) for width in widths)
        if rows and rows >= 0.8 * len(widths):
            return (
                f"looks like {kind} (header: {', '.join(cells)[:120]}) but the header names no "
                "abstract column: name one `abstract` (see the README's column names)"
            )
    return ""

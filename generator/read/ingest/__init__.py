"""Ingest: read every dump in the sources folder, detect its format, parse it.

Each format has one small parser returning (records, chrome, rejected); every input
line lands in exactly one of them, which `ParsedSource.unaccounted_lines` checks.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import replace
from pathlib import Path

from generator.model import LineNote, ParsedSource, SourceRef
from generator.read.ingest import lines as L
from generator.read.ingest.abstracts import (
    find_affiliation_header,
    parse_abstract_lines,
)
from generator.read.ingest.arxiv_abs import is_arxiv_abstract_page, parse_arxiv_abstract_pages
from generator.read.ingest.atom import parse_feed
from generator.read.ingest.csl import parse_csl_json
from generator.read.ingest.listing import is_listing_head, parse_listing
from generator.read.ingest.pages import (
    is_arxiv_listing,
    is_hf_daily_list,
    is_hf_paper_page,
    parse_arxiv_listing,
    parse_hf_daily_list,
    parse_hf_paper_page,
)
from generator.read.ingest.references import parse_bibtex, parse_ris
from generator.read.ingest.sniff import foreign_text, structured_format
from generator.read.ingest.structured import parse_jsonl, parse_own_schema
from generator.read.ingest.table import parse_table
from generator.read.ingest.titled import parse_titled_abstracts
from generator.read.ingest.wrapped import original_lines, unwrap

PARSERS = {
    "arxiv-jsonl": parse_jsonl,
    "records": parse_own_schema,
    "bibtex": parse_bibtex,
    "ris": parse_ris,
    "csl-json": parse_csl_json,
    "feed": parse_feed,
    "csv": lambda file, lines: parse_table(file, lines, ","),
    "tsv": lambda file, lines: parse_table(file, lines, "\t"),
    "arxiv-listing-page": parse_arxiv_listing,
    "arxiv-abstract-page": parse_arxiv_abstract_pages,
    "hf-paper-page": parse_hf_paper_page,
    "hf-daily-page": parse_hf_daily_list,
    "listing": parse_listing,
    "abstract-lines": parse_abstract_lines,
    "titled-abstracts": parse_titled_abstracts,
}
SKIPPED_NAMES = ("README", ".")
logger = logging.getLogger(__name__)


def detect_format(file: str, lines: list[str]) -> str:
    """Name of the parser for a dump: a structured format by extension or first line
    (sniff.structured_format), else by line shapes for text."""
    return structured_format(file, lines) or detect_text_format(lines)


def detect_text_format(lines: list[str]) -> str:
    for kind, recognizes in (
        ("arxiv-listing-page", is_arxiv_listing),
        ("arxiv-abstract-page", is_arxiv_abstract_page),
        ("hf-paper-page", is_hf_paper_page),
        ("hf-daily-page", is_hf_daily_list),
    ):
        if recognizes(lines):
            return kind
    content = [line for line in lines if not (L.is_blank(line) or L.is_chrome(line))]
    abstracts = [L.is_abstract(line) for line in content]
    if not any(abstracts):
        return "unknown"
    # each line beside whether the next one is an abstract (the last line has no next)
    if any(
        is_listing_head(line) and nxt for line, nxt in zip(content, abstracts[1:], strict=False)
    ):
        return "listing"
    short = abstracts.count(False)
    if short == 0:
        return "abstract-lines"
    if short == 1 and find_affiliation_header(lines) is not None:
        return "abstract-lines"
    return "titled-abstracts"


TEXT_FORMATS = ("listing", "abstract-lines", "titled-abstracts")


def parse_text(file: str, text: str) -> ParsedSource:
    lines = L.split_lines(text)
    structured = structured_format(file, lines)
    if not structured and (logical := unwrap(lines)) is not None:
        joined = [line for line, _ in logical]
        if (kind := detect_text_format(joined)) in TEXT_FORMATS and not foreign_text(joined):
            records, chrome, rejected = original_lines(logical, *PARSERS[kind](file, joined))
            return ParsedSource(
                file,
                f"{kind} (hard-wrapped lines joined)",
                len(lines),
                tuple(records),
                tuple(chrome),
                tuple(rejected),
            )
    kind = structured or detect_text_format(lines)
    if kind in TEXT_FORMATS and (reason := foreign_text(lines)):
        return ParsedSource(
            file,
            "unknown",
            len(lines),
            rejected=tuple(LineNote(SourceRef(file, n), reason) for n in range(1, len(lines) + 1)),
        )
    if kind == "unknown":
        return _unknown_format(file, lines)
    records, chrome, rejected = PARSERS[kind](file, lines)
    return ParsedSource(file, kind, len(lines), tuple(records), tuple(chrome), tuple(rejected))


def _unknown_format(file: str, lines: list[str]) -> ParsedSource:
    """No abstracts at all: known chrome stays chrome, every other line is rejected, with what
    an abstract line needs beside what the file's longest line has."""
    longest = max(lines, key=lambda line: len(line.strip()), default="")
    reason = (
        f"unknown format: no line of this file reads as an abstract (the longest has "
        f"{len(longest.strip())} characters and {len(longest.split())} words; an abstract line "
        f"has at least {L.ABSTRACT_MIN_CHARS} and {L.ABSTRACT_MIN_WORDS})"
    )
    chrome, rejected = [], []
    for number, line in enumerate(lines, 1):
        ref = SourceRef(file, number)
        if L.is_blank(line) or L.is_chrome(line):
            chrome.append(LineNote(ref, "blank line" if L.is_blank(line) else "page chrome"))
        else:
            rejected.append(LineNote(ref, reason))
    return ParsedSource(file, "unknown", len(lines), chrome=tuple(chrome), rejected=tuple(rejected))


def read_source(path: Path, name: str) -> ParsedSource:
    try:
        data = path.read_bytes()
    except OSError as error:
        return unreadable(name, error)
    return parse_bytes(name, data)


def unreadable(name: str, error: OSError) -> ParsedSource:
    """A dump that could not be read at all: one rejection for the file, the rest goes on."""
    reason = f"cannot read this file: {error.strerror or error}"
    return ParsedSource(name, "unreadable", 0, rejected=(LineNote(SourceRef(name, 0), reason),))


def parse_bytes(name: str, data: bytes) -> ParsedSource:
    try:
        text, note = L.decode(data)
    except L.UnreadableFile as error:
        lines = max(1, data.count(b"\n"))
        rejected = tuple(LineNote(SourceRef(name, n), str(error)) for n in range(1, lines + 1))
        return ParsedSource(name, error.kind, lines, rejected=rejected)
    parsed = parse_text(name, text)
    if not parsed.line_count:
        return ParsedSource(
            name, "empty", 0, rejected=(LineNote(SourceRef(name, 0), "empty file"),)
        )
    return parsed if not note else _with_note(parsed, note)


def _with_note(parsed: ParsedSource, note: str) -> ParsedSource:
    return replace(parsed, format=f"{parsed.format} ({note})")


def source_files(folder: Path) -> list[Path]:
    """The dumps under `folder`: hidden files and folders (`.git/`, editor files) and READMEs
    are not dumps and are not read. Symlinked folders are followed (each real folder once);
    what is not a regular file (a FIFO, a socket, a device) is skipped with a warning, never
    opened (reading a FIFO would wait forever)."""
    files, seen = [], set()
    for parent, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(parent)
        if real in seen:  # a link back up the tree, or a second link to one folder
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        files += [Path(parent, name) for name in names if not name.startswith(SKIPPED_NAMES)]
    return sorted(
        (path for path in files if is_dump_file(path)),
        key=lambda p: p.relative_to(folder).as_posix(),
    )


def is_dump_file(path: Path) -> bool:
    """A regular file (through links); anything else is logged and left alone."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        logger.warning("skipped %s: %s", path, error.strerror or error)
        return False
    if not stat.S_ISREG(mode):
        logger.warning("skipped %s: not a regular file", path)
        return False
    return True


def read_sources(folder: Path) -> tuple[ParsedSource, ...]:
    return tuple(
        read_source(path, path.relative_to(folder).as_posix()) for path in source_files(folder)
    )

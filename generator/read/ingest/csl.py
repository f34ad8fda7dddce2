"""CSL-JSON, as Zotero and other reference managers export it: a JSON array of items
(`title`, `author` as family/given, `abstract`, `issued` date parts, `DOI`, `URL`, `number`).
Each item spans the lines from its `{` to its `}`; a syntax error rejects the file with its line.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from generator.model import RawRecord, SourceRef
from generator.read.ingest.accounting import (
    Parsed,
    accounted,
    arxiv_codes,
    arxiv_source,
    comment_of,
    date_of,
    doi_url,
    listed_authors,
    rejected_whole,
    split_keywords,
)

WHITESPACE = re.compile(r"\s*")
# Keys only CSL items have (the project's own records use `authors`, `date`, `links`).
CSL_KEYS = ("issued", "container-title", "DOI", "URL", "citation-key", "accessed")
CSL_KEY = re.compile('"(?:' + "|".join(CSL_KEYS) + ')"\\s*:')


def looks_like_csl(text: str) -> bool:
    """A JSON array whose first item is an object with a CSL `type` and a CSL-only key; or,
    where the JSON has a syntax error, one whose start holds such keys (the error is then
    reported as CSL-JSON's, with its line)."""
    try:
        items, _ = json_array(text, limit=1)
    except (ValueError, RecursionError):
        head = text[:8192]
        return text.lstrip().startswith("[") and '"type"' in head and bool(CSL_KEY.search(head))
    return (
        bool(items)
        and isinstance(items[0][0], dict)
        and "type" in items[0][0]
        and any(key in items[0][0] for key in CSL_KEYS)
    )


def json_array(text: str, limit: int | None = None) -> tuple[list[tuple[Any, int, int]], int]:
    """The items of a top-level JSON array with the character span of each (stdlib json,
    one item at a time), and where the array ends. Raises json.JSONDecodeError (a ValueError)
    with the place it failed."""
    decoder, end = json.JSONDecoder(), _skip(text, 0)
    if text[end : end + 1] != "[":
        raise json.JSONDecodeError("expected a JSON array of items", text, end)
    items: list[tuple[Any, int, int]] = []
    position = _skip(text, end + 1)
    if text[position : position + 1] == "]":
        return items, position + 1
    while limit is None or len(items) < limit:
        value, stop = decoder.raw_decode(text, position)
        items.append((value, position, stop))
        position = _skip(text, stop)
        if text[position : position + 1] == "]":
            return items, position + 1
        if text[position : position + 1] != ",":
            raise json.JSONDecodeError("expected ',' or ']' after an item", text, position)
        position = _skip(text, position + 1)
    return items, position


def _skip(text: str, position: int) -> int:
    """Past the JSON whitespace at `position`."""
    match = WHITESPACE.match(text, position)
    return match.end() if match else position


def parse_csl_json(file: str, lines: list[str]) -> Parsed:
    text = "\n".join(lines)
    try:
        items, end = json_array(text)
        if (rest := _skip(text, end)) < len(text):
            raise json.JSONDecodeError("text after the array", text, rest)
    except json.JSONDecodeError as error:
        return rejected_whole(
            file,
            lines,
            f"invalid CSL-JSON (line {error.lineno}, column {error.colno}): {error.msg}",
        )
    except RecursionError:
        return rejected_whole(file, lines, "invalid CSL-JSON: nested too deeply")
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)  # 1-based

    records: list[RawRecord] = []
    rejected: dict[int, str] = {}
    for item, start, stop in items:
        lines_of = tuple(range(line_of(start), line_of(stop - 1) + 1))
        if not isinstance(item, dict):
            rejected.update(dict.fromkeys(lines_of, "a CSL item must be a JSON object"))
        elif (record := _csl_record(item, SourceRef(file, lines_of[0]), lines_of)).abstract:
            records.append(record)
        else:
            rejected.update(dict.fromkeys(lines_of, "CSL item with no abstract"))
    return accounted(file, lines, records, rejected, "JSON structure")


def _csl_record(item: dict, ref: SourceRef, lines: tuple[int, ...]) -> RawRecord:
    def text(key: str) -> str:
        return item[key].strip() if isinstance(item.get(key), str) else ""

    doi = text("DOI")
    urls = [text("URL"), doi_url(doi)]
    arxiv = arxiv_source(text("number"), doi, text("URL"), text("archive_location"), text("note"))
    authors, truncated = listed_authors(map(_csl_name, item.get("author") or []))
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=text("abstract"),
        title=text("title"),
        authors=authors,
        authors_truncated=truncated,
        date=_csl_date(item.get("issued")),
        arxiv_id=arxiv,
        categories=arxiv_codes(text("note"), text("keyword")),
        comment=comment_of(text("note")),
        keywords=split_keywords(text("keyword")),
        urls=tuple(url for url in urls if url),
    )


def _csl_name(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    if isinstance(person.get("literal"), str):
        return person["literal"].strip()
    parts = (person.get(key) for key in ("given", "non-dropping-particle", "family", "suffix"))
    return " ".join(
        str(part).strip() for part in parts if isinstance(part, (str, int)) and str(part).strip()
    )


def _csl_date(issued: Any) -> str:
    """`{"date-parts": [[2024, 6, 29]]}` (numbers or strings, as far as known) or `{"raw": ...}`."""
    if not isinstance(issued, dict):
        return ""
    parts = issued.get("date-parts")
    known = parts[0][:3] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    return (date_of(*map(str, known)) if known else "") or str(issued.get("raw") or "")

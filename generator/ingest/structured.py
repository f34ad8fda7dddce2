"""Structured inputs: arXiv-style JSON Lines, and YAML/JSON records in the project's schema."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..model import LineNote, RawRecord, SourceRef
from . import lines as L

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
ARXIV_DATE_FIELDS = ("date", "published", "updated", "update_date")
OWN_SCHEMA_FIELDS = {
    "title", "abstract", "authors", "authors_truncated", "affiliations", "category",
    "categories", "date", "arxiv_id", "id", "links", "comment",
}

Parsed = tuple[list[RawRecord], list[LineNote], list[LineNote]]


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(item).strip() for item in value if str(item).strip())


def arxiv_record(obj: dict, ref: SourceRef, file_date: str) -> RawRecord:
    urls = tuple(str(obj[key]) for key in ("abs", "pdf") if obj.get(key))
    date = next((str(obj[key]) for key in ARXIV_DATE_FIELDS if obj.get(key)), file_date)
    return RawRecord(
        ref=ref, lines=(ref.line,), abstract=str(obj.get("summary") or obj.get("abstract") or ""),
        title=str(obj.get("title") or ""), authors=_strings(obj.get("authors")),
        categories=_strings(obj.get("categories")), date=date,
        arxiv_id=str(obj.get("id") or ""), urls=urls, comment=str(obj.get("comment") or ""),
    )


def parse_jsonl(file: str, lines: list[str]) -> Parsed:
    match = DATE_IN_NAME.search(file)
    file_date = match.group(1) if match else ""
    records, chrome, rejected = [], [], []
    for index, line in enumerate(lines):
        ref = SourceRef(file, index + 1)
        if L.is_blank(line):
            chrome.append(LineNote(ref, "blank line"))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            rejected.append(LineNote(ref, f"invalid JSON: {error.msg} at column {error.colno}"))
            continue
        problem = _record_problem(obj, ("summary", "abstract"))
        if problem:
            rejected.append(LineNote(ref, problem))
        else:
            records.append(arxiv_record(obj, ref, file_date))
    return records, chrome, rejected


def _record_problem(obj: Any, abstract_keys: tuple[str, ...]) -> str:
    if not isinstance(obj, dict):
        return "record is not an object"
    if not any(isinstance(obj.get(key), str) and obj[key].strip() for key in abstract_keys):
        return f"record has no {' or '.join(abstract_keys)}"
    return ""


def own_record(obj: dict, ref: SourceRef, lines: tuple[int, ...]) -> RawRecord:
    links = obj.get("links") or {}
    urls = tuple(str(url) for url in (links.values() if isinstance(links, dict) else links))
    return RawRecord(
        ref=ref, lines=lines, abstract=str(obj["abstract"]), title=str(obj.get("title") or ""),
        authors=_strings(obj.get("authors")), authors_truncated=bool(obj.get("authors_truncated")),
        affiliations=_strings(obj.get("affiliations")),
        categories=_strings(obj.get("categories") or obj.get("category")),
        date=str(obj.get("date") or ""), arxiv_id=str(obj.get("arxiv_id") or ""), urls=urls,
        comment=str(obj.get("comment") or ""),
    )


def parse_own_schema(file: str, lines: list[str]) -> Parsed:
    """A YAML or JSON list of records (or `{papers: [...]}`); YAML nodes give line numbers."""
    text = "\n".join(lines)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [], [], [LineNote(SourceRef(file, line), f"invalid YAML/JSON: {getattr(error, 'problem', error)}")]
    nodes = _record_nodes(root)
    if nodes is None:
        return [], [], [LineNote(SourceRef(file, 1), "expected a list of records or {papers: [...]}")]
    return _own_records(file, lines, nodes)


def _record_nodes(root: yaml.Node | None) -> list[yaml.Node] | None:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "papers" and isinstance(value, yaml.SequenceNode):
                return value.value
        return None
    return root.value if isinstance(root, yaml.SequenceNode) else None


def _own_records(file: str, lines: list[str], nodes: list[yaml.Node]) -> Parsed:
    records, rejected, used = [], [], set()
    for node in nodes:
        first, last = node.start_mark.line + 1, max(node.start_mark.line + 1, _last_line(node))
        span = tuple(range(first, last + 1))
        used.update(span)
        obj = yaml.safe_load(yaml.serialize(node))
        problem = _record_problem(obj, ("abstract",))
        unknown = sorted(set(obj) - OWN_SCHEMA_FIELDS) if isinstance(obj, dict) else []
        if problem or unknown:
            # The whole record is rejected; each of its lines is reported so none goes missing.
            reason = problem or f"unknown fields: {', '.join(map(str, unknown))}"
            rejected.extend(LineNote(SourceRef(file, n), reason) for n in span)
        else:
            records.append(own_record(obj, SourceRef(file, first), span))
    chrome = [LineNote(SourceRef(file, n), "structure (brackets, keys, comments)")
              for n in range(1, len(lines) + 1) if n not in used]
    return records, chrome, rejected


def _last_line(node: yaml.Node) -> int:
    """Last line holding content of the node (end_mark points past it)."""
    end = node.end_mark
    return end.line if end.column == 0 else end.line + 1

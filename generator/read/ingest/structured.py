"""Structured inputs: arXiv-style JSON Lines, and YAML/JSON records in the project's schema."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest import lines as L
from generator.read.ingest.accounting import doi_url, listed_authors, names_listed
from generator.read.ingest.schema import (
    MAX_RECORD_CHARS,
    MAX_STRUCTURED_BYTES,
    YAML_ONLY_BREAKS,
    NoAliasLoader,
    arxiv_date,
    check_arxiv_record,
    check_own_record,
)

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")

Parsed = tuple[list[RawRecord], list[LineNote], list[LineNote]]


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(item).strip() for item in value if str(item).strip())


def _categories(value: Any) -> tuple[str, ...]:
    """Category codes, listed or in one string (`cs.LG cs.AI`, as arXiv's metadata has them)."""
    return tuple(code for item in _strings(value) for code in item.split())


def arxiv_record(obj: dict, ref: SourceRef, file_date: str) -> RawRecord:
    urls = tuple(str(obj[key]) for key in ("abs", "pdf", "entry_id", "pdf_url") if obj.get(key))
    urls += tuple(doi_url(doi) for doi in str(obj.get("doi") or "").split())  # arXiv allows several
    journal = obj.get("journal-ref") or obj.get("journal_ref")
    notes = (obj.get("comment") or obj.get("comments"), journal)
    primary = _categories(obj.get("primary_category"))
    authors, truncated = _arxiv_authors(obj)
    return RawRecord(
        ref=ref,
        lines=(ref.line,),
        abstract=str(obj.get("summary") or obj.get("abstract") or ""),
        title=str(obj.get("title") or ""),
        authors=authors,
        authors_truncated=truncated,
        categories=tuple(dict.fromkeys((*primary, *_categories(obj.get("categories"))))),
        date=arxiv_date(obj) or file_date,
        arxiv_id=str(obj.get("id") or ""),
        urls=urls,
        comment="; ".join(str(note) for note in notes if note),
    )


def _arxiv_authors(obj: dict) -> tuple[tuple[str, ...], bool]:
    """The names, and whether the list says it goes on. The snapshot's `authors_parsed` ([last,
    first, suffix, affiliation…] each) as `First Last Suffix`, where given: arXiv parsed the
    names itself. Else `authors`, a list or arXiv's one string (`A, B and C`, names_listed)."""
    parsed = obj.get("authors_parsed")
    if parsed and all(isinstance(name, list) and name and _texts(name) for name in parsed):
        # arXiv's parser spaces a hyphenated initial (`C. -P.`): written as the author did
        names = (" ".join((*name[1:2], *name[:1], *name[2:3])) for name in parsed)
        return listed_authors(" ".join(re.sub(r"\s+-", "-", name).split()) for name in names)
    authors = obj.get("authors")
    return names_listed(authors) if isinstance(authors, str) else listed_authors(_strings(authors))


def _texts(items: list) -> bool:
    return all(isinstance(item, str) for item in items)


def parse_jsonl(file: str, lines: list[str]) -> Parsed:
    match = DATE_IN_NAME.search(file)
    file_date = match.group(1) if match else ""
    records, chrome, rejected = [], [], []
    for index, line in enumerate(lines):
        ref = SourceRef(file, index + 1)
        if L.is_blank(line):
            chrome.append(LineNote(ref, "blank line"))
            continue
        obj, problem = _json_record(line)
        if problem:
            rejected.append(LineNote(ref, problem))
        else:
            records.append(arxiv_record(obj, ref, file_date))
    return records, chrome, rejected


def _json_record(line: str) -> tuple[Any, str]:
    """One JSON Lines record and the reason it cannot be used ("" when it can)."""
    if len(line) > MAX_RECORD_CHARS:
        return None, f"record longer than {MAX_RECORD_CHARS // 1024} KiB"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"invalid JSON: {error.msg} at column {error.colno}"
    except RecursionError:
        return None, "invalid record: nested too deeply"
    return obj, check_arxiv_record(obj)


def own_record(obj: dict, ref: SourceRef, lines: tuple[int, ...]) -> RawRecord:
    """A record checked by schema.check_own_record (its values are text, lists of text, a flag)."""
    urls = tuple(obj.get("links") or ())
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=str(obj["abstract"]),
        title=str(obj.get("title") or ""),
        authors=_strings(obj.get("authors")),
        authors_truncated=bool(obj.get("authors_truncated")),
        affiliations=_strings(obj.get("affiliations")),
        categories=_categories(obj.get("categories") or obj.get("category")),
        date=str(obj.get("date") or ""),
        arxiv_id=str(obj.get("arxiv_id") or ""),
        urls=urls,
        comment=str(obj.get("comment") or ""),
    )


def parse_own_schema(file: str, lines: list[str]) -> Parsed:
    """A YAML or JSON list of records (or `{papers: [...]}`); YAML nodes give line numbers."""
    text = "\n".join(lines).translate(YAML_ONLY_BREAKS)
    if file.lower().endswith(".json"):
        # JSON allows tabs between tokens (Zotero indents with them), YAML does not; a string
        # in valid JSON holds none (it escapes them), so they are only whitespace here.
        text = text.replace("\t", " ")
    if len(text) > MAX_STRUCTURED_BYTES:
        return _rejected_whole(
            file, lines, f"records file over {MAX_STRUCTURED_BYTES >> 20} MiB: split it"
        )
    try:
        root = yaml.compose(text, Loader=NoAliasLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        return _rejected_whole(
            file, lines, f"invalid YAML/JSON{where}: {getattr(error, 'problem', error)}"
        )
    except RecursionError:
        return _rejected_whole(file, lines, "invalid YAML/JSON: nested too deeply")
    nodes = _record_nodes(root)
    if nodes is None:
        return _rejected_whole(file, lines, "expected a list of records or {papers: [...]}")
    return _own_records(file, lines, nodes)


def _rejected_whole(file: str, lines: list[str], reason: str) -> Parsed:
    """A file that cannot be read as records: every line of it rejected, with one reason."""
    return [], [], [LineNote(SourceRef(file, n), reason) for n in range(1, len(lines) + 1)]


def _record_nodes(root: yaml.Node | None) -> list[yaml.Node] | None:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "papers" and isinstance(value, yaml.SequenceNode):
                return value.value
        return None
    return root.value if isinstance(root, yaml.SequenceNode) else None


def _own_records(file: str, lines: list[str], nodes: list[yaml.Node]) -> Parsed:
    records: list[RawRecord] = []
    rejected: list[LineNote] = []
    used: set[int] = set()
    for node in nodes:
        first, last = node.start_mark.line + 1, max(node.start_mark.line + 1, _last_line(node))
        span = tuple(
            n for n in range(first, last + 1) if n not in used
        )  # records sharing a line: the first has it
        obj, problem = check_own_record(node)
        if problem and len(span) < last + 1 - first:
            # A bad record on a line another record holds has no line to be rejected on: the
            # file cannot be told apart record by record.
            return _rejected_whole(
                file,
                lines,
                f"line {first}: {problem} (a record sharing a line with "
                "another: fix it, or put one record per line)",
            )
        used.update(span)
        if problem:
            # The whole record is rejected; each of its lines is reported so none goes missing.
            rejected.extend(LineNote(SourceRef(file, n), problem) for n in span)
        else:
            records.append(own_record(obj, SourceRef(file, first), span))
    chrome = [
        LineNote(SourceRef(file, n), "structure (brackets, keys, comments)")
        for n in range(1, len(lines) + 1)
        if n not in used
    ]
    return records, chrome, rejected


def _last_line(node: yaml.Node) -> int:
    """Last line holding content of the node (end_mark points past it). A block collection
    ends where the next token starts, which can be the next record's line: it ends with its
    last child instead."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last)
    end = node.end_mark
    return end.line if end.column == 0 else end.line + 1

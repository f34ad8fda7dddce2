"""The fields a structured record may have, what kind of value each takes, and the limits a
structured file must keep: every record is checked here before use, so a bad one is a
`file:line: reason` rejection and the rest of the file is read.

YAML records are read from the composed node tree, not constructed: a plain scalar in a
text field keeps its source text (`title: yes` is "yes", not True; `date: 2024-02-30` is
checked as a date, not a ValueError), and aliases are refused (no billion laughs, and each
line belongs to one record).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from generator.read.normalize import iso_date

# YAML breaks lines at these too; the dump's lines do not (lines.split_lines): read as spaces.
YAML_ONLY_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}
MAX_STRUCTURED_BYTES = 64 * 1024 * 1024  # a YAML/JSON records file; larger: rejected whole
MAX_RECORD_CHARS = 1024 * 1024  # one JSON Lines record
STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"

Checked = tuple[Any, str]  # (value, problem); problem "" when the value fits


class AliasRefused(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("YAML aliases (*name) are not allowed in a dump")
        self.problem, self.problem_mark = "YAML aliases (*name) are not allowed in a dump", mark


class NoAliasLoader(yaml.SafeLoader):
    """Composes YAML as SafeLoader does, but stops at the first alias."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            raise AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return "nothing" if node.tag == NULL else repr(node.value) if node.tag != STR else "text"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


def text_node(node: yaml.Node) -> Checked:
    """Any scalar, as written (a YAML boolean or number in a text field is its text)."""
    if isinstance(node, yaml.ScalarNode):
        return ("" if node.tag == NULL else node.value), ""
    return "", f"expected text, got {_kind(node)}"


def names_node(node: yaml.Node) -> Checked:
    """A list of names, or one string of comma-separated names."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (STR, NULL):
        return ("" if node.tag == NULL else node.value), ""
    if isinstance(node, yaml.SequenceNode):
        bad = [
            item
            for item in node.value
            if not (isinstance(item, yaml.ScalarNode) and item.tag == STR)
        ]
        if not bad:
            return [item.value for item in node.value], ""
        return None, f"expected a list of names, got {_kind(bad[0])} in it"
    return None, f"expected a list of names or a string, got {_kind(node)}"


def flag_node(node: yaml.Node) -> Checked:
    if isinstance(node, yaml.ScalarNode) and node.tag in (BOOL, NULL):
        return node.value.lower() in ("true", "yes", "on", "y"), ""
    return False, f"expected true or false, got {_kind(node)}"


def date_node(node: yaml.Node) -> Checked:
    value, problem = text_node(node)
    if problem or not value.strip() or iso_date(value):
        return value, problem
    return value, f"not a valid date: {value!r}"


def urls_node(node: yaml.Node) -> Checked:
    """One URL, a list of them, or a mapping of kinds to them (`{code: https://...}`)."""
    if isinstance(node, yaml.ScalarNode) and node.tag in (STR, NULL):
        return (() if node.tag == NULL else (node.value,)), ""
    if not isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
        return (), f"expected a URL, a list of URLs or a mapping of them, got {_kind(node)}"
    items = (
        node.value if isinstance(node, yaml.SequenceNode) else [value for _, value in node.value]
    )
    if all(isinstance(item, yaml.ScalarNode) and item.tag == STR for item in items):
        return tuple(item.value for item in items), ""
    return (), f"expected a URL, a list of URLs or a mapping of them, got {_kind(node)}"


OWN_SCHEMA: dict[str, Callable[[yaml.Node], Checked]] = {
    "title": text_node,
    "abstract": text_node,
    "comment": text_node,
    "arxiv_id": text_node,
    "id": text_node,
    "category": names_node,
    "date": date_node,
    "authors": names_node,
    "affiliations": names_node,
    "categories": names_node,
    "authors_truncated": flag_node,
    "links": urls_node,
}


def check_own_record(node: yaml.Node) -> tuple[dict[str, Any], str]:
    """A record node's fields by OWN_SCHEMA, or the first reason it does not fit."""
    if not isinstance(node, yaml.MappingNode):
        return {}, "record is not a mapping of fields"
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
        if key in values:
            return {}, f"field {key} given twice"
        if key not in OWN_SCHEMA:
            return {}, f"unknown field: {key} (known: {', '.join(sorted(OWN_SCHEMA))})"
        values[key], problem = OWN_SCHEMA[key](value_node)
        if problem:
            return {}, f"{key}: {problem}"
    if not str(values.get("abstract") or "").strip():
        return {}, "record has no abstract"
    return values, ""


ARXIV_TEXT = (
    "id",
    "title",
    "summary",
    "abstract",
    "comment",
    "abs",
    "pdf",
    "date",
    "published",
    "updated",
    "update_date",
    # Kaggle's arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json), a line a paper
    "comments",
    "journal-ref",
    "doi",
    "submitter",
    "report-no",
    "license",
    # the `arxiv` package's Result, as its users dump it (`links` repeats entry_id and pdf_url)
    "entry_id",
    "pdf_url",
    "journal_ref",
    "primary_category",
)
ARXIV_NAMES = ("authors", "categories")
# The snapshot's `versions` (objects, or names in some mirrors) and `authors_parsed` (`authors`
# says the same names); the package's `links`: read for their kind only.
ARXIV_LISTS = ("versions", "authors_parsed", "links")
ARXIV_FIELDS = frozenset((*ARXIV_TEXT, *ARXIV_NAMES, *ARXIV_LISTS))
ARXIV_DATES = ("date", "published", "versions", "updated", "update_date")  # first given wins


def arxiv_date(obj: dict) -> str:
    """The record's date as written: its own, else the first version's (the snapshot's
    `update_date` is the last change, years after a paper appeared), else an update's."""
    for key in ARXIV_DATES:
        value = obj.get(key)
        if key == "versions":  # [{"version": "v1", "created": "Mon, 2 Apr 2007 ..."}, ...]
            value = value[0].get("created") if value and isinstance(value[0], dict) else None
        if value:
            return str(value)
    return ""


def check_arxiv_record(obj: Any) -> str:
    """The reason a JSON Lines record does not fit: an unknown field, a value of the wrong
    kind, no abstract, a date that is none."""
    if not isinstance(obj, dict):
        return "record is not an object"
    if unknown := sorted(set(obj) - ARXIV_FIELDS):
        return f"unknown field: {unknown[0]} (known: {', '.join(sorted(ARXIV_FIELDS))})"
    for key in ARXIV_TEXT:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return f"{key}: expected text, got {json_kind(obj[key])}"
    for key in ARXIV_NAMES:
        value = obj.get(key)
        if (
            value is not None
            and not isinstance(value, str)
            and not (isinstance(value, list) and all(isinstance(item, str) for item in value))
        ):
            return f"{key}: expected a list of names or a string, got {json_kind(value)}"
    for key in ARXIV_LISTS:
        if (value := obj.get(key)) is not None and not isinstance(value, list):
            return f"{key}: expected a list, got {json_kind(value)}"
    if not any(
        isinstance(obj.get(key), str) and obj[key].strip() for key in ("summary", "abstract")
    ):
        return "record has no summary or abstract"
    date = arxiv_date(obj)
    if date and not iso_date(date):
        return f"not a valid date: {date!r}"
    return ""


def json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else repr(value)

"""Abstract-only dumps (generator/read/ingest/abstracts.py): one abstract a line, optionally
prefixed `Abstract:`, optionally under one header line naming the file's institution."""

from __future__ import annotations

import pytest

from generator.model import SourceRef
from generator.read.ingest.abstracts import find_affiliation_header, parse_abstract_lines

ABSTRACT = (
    "We study message passing on sparse graphs and show that a small change to the update rule "
    "removes the over-smoothing that deep graph networks suffer from, on six node and graph "
    "classification benchmarks, with no extra parameters and at the same training cost as before."
)
OTHER = ABSTRACT.replace("sparse graphs", "dense hypergraphs")


@pytest.mark.parametrize(
    "lines, header",
    [
        (["MIT", ABSTRACT, OTHER], 0),
        (["", "  ", "MIT", "", ABSTRACT, "", OTHER], 2),
        (["MIT", f"Abstract: {ABSTRACT}"], 0),
        (["MIT", ABSTRACT], None),
        (["MIT"], None),
        (["", f"Abstract: {ABSTRACT}"], None),
        ([ABSTRACT, OTHER, ABSTRACT], None),
        (["https://example.org/papers", ABSTRACT, OTHER], None),
        (["MIT", ABSTRACT, "Stanford", OTHER], None),
    ],
    ids=[
        "two-abstracts",
        "after-blank-lines",
        "one-prefixed",
        "one-unprefixed",
        "header-alone",
        "one-line",
        "abstracts-only",
        "url-above",
        "second-header",
    ],
)
def test_a_header_is_the_first_content_line_over_abstracts_only(lines, header):
    assert find_affiliation_header(lines) == header


def test_each_abstract_line_is_a_paper_with_the_headers_affiliation():
    lines = ["MIT CSAIL", "", f"Abstract: {ABSTRACT}", OTHER]
    records, chrome, rejected = parse_abstract_lines("dump.txt", lines)
    assert [(r.ref, r.lines, r.abstract, r.listed_under, r.affiliations) for r in records] == [
        (SourceRef("dump.txt", 3), (3,), ABSTRACT, ("MIT CSAIL",), ()),
        (SourceRef("dump.txt", 4), (4,), OTHER, ("MIT CSAIL",), ()),
    ]
    assert [(n.ref.line, n.reason) for n in chrome] == [
        (1, "institution header (the papers are listed under it)"),
        (2, "blank line"),
    ]
    assert not rejected


def test_without_a_header_short_lines_are_rejected_and_chrome_is_named():
    lines = [ABSTRACT, "Subscribe", "", "Too short.", f"  abstract. {OTHER}  "]
    records, chrome, rejected = parse_abstract_lines("dump.txt", lines)
    assert [(r.ref.line, r.abstract, r.affiliations) for r in records] == [
        (1, ABSTRACT, ()),
        (5, OTHER, ()),
    ]
    assert [(n.ref, n.reason) for n in chrome] == [
        (SourceRef("dump.txt", 2), "page chrome"),
        (SourceRef("dump.txt", 3), "blank line"),
    ]
    assert [(n.ref, n.reason) for n in rejected] == [
        (SourceRef("dump.txt", 4), "line too short to be an abstract")
    ]

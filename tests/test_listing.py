"""Listing pages copied as text: score lines, glued heads, abstracts, and every other line
accounted for (generator/read/ingest/listing.py)."""

from __future__ import annotations

import functools

import pytest
from conftest import COMPACT_ABSTRACT, OTHER_COMPACT_ABSTRACT, line_notes

from generator.model import RawRecord, SourceRef
from generator.read.ingest.listing import (
    ListingHead,
    is_listing_head,
    is_person_name,
    parse_listing,
    parse_listing_head,
    split_glued_title,
)

ABSTRACT, OTHER_ABSTRACT = COMPACT_ABSTRACT, OTHER_COMPACT_ABSTRACT
notes = functools.partial(line_notes, "l.txt")


def test_every_line_of_a_listing_is_a_paper_chrome_or_a_rejection():
    lines = [
        "Subscribe",
        "",
        "41.3CVNov 18, 2022",
        "Offline RL Made EasyYang Yue, Bingyi Kang et al. · tsinghua, sea",
        "Abstract: " + ABSTRACT,
        "3.8LGNov 16, 2023",
        "12.0CVDec 1, 2023",
        OTHER_ABSTRACT,
        "A Title Left AloneRui Lu, Andrew Zhao",
        "random words that are neither",
        "5.0CVJan 2, 2024",
    ]
    records, chrome, rejected = parse_listing("l.txt", lines)
    assert records == [
        RawRecord(
            ref=SourceRef("l.txt", 4),
            lines=(3, 4, 5),
            abstract=ABSTRACT,
            title="Offline RL Made Easy",
            authors=("Yang Yue", "Bingyi Kang"),
            authors_truncated=True,
            affiliations=("tsinghua", "sea"),
            categories=("CV",),
            date="Nov 18, 2022",
        ),
        RawRecord(SourceRef("l.txt", 8), (8,), OTHER_ABSTRACT),
    ]
    assert chrome == notes((1, "page chrome"), (2, "blank line"))
    assert rejected == notes(
        (6, "score line not followed by a paper"),
        (9, "title with no abstract"),
        (10, "unrecognized line in a listing"),
        (7, "score line not followed by a paper"),
        (11, "score line not followed by a paper"),
    )


def test_a_paper_without_a_score_line_has_no_category_or_date():
    records, chrome, rejected = parse_listing(
        "l.txt", ["Graphs Made EasyCara Diaz, Dan Evans", ABSTRACT]
    )
    assert records == [
        RawRecord(
            ref=SourceRef("l.txt", 1),
            lines=(1, 2),
            abstract=ABSTRACT,
            title="Graphs Made Easy",
            authors=("Cara Diaz", "Dan Evans"),
        )
    ]
    assert (chrome, rejected) == ([], [])


def test_a_score_line_is_used_by_one_paper_only():
    records, _, rejected = parse_listing(
        "l.txt",
        [
            "41.3CVNov 18, 2022",
            "Graphs Made EasyCara Diaz, Dan Evans",
            ABSTRACT,
            "Trees Made EasyAnn Lee, Bo Chen",
            OTHER_ABSTRACT,
        ],
    )
    assert [(r.lines, r.categories, r.date) for r in records] == [
        ((1, 2, 3), ("CV",), "Nov 18, 2022"),
        ((4, 5), (), ""),
    ]
    assert rejected == []


def test_a_head_on_the_last_line_is_a_title_with_no_abstract():
    records, _, rejected = parse_listing(
        "l.txt", [ABSTRACT, "Graphs Made EasyCara Diaz, Dan Evans"]
    )
    assert records == [RawRecord(SourceRef("l.txt", 1), (1,), ABSTRACT)]
    assert rejected == notes((2, "title with no abstract"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sheng-Lan Liu", True),
        ("Simon S. Du", True),
        ("Conan O'Brien", True),
        ("Ludwig van Beethoven", True),
        ("Ann B. C. D. Lee", True),
        ("Ann", False),  # one token
        ("Ann Bo Cy Di Ed Fu", False),  # six tokens
        ("van Lee", False),  # a particle never starts a name
        ("Ann  Lee", False),  # tokens are one space apart
        ("Ann lee", False),
        ("LYang Yue", False),
        ("Ann Lee2", False),
    ],
)
def test_a_person_name_is_two_to_five_title_case_tokens(text, name):
    assert is_person_name(text) is name


def test_the_first_piece_of_a_head_is_the_title_even_when_it_reads_as_a_name():
    # "Grading Students'Ann Lee" is three title-case tokens, yet it holds the title
    assert parse_listing_head("Grading Students'Ann Lee, Bo Chen") == ListingHead(
        "Grading Students'", ("Ann Lee", "Bo Chen"), False, ()
    )


@pytest.mark.parametrize(
    ("line", "head"),
    [
        ("Deep NetsAnn Lee, Bo Chen", True),  # two authors
        ("Deep NetsAnn Lee et al.", True),  # truncated
        ("Deep NetsAnn Lee · mit", True),  # an organization
        ("Deep NetsAnn Lee", False),  # one author and nothing else: too weak a sign
        ("Deep Nets for Everyone", False),
    ],
)
def test_a_listing_head_has_more_authors_et_al_or_organizations(line, head):
    assert is_listing_head(line) is head


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("RAnn Lee", ("R", "Ann Lee")),  # a one-letter title
        ("Grading Students'Ann Lee", ("Grading Students'", "Ann Lee")),
        ("Ann Lee", None),  # a name alone: no title before it
    ],
)
def test_a_glued_title_is_split_before_the_name_it_runs_into(glued, split):
    assert split_glued_title(glued) == split

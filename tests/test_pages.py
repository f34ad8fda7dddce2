"""Paper pages copied from a browser (generator/read/ingest/pages.py), on small pages written
here: every field of each record and what every other line of the page is said to be."""

from __future__ import annotations

import pytest

from generator.model import SourceRef
from generator.read.ingest.arxiv_abs import is_arxiv_abstract_page, parse_arxiv_abstract_pages
from generator.read.ingest.pages import (
    is_arxiv_listing,
    is_hf_daily_list,
    is_hf_paper_page,
    parse_arxiv_listing,
    parse_hf_daily_list,
    parse_hf_paper_page,
)

ABSTRACT = (
    "Large language models increasingly face demands to forget training data, knowledge or "
    "behaviours, and we argue that the term machine unlearning is used for too many different "
    "goals: we separate them, name what each removes and how each could be measured, and show "
    "that the methods proposed so far meet only the weakest of these definitions in practice."
)
SUMMARY = (
    "The paper argues that machine unlearning in large language models names several distinct "
    "goals, proposes separate definitions for each one of them, and shows that the current "
    "methods meet only the weakest of these definitions while claiming the strongest ones, "
    "which misleads the readers of their evaluations and the people who rely on them."
)
OTHER = ABSTRACT.replace("Large language models", "Vision transformers")


def accounting(parsed, file: str) -> dict[int, str]:
    """Every line of the page (of `file`): `paper` (in a record) or the reason given for it."""
    records, chrome, rejected = parsed
    lines = {n: "paper" for record in records for n in record.lines}
    for note in (*chrome, *rejected):
        assert note.ref.file == file, note
        assert note.ref.line not in lines, f"line {note.ref.line} accounted twice"
        lines[note.ref.line] = note.reason
    return dict(sorted(lines.items()))


HF_PAGE = [
    SUMMARY.replace("The paper", "This page"),  # 1: abstract-long, but above the authors
    "arxiv:2401.00001",
    "",
    "A Title",
    "Published on Jan 2",  # 5
    "Authors:",
    "Ann Lee",
    ",",
    "Bo Chen",
    "",  # 10
    "Abstract",
    SUMMARY,
    "AI-generated summary",
    ABSTRACT,
    "Community",  # 15
    ABSTRACT,
]
CHROME = "Hugging Face page chrome"


def test_a_hugging_face_page_gives_the_abstract_after_the_summary_label():
    parsed = parse_hf_paper_page("hf.txt", HF_PAGE)
    [record] = parsed[0]
    assert (record.ref, record.lines) == (SourceRef("hf.txt", 4), (4, 6, 7, 8, 9, 14))
    assert (record.title, record.abstract, record.arxiv_id) == ("A Title", ABSTRACT, "2401.00001")
    assert record.authors == ("Ann Lee", "Bo Chen")
    assert accounting(parsed, "hf.txt") == {
        1: "an abstract outside any entry this file's format has: not read",
        2: CHROME,
        3: "blank line",
        4: "paper",
        5: CHROME,
        **dict.fromkeys((6, 7, 8, 9), "paper"),
        10: "blank line",
        11: CHROME,
        12: "Hugging Face's AI-generated summary (not the abstract)",
        13: CHROME,
        14: "paper",
        15: CHROME,
        16: "the abstract again (the submitter's comment)",
    }


def test_without_a_summary_the_abstract_is_the_first_long_line_after_its_label():
    page = ["A Title", "Published on Jan 2", "arxiv:2401.00001", "Abstract", ABSTRACT, OTHER]
    page += ["Authors:", "Ann Lee"]  # the names last, up to the end of the page
    [record], chrome, rejected = parse_hf_paper_page("hf.txt", page)
    assert (record.ref, record.lines, record.abstract) == (
        SourceRef("hf.txt", 1),
        (1, 5, 7, 8),
        ABSTRACT,
    )
    assert record.authors == ("Ann Lee",) and record.title == "A Title"
    assert [note.ref.line for note in rejected] == [6] and len(chrome) == 3


@pytest.mark.parametrize(
    "page",
    [
        ["", "Published on Jan 2", "arxiv:2401.00001", "Authors:", "Ann Lee", "Abstract", ABSTRACT],
        ["Title", "arxiv:2401.00001", "Authors:", "Ann Lee", "", "Abstract", ABSTRACT],
        ["Title", "Published on Jan 2", "arxiv:2401.00001", "Authors:", "A", "", "Abstract", "x"],
    ],
    ids=["blank-above-published", "no-published-line", "no-abstract"],
)
def test_a_hugging_face_page_without_a_title_or_abstract_is_rejected_whole(page):
    parsed = parse_hf_paper_page("hf.txt", page)
    reason = "Hugging Face page copy without a title or an abstract"
    assert accounting(parsed, "hf.txt") == {n: reason for n in range(1, len(page) + 1)}
    assert not parsed[0] and not parsed[1]


def test_a_daily_list_pairs_each_abstract_with_the_title_above_it():
    page = ["Daily Papers", "", "14", "First Title", "", ABSTRACT, "3 authors", "-", OTHER]
    page += ["7", "Second Title", SUMMARY, ABSTRACT]
    parsed = parse_hf_daily_list("daily.txt", page)
    assert [(r.ref, r.lines, r.title, r.abstract) for r in parsed[0]] == [
        (SourceRef("daily.txt", 4), (4, 6), "First Title", ABSTRACT),
        (SourceRef("daily.txt", 11), (11, 12), "Second Title", SUMMARY),
    ]
    chrome = "Hugging Face page chrome"
    assert accounting(parsed, "daily.txt") == {
        1: chrome,
        2: "blank line",
        3: chrome,
        4: "paper",
        5: "blank line",
        6: "paper",
        7: chrome,
        8: chrome,
        9: "Hugging Face list entry without a title",
        10: chrome,
        11: "paper",
        12: "paper",
        13: "Hugging Face list entry without a title",
    }
    first = parse_hf_daily_list("daily.txt", [ABSTRACT, "Title", ABSTRACT])
    assert [r.lines for r in first[0]] == [(2, 3)] and first[2][0].ref.line == 1


ABS_PAGE = [
    "Computer Science > Machine Learning",
    "arXiv:2401.00001 (cs)",
    "[Submitted on 2 Jan 2024]",
    "Title:A Title",
    "Authors:Ann Lee, Bo Chen and Cy Diaz",
    "View PDF",
    "Abstract:" + ABSTRACT[:150],
    ABSTRACT[150:],
    "View PDF and more",
    "Comments:\t13 pages",
    "Subjects:\tMachine Learning (cs.LG); Optics (physics.optics)",
    "",
    "Submission history",
]


def test_pasted_abstract_pages_each_give_their_fields_and_their_lines():
    second = ["arXiv:2402.00002v3", "Title:Untitled", "Abstract:Too short.", "Comments: none"]
    parsed = parse_arxiv_abstract_pages("abs.txt", ABS_PAGE + second)
    [record] = parsed[0]
    assert (record.ref, record.lines) == (SourceRef("abs.txt", 2), (2, 3, 4, 5, 7, 8, 10, 11))
    assert record.abstract == ABSTRACT[:150] + " " + ABSTRACT[150:].strip()
    assert (record.title, record.arxiv_id, record.date) == ("A Title", "2401.00001", "2 Jan 2024")
    assert record.authors == ("Ann Lee", "Bo Chen", "Cy Diaz")
    assert record.categories == ("cs.LG", "physics.optics") and record.comment == "13 pages"
    lacking = "arXiv abstract page without a title or an abstract"
    assert accounting(parsed, "abs.txt") == {
        1: "arXiv page chrome",
        **dict.fromkeys((2, 3, 4, 5), "paper"),
        6: "arXiv page chrome",
        7: "paper",
        8: "paper",
        9: "arXiv page chrome",
        10: "paper",
        11: "paper",
        12: "blank line",
        13: "arXiv page chrome",
        **dict.fromkeys((14, 15, 16, 17), lacking),
    }


def test_a_page_without_its_submission_date_has_none():
    page = ["arXiv:2401.00001", "Title:A Title", "Abstract:" + ABSTRACT, "", "Submitted 2 Jan 2024"]
    [record] = parse_arxiv_abstract_pages("abs.txt", page)[0]
    assert record.date == "" and record.lines == (1, 2, 3) and record.authors == ()


LISTING = [
    "New submissions",
    "[1] arXiv:2401.00001v2 [pdf, other]",
    "Title: A Title",
    "Ann Lee, Bo Chen",
    "Comments: 9 pages",
    "Subjects: Machine Learning (cs.LG); Optics (physics.optics)",
    "",
    ABSTRACT[:150],
    ABSTRACT[150:],
    "",
    "[2] arXiv:2401.00002",
    "Title: Second",
    "Authors: Cy Diaz and Di Ek",
    ABSTRACT,
    "[3] arXiv:2401.00003",
    "Comments: no title",
    "",
    OTHER,
    "",
    "Cross-lists",
]


def test_a_listing_gives_each_entry_with_its_unlabelled_author_line():
    parsed = parse_arxiv_listing("list.txt", LISTING)
    first, second = parsed[0]
    assert (first.ref, first.lines) == (SourceRef("list.txt", 2), tuple(range(2, 10)))
    assert first.abstract == ABSTRACT[:150] + " " + ABSTRACT[150:]
    assert (first.title, first.authors, first.arxiv_id) == (
        "A Title",
        ("Ann Lee", "Bo Chen"),
        "2401.00001",
    )
    assert first.categories == ("cs.LG", "physics.optics") and first.comment == "9 pages"
    assert (second.ref, second.lines) == (SourceRef("list.txt", 11), (11, 12, 13, 14))
    assert second.authors == ("Cy Diaz", "Di Ek") and second.comment == ""
    lacking = "arXiv listing entry without a title"
    assert accounting(parsed, "list.txt") == {
        1: "arXiv page chrome",
        **dict.fromkeys(range(2, 10), "paper"),
        10: "blank line",
        **dict.fromkeys(range(11, 15), "paper"),
        **dict.fromkeys(range(15, 19), lacking),
        19: "blank line",
        20: "arXiv page chrome",
    }


def test_a_summary_above_the_abstract_label_is_never_the_abstract():
    page = ["A Title", "Published on Jan 2", "arxiv:2401.00001", "Authors:", "Ann Lee", ""]
    page += [SUMMARY, "Abstract", ABSTRACT]
    [record], _, _ = parse_hf_paper_page("hf.txt", page)
    assert record.abstract == ABSTRACT and record.lines == (1, 4, 5, 9)


def test_a_daily_list_never_takes_its_last_line_as_the_first_title():
    parsed = parse_hf_daily_list("daily.txt", ["", ABSTRACT, "Daily Papers"])
    assert not parsed[0]
    assert accounting(parsed, "daily.txt") == {
        1: "blank line",
        2: "Hugging Face list entry without a title",
        3: "Hugging Face page chrome",
    }


def test_back_to_back_abstract_pages_keep_their_own_fields():
    first = [
        "arXiv:2401.00001",
        "Title:First",
        "Abstract:" + ABSTRACT,
        "Subjects: Optics (physics.optics)",
    ]
    second = ["arXiv:2401.00002", "Title:Second", "Abstract:" + OTHER, "Submission history"]
    parsed = parse_arxiv_abstract_pages("abs.txt", first + second)
    one, two = parsed[0]
    assert (one.lines, one.categories) == ((1, 2, 3, 4), ("physics.optics",))
    assert (two.lines, two.abstract, two.categories, two.comment) == ((5, 6, 7), OTHER, (), "")
    assert accounting(parsed, "abs.txt")[8] == "arXiv page chrome"


def test_an_abstract_page_without_an_abstract_line_is_rejected():
    page = ["arXiv:2401.00001", "Title:A Title", "Comments: 3 pages"]
    parsed = parse_arxiv_abstract_pages("abs.txt", page)
    lacking = "arXiv abstract page without a title or an abstract"
    assert not parsed[0] and accounting(parsed, "abs.txt") == dict.fromkeys((1, 2, 3), lacking)


def test_a_listing_entry_cut_off_after_its_title_is_rejected_and_one_without_authors_has_none():
    listing = ["[1] arXiv:2401.00001", "Title: No Authors", "", ABSTRACT, ""]
    listing += ["[2] arXiv:2401.00002", "Title: Cut off"]
    parsed = parse_arxiv_listing("list.txt", listing)
    [record] = parsed[0]
    assert (record.title, record.authors, record.categories) == ("No Authors", (), ())
    lacking = "arXiv listing entry without an abstract (copied from a listing that hides them?)"
    assert accounting(parsed, "list.txt") == {
        **dict.fromkeys((1, 2, 3, 4), "paper"),
        5: "blank line",
        6: lacking,
        7: lacking,
    }


def test_a_short_abstract_is_an_entrys_but_a_footer_after_the_last_entry_is_not():
    short = "We show that a two-layer network learns parity with few samples, and it is tight."
    listing = ["[1] arXiv:2401.00001", "Title: Short", "Ann Lee", "", short, ""]
    listing += ["[2] arXiv:2401.00002", "Title: Last", "Bo Chen", "", "Total of 2 entries"]
    listing += ["[3] arXiv:2401.00003", "Title: Odd", "Cy Diaz", "", "Not one of its lines"]
    parsed = parse_arxiv_listing("list.txt", listing)
    [record] = parsed[0]
    assert (record.title, record.abstract) == ("Short", short)
    not_prose = (
        "arXiv listing entry whose text after the fields (5 words) is not an abstract: "
        "an abstract has 12 words or more and ends a sentence"
    )
    lines = accounting(parsed, "list.txt")
    lacking = "arXiv listing entry without an abstract (copied from a listing that hides them?)"
    assert lines[9] == lines[10] == lacking
    assert (lines[11], lines[16]) == ("arXiv page chrome", not_prose)


@pytest.mark.parametrize(
    "detect, page, expected",
    [
        (is_arxiv_listing, ["[1] arXiv:2401.00001", "Title: A Title"], True),
        (is_arxiv_listing, ["Title: A Title", "[1] arXiv:2401.00001"], False),
        (is_arxiv_listing, ["[1] arXiv:2401.00001", "", "Title: A Title"], False),
        (is_arxiv_abstract_page, ["arXiv:2401.00001", "Title:A Title", "Abstract: x"], True),
        (is_arxiv_abstract_page, ["arXiv:2401.00001", "Comments: 3 pages"], False),
        (is_arxiv_abstract_page, ["arXiv:2401.00001", "Title:A Title"], False),
        (is_hf_paper_page, ["arxiv:2401.00001", "Authors:", "Ann Lee", "Abstract"], True),
        (is_hf_paper_page, ["arxiv:2401.00001", "Authors:", "Ann Lee"], False),
        (is_hf_daily_list, ["Daily Papers", "A Title", "3 authors"], True),
        (is_hf_daily_list, ["Daily Papers", "A Title", "Submitted by Ann"], False),
    ],
)
def test_each_page_kind_is_told_by_the_lines_it_must_have(detect, page, expected):
    assert detect(page) is expected

"""Line accounting and the field helpers shared by the library-read formats
(generator/read/ingest/accounting.py): every line in one place, and what each helper makes of
a field as reference managers write it."""

from __future__ import annotations

import pytest

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.accounting import (
    accounted,
    arxiv_codes,
    arxiv_source,
    comment_of,
    date_of,
    doi_url,
    first_last,
    rejected_whole,
    span,
    split_keywords,
)

ABSTRACT = " ".join(["word"] * 60)  # long enough to read as an abstract
OUTSIDE = "an abstract outside any entry this file's format has: not read"


def record(*lines: int) -> RawRecord:
    return RawRecord(SourceRef("f.txt", lines[0]), lines, "An abstract.")


def notes(*pairs: tuple[int, str]) -> list[LineNote]:
    return [LineNote(SourceRef("f.txt", n), reason) for n, reason in pairs]


def test_every_line_is_in_a_record_rejected_blank_known_or_structure():
    lines = ["{", "  a", "", "  b", ABSTRACT, "  c", "}", ABSTRACT]
    kept, chrome, rejected = accounted(
        "f.txt", lines, [record(2, 4)], {6: "bad field"}, "bracket", known={8: "page footer"}
    )
    assert kept == [record(2, 4)]
    assert chrome == notes((1, "bracket"), (3, "blank line"), (7, "bracket"), (8, "page footer"))
    assert rejected == notes((5, OUTSIDE), (6, "bad field"))


def test_rejections_come_out_in_line_order_whatever_order_they_were_given():
    lines = ["x", "y", "z"]
    _, chrome, rejected = accounted("f.txt", lines, [], {3: "third", 1: "first"}, "structure")
    assert rejected == notes((1, "first"), (3, "third"))
    assert chrome == notes((2, "structure"))


def test_without_known_lines_a_long_line_outside_every_record_is_rejected():
    kept, chrome, rejected = accounted("f.txt", [ABSTRACT, "]"], [], {}, "structure")
    assert (kept, chrome, rejected) == ([], notes((2, "structure")), notes((1, OUTSIDE)))


def test_a_record_on_a_rejected_line_rejects_the_whole_file():
    kept, chrome, rejected = accounted("f.txt", ["a", "b", "c"], [record(2, 3)], {3: "x"}, "s")
    reason = "several entries on line 3: put each on lines of its own"
    assert (kept, chrome) == ([], [])
    assert rejected == notes((1, reason), (2, reason), (3, reason))


def test_two_records_sharing_lines_name_the_first_shared_line():
    lines = ["a", "b", "c", "d", "e"]
    _, _, rejected = accounted("f.txt", lines, [record(1, 2, 3, 4), record(3, 4, 5)], {}, "s")
    assert {note.reason for note in rejected} == {
        "several entries on line 3: put each on lines of its own"
    }
    assert [note.ref.line for note in rejected] == [1, 2, 3, 4, 5]


def test_rejected_whole_rejects_every_line_with_one_reason():
    assert rejected_whole("f.txt", ["a", "b"], "why") == ([], [], notes((1, "why"), (2, "why")))


def test_arxiv_codes_come_from_codes_and_category_names_once_each_in_order():
    found = arxiv_codes(
        "graphs, cs.LG; (stat.ML)",
        "arXiv:2606.27646 [cs.CV]",
        "Computer Science - Machine Learning",
        "cs.LG,cs.DM",
    )
    assert found == ("cs.LG", "stat.ML", "cs.CV", "cs.DM")


def test_keywords_that_are_not_codes_are_not_categories():
    assert arxiv_codes("meta-optics, deep learning", "") == ()
    # only brackets and punctuation around a word are cut: letters glued to a code stay
    assert arxiv_codes("Xcs.LG", "(Xstat.ML)") == ()


@pytest.mark.parametrize(
    ("text", "keywords"),
    [
        ("graphs; deep learning, vision ;", ("graphs", "deep learning, vision")),
        ("graphs, deep learning , ,vision", ("graphs", "deep learning", "vision")),
        ("", ()),
        (
            "Computer Science - Distributed, Parallel, and Cluster Computing, graphs",
            ("graphs",),
        ),
    ],
)
def test_split_keywords_at_semicolons_else_commas(text, keywords):
    assert split_keywords(text) == keywords


def test_comment_of_takes_the_first_comment_note_without_its_label():
    assert comment_of("Some note", " comment:  18 pages ", "Comment: other") == "18 pages"
    assert comment_of("COMMENT:12 pages") == "12 pages"
    assert comment_of("No comment here", "") == ""


@pytest.mark.parametrize(
    ("values", "source"),
    [
        (("", "arXiv: 2301.12345 [cs.LG]"), "arXiv: 2301.12345 [cs.LG]"),
        (("text overlap with arXiv:2301.12345", "10.48550/arXiv.2301.12345"), None),
        (("ARXIV:2301.12345",), "ARXIV:2301.12345"),
        (("https://export.arxiv.org/pdf/2301.12345",), "https://export.arxiv.org/pdf/2301.12345"),
        (("http://www.arxiv.org/abs/2301.12345",), "http://www.arxiv.org/abs/2301.12345"),
        (("https://example.org/arxiv.org/abs/1", "arXiv:230.12345"), ""),
        (("10.1000/arXiv.2301.12345",), ""),
    ],
)
def test_arxiv_source_is_the_first_value_naming_an_arxiv_paper(values, source):
    assert arxiv_source(*values) == (values[-1] if source is None else source)


@pytest.mark.parametrize(
    ("parts", "date"),
    [
        (("2024", "jun", "29"), "2024-06-29"),
        (("2024", "June", "9"), "2024-06-09"),
        ((" 2024 ", " 6 ", " 29 "), "2024-06-29"),
        (("2024", "12"), "2024-12"),
        (("2024", "1"), "2024-01"),
        (("2024", "13", "1"), "2024"),
        (("2024", "0", "1"), "2024"),
        (("2024", "spring", "1"), "2024"),
        (("2024", "jun", "late"), "2024-06"),
        (("2024",), "2024"),
        ((2024, 6, 29), "2024-06-29"),
        (("24", "6", "1"), ""),
        (("2024a", "6"), ""),
        (("", "6", "1"), ""),
    ],
)
def test_date_of_goes_as_far_as_the_source_does(parts, date):
    assert date_of(*parts) == date


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Wigger, Michèle", "Michèle Wigger"),
        (" Lee , Ann ", "Ann Lee"),
        ("Ann Lee", "Ann Lee"),
        ("Lee,", "Lee"),
        (" Lee ", "Lee"),
        ("van der Berg, Jan, Jr.", "Jan, Jr. van der Berg"),
    ],
)
def test_first_last_turns_last_comma_first_around(name, written):
    assert first_last(name) == written


@pytest.mark.parametrize(
    ("doi", "url"),
    [
        (" 10.1000/xyz ", "https://doi.org/10.1000/xyz"),
        ("https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("HTTP://dx.doi.org/10.1/x", "HTTP://dx.doi.org/10.1/x"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_doi_url_makes_a_link_of_a_doi(doi, url):
    assert doi_url(doi) == url


def test_span_holds_both_ends():
    assert span(3, 5) == (3, 4, 5)
    assert span(4, 4) == (4,)

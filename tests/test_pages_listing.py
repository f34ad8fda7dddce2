"""arXiv's `/list/<cat>/new` page copied whole (tests/fixtures/copies/arxiv-new-listing.txt,
see its README): new submissions and cross-lists read and dated by the page's heading, a
replacement (listed without abstract) rejected saying so, the paging lines and the footer
after the last entry page chrome, never an abstract."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from test_pages import ABSTRACT, accounting

from generator.read.dumps import read_dump
from generator.read.ingest import parse_bytes
from generator.read.ingest.pages import REPLACED, parse_arxiv_listing

COPIES = FIXTURES / "copies"
NAME = "arxiv-new-listing.txt"
PAGE = (COPIES / NAME).read_text()
EXPECTED = json.loads((COPIES / "expected.json").read_text())[NAME]


def papers_of(dump) -> list[dict]:
    return [
        {
            "title": p.title,
            "authors": list(p.authors),
            "arxiv_id": p.arxiv_id,
            "categories": list(p.categories),
            "comment": p.comment or None,
            "date": p.date,
            "abstract_starts": p.abstract[:40],
        }
        for p in dump.papers
    ]


def test_a_new_listing_copied_whole_gives_its_papers_dated_and_its_replacement_rejected():
    """Before: no dates, and the replacement entry with the footer under it rejected as one
    entry whose text 'is not an abstract' (lines 65-82)."""
    dump = read_dump(NAME, PAGE.encode())
    assert dump.summary["format"] == "arxiv-listing-page"
    assert papers_of(dump) == EXPECTED["papers"]
    first, last = EXPECTED["rejected"]["lines"]
    reason = EXPECTED["rejected"]["reason"]
    assert list(dump.rejected) == [f"{NAME}:{n}: {reason}" for n in range(first, last + 1)]


def test_the_paging_lines_and_the_footer_after_the_last_entry_are_page_chrome():
    parsed = parse_bytes(NAME, PAGE.encode())
    lines = PAGE.splitlines()
    total = max(n for n, line in enumerate(lines, 1) if line.startswith("Total of 4 entries"))
    chrome = {note.ref.line: note.reason for note in parsed.chrome}
    assert all(chrome[n] == "arXiv page chrome" for n in range(total, len(lines) + 1))
    headings = [n for n, line in enumerate(lines, 1) if "submissions (showing" in line]
    assert len(headings) == 3 and all(chrome[n] == "arXiv page chrome" for n in headings)


def test_a_copy_without_blank_lines_reads_the_same():
    """Firefox and some editors drop the empty lines: a section heading or `Total of N
    entries` right under an abstract ends it, never joins it."""
    tight = "\n".join(line for line in PAGE.splitlines() if line.strip()) + "\n"
    dump = read_dump(NAME, tight.encode())
    assert [p.abstract for p in dump.papers] == [
        p.abstract for p in read_dump(NAME, PAGE.encode()).papers
    ]
    assert {note.split(": ", 1)[1] for note in dump.rejected} == {REPLACED}


HEAD = ["Showing new listings for Friday, 7 March 2025", ""]


def entry(number: int, header: str, abstract: str = ABSTRACT) -> list[str]:
    return [f"[{number}] arXiv:{header}", "Title: A Title", "Ann Lee", "", abstract, ""]


def test_a_paper_listed_again_months_later_gets_its_ids_month_not_the_listing_day():
    page = HEAD + entry(1, "2502.09999 [pdf]") + entry(2, "2409.01234 (cross-list from cs.CV)")
    page += ["Showing new listings for Monday, 6 January 2025"] + entry(3, "2412.00001 [pdf]")
    assert [r.date for r in parse_arxiv_listing("l.txt", page)[0]] == [
        "2025-03-07",
        "2024-09",
        "2025-01-06",
    ]


def test_a_replacement_that_shows_its_abstract_is_read_and_one_without_is_rejected():
    page = HEAD + ["Replacement submissions (showing 2 of 2 entries)", ""]
    page += entry(1, "2411.00001 [pdf]") + entry(2, "2411.00002 [pdf]", "")
    parsed = parse_arxiv_listing("l.txt", page)
    assert [r.arxiv_id for r in parsed[0]] == ["2411.00001"]
    assert accounting(parsed, "l.txt")[11] == REPLACED


def test_the_pre_2024_headings_date_their_entries_and_mark_the_replacements():
    page = ["New submissions for Fri,  7 Mar 25", ""] + entry(1, "2503.00001 [pdf]")
    page += ["Replacements for Fri,  7 Mar 25", ""] + entry(2, "2411.00002 (replaced)", "")
    parsed = parse_arxiv_listing("l.txt", page)
    assert [(r.arxiv_id, r.date) for r in parsed[0]] == [("2503.00001", "2025-03-07")]
    assert accounting(parsed, "l.txt")[9] == "arXiv page chrome"
    assert accounting(parsed, "l.txt")[11] == REPLACED


@pytest.mark.parametrize(
    "heading, day",
    [
        ("7 March 2025", "2025-03-07"),
        ("7 Mar 25", "2025-03-07"),
        ("07 Sept 2025", "2025-09-07"),
        ("31 Feb 2025", ""),  # no such day
        ("7 Mär 2025", ""),
    ],
)
def test_a_heading_date_is_read_in_english_whatever_the_locale(heading, day):
    import contextlib
    import locale

    from generator.read.ingest.pages import _heading_date

    with contextlib.suppress(locale.Error):  # not installed: the parse names no locale anyway
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")  # strptime's %B would read März
    try:
        assert _heading_date(heading) == day
    finally:
        locale.setlocale(locale.LC_TIME, "C")

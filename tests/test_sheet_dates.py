"""Numeric dates of a spreadsheet (generator/read/ingest/sheet_dates.py): read the way the
sheet's unambiguous cells tell, and rejected when nothing tells."""

from __future__ import annotations

import pytest

from generator.read.ingest.sheet_dates import iso_cell, sheet_order
from generator.read.ingest.table import parse_table

UNCLEAR = (
    "date '04/03/2024' reads as day/month or as month/day, and the sheet's other dates "
    "do not settle which: write it as YYYY-MM-DD"
)


@pytest.mark.parametrize(
    "dates, order",
    [
        (["04/03/2024", "15/03/2024"], "day"),
        (["04/03/2024", "03/15/2024"], "month"),
        (["04.03.2024", "31.12.24"], "day"),
        (["04/03/2024", "03/03/2024", "2024-03-04"], ""),
        (["15/03/2024", "03/15/2024"], ""),
        (["04/03/2024 10:00", "15/03/2024 09:30"], "day"),
    ],
)
def test_the_unambiguous_cells_tell_the_sheets_order(dates, order):
    assert sheet_order(dates) == order


@pytest.mark.parametrize(
    "cell, order, iso",
    [
        ("04/03/2024", "day", "2024-03-04"),
        ("04/03/2024", "month", "2024-04-03"),
        ("15/03/2024", "month", "2024-03-15"),
        ("03/15/2024", "day", "2024-03-15"),
        ("3-3-24", "", "2024-03-03"),
        ("1/2/99", "day", "1999-02-01"),
        ("1/2/29", "day", "2029-02-01"),
        ("1/2/30", "day", "1930-02-01"),
        ("04/03/2024 10:00", "day", "2024-03-04"),
        ("15.03.24 10:00:59", "", "2024-03-15"),
        ("3/4/2024 9:05 PM", "month", "2024-03-04"),
        ("00/03/2024", "", "00/03/2024"),
        ("31/02/2024", "", "31/02/2024"),
        ("2024-03-04", "", "2024-03-04"),
        ("March 2024", "", "March 2024"),
        ("13/14/2024", "", "13/14/2024"),
    ],
)
def test_a_cell_is_read_in_the_only_way_it_can_be_or_the_sheets(cell, order, iso):
    assert iso_cell(cell, order) == (iso, "")


def test_a_cell_that_reads_both_ways_in_a_sheet_that_never_tells_is_rejected_on_its_row():
    lines = ["title,abstract,date", "A,An abstract.,04/03/2024", "B,Another one.,2024-05-06"]
    records, _, rejected = parse_table("t.csv", lines, ",")
    assert [r.date for r in records] == ["2024-05-06"]
    assert [(note.ref.line, note.reason) for note in rejected] == [(2, UNCLEAR)]


def test_a_european_sheet_reads_every_date_day_first():
    lines = ["title,abstract,date", "A,An abstract.,04/03/2024", "B,Another one.,15/03/2024"]
    records, _, rejected = parse_table("t.csv", lines, ",")
    assert [r.date for r in records] == ["2024-03-04", "2024-03-15"] and rejected == []

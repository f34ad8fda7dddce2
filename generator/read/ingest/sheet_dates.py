"""Numeric dates in a spreadsheet (`04/03/2024`): day first or month first is the sheet's
habit, not the cell's. A cell whose first number is over 12 can only be day first, one whose
second is over 12 only month first; the sheet's other cells are read the way those tell. A
cell that could be either, in a sheet where no cell tells (or cells tell both ways), is
rejected with a reason: a paper a month off is worse than one the report names."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import replace

from generator.model import RawRecord

# A time after the date (Excel writes one when the cell holds it) is dropped with the cell.
NUMERIC_DATE = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?",
    re.I,
)
CENTURY_PIVOT = 30  # a two-digit year below it is 20xx, else 19xx (as Excel and Sheets read it)


def sheet_order(dates: Sequence[str]) -> str:
    """ "day" or "month" when the unambiguous cells agree on one order, else ""."""
    told = set()
    for date in dates:
        if found := NUMERIC_DATE.fullmatch(date):
            first, second = int(found.group(1)), int(found.group(3))
            if first > 12 >= second:
                told.add("day")
            elif second > 12 >= first:
                told.add("month")
    return told.pop() if len(told) == 1 else ""


def iso_cell(date: str, order: str) -> tuple[str, str]:
    """(the cell as YYYY-MM-DD, or as it was when not numeric; the reason it cannot be read)."""
    found = NUMERIC_DATE.fullmatch(date)
    if not found:
        return date, ""
    first, second, year = int(found.group(1)), int(found.group(3)), found.group(4)
    if len(year) == 2:
        year = f"{20 if int(year) < CENTURY_PIVOT else 19}{year}"
    if first > 12 and second > 12 or 0 in (first, second):
        return date, ""  # no date at all: normalize says so
    if first > 12 or (first != second and second <= 12 and order == "day"):
        first, second = second, first  # day first: month is the second number
    elif first != second and second <= 12 and order != "month":
        return date, (
            f"date {date!r} reads as day/month or as month/day, and the sheet's other dates "
            "do not settle which: write it as YYYY-MM-DD"
        )
    try:
        return datetime.date(int(year), first, second).isoformat(), ""
    except ValueError:
        return date, ""  # 31/02/2024: normalize says it is no date, as written


def dated(records: list[RawRecord]) -> tuple[list[RawRecord], list[tuple[RawRecord, str]]]:
    """The records with numeric dates as YYYY-MM-DD; those whose date cannot be told, apart."""
    order = sheet_order([record.date for record in records])
    kept, unclear = [], []
    for record in records:
        date, problem = iso_cell(record.date, order)
        if problem:
            unclear.append((record, problem))
        else:
            kept.append(replace(record, date=date) if date != record.date else record)
    return kept, unclear

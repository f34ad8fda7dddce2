"""Hard-wrapped text joined into logical lines, and notes on them mapped back to the file's
own lines (generator/read/ingest/wrapped.py)."""

from __future__ import annotations

import pytest

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.wrapped import original_lines, title_cased, unwrap

WIDEST = "we study how sparse attention lets one transformer read very"  # 60 chars: the width
NEXT = "long inputs with memory that grows linearly in length"


def test_a_line_continues_only_when_the_next_word_would_not_have_fit_on_it():
    # 53 chars + a space + "tasks," is exactly the width: the wrap would have kept it here
    ended = "and we show that it matches full attention on all ten"
    assert unwrap([WIDEST, NEXT, ended, "tasks, at a third of the cost."]) == [
        (f"{WIDEST} {NEXT}", (1, 2)),
        (ended, (3,)),
        ("tasks, at a third of the cost.", (4,)),
    ]
    # one character more and "tasks," would have overflowed the width: the wrap broke there
    broken = ended + "s"
    assert unwrap([WIDEST, NEXT, broken, "tasks, at a third of the cost."]) == [
        (f"{WIDEST} {NEXT}", (1, 2)),
        (f"{broken} tasks, at a third of the cost.", (3, 4)),
    ]


def test_notes_and_records_on_joined_lines_name_every_original_line():
    logical = [("Subscribe", (1,)), ("A Title", (2,)), ("a wrapped abstract", (3, 4, 5))]
    records = [RawRecord(SourceRef("w.txt", 2), (2, 3), "a wrapped abstract", title="A Title")]
    chrome = [LineNote(SourceRef("w.txt", 1), "page chrome")]
    rejected = [LineNote(SourceRef("w.txt", 3), "an acknowledgement")]
    assert original_lines(logical, records, chrome, rejected) == (
        [RawRecord(SourceRef("w.txt", 2), (2, 3, 4, 5), "a wrapped abstract", title="A Title")],
        [LineNote(SourceRef("w.txt", 1), "page chrome")],
        [
            LineNote(SourceRef("w.txt", 3), "an acknowledgement"),
            LineNote(SourceRef("w.txt", 4), "an acknowledgement"),
            LineNote(SourceRef("w.txt", 5), "an acknowledgement"),
        ],
    )


def test_a_record_starting_on_a_joined_line_starts_at_its_first_original_line():
    logical = [("a joined line", (1, 2)), ("an abstract", (3, 4))]
    records = [RawRecord(SourceRef("w.txt", 2), (2,), "an abstract")]
    assert original_lines(logical, records, [], []) == (
        [RawRecord(SourceRef("w.txt", 3), (3, 4), "an abstract")],
        [],
        [],
    )


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Deep Nets Work well enough", True),  # 3 of 5 words of four letters or more
        ("Deep nets work well Enough", False),  # 2 of 5
        ("Deep nets On A Mat", False),  # words under four letters do not count
        ("e-mail filters for Spam Detection", False),  # a word must start with a letter
        ("(Deep (Nets (Work well", False),  # "(Deep" does not start with a letter
        ("a b c", False),  # no word counts
    ],
)
def test_a_title_has_most_of_its_longer_words_capitalized(line, title):
    assert title_cased(line) is title


def prose(width: int) -> str:
    """A line of lowercase prose exactly `width` characters long."""
    text = ("sparse attention reads long inputs in linear memory " * 5)[:width]
    return text[:-1] + "s" if text.endswith(" ") else text


@pytest.mark.parametrize("width", [40, 160])
def test_lines_from_40_to_160_characters_wide_are_a_wrap(width):
    lines = [prose(width)] * 3 + ["the end."]
    assert unwrap(lines) == [(" ".join(lines), (1, 2, 3, 4))]


@pytest.mark.parametrize("width", [39, 161])
def test_narrower_or_wider_lines_are_no_wrap(width):
    assert unwrap([prose(width)] * 3 + ["the end."]) is None


def test_a_file_is_wrapped_when_three_lines_reach_seven_tenths_of_the_width():
    lines = [prose(60), prose(60), prose(42), "the end."]  # 42 is 0.7 of 60
    assert unwrap(lines) == [(" ".join(lines[:3]), (1, 2, 3)), ("the end.", (4,))]
    assert unwrap([prose(60), prose(60), prose(41), "the end."]) is None
    assert unwrap([prose(60), "a short line", "another one", "the end."]) is None


def test_a_joined_line_keeps_its_indent_and_loses_trailing_spaces():
    lines = ["  " + prose(58) + "   ", prose(60), prose(60), "the end."]
    assert unwrap(lines) == [
        (" ".join(line.strip() for line in lines).join(["  ", ""]), (1, 2, 3, 4))
    ]


def test_long_lines_that_no_line_continues_are_no_wrap():
    assert unwrap([prose(60), "", prose(60), "", prose(60)]) is None

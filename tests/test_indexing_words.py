"""The measured list of words indexers rarely keep, read from its data file."""

from __future__ import annotations

import pytest

from generator.tags.indexing_words import _parse


def test_lines_of_word_and_share_are_read_and_comments_and_blank_lines_skipped():
    text = "# measured on Inspec\nimportant\t0.02\n\n   \nnovel\t0.1\n#x\t0.5\n"
    assert _parse(text) == {"important": 0.02, "novel": 0.1}
    assert _parse("") == {}


def test_a_line_without_its_tab_is_an_error_not_a_silent_skip():
    with pytest.raises(ValueError):
        _parse("important 0.02\n")

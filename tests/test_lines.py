"""A dump read into lines, and the line shapes every text parser shares
(generator/read/ingest/lines.py)."""

from __future__ import annotations

import pytest

from generator.read.ingest import lines as L


def test_utf8_decodes_without_a_note_and_loses_its_bom():
    assert L.decode("\ufeffé\n".encode()) == ("é\n", "")


def test_text_that_is_not_utf8_is_read_as_windows_1252_with_a_note():
    assert L.decode("café “x”".encode("cp1252")) == ("café “x”", "decoded as Windows-1252/Latin-1")
    # a byte cp1252 leaves undefined is replaced, not fatal
    assert L.decode(b"\x81 text \xe9") == ("\ufffd text é", "decoded as Windows-1252/Latin-1")


TEXT = "Title: é\r\nAbstract: We prune 50% of the weights.\r\n"
UTF16 = "decoded as UTF-16 by its byte-order mark"


@pytest.mark.parametrize(
    "data, note",
    [
        (TEXT.encode("utf-16"), UTF16),  # Notepad's "Unicode": little-endian, BOM
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), UTF16),
        (TEXT.encode("utf-32"), "decoded as UTF-32 by its byte-order mark"),
        (b"\xff\xfe", UTF16),  # the mark alone: empty text
    ],
)
def test_a_byte_order_mark_names_the_encoding(data, note):
    assert L.decode(data) == (TEXT if len(data) > 2 else "", note)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_unreadable_with_the_reason(codec):
    with pytest.raises(L.Utf16WithoutBom) as error:
        L.decode(TEXT.encode(codec))
    assert str(error.value) == "looks like UTF-16 without a byte-order mark; save it as UTF-8"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xff\xfe" + TEXT.encode("utf-16-le")[:-1], "not UTF-16 text: truncated data at byte"),
        (b"\xff\xfe" + b"\x01\x00" * 20, "starts with a UTF-16 byte-order mark, but not text"),
    ],
)
def test_a_byte_order_mark_before_what_is_not_its_text_is_binary(data, reason):
    with pytest.raises(L.UnreadableFile) as error:
        L.decode(data)
    assert str(error.value).startswith("binary file") and reason in str(error.value)


@pytest.mark.parametrize(
    "data, utf16",
    [
        (b"a\x00b", False),  # too short to tell
        (b"a\x00" * 7, False),
        (b"a\x00" * 8, True),
        (b"a\x00\x00b" * 8, False),  # NULs in both halves: not UTF-16
        (b"a\x00bc" * 8, True),  # a NUL in every second pair: still a third of one half
        (b"a\x00bcdefg" * 8, False),  # a NUL in one pair of four: too few
        (b"\x00\x9f\x92\x96\x00\x01\x02\x03\xff\xfe" * 8, False),  # NULs in one half, not text
    ],
)
def test_utf16_is_told_by_nuls_in_one_half_of_the_bytes_only(data, utf16):
    assert L._looks_utf16(data) is utf16


def test_a_nul_byte_makes_undecodable_data_binary_with_the_reason_and_byte():
    with pytest.raises(L.UnreadableFile) as error:
        L.decode(b"ab\xff\x00")
    assert str(error.value) == "binary file (not UTF-8 text: invalid start byte at byte 2)"


def test_a_nul_byte_alone_makes_undecodable_data_binary():
    with pytest.raises(L.UnreadableFile):
        L.decode(b"\xff\x00" + b"a" * 100)


def test_utf8_with_a_nul_byte_is_still_text():
    assert L.decode(b"a\x00b") == ("a\x00b", "")


def test_more_than_a_tenth_of_control_bytes_makes_data_binary():
    # 100 bytes; controls are below 9 or between 13 and 32 (tab, newlines, form feed are text)
    assert not L._looks_binary(b"\x01" * 10 + b"a" * 90)
    assert L._looks_binary(b"\x01" * 11 + b"a" * 89)
    assert L._looks_binary(b"\x08" * 11 + b"a" * 89)
    assert L._looks_binary(b"\x0e" * 11 + b"a" * 89)
    assert L._looks_binary(b"\x1f" * 11 + b"a" * 89)
    assert not L._looks_binary(b"\t\n\x0b\x0c\r " * 11 + b"a" * 34)
    assert not L._looks_binary(b"")
    with pytest.raises(L.UnreadableFile):
        L.decode(b"\xff" + b"\x02" * 11 + b"a" * 88)


def test_only_the_first_8192_bytes_are_looked_at():
    assert not L._looks_binary(b"a" * 8192 + b"\x01" * 8192)
    assert L._looks_binary(b"a" * 7000 + b"\x01" * 1192)
    # 819 controls in the first 8192 bytes: not more than a tenth, whatever follows
    assert not L._looks_binary(b"\x01" * 819 + b"a" * (8192 - 819) + b"\x01")


def test_lines_end_at_lf_crlf_or_a_lone_cr_and_the_last_break_adds_no_line():
    assert L.split_lines("a\r\nb\rc\nd\n") == ["a", "b", "c", "d"]
    assert L.split_lines("a\n\nb") == ["a", "", "b"]
    assert L.split_lines("a\u2028b\x85c") == ["a\u2028b\x85c"]
    assert L.split_lines("") == []
    assert L.split_lines("\n") == [""]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("  https://github.com/x/y  ", "a URL"),
        ("www.example.org/page", "a URL"),
        ("HTTP://EXAMPLE.ORG", "a URL"),
        ("See https://x.org", ""),
        ("2. Related Work", "a section heading"),
        ("IV Conclusions:", "a section heading"),
        ("ACKNOWLEDGMENTS", "a section heading"),
        ("Supplementary Material", "a section heading"),
        ("Related work on graphs", ""),
        ("This work was partly supported by NSF.", "an acknowledgement"),
        ("We gratefully acknowledge the support of X.", "an acknowledgement"),
        ("We thank the reviewers.", "an acknowledgement"),
        ("We thank", ""),
        ("A Title About Graphs", ""),
    ],
)
def test_stray_lines_say_what_they_are(line, kind):
    assert L.stray(line) == (f"{kind} between abstracts, not a title" if kind else "")


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("Get trending papers in your email inbox once a day!", True),
        ("  get trending papers in your email inbox  ", True),
        ("Get trending papers in your email inbox!", True),
        ("Subscribe", True),
        (" SUBSCRIBE ", True),
        ("Subscribe to our list", False),
        ("Please Subscribe", False),
        ("", False),
    ],
)
def test_page_chrome_lines(line, chrome):
    assert L.is_chrome(line) is chrome


def test_blank_lines_hold_only_whitespace():
    assert L.is_blank(" \t ") and L.is_blank("")
    assert not L.is_blank(" x ")


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("Abstract: We study X.", "We study X."),
        ("  abstract . We study X. ", "We study X."),
        ("ABSTRACT:Abstract: X", "Abstract: X"),
        ("Abstracts: X", "Abstracts: X"),
        ("An abstract: X", "An abstract: X"),
    ],
)
def test_the_abstract_label_is_stripped_once(line, text):
    assert L.strip_abstract_prefix(line) == text
    assert L.has_abstract_prefix(line) is (text != line.strip())


def test_an_abstract_line_has_at_least_250_characters_and_30_words():
    words = ["w" * 8] * 29  # 29 words, 260 characters
    assert not L.is_abstract(" ".join(words))
    assert L.is_abstract(" ".join([*words, "w"]))
    short = "x" * 218 + " y" * 29  # 30 words, 276 characters
    assert L.is_abstract(short)
    exactly = "x" * 191 + " y" * 29  # 30 words, 249 characters
    assert not L.is_abstract(exactly) and L.is_abstract("x" + exactly)
    # the label does not count towards the length
    assert not L.is_abstract("Abstract: " + exactly)

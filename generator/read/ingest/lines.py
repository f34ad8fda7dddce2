"""Reading a dump into lines, and the line shapes every text parser shares."""

from __future__ import annotations

import re

# Page chrome copied along with listings (papers-with-code style sites).
CHROME_LINES = (
    re.compile(r"^Get trending papers in your email inbox( once a day)?!?$", re.I),
    re.compile(r"^Subscribe$", re.I),
    # an arXiv abstract page's links to the paper's files (`View PDF HTML (experimental)` when
    # the two links copy onto one line), never a title
    re.compile(
        r"^(?:View PDF(?: HTML \(experimental\))?|HTML \(experimental\)|TeX Source|Other Formats"
        r"|Download(?: PDF)?:?|Access Paper:|view license)$"
    ),
)
CHROME_PREFIX = re.compile(r"^Subscribe(?=[A-Z0-9])")
ABSTRACT_PREFIX = re.compile(r"^\s*Abstract\s*[:.]\s*", re.I)

# An abstract is prose: long, several words. Seed titles are <= 154 chars, abstracts >= 507.
ABSTRACT_MIN_CHARS = 250
ABSTRACT_MIN_WORDS = 30


# A binary file has NUL bytes and does not decode as UTF-8.
class UnreadableFile(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Text of a dump and a note on how it was decoded ('' for plain UTF-8)."""
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        if b"\x00" in data or _looks_binary(data):
            raise UnreadableFile(
                f"binary file (not UTF-8 text: {error.reason} at byte {error.start})"
            ) from None  # the message says all the decode error did
        # Not UTF-8 but text: the usual culprit is a Latin-1/Windows-1252 export.
        return data.decode("cp1252", errors="replace"), "decoded as Windows-1252/Latin-1"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) * 0.1


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as editors number them: \\n, \\r\\n or a lone \\r (old Mac files) ends a line
    (not U+2028 or U+0085)."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# Lines a copy carries between abstracts that are neither titles nor affiliations: a bare URL,
# a paper's section heading, an acknowledgement.
STRAY = {
    "a URL": re.compile(r"(?:https?://|www\.)\S+", re.I),
    "a section heading": re.compile(
        r"(?:[\dIVX]+\.?\s*)?(?:related work|acknowledge?ments?|references|"
        r"bibliography|introduction|conclusions?|appendix|supplementary material)"
        r"\s*:?",
        re.I,
    ),
    "an acknowledgement": re.compile(
        r"(?:this (?:work|research|project|study) (?:was|is) (?:\w+ )?"
        r"(?:supported|funded)|we (?:thank|gratefully acknowledge)) .*",
        re.I,
    ),
}


def stray(line: str) -> str:
    """What a stray line is ("" when it is not one): reported, never a title or an affiliation."""
    text = line.strip()
    return next(
        (
            f"{kind} between abstracts, not a title"
            for kind, pattern in STRAY.items()
            if pattern.fullmatch(text)
        ),
        "",
    )


def is_blank(line: str) -> bool:
    return not line.strip()


def is_chrome(line: str) -> bool:
    return any(pattern.match(line.strip()) for pattern in CHROME_LINES)


def strip_abstract_prefix(line: str) -> str:
    return ABSTRACT_PREFIX.sub("", line, count=1).strip()


def is_abstract(line: str) -> bool:
    text = strip_abstract_prefix(line)
    return len(text) >= ABSTRACT_MIN_CHARS and len(text.split()) >= ABSTRACT_MIN_WORDS


# An entry's own abstract paragraph (arXiv listings): shorter abstracts are real, but the
# paragraph must still be prose, several words ending a sentence, not a page's footer.
ENTRY_ABSTRACT_MIN_WORDS = 12
SENTENCE_END = re.compile(r"[.!?][)\]\"'”’]*$")


def is_entry_abstract(text: str) -> bool:
    return is_abstract(text) or (
        len(text.split()) >= ENTRY_ABSTRACT_MIN_WORDS and bool(SENTENCE_END.search(text))
    )


def has_abstract_prefix(line: str) -> bool:
    return bool(ABSTRACT_PREFIX.match(line))

"""Reading a dump into lines, and the line shapes every text parser shares."""

from __future__ import annotations

import codecs
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
    kind = "binary"  # the format the build report names


class Utf16WithoutBom(UnreadableFile):
    kind = "UTF-16 without byte-order mark"


# Byte-order marks that name an encoding other than UTF-8 (Notepad's "Unicode", Excel's
# "Unicode Text"), UTF-32's first: its little-endian mark starts with UTF-16's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
UTF16_WITHOUT_BOM = "looks like UTF-16 without a byte-order mark; save it as UTF-8"


def decode(data: bytes) -> tuple[str, str]:
    """Text of a dump and a note on how it was decoded ('' for UTF-8, with a BOM or not). A
    UTF-16 or UTF-32 file is decoded by its byte-order mark; UTF-16 without one is rejected,
    never read as UTF-8 with a NUL between letters."""
    if marked := next((mark for mark in BOMS if data.startswith(mark[0])), None):
        return _decode_marked(data, *marked)
    if _looks_utf16(data):
        raise Utf16WithoutBom(UTF16_WITHOUT_BOM)
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        if b"\x00" in data or _looks_binary(data):
            raise UnreadableFile(
                f"binary file (not UTF-8 text: {error.reason} at byte {error.start})"
            ) from None  # the message says all the decode error did
        # Not UTF-8 but text: the usual culprit is a Latin-1/Windows-1252 export.
        return data.decode("cp1252", errors="replace"), "decoded as Windows-1252/Latin-1"


def _decode_marked(data: bytes, bom: bytes, codec: str, name: str) -> tuple[str, str]:
    """A file that starts with a UTF-16/32 byte-order mark, decoded so: unless it does not
    decode, or reads as control characters (a binary file that happens to start so)."""
    try:
        text = data[len(bom) :].decode(codec)
    except UnicodeDecodeError as error:
        at = error.start + len(bom)
        raise UnreadableFile(
            f"binary file (not {name} text: {error.reason} at byte {at})"
        ) from None
    if _looks_binary(text[:8192].encode("utf-8", "surrogatepass")):
        raise UnreadableFile(f"binary file (starts with a {name} byte-order mark, but not text)")
    return text, f"decoded as {name} by its byte-order mark"


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: a NUL in one of each two bytes (the high byte
    of Latin letters) at least a third of the time, in the other almost never, and the pairs
    read so are text, not control characters (a binary file's NULs can fall in one half)."""
    sample = data[: 8192 - len(data[:8192]) % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if pairs < 8 or max(even, odd) < pairs / 3 or min(even, odd) > max(even, odd) / 20:
        return False
    text = sample.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
    return sum(char.isprintable() or char in "\t\r\n" for char in text) >= 0.95 * len(text)


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

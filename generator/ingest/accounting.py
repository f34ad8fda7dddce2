"""Line accounting for parsers that read a whole file with a library: each record names the
lines it spans; every other line is blank, structure of the format, or rejected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import LineNote, RawRecord, SourceRef
from . import lines as L

Parsed = tuple[list[RawRecord], list[LineNote], list[LineNote]]


def accounted(file: str, lines: list[str], records: Iterable[RawRecord], rejected: Mapping[int, str],
              structure: str) -> Parsed:
    """The parse, every line in one place: in a record, rejected (line -> reason), blank, or
    else `structure` (a format's brackets, headers and comments). A line two records claim
    stays with the first."""
    kept, used = [], set(rejected)
    for record in records:
        span = tuple(n for n in record.lines if n not in used)
        used.update(span)
        if span:
            kept.append(record if span == record.lines else _with_lines(record, span))
    chrome = [LineNote(SourceRef(file, n), "blank line" if L.is_blank(lines[n - 1]) else structure)
              for n in range(1, len(lines) + 1) if n not in used]
    notes = [LineNote(SourceRef(file, n), reason) for n, reason in sorted(rejected.items())]
    return kept, chrome, notes


def rejected_whole(file: str, lines: list[str], reason: str) -> Parsed:
    """A file that cannot be read as its format: every line rejected, with one reason."""
    return [], [], [LineNote(SourceRef(file, n), reason) for n in range(1, len(lines) + 1)]


def arxiv_codes(*texts: str) -> tuple[str, ...]:
    """arXiv category codes among keywords and notes: codes (`cs.CV`, `arXiv:2606.27646
    [cs.CV]`) and category names as Zotero writes them (`Computer Science - Machine Learning`,
    anywhere in the text); other keywords are not categories."""
    from ..normalize import category_code
    from .arxiv_names import named_codes

    found = []
    for text in texts:
        found += named_codes(text)
        words = (word.strip("[](),;") for word in text.replace(",", " ").split())
        found += [word for word in words if "." in word and category_code(word) == word]
    return tuple(dict.fromkeys(found))


def comment_of(*notes: str) -> str:
    """The author's comment a reference manager keeps as a note (`Comment: 18 pages, 6 figures`)."""
    return next((note.strip()[len("Comment:"):].strip() for note in notes
                 if note.strip().lower().startswith("comment:")), "")


def doi_url(doi: str) -> str:
    """A DOI as a link (`10.1/x` or a doi.org URL already); "" for none."""
    doi = doi.strip()
    return doi if doi.lower().startswith(("http://", "https://")) or not doi else f"https://doi.org/{doi}"


def span(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


def _with_lines(record: RawRecord, lines: tuple[int, ...]) -> RawRecord:
    from dataclasses import replace

    return replace(record, lines=lines)

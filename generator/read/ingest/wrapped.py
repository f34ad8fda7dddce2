"""Hard-wrapped text (abstracts pasted from a PDF, broken at a fixed width): the lines that
continue a sentence are joined into one before the text readers see them, and every note the
readers make is mapped back to the lines it came from."""

from __future__ import annotations

from dataclasses import replace

from generator.model import LineNote, RawRecord, SourceRef

WIDEST_WRAP = 160  # a file with a longer line holds whole abstracts on one line: not wrapped
NARROWEST_WRAP = 40
WRAPPED_SHARE = 0.7  # a line at least this share of the widest is one the wrap broke
WRAPPED_LEAST = 3  # lines that long, for the file to count as wrapped

Logical = list[tuple[str, tuple[int, ...]]]  # joined text, the original line numbers it holds


def title_cased(line: str) -> bool:
    """Most words of four letters or more capitalized: a title, which no wrap continues."""
    words = [word for word in line.split() if len(word) >= 4 and word[0].isalpha()]
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def unwrap(lines: list[str]) -> Logical | None:
    """The lines with each wrapped run joined, or None when the file is not hard-wrapped. A
    line continues on the next when the next line's first word would not have fit on it (the
    wrap broke it there), unless it is a title and the next starts a sentence (a title stays
    above its abstract)."""
    lengths = [len(line.rstrip()) for line in lines if line.strip() and not title_cased(line)]
    width = max(lengths, default=0)
    if not NARROWEST_WRAP <= width <= WIDEST_WRAP:
        return None

    def broken(line: str) -> bool:
        return len(line.rstrip()) >= WRAPPED_SHARE * width

    if sum(map(broken, lines)) < WRAPPED_LEAST:
        return None
    logical: Logical = []
    index = 0
    while index < len(lines):
        text, numbers = lines[index].rstrip(), [index + 1]
        while numbers[-1] < len(lines) and _continues(
            lines[numbers[-1] - 1], lines[numbers[-1]], width
        ):
            following = lines[numbers[-1]].strip()
            text = text + following if text.endswith("-") else f"{text} {following}"
            numbers.append(numbers[-1] + 1)
        logical.append((text, tuple(numbers)))
        index = numbers[-1]
    return logical if any(len(numbers) > 1 for _, numbers in logical) else None


def _continues(line: str, following: str, width: int) -> bool:
    words = following.split()
    if not words or len(line.rstrip()) + 1 + len(words[0]) <= width:
        return False  # blank, or its first word would have fit: the line ended where its text did
    return not (title_cased(line) and words[0][:1].isupper())


def original_lines(
    logical: Logical, records: list[RawRecord], chrome: list[LineNote], rejected: list[LineNote]
) -> tuple[list[RawRecord], list[LineNote], list[LineNote]]:
    """What a reader made of the joined lines, in the file's own line numbers."""
    numbers = [found for _, found in logical]

    def spread(notes: list[LineNote]) -> list[LineNote]:
        return [
            LineNote(SourceRef(note.ref.file, n), note.reason)
            for note in notes
            for n in numbers[note.ref.line - 1]
        ]

    records = [
        replace(
            record,
            ref=SourceRef(record.ref.file, numbers[record.ref.line - 1][0]),
            lines=tuple(n for line in record.lines for n in numbers[line - 1]),
        )
        for record in records
    ]
    return records, spread(chrome), spread(rejected)

"""The text a paper is tagged by: its title and abstract as prose, math and emphasis marks
out; and the way back from a position in that text to the abstract as written, so its summary
sentence is quoted from the abstract itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from generator.model import Paper
from generator.tags.summary import Sentence, pick

MATH = re.compile(r"\$[^$]*\$")
EDITS = re.compile(r"\$[^$]*\$|\*")  # tagging_text's edits in one pass: math to a space, "*" out


def tagging_text(paper: Paper) -> str:
    """Title and abstract as prose: math and emphasis marks out, so phrases read as words."""
    return MATH.sub(" ", _title_part(paper) + paper.abstract).replace("*", "")


def _title_part(paper: Paper) -> str:
    return "" if paper.title_derived else paper.title.rstrip(".") + ". "


def source_position(source: str):
    """For the tagging text of `source` (title part and abstract), a function from a position
    in it to the position in `source` its character came from (a math span's space: the
    span's start)."""
    if "$" not in source and "*" not in source:
        return lambda index: index
    text_starts, source_starts, removed = [0], [0], 0
    for edit in EDITS.finditer(source):
        if edit.group() != "*":  # math: one space stands for it
            text_starts.append(edit.start() - removed)
            source_starts.append(edit.start())
        removed += len(edit.group()) - (edit.group() != "*")
        text_starts.append(edit.end() - removed)
        source_starts.append(edit.end())

    def position(index: int) -> int:
        segment = bisect_right(text_starts, index) - 1
        return source_starts[segment] + index - text_starts[segment]

    return position


def summary_of(paper: Paper, sentences: tuple[Sentence, ...]) -> str:
    """The paper's summary sentence (summary.pick), as written in its abstract."""
    title = _title_part(paper)
    position = source_position(title + paper.abstract)
    return pick(
        paper.abstract, sentences, [position(s.end - 1) + 1 - len(title) for s in sentences]
    )

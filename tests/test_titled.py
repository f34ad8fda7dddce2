"""Title line / abstract line pairs, with page chrome and stray lines reported
(generator/read/ingest/titled.py)."""

from __future__ import annotations

import functools

from conftest import COMPACT_ABSTRACT, OTHER_COMPACT_ABSTRACT, line_notes

from generator.model import RawRecord, SourceRef
from generator.read.ingest.titled import parse_titled_abstracts

ABSTRACT, OTHER_ABSTRACT = COMPACT_ABSTRACT, OTHER_COMPACT_ABSTRACT
notes = functools.partial(line_notes, "t.txt")


def test_every_line_is_a_paper_chrome_or_a_rejection():
    lines = [
        "Get trending papers in your email inbox!",
        "SubscribeCompact Networks for Tiny Devices",
        "Abstract: " + ABSTRACT,
        "",
        OTHER_ABSTRACT,
        "https://github.com/example/foonet",
        "A Title Left Alone",
    ]
    records, chrome, rejected = parse_titled_abstracts("t.txt", lines)
    assert records == [
        RawRecord(
            SourceRef("t.txt", 2), (2, 3), ABSTRACT, title="Compact Networks for Tiny Devices"
        ),
        RawRecord(SourceRef("t.txt", 5), (5,), OTHER_ABSTRACT),
    ]
    assert chrome == notes((1, "page chrome"), (4, "blank line"))
    assert rejected == notes(
        (6, "a URL between abstracts, not a title"), (7, "title with no abstract")
    )

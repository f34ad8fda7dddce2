"""Title line / abstract line pairs, with page chrome and stray lines reported
(generator/read/ingest/titled.py)."""

from __future__ import annotations

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.titled import parse_titled_abstracts

ABSTRACT = (
    "We propose a compact network for image classification on small devices that shares "
    "weights across layers and prunes channels during training, and we show on three "
    "benchmarks that it keeps the accuracy of much larger models while using a tenth of "
    "their parameters and memory, which makes it practical on phones and embedded boards."
)
OTHER_ABSTRACT = ABSTRACT.replace("compact network", "sparse transformer")


def notes(*pairs: tuple[int, str]) -> list[LineNote]:
    return [LineNote(SourceRef("t.txt", line), reason) for line, reason in pairs]


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

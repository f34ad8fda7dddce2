"""One rule for everything a build reads back (state/codec.py), proven once over every reader:
a stored value this code did not write counts as missing (None), never as an error, and what
the writer wrote reads back as it was."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from conftest import INGEST_FIXTURES

from generator.model import Paper
from generator.publish import memo
from generator.read.dumps import dump_from_json, dump_to_json, read_dump
from generator.site.shell import Chrome, Shell
from generator.site.site import Manifest, manifest_from_json
from generator.state.codec import decoded
from generator.tags.cache import Analysis, analysis_from_row, facts_from_row
from generator.tags.corpus_result import (
    KeptCorpus,
    TaggedCorpus,
    restored_result,
    stored_result,
)
from generator.tags.summary import Sentence
from generator.tags.topics import Topic
from generator.tags.vocabulary import TextFacts, Vocabulary

ANALYSIS = Analysis(
    np.ones(4, dtype=np.float32) / 2,
    (("graph neural networks", 0.8), ("sampling", 0.5)),
    (Sentence(0, 10, 0.5, 3, True, False),),
)
FACTS = TextFacts(("graph network", "sampl"), ("graph networks", "sampling"), (("GNN", "gn"),))
PAPER = Paper("p1", "A title", False, "An abstract.")
TAGGED = TaggedCorpus(
    [replace(PAPER, tags=("graphs",), keyphrases=("graphs",), topic="t", summary="An abstract.")],
    [Topic("t", "graphs", ("p1",))],
    0,
    {"graphs": ("graph",)},
)
VOCABULARY = Vocabulary(
    {"graph": 1},
    {"graph": "graphs"},
    {"gnn": "graph"},
    1,
    {"graph": "graph"},
    {"graphs": "graph"},
    {"graph": ("graphs",)},
    {"p1": {"GNN": "graph"}},
)
KEPT = KeptCorpus(TAGGED, (("p1",),), (0,), vocabulary=VOCABULARY, subjects={"p1": ("graph",)})
CHROME = Chrome("key", {"tags/": Shell(("<p>", "DIGESTSHELLBODY", "</p>"))}, {"a.css": "d"}, None)


def written() -> dict:
    """reader -> (what its writer stored, what reading it back gives)."""
    from generator.tags.cache import _facts_text

    dump = read_dump("dump.txt", (INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    manifest = Manifest({"papers/x/": "k"}, {"search/1": "b"}, {"feed.xml": "f"}, {}, {"a": 1})
    analysis_row = (
        ANALYSIS.vector.tobytes(),
        json.dumps(ANALYSIS.keyphrases),
        json.dumps(ANALYSIS.sentences),
    )
    return {
        "memo entry": (
            memo._entry,
            (["inputs", "digest", 10, 123],),
            ["inputs", "digest", 10, 123],
        ),
        "manifest": (manifest_from_json, (json.loads(manifest.to_bytes()),), manifest),
        "chrome": (Chrome.from_json, (CHROME.to_json(),), CHROME),
        "parsed dump": (dump_from_json, (dump_to_json(dump),), dump),
        "analysis": (analysis_from_row, analysis_row, ANALYSIS),
        "text facts": (facts_from_row, (_facts_text(FACTS), {}), FACTS),
        "tagged corpus": (restored_result, ([PAPER], stored_result(KEPT)), KEPT),
    }


def rewritten(name: str, back) -> tuple:
    """What the writer would store for `back`: anything read must be exactly that."""
    from generator.tags.cache import _facts_text

    return {
        "memo entry": lambda: (back,),
        "manifest": lambda: (json.loads(back.to_bytes()),),
        "chrome": lambda: (back.to_json(),),
        "parsed dump": lambda: (json.loads(dump_to_json(back)),),
        "analysis": lambda: (
            back.vector.tobytes(),
            json.loads(json.dumps(back.keyphrases)),
            json.loads(json.dumps(back.sentences)),
        ),
        "text facts": lambda: (_facts_text(back),),
        "tagged corpus": lambda: (stored_result(back),),
    }[name]()


def as_stored(name: str, args: tuple) -> tuple:
    """`args` as rewritten() gives them: JSON text loaded, the shared-strings table left out."""
    if name == "parsed dump":
        return (json.loads(args[0]),)
    if name == "analysis":
        return (args[0], json.loads(args[1]), json.loads(args[2]))
    if name == "tagged corpus":
        return args[1:]
    return args[:1] if name == "text facts" else args


def damaged(value):
    """Values like `value` that its writer never writes: each part gone, of another kind,
    truncated; and values of every other shape."""
    yield from (None, 0, 1.5, "", "x", "[]", "{}", b"", b"\x00\x01\x02", [], {}, [None], {"a": 1})
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
            for wrong in (None, 7, "x", [1], {"k": [None]}):
                yield {**value, key: wrong}
    if isinstance(value, list):
        yield value[:-1]
        yield [*value, "extra"]
        for index in range(len(value)):
            for wrong in (None, 7, "x", [None]):
                yield [*value[:index], wrong, *value[index + 1 :]]
    if isinstance(value, (str, bytes)):
        for cut in (1, len(value) // 2, len(value) - 1):
            yield value[:cut]
        if isinstance(value, str) and value.startswith(("[", "{")):
            loaded = json.loads(value)
            yield from (json.dumps(bad) for bad in damaged(loaded) if _jsonable(bad))


def _jsonable(value) -> bool:
    try:
        json.dumps(value)
    except TypeError:
        return False
    return True


@pytest.mark.parametrize("name", list(written()))
def test_what_the_writer_wrote_reads_back(name):
    read, stored, expected = written()[name]
    back = decoded(read, *stored)
    if isinstance(expected, Analysis):
        assert back is not None and np.array_equal(back.vector, expected.vector)
        assert (back.keyphrases, back.sentences) == (expected.keyphrases, expected.sentences)
    else:
        assert back == expected


@pytest.mark.parametrize("name", list(written()))
def test_anything_else_counts_as_missing(name):
    read, stored, _ = written()[name]
    tried = 0
    for position, part in enumerate(stored):
        if (name, position) in (("text facts", 1), ("tagged corpus", 0)):
            continue  # the reader's own arguments (strings table, the papers), not stored
        for bad in damaged(part):
            args = (*stored[:position], bad, *stored[position + 1 :])
            back = decoded(read, *args)  # never raises
            tried += 1
            if back is not None:  # read as something only if it is what the writer writes
                assert rewritten(name, back) == as_stored(name, args), args
    assert tried > 15

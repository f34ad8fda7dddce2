"""Read: every dump ingested and normalized, one ReadDump each. A dump whose bytes (and the
generator's code) are those of an earlier build is not parsed again: its ReadDump is kept in
the cache, so a rebuild parses only new or changed dumps.

The memo is JSON in SQLite: reading it back builds dataclasses field by field and never
executes anything, so a cache restored in CI can at worst hold wrong text, which every
output escapes anyway. A lost memo costs time, never correctness.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import typing
from pathlib import Path

from .fingerprint import code_version, fingerprint, of_bytes
from .ingest import parse_bytes, source_files
from .model import Paper, ReadDump
from .normalize import normalize
from .report import source_summary


def read_dump(name: str, data: bytes) -> ReadDump:
    source = parse_bytes(name, data)
    return ReadDump(source_summary(source), tuple(f"{note.ref}: {note.reason}" for note in source.rejected),
                    tuple(normalize(record) for record in source.records))


def read_dumps(folder: Path, memo: DumpMemo | None = None) -> list[ReadDump]:
    """Every dump under `folder`, in file order; through `memo` when given."""
    dumps = []
    for path in source_files(folder):
        name, data = path.relative_to(folder).as_posix(), path.read_bytes()
        dumps.append(memo.read(name, data) if memo else read_dump(name, data))
    if memo:
        memo.forget_unused()
    return dumps


def _tuple_decoders(cls) -> dict[str, typing.Callable]:
    """Per tuple field of a dataclass, JSON list -> tuple (of dataclasses, for Link and SourceRef)."""
    decoders = {}
    for name, hint in typing.get_type_hints(cls).items():
        if typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            decoders[name] = (lambda rows, item=item: tuple(item(*row) for row in rows)) if dataclasses.is_dataclass(item) else tuple
    return decoders


PAPER_FIELDS = [f.name for f in dataclasses.fields(Paper)]
PAPER_TUPLES = _tuple_decoders(Paper)


def dump_to_json(dump: ReadDump) -> str:
    rows = [[getattr(paper, name) for name in PAPER_FIELDS] for paper in dump.papers]
    return json.dumps([dump.summary, dump.rejected, rows], default=dataclasses.astuple)


def dump_from_json(text: str) -> ReadDump:
    summary, rejected, rows = json.loads(text)
    papers = tuple(Paper(**{name: PAPER_TUPLES[name](value) if name in PAPER_TUPLES else value
                            for name, value in zip(PAPER_FIELDS, row)}) for row in rows)
    return ReadDump(summary, tuple(rejected), papers)


class DumpMemo:
    """ReadDumps by a fingerprint of the code, the dump's name and its bytes, in one SQLite file."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS dumps (key TEXT PRIMARY KEY, dump TEXT)")
        self.used: set[str] = set()
        self.parsed = 0  # dumps parsed by this build: new or changed

    def read(self, name: str, data: bytes) -> ReadDump:
        key = fingerprint(code_version(), name, of_bytes(data))
        self.used.add(key)
        if (row := self._db.execute("SELECT dump FROM dumps WHERE key = ?", (key,)).fetchone()) is not None:
            try:
                return dump_from_json(row[0])
            except (ValueError, TypeError, KeyError):
                pass  # not what this code wrote: read the dump again
        dump = read_dump(name, data)
        self.parsed += 1
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO dumps VALUES (?, ?)", (key, dump_to_json(dump)))
        return dump

    def forget_unused(self) -> None:
        """Drop dumps no longer in the sources folder (or read by older code): the memo stays
        the size of the sources."""
        kept = [key for (key,) in self._db.execute("SELECT key FROM dumps")]
        with self._db:
            self._db.executemany("DELETE FROM dumps WHERE key = ?", [(key,) for key in kept if key not in self.used])

    def close(self) -> None:
        self._db.close()

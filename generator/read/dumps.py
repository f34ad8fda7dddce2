"""Read: every dump ingested and normalized, one ReadDump each. A dump whose bytes (and the
generator's code) are those of an earlier build is not parsed again: its ReadDump is kept in
the cache, so a rebuild parses only new or changed dumps.

The memo is JSON in SQLite: reading it back builds dataclasses field by field and never
executes anything, so a cache restored in CI can at worst hold wrong text, which every
output escapes anyway. A lost memo costs time, never correctness.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path

from generator.model import Paper, ParsedSource, ReadDump
from generator.read.accounts import source_summary
from generator.read.ingest import parse_bytes, source_files, unreadable
from generator.read.normalize import normalize
from generator.state.codec import decoded, kind_of, require, row_reader
from generator.state.files import CacheDatabase, file_signature
from generator.state.fingerprint import (
    code_version,
    fingerprint,
    library_versions,
    of_bytes,
)


def read_dump(name: str, data: bytes) -> ReadDump:
    return read_parsed(parse_bytes(name, data))


def read_parsed(source: ParsedSource) -> ReadDump:
    return ReadDump(
        source_summary(source),
        tuple(f"{note.ref}: {note.reason}" for note in source.rejected),
        tuple(normalize(record) for record in source.records),
    )


def read_path(path: Path, name: str, memo: DumpMemo | None = None) -> ReadDump:
    """One dump file; one that cannot be read is a rejection naming it (never memoized)."""
    signature = file_signature(path) if memo else None  # taken before the bytes are read
    if memo and (held := memo.held_file(path, name, signature)) is not None:
        return held
    try:
        data = path.read_bytes()
    except OSError as error:
        return read_parsed(unreadable(name, error))
    return memo.read(name, data, (path, signature)) if memo else read_dump(name, data)


def read_dumps(folder: Path, memo: DumpMemo | None = None) -> list[ReadDump]:
    """Every dump under `folder`, in file order; through `memo` when given."""
    dumps = []
    for path in source_files(folder):
        dumps.append(read_path(path, path.relative_to(folder).as_posix(), memo))
    if memo:
        memo.finish()
    return dumps


def read_papers(folder: Path) -> list[Paper]:
    """Every paper the dumps under `folder` give, in file order, before duplicates merge."""
    return [paper for dump in read_dumps(folder) for paper in dump.papers]


PAPER_FIELDS = [f.name for f in dataclasses.fields(Paper)]
SUMMARY_KEYS = {"file", "format", "lines", "records", "lines_in_papers", "chrome", "rejected"}
PARSE_LIBRARIES = (
    "python-dateutil",
    "pyyaml",
    "nh3",
    "python-slugify",
    "bibtexparser",
    "pylatexenc",
    "rispy",
    "feedparser",
)
READ_PAPER = row_reader(Paper)


def dump_to_json(dump: ReadDump) -> str:
    rows = [[getattr(paper, name) for name in PAPER_FIELDS] for paper in dump.papers]
    return json.dumps([dump.summary, dump.rejected, rows], default=dataclasses.astuple)


def dump_from_json(text: str) -> ReadDump:
    """What dump_to_json wrote; raises on anything else (codec.decoded)."""
    summary, rejected, rows = json.loads(text)
    require(kind_of(summary, dict).keys() == SUMMARY_KEYS, "a dump summary")
    require(all(type(summary[key]) is int for key in SUMMARY_KEYS - {"file", "format"}), "counts")
    require(type(summary["file"]) is str and type(summary["format"]) is str, "a dump's name")
    notes = tuple(kind_of(note, str) for note in kind_of(rejected, list))
    return ReadDump(summary, notes, tuple(map(READ_PAPER, kind_of(rows, list))))


def memo_version() -> str:
    """Everything a parse depends on besides the dump: the generator's code, the libraries
    that parse and clean (dates, YAML, HTML, slugs) and Python itself (its Unicode tables)."""
    return fingerprint(code_version(), sys.version, *library_versions(PARSE_LIBRARIES))


class DumpMemo:
    """ReadDumps by a fingerprint of what parsing depends on (memo_version), the dump's name and
    its bytes, in one SQLite file. `fresh` (`digest build --full`): read every dump again.

    A process that builds again (`digest serve --watch`) keeps the dumps it decoded or parsed
    (`_held`), each with a digest of its memo row: a row read back with that digest is that
    dump, so it is not decoded again (a hundred thousand papers take seconds to decode; their
    rows compare in a fraction of that). A row that changed in between is decoded as ever.
    A file whose signature (files.file_signature) is the one it had when a build of this
    process read it is not even read: 211 MB of dumps at 100k papers, hashed every build."""

    _held: dict[str, tuple[bytes, ReadDump]] = {}  # key -> (digest of its row, the dump)
    # (file path, dump name) -> (its signature, the memo version it was read under, its key)
    _files: dict[tuple[str, str], tuple[tuple[int, int, int], str, str]] = {}

    @classmethod
    def cache_clear(cls) -> None:
        """Drop the held dumps (state.memory.forget_process_caches)."""
        cls._held, cls._files = {}, {}

    def __init__(self, path: Path, fresh: bool = False):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fresh, self.version = fresh, memo_version()
        self.used: set[str] = set()
        self.made: dict[str, str] = {}  # key -> JSON, written by finish() in one transaction
        self._db = CacheDatabase(
            path, "CREATE TABLE IF NOT EXISTS dumps (key TEXT PRIMARY KEY, dump TEXT)"
        )

    @property
    def parsed(self) -> int:
        """Dumps parsed by this build: new, changed, or not readable from the memo."""
        return len(self.made)

    def held_file(
        self, path: Path, name: str, signature: tuple[int, int, int] | None
    ) -> ReadDump | None:
        """The dump `name` a build of this process read from the file at `path`, if the file
        still has the `signature` it had then."""
        found = None if self.fresh or signature is None else DumpMemo._files.get((str(path), name))
        if found is None or found[:2] != (signature, self.version):
            return None
        held = DumpMemo._held.get(found[2])
        if held is not None:
            self.used.add(found[2])
        return held[1] if held else None

    def read(
        self, name: str, data: bytes, file: tuple[Path, tuple[int, int, int] | None] | None = None
    ) -> ReadDump:
        """The dump `name` whose bytes are `data`; `file`: its path and signature, taken
        before the bytes were read (held_file)."""
        key = fingerprint(self.version, name, of_bytes(data))
        self.used.add(key)
        if file is not None and file[1] is not None and not _racy(file[1]):
            DumpMemo._files[(str(file[0]), name)] = (file[1], self.version, key)
        rows = [] if self.fresh else self._db.rows("SELECT dump FROM dumps WHERE key = ?", (key,))
        if rows:
            row_digest = _row_digest(rows[0][0])
            held = DumpMemo._held.get(key)
            if held and held[0] == row_digest:
                return held[1]
            if (kept := decoded(dump_from_json, rows[0][0])) is not None:
                DumpMemo._held[key] = (row_digest, kept)
                return kept
        dump = read_dump(name, data)
        self.made[key] = dump_to_json(dump)
        DumpMemo._held[key] = (_row_digest(self.made[key]), dump)
        return dump

    def finish(self) -> None:
        """Keep the dumps parsed this build; drop those no longer in the sources folder (or
        read by other code): the memo stays the size of the sources."""
        stale = [
            (key,) for (key,) in self._db.rows("SELECT key FROM dumps") if key not in self.used
        ]
        DumpMemo._held = {key: DumpMemo._held[key] for key in self.used if key in DumpMemo._held}
        DumpMemo._files = {
            name: found for name, found in DumpMemo._files.items() if found[2] in DumpMemo._held
        }
        self._db.write(
            ("INSERT OR REPLACE INTO dumps VALUES (?, ?)", sorted(self.made.items())),
            ("DELETE FROM dumps WHERE key = ?", stale),
        )

    def close(self) -> None:
        self._db.close()


RACY_NS = 2_000_000_000  # FAT's timestamps tick every 2 s, ext4's every few milliseconds


def _racy(signature: tuple[int, int, int]) -> bool:
    """A file modified this close to now may be written again within its timestamp's tick,
    keeping its signature (git's "racily clean" files): it is read again next build."""
    return time.time_ns() - signature[1] < RACY_NS


def _row_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

"""The thin I/O layer: atomic writes, links, JSON and gzip files, caches' SQLite, git times."""

from __future__ import annotations

import contextlib
import errno
import functools
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from generator.errors import BusyError
from generator.state.fingerprint import of_bytes


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, then rename: readers never see half a file."""
    with atomic_stream(path) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream whose bytes become `path` once the block ends without an error (a temp
    file in the same folder, then renamed); a large file never has to be held whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link of `source` at `target`, or where links are refused a whole copy with its
    times (copied under a temporary name, then renamed: `target` is never half a file);
    strings where a build links many files (pathlib costs more than the link)."""
    try:
        try:
            os.link(source, target)
        except FileNotFoundError:  # a new folder: made only then (most targets share one)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        partial = f"{target}.{os.getpid()}.partial"
        try:
            shutil.copy2(source, partial)
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise


def git_added_times(folder: Path) -> dict[str, int]:
    """When each file under `folder` was first committed (Unix time), from git history;
    {} outside a repository. The publish workflow fetches full history for this."""
    try:  # -z: names as they are (spaces, quotes, non-ASCII); --relative: relative to `folder`
        output = subprocess.run(
            [
                "git",
                "log",
                "-z",
                "--diff-filter=A",
                "--format=%x00%ct",
                "--name-only",
                "--relative",
                "--",
                ".",
            ],
            cwd=folder,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8", "surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return {}
    added: dict[str, int] = {}
    parts = re.split(r"\x00(\d+)\x00\n", output)  # ["", time, names, time, names, ...]
    for stamp, names in zip(parts[1::2], parts[2::2], strict=True):
        for name in names.split("\x00"):
            if name:
                added[name] = int(stamp)  # log is newest first: keep the oldest
    return added


def dump_json(value: Any, compact: bool = False) -> bytes:
    """Indented; or `compact`, one line with no spaces: the small files a browser fetches."""
    layout: dict[str, Any] = {"separators": (",", ":")} if compact else {"indent": 2}
    return (json.dumps(value, ensure_ascii=False, **layout) + "\n").encode()


def dump_json_record(
    record: dict[str, Any], item_text: Callable[[Any], str] | None = None
) -> bytes:
    """A JSON object a field per line, and a list field (or tuple) an item per line, each item
    on one line: as readable as `indent`, and every part goes through the C encoder (`indent`
    takes the pure-Python one: seconds for a report of a hundred thousand notes).
    `item_text(item)`: an item's JSON, where the caller has it (json.dumps otherwise)."""
    text_of = item_text or functools.partial(json.dumps, ensure_ascii=False)

    def field(name: str, value: Any) -> str:
        key = json.dumps(name, ensure_ascii=False)
        if isinstance(value, (list, tuple)) and value:
            items = ",\n    ".join(map(text_of, value))
            return f"  {key}: [\n    {items}\n  ]"
        return f"  {key}: {json.dumps(value, ensure_ascii=False)}"

    return ("{\n" + ",\n".join(field(k, v) for k, v in record.items()) + "\n}\n").encode()


def dump_json_rows(rows: list) -> bytes:
    """A JSON array with one row per line: diffs show rows, and each row goes through the
    C encoder (`indent` would take the pure-Python one, twice as slow for papers.json)."""
    if not rows:
        return b"[]\n"
    return (
        "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"
    ).encode()


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """(size, modification time in ns, inode) of the file at `path`, None where there is none:
    a file replaced or rewritten (every atomic write is a new inode) has another."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def file_digest(path: Path) -> str | None:
    """fingerprint.of_bytes of the file at `path` (None where it cannot be read), worked out
    once for the file as it is (file_signature) however often a build asks: the previous
    corpus data (70 MB at 100k papers) is checked both by what it holds and by its members."""
    signature = file_signature(path)
    return None if signature is None else _digest_of(str(path), *signature)


@functools.lru_cache(maxsize=8)
def _digest_of(path: str, size: int, mtime_ns: int, inode: int) -> str | None:
    try:
        return of_bytes(Path(path).read_bytes())
    except OSError:
        return None


def gzipped(data: bytes) -> bytes:
    """`data` gzipped the same way on every build (no time or name in the header)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def open_text(path: Path) -> IO[str]:
    """A UTF-8 text file, read through gzip when its name ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


CACHE_LOCK_WAIT_S = 60.0  # how long a cache another program holds locked is waited for


def _busy(path: Path | None, error: sqlite3.DatabaseError) -> BusyError:
    return BusyError(
        f"cache {path} stayed locked by another program for {CACHE_LOCK_WAIT_S:.0f} s "
        f"({error}): close what holds it and build again"
    )


def _locked(error: sqlite3.DatabaseError) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
    )


def open_sqlite(path: Path | None, *schema: str) -> sqlite3.Connection:
    """A cache database with `schema` (CREATE TABLE IF NOT EXISTS ...) in place; `path` None:
    in memory. A file that is no database (cut short when CI restored it, say) is set aside
    as `<name>.broken` and a new one started: a broken cache costs time, never the build."""
    try:
        return _connect(path, schema)
    except sqlite3.DatabaseError as error:  # a locked or unreachable database is not set aside
        if _locked(error):
            raise _busy(path, error) from error
        if path is None or not damaged(error):
            raise
        _set_aside(path)
        return _connect(path, schema)


def damaged(error: sqlite3.DatabaseError) -> bool:
    """The file is no database, or a corrupt one (the primary code of an extended one)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (
        sqlite3.SQLITE_NOTADB,
        sqlite3.SQLITE_CORRUPT,
    )


def _set_aside(path: Path) -> None:
    """`<name>.broken`, with its write-ahead log and index (a new file must not take them up)."""
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.replace(path.with_name(path.name + ".broken" + suffix))


class CacheDatabase:
    """A cache's SQLite database (open_sqlite) that costs time, never the build, also when the
    damage shows only on a query (a page past the first): the file is set aside and a new one
    started, where the query is run again (a read then finds nothing, which is worked out again)."""

    def __init__(self, path: Path | None, *schema: str):
        self.path, self.schema = path, schema
        self.connection = open_sqlite(path, *schema)

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self._run(lambda db: db.execute(sql, params).fetchall())

    def write(self, *statements: tuple[str, list]) -> None:
        """(sql, rows) pairs, each run over its rows, in one transaction."""

        def transaction(db: sqlite3.Connection) -> None:
            with db:
                for sql, rows in statements:
                    db.executemany(sql, rows)

        self._run(transaction)

    def _run(self, work):
        try:
            return work(self.connection)
        except sqlite3.DatabaseError as error:
            if _locked(error):
                raise _busy(self.path, error) from error
            if self.path is None or not damaged(error):
                raise
            self.connection.close()
            _set_aside(self.path)
            self.connection = open_sqlite(self.path, *self.schema)
            return work(self.connection)

    def close(self) -> None:
        self.connection.close()


def _connect(path: Path | None, schema: tuple[str, ...]) -> sqlite3.Connection:
    db = sqlite3.connect(str(path) if path else ":memory:", timeout=CACHE_LOCK_WAIT_S)
    try:
        # A write-ahead log, synced at checkpoints only: a commit costs no fsync (1.2 ms each
        # here, four a rebuild), a crash loses at most the last commits, never the database,
        # and closing folds the log back in, so the file CI saves is whole on its own.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in schema:
            db.execute(statement)
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def load_json(path: Path, default: Any) -> Any:
    """The JSON in `path` (gzipped when its name ends in .gz); `default` if it is missing or
    unreadable."""
    try:
        with open_text(path) as stream:
            return json.load(stream)
    except (OSError, EOFError, ValueError):
        return default

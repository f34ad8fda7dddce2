"""papers.json.gz in gzip members of MEMBER_ROWS rows, counted from the oldest paper.

Gzipping the whole corpus took most of a second at 10k papers and ten at 100k, every build.
A gzip file may be a run of members (RFC 1952; zcat, Python's gzip and pandas read them as
one stream), so the file is cut where a run of rows stays the same as papers arrive: new
papers are listed first and fill the first member, and the members after it hold the same
rows as before unless a row in them changed. A build reuses each unchanged member's bytes
from the previous file, as the output memo describes it (the zlib that wrote it, the file's
digest, each member's text digest and length), so the file is what compressing every member
anew gives: the same bytes from a cold build.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from generator.state import files
from generator.state.fingerprint import of_bytes

MEMBER_ROWS = 1000
ZLIB = f"zlib {zlib.ZLIB_RUNTIME_VERSION}, level 6"  # what files.gzipped compresses with


def member_texts(rows: list[str]) -> list[bytes]:
    """The text of files.dump_json_rows(rows) cut into members: the first holds the rows past
    a whole number of MEMBER_ROWS, each other MEMBER_ROWS rows."""
    if not rows:
        return [b"[]\n"]
    first = len(rows) % MEMBER_ROWS or MEMBER_ROWS
    bounds = [0, *range(first, len(rows) + 1, MEMBER_ROWS)]
    texts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        opening = "[\n" if start == 0 else ""
        closing = "\n]\n" if end == len(rows) else ",\n"
        texts.append((opening + ",\n".join(rows[start:end]) + closing).encode())
    return texts


def gzipped_rows(lines: list[str], previous: object, path: Path) -> tuple[bytes, dict]:
    """(the gzip file of files.dump_json_rows(rows), its member index for the memo), from
    each row's JSON as dump_json_rows writes it (`lines`). `previous`: the member index the
    memo kept for the file at `path`, the previous build's."""
    reusable = _reusable(previous, path)
    parts, members = [], []
    for text in member_texts(lines):
        digest = of_bytes(text)
        part = reusable.get(digest) or files.gzipped(text)
        parts.append(part)
        members.append([digest, len(part)])
    data = b"".join(parts)
    return data, {"zlib": ZLIB, "file": of_bytes(data), "members": members}


def _reusable(index: object, path: Path) -> dict[str, bytes]:
    """Text digest -> member bytes of the previous file, if it is the one `index` describes
    and this zlib wrote it; otherwise none (a file edited or lost costs time only)."""
    if not isinstance(index, dict) or index.get("zlib") != ZLIB:
        return {}
    try:
        data = path.read_bytes()
        members = [(str(digest), int(length)) for digest, length in index["members"]]
    except (OSError, KeyError, TypeError, ValueError):
        return {}
    if of_bytes(data) != index.get("file") or sum(n for _, n in members) != len(data):
        return {}
    found, start = {}, 0
    for digest, length in members:
        found[digest] = data[start : start + length]
        start += length
    return found

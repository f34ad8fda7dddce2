"""papers.json.gz in gzip members of MEMBER_ROWS rows, counted from the oldest paper.

Gzipping the whole corpus took most of a second at 10k papers and ten at 100k, every build.
A gzip file may be a run of members (RFC 1952; zcat, Python's gzip and pandas read them as
one stream), so the file is cut where a run of rows stays the same as papers arrive: new
papers are listed first and fill the first member, and the members after it hold the same
rows as before unless a row in them changed. A build reuses each unchanged member's bytes
from the previous file, as the output memo describes it (the zlib that wrote it, the file's
digest, each member's digest and length), so the file is what compressing every member anew
gives: the same bytes from a cold build. A member's digest is of its rows' values, not its
text: an unchanged member's rows are not written out as JSON again.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.state import files
from generator.state.fingerprint import code_version, fingerprint, of_bytes

MEMBER_ROWS = 1000
ZLIB = f"zlib {zlib.ZLIB_RUNTIME_VERSION}, level 6"  # what files.gzipped compresses with


def member_bounds(count: int) -> list[tuple[int, int]]:
    """(start, end) of each member's rows: the first holds the rows past a whole number of
    MEMBER_ROWS, each other MEMBER_ROWS rows."""
    first = count % MEMBER_ROWS or MEMBER_ROWS
    bounds = [0, *range(first, count + 1, MEMBER_ROWS)]
    return list(zip(bounds, bounds[1:], strict=False))


def gzipped_rows(
    rows: Sequence[Any],
    digests: Sequence[str],
    line: Callable[[Any], str],
    previous: object,
    path: Path,
    shared: str = "",
) -> tuple[bytes, dict]:
    """(the gzip file of files.dump_json_rows, its member index for the memo). `rows`: what
    each row is made from, `line(row)` its JSON as dump_json_rows writes it, `digests[i]` a
    digest of everything row i's line is made from (an unchanged member's rows are not
    written out again); `shared`: what every line is made from besides its row (the site's
    URL). A member is known by these and the code; `previous`: the member index the memo kept
    for the file at `path`, the previous build's."""
    reusable = _reusable(previous, path)
    if not rows:
        data = files.gzipped(b"[]\n")
        return data, {"zlib": ZLIB, "file": of_bytes(data), "members": [["", len(data)]]}
    parts, members = [], []
    for start, end in member_bounds(len(rows)):
        opening = "[\n" if start == 0 else ""
        closing = "\n]\n" if end == len(rows) else ",\n"
        key = fingerprint(code_version(), shared, opening, closing, *digests[start:end])
        part = reusable.get(key)
        if part is None:
            text = opening + ",\n".join(map(line, rows[start:end])) + closing
            part = files.gzipped(text.encode())
        parts.append(part)
        members.append([key, len(part)])
    data = b"".join(parts)
    return data, {"zlib": ZLIB, "file": of_bytes(data), "members": members}


def _reusable(index: object, path: Path) -> dict[str, bytes]:
    """Member digest -> member bytes of the previous file, if it is the one `index` describes
    and this zlib wrote it; otherwise none (a file edited or lost costs time only)."""
    if not isinstance(index, dict) or index.get("zlib") != ZLIB:
        return {}
    try:
        data = path.read_bytes()
        members = [(str(digest), int(length)) for digest, length in index["members"]]
    except (OSError, KeyError, TypeError, ValueError):
        return {}
    if files.file_digest(path) != index.get("file") or sum(n for _, n in members) != len(data):
        return {}
    found, start = {}, 0
    for digest, length in members:
        found[digest] = data[start : start + length]
        start += length
    return found

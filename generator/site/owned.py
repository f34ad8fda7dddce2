"""What a build may replace or delete: only files a build wrote. docs_dir keeps a record of
them (RECORD, inside it; MkDocs skips dot files); site/ has its manifest (site.py). A file
found there that no build wrote stops the build (ForeignFilesError, exit 2) before anything
is written, so a wrong `docs_dir` or `site_dir` never costs a user's files.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from generator.errors import ForeignFilesError
from generator.state import files

RECORD = ".digest-files.json"
TEMP_FILE = re.compile(r"(?P<folder>(?:.*/)?)\.(?P<name>[^/]+)\.[^/.]+\.tmp")
SHOWN = 20  # foreign files listed in the error's details
# Before records existed (a docs_dir built by an older version): files shaped like the build's.
LEGACY_DATA = re.compile(
    r"(feed\.xml|atom\.xml|feeds\.opml|papers\.json|build-report\.json"
    r"|(tags|topics)/[^/]+/feed\.xml)"
)


def walk_files(root: Path) -> dict[str, int]:
    """Every file under `root` (relative POSIX path -> size); links are not followed."""
    found: dict[str, int] = {}
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((prefix + entry.name + "/", entry.path))
            else:
                found[prefix + entry.name] = entry.stat(follow_symlinks=False).st_size
    return found


def foreign_error(folder: Path, setting: str, foreign: list[str], advice: str) -> ForeignFilesError:
    shown = [f"  not written by digest: {folder / name}" for name in foreign[:SHOWN]]
    if len(foreign) > SHOWN:
        shown.append(f"  ... and {len(foreign) - SHOWN} more")
    return ForeignFilesError(
        f"{setting} {folder} holds {len(foreign)} file(s) no digest build wrote, and every build "
        f"replaces what it holds: {advice}; nothing was changed",
        shown,
    )


def sync_docs(
    root: Path, wanted: dict[str, bytes], unchanged: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """Make docs_dir hold `wanted` and the files in `unchanged` (left as they are): rewrite
    changed files, delete the ones earlier builds wrote that are no longer wanted. Returns
    (written, removed). The record is written before the first change and after the last,
    so a build cut short still knows every file it may have written."""
    recorded = _load_record(root)
    present = walk_files(root)
    present.pop(RECORD, None)
    foreign = sorted(name for name in present if not _ours(root, name, recorded, wanted.get(name)))
    if foreign:
        raise foreign_error(
            root,
            "docs_dir",
            foreign,
            "move those files elsewhere, or set docs_dir to a folder of its own",
        )
    keep = set(wanted) | set(unchanged)
    _write_record(root, sorted(keep | set(present)))
    written = sum(
        files.write_if_changed(root / name, data)
        for name, data in sorted(wanted.items())
        if name not in unchanged
    )
    stale = sorted(set(present) - keep, reverse=True)
    for name in stale:
        (root / name).unlink(missing_ok=True)
        remove_empty_parents((root / name).parent, root)
    _write_record(root, sorted(keep))
    return written, len(stale)


def _ours(root: Path, name: str, recorded: set[str] | None, wanted: bytes | None) -> bool:
    if (temp := TEMP_FILE.fullmatch(name)) and (
        recorded is None or temp["folder"] + temp["name"] in recorded
    ):
        return True  # what files.write_atomic leaves when a build is killed mid-write
    if recorded is not None:
        return name in recorded
    path = root / name
    if wanted is not None and _read(path) == wanted:
        return True
    if name.endswith(".md"):
        return _is_shell(path)
    # An older build's feeds and data: only beside its own home page shell.
    return LEGACY_DATA.fullmatch(name) is not None and _is_shell(root / "index.md")


def _is_shell(path: Path) -> bool:
    head = _read(path)[:200]
    return head.startswith(b"---\n") and b"\ndigest_shell: true\n" in head


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _load_record(root: Path) -> set[str] | None:
    data = files.load_json(root / RECORD, None)
    if isinstance(data, dict) and isinstance(data.get("files"), list):
        return {name for name in data["files"] if isinstance(name, str)}
    return None


def _write_record(root: Path, names: list[str]) -> None:
    data = {"written_by": "digest build", "files": names}
    files.write_if_changed(root / RECORD, json.dumps(data, indent=0).encode() + b"\n")


def remove_empty_parents(folder: Path, root: Path) -> None:
    """Remove `folder` and the folders above it, up to `root`, while they hold nothing; a
    folder already gone is passed (a removal cut short and run again)."""
    while folder != root and root in folder.parents:
        if folder.is_dir():
            if any(folder.iterdir()):
                return
            folder.rmdir()
        folder = folder.parent


def prune_empty_folders(root: Path) -> None:
    """Remove every folder under `root` that holds no file at any depth."""
    removed: set[str] = set()
    for parent, folders, names in os.walk(root, topdown=False):
        inside = (os.path.join(parent, folder) for folder in folders)
        if parent != str(root) and not names and all(path in removed for path in inside):
            os.rmdir(parent)
            removed.add(parent)

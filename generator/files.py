"""The thin I/O layer: atomic writes, syncing a generated tree, swapping a built site into place."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def sync_tree(root: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Make `root` hold exactly `files`: rewrite only changed ones, delete stale ones.
    Returns (written, removed)."""
    written = sum(write_if_changed(root / name, data) for name, data in sorted(files.items()))
    removed = 0
    for path in sorted(root.rglob("*"), reverse=True) if root.exists() else []:
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in files:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames, so a failure never leaves a half site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def dump_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def load_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default

"""One build at a time per project: an advisory lock on a file in the cache folder, released
by the system when the process ends however it ends (no stale lock after kill -9)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BusyError

LOCK_NAME = "build.lock"


@contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Held while a build runs; a second build on the project stops at once with BusyError
    naming the process that holds it."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "unknown"
            raise BusyError(
                f"another digest build of this project is running (process {holder}, "
                f"lock {path}): wait for it to end, then build again"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(handle)

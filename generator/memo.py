"""Outputs kept between builds: a file made by a pure function (a feed) is made again only
when a fingerprint of its inputs changed.

The memo maps each output's path to (inputs fingerprint, digest of its bytes) and lives in
the cache folder; the bytes themselves are read back from docs_dir, where the previous
build wrote them, and used only while their digest still matches. A lost or stale memo
costs time, never correctness: the output is made again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from . import files
from .fingerprint import of_bytes


class OutputMemo:
    def __init__(self, index: Path, outputs: Path, fresh: bool = False):
        """`fresh`: make every output again (`digest build --full`)."""
        self.index, self.outputs = index, outputs
        loaded = {} if fresh else files.load_json(index, {})
        self.previous: dict[str, list[str]] = {
            path: entry for path, entry in (loaded.items() if isinstance(loaded, dict) else ())
            if isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry)}
        self.current: dict[str, list[str]] = {}
        self.made = 0  # outputs made this build
        self.reused: set[str] = set()  # outputs read back: the bytes on disk, as they are

    def get(self, path: str, inputs: str, make: Callable[[], bytes]) -> bytes:
        """The bytes of `path`: the previous build's when `inputs` (a fingerprint) is the same."""
        kept = self.previous.get(path)
        if kept and kept[0] == inputs and (data := self._read(path)) is not None and of_bytes(data) == kept[1]:
            self.current[path] = kept
            self.reused.add(path)
            return data
        data = make()
        self.made += 1
        self.current[path] = [inputs, of_bytes(data)]
        return data

    def _read(self, path: str) -> bytes | None:
        try:
            return (self.outputs / path).read_bytes()
        except OSError:
            return None

    def digests(self) -> dict[str, str]:
        """Digest of the bytes of every output got this build (of_bytes), made or read back."""
        return {path: entry[1] for path, entry in self.current.items()}

    def save(self) -> None:
        """Once the outputs are written: the memo then describes what docs_dir holds."""
        files.write_atomic(self.index, json.dumps(dict(sorted(self.current.items())), indent=0).encode())

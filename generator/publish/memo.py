"""Outputs kept between builds: a file made by a pure function (a feed) is made again only
when a fingerprint of its inputs changed.

The memo maps each output's path to its inputs' fingerprint, the digest of its bytes, and
the signature (size, modification time in ns) of the file the build left in the outputs
folder: site/, or docs_dir for a build that stops before the site. A copy that keeps
times (cp -p, shutil.copytree) keeps the signature, as it keeps the bytes. An output whose inputs
and file are as the memo left them is kept where it is, its bytes never read (a rebuild
after one new paper keeps hundreds of feeds). A lost or stale memo, or a file edited,
replaced or gone, costs time, never correctness: the output is made again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from generator.state import files
from generator.state.codec import decoded, require
from generator.state.fingerprint import of_bytes

PARTS = "#parts"  # not a path: the part indexes of outputs kept in parts


class OutputMemo:
    def __init__(self, index: Path, outputs: Path, fresh: bool = False):
        """`fresh`: make every output again (`digest build --full`)."""
        self.index, self.outputs = index, outputs
        loaded = {} if fresh else files.load_json(index, {})
        self.previous: dict[str, list] = {
            path: entry
            for path, stored in (loaded.items() if isinstance(loaded, dict) else ())
            if (entry := decoded(_entry, stored)) is not None
        }
        self.current: dict[str, list] = {}
        # Outputs kept in parts (corpus_data: papers.json.gz's gzip members): path -> index
        parts = loaded.get(PARTS) if isinstance(loaded, dict) else None
        self.previous_parts: dict = parts if isinstance(parts, dict) else {}
        self.parts: dict[str, dict] = {}
        self.made = 0  # outputs made this build
        self.kept: set[str] = set()  # outputs left as the previous build wrote them, not read

    def get(self, path: str, inputs: str, make: Callable[[], bytes]) -> bytes | None:
        """The bytes of `path` made anew; None when the previous build's file in the outputs
        folder still holds: made from the same `inputs` (a fingerprint), and not touched since."""
        kept = self.previous.get(path)
        if kept and kept[0] == inputs and kept[2:] == self._signature(path):
            self.current[path] = kept
            self.kept.add(path)
            return None
        data = make()
        self.made += 1
        self.current[path] = [inputs, of_bytes(data)]  # its file's signature is taken by save()
        return data

    def _signature(self, path: str) -> list[int] | None:
        try:
            stat = os.stat(self.outputs / path)
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

    def digests(self) -> dict[str, str]:
        """Digest of the bytes of every output of this build (of_bytes), made or kept."""
        return {path: entry[1] for path, entry in self.current.items()}

    def save(self) -> None:
        """Once this build's outputs are in the outputs folder: the memo then describes it.
        An output whose file is not there is left out (made again next time)."""
        entries: dict[str, object] = {}
        for path, entry in sorted(self.current.items()):
            signature = entry[2:] or self._signature(path)
            if signature:
                entries[path] = [*entry[:2], *signature]
        if self.parts:
            entries[PARTS] = dict(sorted(self.parts.items()))
        files.write_atomic(self.index, json.dumps(entries, indent=0).encode())


def _entry(stored) -> list:
    """[inputs, digest, size, mtime_ns], as save() writes it."""
    require(isinstance(stored, list) and len(stored) == 4, "a memo entry")
    require(all(isinstance(part, str) for part in stored[:2]), "fingerprints")
    require(all(type(part) is int for part in stored[2:]), "a file signature")
    return stored

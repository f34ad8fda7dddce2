"""The site as GitHub Pages receives it: actions/upload-pages-artifact archives the folder as
one uncompressed tar (`tar --dereference --hard-dereference -cf`: a 512-byte header per
entry, each file padded to 512 bytes), and actions/upload-artifact@v4 uploads that tar inside
a zip at its default deflate level 6. The deploy step compares the uploaded size with Pages'
1 GB ("Uploaded artifact size of N bytes exceeds the allowed size of 1 GB"); GitHub's docs
also say a published site may be no larger than 1 GB, which the raw size (site_kinds) is
held to. Both are printed.

Streamed: the tar is written through a deflate stream that only counts bytes, nothing lands
on disk."""

from __future__ import annotations

import tarfile
import zlib
from pathlib import Path

DEFLATE_LEVEL = 6  # upload-artifact@v4's default compression-level


class _CountingDeflate:
    """A write-only file that deflates what it is given and counts bytes in and out."""

    def __init__(self) -> None:
        self._deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        self.raw = 0
        self.deflated = 0

    def write(self, data: bytes) -> int:
        self.raw += len(data)
        self.deflated += len(self._deflate.compress(data))
        return len(data)

    def close(self) -> None:
        self.deflated += len(self._deflate.flush())


def artifact_bytes(site: Path) -> tuple[int, int]:
    """(the tar's bytes, the tar deflated at level 6): what upload-pages-artifact uploads."""
    sink = _CountingDeflate()
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT, dereference=True) as tar:
        for path in sorted(site.rglob("*")):
            tar.add(path, arcname=f"./{path.relative_to(site).as_posix()}", recursive=False)
    sink.close()
    return sink.raw, sink.deflated

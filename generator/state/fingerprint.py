"""Fingerprints: short digests of what an output is made from, so a rebuild can tell which
outputs of the previous build still hold (site.py keeps those, renders the rest)."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

# Libraries whose version can change rendered bytes (escaping, sanitizing, indexing).
OUTPUT_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "nh3",
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "feedgen",
    "lxml",
    "markdown",
    "pymdown-extensions",
)


def fingerprint(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")  # ("ab", "c") and ("a", "bc") differ
    return digest.hexdigest()


def of_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.cache
def code_version() -> str:
    """The generator's own code, templates and data files (tags/data/) and the output
    libraries' versions: any change to how pages are made re-renders every page, with no
    version number to forget to bump."""
    package = Path(__file__).parents[1]  # generator/, every stage
    sources = sorted(
        p
        for p in package.rglob("*")
        if p.suffix in {".py", ".j2", ".txt"} and "__pycache__" not in p.parts
    )
    parts = [f"{p.relative_to(package).as_posix()}:{of_bytes(p.read_bytes())}" for p in sources]
    return fingerprint(*parts, *library_versions(OUTPUT_LIBRARIES))


def library_versions(names) -> list[str]:
    return [f"{name}=={_version(name)}" for name in names]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"

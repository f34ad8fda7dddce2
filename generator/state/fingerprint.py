"""Fingerprints: short digests of what an output is made from, so a rebuild can tell which
outputs of the previous build still hold (site.py keeps those, renders the rest)."""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

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


class Held(Generic[T]):
    """`work(value)` of hashable values, held from one build to the next in a process that
    builds again (`digest serve --watch`): a value the last build asked for is hashed and
    compared (its strings mostly the very objects it held), not worked out again. Two builds'
    values at most: each build (`Held.start_build`) lets the older go."""

    build = 0  # which build this process is at
    every: weakref.WeakSet[Held] = weakref.WeakSet()

    def __init__(self, work: Callable[[Any], T]) -> None:
        self.work = work
        self.last: dict[Any, T] = {}
        self.now: dict[Any, T] = {}
        self.at = Held.build
        Held.every.add(self)

    @classmethod
    def start_build(cls) -> None:
        cls.build += 1

    def of(self, value: Any) -> T:
        if self.at != Held.build:  # a new build: the last one's values stay, if it was the last
            self.last = self.now if self.at == Held.build - 1 else {}
            self.now, self.at = {}, Held.build
        found = self.now.get(value)
        if found is None:
            found = self.last.get(value)
            if found is None:
                found = self.work(value)
            self.now[value] = found
        return found

    @classmethod
    def cache_clear(cls) -> None:
        """Every Held lets every value go (memory.forget_process_caches)."""
        for held in cls.every:
            held.last, held.now = {}, {}


def repr_digest(value: Any) -> str:
    return fingerprint(repr(value))


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

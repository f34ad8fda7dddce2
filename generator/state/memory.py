"""What builds keep in a process between them, dropped on request."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def forget_process_caches() -> None:
    """Drop what builds keep in this process for the next one (lru caches of the vocabulary,
    slugs, dates and keyphrases, feed entries, the Jinja environment): memory back in a
    long-lived process, and the next build runs as in a fresh one (tests, the bench)."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a build, and what survives it frozen
    (gc.freeze: out of every later collection's walk). A build allocates millions of objects
    that live until it ends (papers, groups, pages), and every automatic collection of the
    oldest generation walks them all: at 10k papers, 4-7 such collections took 0.9-1.2 s of a
    5 s rebuild, and one collection of the build's survivors after it 0.13-0.16 s (measured).
    A build leaves a couple of hundred small objects in cycles; refcounting frees the rest as
    it goes, frozen or not. A collector the caller paused stays so.

    A build that imported a module is collected first (its youngest generation, where
    everything it made is): an import can leave a frame in a cycle (torch.fx keeps its
    caller's), and with it the build's whole working set. Every FULL_EVERY-th build, and the
    build after a failed one (whose working set its exception held), unfreezes and collects
    every generation instead, so the cycles the builds since left are freed. A failed build
    freezes nothing."""
    if not gc.isenabled():
        yield
        return
    BuildCount.builds += 1
    full = BuildCount.builds % FULL_EVERY == 0 or BuildCount.failed
    BuildCount.failed = False
    modules = len(sys.modules)
    gc.disable()
    try:
        yield
    except BaseException:
        BuildCount.failed = True
        gc.enable()
        raise
    if full:
        gc.unfreeze()
        gc.collect()
    elif len(sys.modules) != modules:
        gc.collect(0)
    gc.freeze()
    gc.enable()


FULL_EVERY = 10


class BuildCount:
    """Builds this process has run with the collector paused (collector_paused), and whether
    the last of them failed."""

    builds = 0
    failed = False

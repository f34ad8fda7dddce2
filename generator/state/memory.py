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
    """Python's cyclic garbage collector paused for a build, then one collection of what the
    build made. A build allocates millions of objects that live until it ends (papers, groups,
    pages), and every automatic collection of the oldest generation walks them all: at 10k
    papers, 4-7 such collections took 0.9-1.2 s of a 5 s rebuild. A build leaves a few hundred
    objects in cycles, all of them its own: while paused, everything it made stays in the
    youngest generation, which the one collection walks (at 100k papers a full one took 1.5 s
    more); refcounting frees the rest as it goes. A collector the caller paused stays so.

    A process that builds again seldom allocates between builds, so the older generations
    would never be walked: every FULL_EVERY-th build, and after a failed build (whose working
    set its exception held through the young collection), the collection is a full one."""
    if not gc.isenabled():
        yield
        return
    BuildCount.builds += 1
    full = BuildCount.builds % FULL_EVERY == 0
    gc.disable()
    try:
        yield
    except BaseException:
        full = True
        raise
    finally:
        gc.enable()
        if full:
            gc.collect()
        else:
            gc.collect(0)


FULL_EVERY = 10


class BuildCount:
    """Builds this process has run with the collector paused (collector_paused)."""

    builds = 0

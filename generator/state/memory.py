"""What builds keep in a process between them, dropped on request."""

from __future__ import annotations

import sys


def forget_process_caches() -> None:
    """Drop what builds keep in this process for the next one (lru caches of the vocabulary,
    slugs, dates and keyphrases, feed entries, the Jinja environment): memory back in a
    long-lived process, and the next build runs as in a fresh one (tests, the bench)."""
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()

"""The words professional indexers rarely keep, with the share of texts they keep them in.

The list is measured, not written by hand: bench/indexing_words.py counts, over the Inspec
tuning abstracts, how often each word of an abstract is also in its indexers' keyphrases and
writes the rarely kept ones to data/indexing_words.txt (one `word<TAB>share` a line, `#`
comments), read here once on import.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["RARELY_INDEXED"]

DATA = "data/indexing_words.txt"


def _parse(text: str) -> dict[str, float]:
    """`word<TAB>share` lines to {word: share}; blank lines and `#` comments skipped."""
    shares = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, share = line.split("\t")
            shares[word] = float(share)
    return shares


# word -> the share of the abstracts using it whose keyphrases hold it (all under 0.25)
RARELY_INDEXED: dict[str, float] = _parse(
    files("generator.tags").joinpath(DATA).read_text(encoding="utf-8")
)

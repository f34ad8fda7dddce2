"""Which changes to extraction since v8 reach a text: only such a text's analysis key changes
(tag.cache_key), so a corpus they do not reach keeps its analyses and re-embeds nothing.
Worked out once a text in a process (by the text's digest): every build asks for every paper's
key, and the scan costs about 20 us a text where hashing it costs 1."""

from __future__ import annotations

import hashlib

from generator.tags.candidate_words import term_word_in
from generator.tags.keyphrase_candidates import cuts_after_modal

# v8 cut words at a letter beyond ASCII (`Schr`, `dinger`).
NON_ASCII_VERSION = " letters-v9"
# v9 cut the term words of candidate_words off the phrases they begin (`spiking`, `fully`) and
# read a noun after a modal as a noun (`could save`).
TERM_WORDS_VERSION = " term-words-v10"


class Suffixes:
    """A text's sha256 -> its version suffix, for this process; forgotten with its other
    caches (state/memory.forget_process_caches calls cache_clear)."""

    found: dict[bytes, str] = {}

    @classmethod
    def cache_clear(cls) -> None:
        cls.found = {}


def version_suffix(text: str) -> str:
    """What the changes that reach `text` add to its analysis key's version."""
    digest = hashlib.sha256(text.encode()).digest()
    found = Suffixes.found.get(digest)
    if found is None:
        found = Suffixes.found[digest] = _suffix(text)
    return found


def _suffix(text: str) -> str:
    suffix = "" if text.isascii() else NON_ASCII_VERSION
    lowered = text.lower()
    if term_word_in(lowered) or cuts_after_modal(lowered):
        suffix += TERM_WORDS_VERSION
    return suffix

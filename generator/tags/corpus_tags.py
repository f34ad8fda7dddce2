"""Tags chosen over the whole corpus: what tag choice reads from each text (worked out once,
kept in the analysis cache), the shared vocabulary, and each paper's tags from it."""

from __future__ import annotations

import gc
from contextlib import contextmanager

from generator.state.fingerprint import code_version, fingerprint
from generator.tags.cache import AnalysisCache
from generator.tags.tag_growth import TagChoice, full_choice, grown_choice
from generator.tags.vocabulary import TagSettings, TextFacts, build_vocabulary, text_facts


@contextmanager
def gc_paused():
    """No cyclic garbage collection inside: for string work that makes no reference cycles
    (refcounting frees all of it) but allocates enough containers to set off collections
    that walk the whole heap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def facts_for(
    texts: dict[str, str],
    keyphrases: dict[str, list[str]],
    keys: dict[str, str],
    cache: AnalysisCache,
) -> dict[str, TextFacts]:
    """What tag choice reads from each paper's text and keyphrases (text_facts), by paper id:
    from the cache when this code worked it out before (reading them back is cheaper than
    working them out again)."""
    version = code_version()
    # Under the text's key and the phrases themselves: facts are zipped onto the phrases in order.
    rows = {pid: fingerprint(key, repr(keyphrases[pid])) for pid, key in keys.items()}
    kept = cache.get_facts(sorted(set(rows.values())), version)
    new: dict[str, TextFacts] = {}
    facts = {}
    for pid, row in rows.items():
        found = kept.get(row) or new.get(row)
        if found is None:
            found = new[row] = text_facts(texts[pid], keyphrases[pid])
        facts[pid] = found
    if new:
        cache.put_facts(new, version)
    return facts


def corpus_tags(
    texts: dict[str, str],
    keyphrases: dict[str, list[str]],
    keys: dict[str, str],
    cache: AnalysisCache,
    settings: TagSettings,
) -> TagChoice:
    """Each paper's tags from the shared vocabulary, and the spellings each tag stands for."""
    facts = facts_for(texts, keyphrases, keys, cache)
    with gc_paused():
        return full_choice(keyphrases, build_vocabulary(keyphrases, facts), settings)


def placed_tags(
    kept: TagChoice,
    new: list[str],
    texts: dict[str, str],
    keyphrases: dict[str, list[str]],
    keys: dict[str, str],
    cache: AnalysisCache,
    settings: TagSettings,
) -> TagChoice:
    """`kept` with the `new` papers' tags chosen (tag_growth.py): of the texts, only theirs
    are read."""
    arriving = {pid: keyphrases[pid] for pid in new}
    facts = facts_for(
        {pid: texts[pid] for pid in new}, arriving, {pid: keys[pid] for pid in new}, cache
    )
    with gc_paused():
        return grown_choice(kept, arriving, facts, settings)

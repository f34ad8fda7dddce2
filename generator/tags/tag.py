"""Tag: one model pass per new text gives its vector, keyphrases and the features its summary
sentence is picked by (cached by text hash); then, over the whole corpus, a shared tag
vocabulary, topics and related papers, and each paper's summary.

Only texts missing from the cache reach the embedder, so a rebuild with nothing new loads
no model and embeds nothing; adding one paper embeds only that paper's text.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Collection, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

import numpy as np

from generator.model import Paper
from generator.state.codec import decoded
from generator.state.fingerprint import code_version, fingerprint
from generator.tags.cache import Analysis, AnalysisCache
from generator.tags.corpus_result import (
    KeptCorpus,
    TaggedCorpus,
    restored_result,
    stored_result,
)
from generator.tags.embedders import Embedder
from generator.tags.keyphrases import ScoringSettings, extract
from generator.tags.related import related_papers
from generator.tags.summary import SENTENCE_FEATURES, sentence_features
from generator.tags.tag_choice import choose_tags
from generator.tags.tagged_text import summary_of, tagging_text
from generator.tags.topics import cluster, make_topics, topic_count
from generator.tags.vocabulary import (
    TagSettings,
    TextFacts,
    build_vocabulary,
    text_facts,
)

# Bump when candidate extraction or the model pass changes (v8: compounds whole, KeyBERT ranks);
# scoring settings and the summary's sentence features are part of the key by themselves.
EXTRACTION_VERSION = f"np-context-v8 {ScoringSettings()} {SENTENCE_FEATURES}"
EMBED_BATCH = 64
DEFAULT_SETTINGS = TagSettings()  # frozen: one shared default is safe


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


def cache_key(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{EXTRACTION_VERSION}\n{embedder_name}\n{text}".encode()).hexdigest()[
        :32
    ]


def analyze_batch(texts: Sequence[str], embedder: Embedder) -> list[Analysis]:
    """One model pass per text: vector, ranked keyphrases and the summary's sentence features
    together. The unit of work both the in-process path and the Dask path run."""
    return [
        Analysis(
            tokens.vector,
            tuple(extract(tokens, text, ScoringSettings())),
            sentence_features(tokens, text),
        )
        for text, tokens in zip(texts, embedder.embed_tokens(list(texts)), strict=True)
    ]


def analyze(
    texts: Sequence[str], embedder: Embedder, progress=None, distributed: str = ""
) -> list[Analysis]:
    """Every text's analysis, in order: in this process, or on Dask when `distributed` is
    "local" (a LocalCluster) or a scheduler address."""
    batches = [texts[start : start + EMBED_BATCH] for start in range(0, len(texts), EMBED_BATCH)]
    if distributed:
        from generator.tags.distributed import map_on_dask

        return map_on_dask(analyze_batch, batches, embedder, distributed, progress)
    analyses: list[Analysis] = []
    for batch in batches:
        analyses += analyze_batch(batch, embedder)
        if progress:
            progress(len(batch))
    return analyses


def analyses_for(
    papers: Sequence[Paper],
    embedder: Embedder,
    cache: AnalysisCache,
    progress=None,
    distributed: str = "",
    texts: dict[str, str] | None = None,
    keys: dict[str, str] | None = None,
) -> tuple[dict[str, Analysis], int]:
    """`texts` and `keys` (cache_key of each text), by paper id, when the caller has them."""
    texts = texts or {paper.id: tagging_text(paper) for paper in papers}
    keys = keys or {pid: cache_key(embedder.name, text) for pid, text in texts.items()}
    found = cache.get_many(sorted(set(keys.values())))
    missing = sorted(
        {keys[pid]: text for pid, text in texts.items() if keys[pid] not in found}.items()
    )
    if missing:
        advance = progress(len(missing)) if progress else None  # a factory: total -> per batch
        fresh = dict(
            zip(
                [key for key, _ in missing],
                analyze([text for _, text in missing], embedder, advance, distributed),
                strict=True,
            )
        )
        cache.put_many(fresh)
        found.update(fresh)
    return {pid: found[key] for pid, key in keys.items()}, len(missing)


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


def tag_papers(
    papers: Sequence[Paper],
    embedder: Embedder,
    cache: AnalysisCache,
    settings: TagSettings = DEFAULT_SETTINGS,
    progress=None,
    distributed: str = "",
    previous_topics: Mapping[str, Collection[str]] | None = None,
) -> TaggedCorpus:
    """Every paper tagged, with topics and related papers; `previous_topics` (the previous
    build's topics: slug -> paper ids) is where clustering starts (topics.cluster). The
    corpus-wide result is kept in the cache under a fingerprint of every paper's id and text,
    the settings and the code: a rebuild with nothing new reads it back instead of working it
    out again, when clustering starts or ends where the kept result's did (_clustered_alike)."""
    papers = sorted(papers, key=lambda p: p.id)  # every corpus-wide step sees one fixed order
    texts = {p.id: tagging_text(p) for p in papers}
    keys = {pid: cache_key(embedder.name, text) for pid, text in texts.items()}
    previous = [tuple(sorted(ids)) for _, ids in sorted((previous_topics or {}).items())]
    corpus_key = fingerprint(  # the embedder's name is in every text's key (cache_key)
        code_version(), repr(settings), *(f"{pid}:{key}" for pid, key in keys.items())
    )
    found = (papers, embedder, cache, progress, distributed, texts, keys)
    stored = cache.get_corpus(corpus_key)
    kept = decoded(restored_result, papers, stored) if stored is not None else None
    if kept is not None and _clustered_alike(kept, previous, *found):
        if kept.start != tuple(previous):  # it ends alike from here: the next build need not ask
            cache.put_corpus(corpus_key, stored_result(replace(kept, start=tuple(previous))))
        return kept.tagged
    tagged, labels = _tag_corpus(*found, settings, previous)
    cache.put_corpus(corpus_key, stored_result(KeptCorpus(tagged, tuple(previous), labels)))
    return tagged


def _clustered_alike(
    kept: KeptCorpus, previous: list[tuple[str, ...]], papers: list[Paper], *found
) -> bool:
    """Whether clustering from `previous` starts where the kept result's did or ends in its
    labels: nothing else in the result depends on the previous build's topics, so it is the
    result again. (After a build, the previous topics are that build's result, not where it
    started: without this, a rebuild with nothing new would work everything out once more.)"""
    if kept.start == tuple(previous):
        return True
    ids, vectors = _vectors(papers, analyses_for(papers, *found)[0])  # all cached: no model
    labels = _labels(ids, vectors, previous)
    return kept.labels == (() if labels is None else tuple(labels.tolist()))


def _vectors(papers: list[Paper], analyses: dict[str, Analysis]) -> tuple[list[str], np.ndarray]:
    ids = [p.id for p in papers]
    return ids, (
        np.stack([analyses[pid].vector for pid in ids]) if ids else np.zeros((0, 1), np.float32)
    )


def _labels(ids: list[str], vectors: np.ndarray, previous: list[tuple[str, ...]]):
    """Topic labels by paper (topics.cluster), clustering from the previous topics."""
    return cluster(vectors, topic_count(len(ids)), ids, previous) if ids else None


def _tag_corpus(
    papers: list[Paper],
    embedder: Embedder,
    cache: AnalysisCache,
    progress,
    distributed: str,
    texts: dict[str, str],
    keys: dict[str, str],
    settings: TagSettings,
    previous: list[tuple[str, ...]],
) -> tuple[TaggedCorpus, tuple[int, ...]]:
    """The corpus tagged, and each paper's topic label (in id order) for the cache."""
    analyses, embedded = analyses_for(papers, embedder, cache, progress, distributed, texts, keys)
    keyphrases = {p.id: [phrase for phrase, _ in analyses[p.id].keyphrases] for p in papers}
    ids, vectors = _vectors(papers, analyses)
    # Topics are clustered first: above a size, related papers are searched within nearby topics.
    labels = _labels(ids, vectors, previous)
    related = related_papers(ids, vectors, labels=labels) if ids else {}
    facts = facts_for(texts, keyphrases, keys, cache)
    with gc_paused():
        vocabulary = build_vocabulary(keyphrases, facts)
        tags = choose_tags(keyphrases, vocabulary, settings)
    topics = make_topics(ids, vectors, tags, labels, keyphrases=keyphrases) if ids else []
    topic_of = {pid: topic.slug for topic in topics for pid in topic.paper_ids}
    tagged = [
        replace(
            p,
            tags=tags[p.id],
            keyphrases=tuple(keyphrases[p.id]),
            topic=topic_of.get(p.id, ""),
            related=related.get(p.id, ()),
            summary=summary_of(p, analyses[p.id].sentences),
        )
        for p in papers
    ]
    spellings = vocabulary.spellings({tag for found in tags.values() for tag in found})
    listed = () if labels is None else tuple(labels.tolist())
    return TaggedCorpus(tagged, topics, embedded, spellings), listed

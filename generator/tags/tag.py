"""Tag: one model pass per new text gives its vector, keyphrases and the features its summary
sentence is picked by (cached by text hash); then, over the whole corpus, a shared tag
vocabulary, topics and related papers, and each paper's summary.

Only texts missing from the cache reach the embedder, so a rebuild with nothing new loads
no model and embeds nothing; adding one paper embeds only that paper's text.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace

import numpy as np

from generator.model import Paper
from generator.state.codec import decoded
from generator.state.fingerprint import code_version, fingerprint
from generator.tags.cache import Analysis, AnalysisCache
from generator.tags.corpus_read import CorpusRead, read_of, with_carried
from generator.tags.corpus_result import KeptCorpus, TaggedCorpus, restored_result, stored_result
from generator.tags.corpus_tags import corpus_tags, placed_tags
from generator.tags.embedders import Embedder
from generator.tags.incremental import Carried, carried_forward, carried_from, new_papers, place
from generator.tags.key_scope import version_suffix
from generator.tags.keyphrases import ScoringSettings, extract
from generator.tags.related import related_papers
from generator.tags.summary import SENTENCE_FEATURES, sentence_features
from generator.tags.tag_growth import TagChoice
from generator.tags.tagged_text import tagging_text
from generator.tags.topics import cluster, make_topics, topic_count
from generator.tags.vocabulary import TagSettings

# Bump when candidate extraction or the model pass changes (v8: compounds whole, KeyBERT ranks);
# scoring settings and the summary's sentence features are part of the key by themselves.
EXTRACTION_VERSION = f"np-context-v8 {ScoringSettings()} {SENTENCE_FEATURES}"
# Changes since v8 reach only some texts: key_scope.version_suffix names those that reach one.
EMBED_BATCH = 64
logger = logging.getLogger(__name__)
DEFAULT_SETTINGS = TagSettings()  # frozen: one shared default is safe


def cache_key(embedder_name: str, text: str) -> str:
    version = EXTRACTION_VERSION + version_suffix(text)
    return hashlib.sha256(f"{version}\n{embedder_name}\n{text}".encode()).hexdigest()[:32]


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


def tag_papers(
    papers: Sequence[Paper],
    embedder: Embedder,
    cache: AnalysisCache,
    settings: TagSettings = DEFAULT_SETTINGS,
    progress=None,
    distributed: str = "",
    previous_topics: Mapping[str, Collection[str]] | None = None,
    full: bool = False,
) -> TaggedCorpus:
    """Every paper tagged, with topics and related papers; `previous_topics` (the previous
    build's topics: slug -> paper ids) is where clustering starts (topics.cluster). The
    corpus-wide result is kept in the cache under a fingerprint of every paper's id and text,
    the settings and the code: a rebuild with nothing new reads it back instead of working it
    out again, when clustering starts or ends where the kept result's did (_clustered_alike).
    When papers only arrived since, they are placed in it (incremental.py) unless `full`."""
    papers = sorted(papers, key=lambda p: p.id)  # every corpus-wide step sees one fixed order
    texts = {p.id: tagging_text(p) for p in papers}
    keys = {pid: cache_key(embedder.name, text) for pid, text in texts.items()}
    previous = [tuple(sorted(ids)) for _, ids in sorted((previous_topics or {}).items())]
    basis = fingerprint(code_version(), repr(settings))
    corpus_key = fingerprint(basis, *(f"{pid}:{key}" for pid, key in keys.items()))
    found = (papers, embedder, cache, progress, distributed, texts, keys)
    stored = None if full else cache.get_corpus(corpus_key)
    kept = decoded(restored_result, papers, stored) if stored is not None else None
    if kept is not None and _clustered_alike(kept, previous, papers, cache, keys):
        if kept.start != tuple(previous):  # it ends alike from here: the next build need not ask
            kept = replace(kept, start=tuple(previous))
            cache.put_corpus(corpus_key, stored_result(kept), kept)
        return kept.tagged
    carried = None if full else _carried(papers, cache, basis)
    new = new_papers(carried, keys) if carried else None
    read = _read_placed(carried, new, *found) if carried and new is not None else None
    if read is not None and carried and carried.choice and new is not None:
        arrange = functools.partial(_placed, carried, new)
        choose: Callable[..., TagChoice] = functools.partial(placed_tags, carried.choice, new)
        placed = carried.placed + len(new)
        logger.info("topics: %d new paper(s) placed, %d since clustering", len(new), placed)
    else:
        read, arrange, placed = _read_all(*found), functools.partial(_clustered, previous), 0
        cache.keep_vectors(list(keys.values()), read.vectors)
        choose = corpus_tags
        logger.info("topics: clustered %d papers", len(papers))
    choice = choose(texts, read.keyphrases, keys, cache, settings)
    tagged, labels = _tag_corpus(papers, choice, read, arrange)
    in_order = tuple(keys[p.id] for p in papers)
    grows_from = (choice.vocabulary, choice.subjects)
    kept = KeptCorpus(tagged, tuple(previous), labels, in_order, basis, placed, *grows_from)
    cache.put_corpus(corpus_key, stored_result(kept), kept)
    return tagged


def _carried(papers: list[Paper], cache: AnalysisCache, basis: str) -> Carried | None:
    """What the kept corpus result leaves this build (incremental.py): from the result this
    process made where it is still the one kept, else from the cache's stored form."""
    if isinstance(made := cache.latest_made(), KeptCorpus):
        return decoded(carried_from, papers, made, basis)
    return decoded(carried_forward, papers, cache.latest_corpus(), basis)


def _clustered_alike(
    kept: KeptCorpus,
    previous: list[tuple[str, ...]],
    papers: list[Paper],
    cache: AnalysisCache,
    keys: dict[str, str],
) -> bool:
    """Whether the kept result is the result again: where clustering starts where its did,
    where the previous build published it (a rebuild with nothing new: at 100k papers KMeans
    from a result's own topics moves papers, and a rebuild re-rendered the whole site), or
    where clustering from `previous` ends in its labels (nothing else in the result depends on
    the previous build's topics). A result with papers placed in it (incremental.py) is not
    where clustering ends: only the first two hold for it."""
    if kept.start == tuple(previous):
        return True
    if set(previous) == {tuple(sorted(topic.paper_ids)) for topic in kept.tagged.topics}:
        return True
    if kept.placed:
        return False
    ids = [p.id for p in papers]
    cached = cache.vectors_of(keys, ids)
    if cached is None or not ids:  # a vector gone: the full pass makes it again
        return False
    labels = _labels(ids, np.stack([cached[pid] for pid in ids]), previous)
    return kept.labels == (() if labels is None else tuple(labels.tolist()))


def _labels(ids: list[str], vectors: np.ndarray, previous: list[tuple[str, ...]]):
    """Topic labels by paper (topics.cluster), clustering from the previous topics."""
    return cluster(vectors, topic_count(len(ids)), ids, previous) if ids else None


def _read_all(papers: list[Paper], embedder: Embedder, *found) -> CorpusRead:
    """Every paper's analysis (embedding the texts the cache lacks)."""
    analyses, embedded = analyses_for(papers, embedder, *found)
    return read_of(papers, analyses, embedded, embedder.name)


def _read_placed(
    carried: Carried,
    new: list[str],
    papers: list[Paper],
    embedder: Embedder,
    cache: AnalysisCache,
    progress,
    distributed: str,
    texts: dict[str, str],
    keys: dict[str, str],
) -> CorpusRead | None:
    """The new papers' analyses; of the others, the vector (the rest is kept with the
    result). None where the cache lacks an old paper's vector: a full pass reads all."""
    kept = cache.vectors_of(keys, carried.keys)
    if kept is None:
        return None
    arriving = set(new)
    arrived = [p for p in papers if p.id in arriving]
    fresh = _read_all(
        arrived,
        embedder,
        cache,
        progress,
        distributed,
        {pid: texts[pid] for pid in new},
        {pid: keys[pid] for pid in new},
    )
    return with_carried(papers, fresh, carried, kept)


def _tag_corpus(
    papers: list[Paper], choice: TagChoice, read: CorpusRead, arrange: Callable
) -> tuple[TaggedCorpus, tuple[int, ...]]:
    """The corpus tagged, and each paper's topic label (in id order) for the cache.
    `arrange(ids, vectors, tags, keyphrases)` gives the labels, related papers and topics:
    _clustered or _placed."""
    ids = [p.id for p in papers]
    tags = choice.tags
    labels, related, topics = arrange(ids, read.vectors, tags, read.keyphrases)
    topic_of = {pid: topic.slug for topic in topics for pid in topic.paper_ids}
    tagged = [
        p.amended(
            tags=tags[p.id],
            keyphrases=tuple(read.keyphrases[p.id]),
            topic=topic_of.get(p.id, ""),
            related=related.get(p.id, ()),
            summary=read.summaries[p.id],
            compact_vector=read.compact[p.id],
        )
        for p in papers
    ]
    return TaggedCorpus(tagged, topics, read.embedded, choice.spellings), labels


def _clustered(previous: list[tuple[str, ...]], ids, vectors, tags, keyphrases):
    """A full pass: topics clustered from the previous build's, then named; related papers
    (above a size, searched within nearby topics)."""
    labels = _labels(ids, vectors, previous)
    related = related_papers(ids, vectors, labels=labels) if ids else {}
    topics = make_topics(ids, vectors, tags, labels, keyphrases=keyphrases) if ids else []
    return (() if labels is None else tuple(labels.tolist())), related, topics


def _placed(carried: Carried, new: list[str], ids, vectors, tags, keyphrases):
    """The `new` papers placed in the carried result's topics and related lists."""
    labels, related, topics = place(carried, ids, vectors, new)
    return tuple(labels[pid] for pid in ids), related, topics

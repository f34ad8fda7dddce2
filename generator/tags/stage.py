"""The tag stage: every paper tagged (analyses kept in the stage's cache), topics found and
named, each topic keeping the slug of the previous build's topic it continues."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from generator.config import Config
from generator.model import Paper
from generator.tags.cache import AnalysisCache
from generator.tags.embedders import Embedder
from generator.tags.tag import TaggedCorpus, tag_papers
from generator.tags.topic_identity import keep_slugs, with_topics
from generator.tags.vocabulary import TagSettings


def tag_corpus(
    config: Config,
    papers: list[Paper],
    embedder: Embedder,
    previous_topics: Mapping[str, Collection[str]],
    retired_topics: Collection[str],
    progress=None,
    full: bool = False,
) -> TaggedCorpus:
    """`previous_topics`: the previous build's topic slugs and their paper ids; a slug in
    `retired_topics` is never given again. `progress(done)` as new texts are embedded.
    `full`: cluster and name topics again even where new papers could be placed."""
    cache = AnalysisCache(config.cache_dir / "analyses.sqlite")
    try:
        tagged = tag_papers(
            papers,
            embedder,
            cache,
            TagSettings(config.digest.tags_min, config.digest.tags_max),
            progress,
            config.digest.distributed,
            previous_topics,
            full,
        )
    finally:
        cache.close()
    topics = keep_slugs(tagged.topics, previous_topics, retired_topics)
    return replace(tagged, papers=with_topics(tagged.papers, topics), topics=topics)

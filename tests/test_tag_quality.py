"""Tag quality on the seed corpus with the real model (the acceptance figures of issue 4)."""

from __future__ import annotations

from collections import Counter

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from conftest import SEEDS
from generator.cache import AnalysisCache
from generator.dumps import read_papers
from generator.dedup import merge_duplicates
from generator.tag import tag_papers
from generator.vocabulary import TagSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tagged():
    from generator.embedders import SentenceTransformerEmbedder

    papers, _ = merge_duplicates(read_papers(SEEDS))
    return tag_papers(papers, SentenceTransformerEmbedder(), AnalysisCache(), TagSettings(3, 7))


def test_every_paper_has_3_to_7_tags(tagged):
    assert all(3 <= len(p.tags) <= 7 for p in tagged.papers)


def test_most_papers_share_two_tags_with_another_paper(tagged):
    sets = [set(p.tags) for p in tagged.papers]
    sharing = sum(any(len(a & b) >= 2 for j, b in enumerate(sets) if j != i) for i, a in enumerate(sets))
    assert sharing / len(sets) >= 0.8


def test_tags_read_like_keyphrases(tagged):
    tags = {t for p in tagged.papers for t in p.tags}
    for tag in tags:
        words = tag.split(" (")[0].lower().split()
        assert len(set(words)) == len(words), tag
        assert words[0] not in ENGLISH_STOP_WORDS and words[-1] not in ENGLISH_STOP_WORDS, tag
        assert not any(w.endswith("ly") and w not in ("anomaly", "family", "assembly") for w in words), tag


def test_few_tags_are_carried_by_one_paper(tagged):
    counts = Counter(t for p in tagged.papers for t in p.tags)
    assert sum(1 for n in counts.values() if n == 1) / len(counts) < 0.1


def test_topics_and_related_papers(tagged):
    assert 10 <= len(tagged.topics) <= 20
    assert all(len(t.paper_ids) >= 3 for t in tagged.topics)
    assert all(len(p.related) == 5 for p in tagged.papers)
    by_id = {p.id: p for p in tagged.papers}
    same_topic = sum(by_id[r].topic == p.topic for p in tagged.papers for r in p.related)
    assert same_topic / (5 * len(tagged.papers)) > 0.5, "neighbours mostly share the topic (chance: ~1/14)"
    by_title = {p.title.split(":")[0]: p for p in tagged.papers}
    neighbours = {by_id[r].title.split(":")[0] for r in by_title["ActiveNeRF"].related}
    assert {"CaesarNeRF", "DistGrid"} & neighbours

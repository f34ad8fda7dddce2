"""Tag quality on the seed corpus with the real model (the acceptance rules of issues 4 and 21)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import SEEDS
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from generator.read.dedup import merge_duplicates
from generator.read.dumps import read_papers
from generator.tags.cache import AnalysisCache
from generator.tags.candidate_words import TERM_ADVERBS
from generator.tags.tag import tag_papers
from generator.tags.vocabulary import TagSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tagged():
    from generator.tags.embedders import SentenceTransformerEmbedder

    papers, _ = merge_duplicates(read_papers(SEEDS))
    return tag_papers(papers, SentenceTransformerEmbedder(), AnalysisCache(), TagSettings(3, 7))


def test_papers_have_up_to_7_tags_and_most_have_3(tagged):
    assert all(1 <= len(p.tags) <= 7 for p in tagged.papers)
    assert sum(len(p.tags) >= 3 for p in tagged.papers) / len(tagged.papers) >= 0.9


def test_at_least_70_percent_of_papers_share_a_tag_with_another_paper(tagged):
    counts = Counter(t for p in tagged.papers for t in p.tags)
    assert (
        sum(any(counts[t] >= 2 for t in p.tags) for p in tagged.papers) / len(tagged.papers) >= 0.7
    )


def test_no_tag_is_on_more_than_8_percent_of_the_papers(tagged):
    counts = Counter(t for p in tagged.papers for t in p.tags)
    assert max(counts.values()) <= 0.08 * len(tagged.papers), counts.most_common(3)


def test_no_tag_is_a_compound_cut_apart_a_generic_phrase_or_a_variant_of_another(tagged):
    from generator.tags.vocabulary import fold, word_bag

    tags = {t.split(" (")[0] for p in tagged.papers for t in p.tags}
    tails = (
        "based",
        "wise",
        "level",
        "free",
        "like",
        "specific",
        "aware",
        "driven",
        "guided",
        "on",
        "intensive",
    )
    assert not [t for t in tags if t.split()[0].lower() in tails]
    generic = {
        "important role",
        "remarkable success",
        "wide range",
        "significant improvement",
        "computation",
        "optimization",
        "ablation",
        "test time",
        "inference",
        "special case",
        "end-to-end manner",
        "formulation",
        "metrics",
        "bias",
        "training time",
        "training process",
    }
    assert not tags & generic, tags & generic
    bags = Counter(word_bag(fold(t)) for t in tags)
    assert not [t for t in tags if bags[word_bag(fold(t))] > 1]


def test_tags_read_like_keyphrases(tagged):
    tags = {t for p in tagged.papers for t in p.tags}
    for tag in tags:
        words = tag.split(" (")[0].lower().split()
        assert len(set(words)) == len(words), tag
        assert words[0] not in ENGLISH_STOP_WORDS and words[-1] not in ENGLISH_STOP_WORDS, tag
        assert not any(
            w.endswith("ly") and w not in ("anomaly", "family", "assembly", "butterfly")
            for w in words[words[0] in TERM_ADVERBS :]  # "fully connected layer" is a term
        ), tag


def test_topics_and_related_papers(tagged):
    assert 10 <= len(tagged.topics) <= 20
    assert all(len(t.paper_ids) >= 3 for t in tagged.topics)
    assert all(len(p.related) == 5 for p in tagged.papers)
    by_id = {p.id: p for p in tagged.papers}
    same_topic = sum(by_id[r].topic == p.topic for p in tagged.papers for r in p.related)
    assert same_topic / (5 * len(tagged.papers)) > 0.5, (
        "neighbours mostly share the topic (chance: ~1/14)"
    )
    by_title = {p.title.split(":")[0]: p for p in tagged.papers}
    neighbours = {by_id[r].title.split(":")[0] for r in by_title["ActiveNeRF"].related}
    assert {"CaesarNeRF", "DistGrid"} & neighbours

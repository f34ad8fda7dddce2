"""The text a paper is tagged by, and the way back from it to the abstract as written."""

from __future__ import annotations

from generator.model import Paper
from generator.tags.tag import analyze_batch
from generator.tags.tagged_text import summary_of, tagging_text


def titled(title: str, abstract: str) -> Paper:
    return Paper(id="t", title=title, title_derived=False, abstract=abstract)


def test_a_titles_own_closing_periods_give_way_to_the_one_that_ends_it():
    assert tagging_text(titled("Pruning graph networks.", "Text.")) == (
        "Pruning graph networks. Text."
    )
    assert tagging_text(titled("...and graphs...", "Text.")) == "...and graphs. Text."
    assert tagging_text(titled("Rockets of SpaceX", "Text.")) == "Rockets of SpaceX. Text."
    assert tagging_text(titled("Rockets of SpaceX.", "Text.")) == "Rockets of SpaceX. Text."


def test_math_right_after_a_sentences_period_goes_with_the_next_sentence(fake_embedder):
    """A footnote mark after the period: the tagging text has a space there, and the
    summary ends at the period as written."""
    paper = titled(
        "Sparse pruning.",
        "We prune sparse graph networks with a learned mask.$^{1}$ It halves memory on "
        "five benchmarks at equal accuracy.",
    )
    [analysis] = analyze_batch([tagging_text(paper)], fake_embedder)
    title, first, second = analysis.sentences
    assert summary_of(paper, (title, first, second._replace(cosine=None))) == (
        "We prune sparse graph networks with a learned mask."
    )
    assert summary_of(paper, (title, first._replace(cosine=None), second)) == (
        "$^{1}$ It halves memory on five benchmarks at equal accuracy."
    )

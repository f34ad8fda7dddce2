"""The word classes behind keyphrase candidates (generator/tags/keyphrase_candidates.py):
stop words, word_class, the modifier shape of a compound's last part, verbs inside a phrase.
The candidates themselves are tested in test_keyphrases.py."""

from __future__ import annotations

import pytest

from generator.tags.keyphrase_candidates import (
    gerund,
    inflected_verb,
    stop_words,
    word_class,
)


def test_stop_words_are_scikit_learns_and_ours():
    words = stop_words()
    assert {"the", "which", "paper", "state-of-the-art", "dubbed"} <= words
    assert "network" not in words


@pytest.mark.parametrize(
    "word",
    ["the", "Paper", "2024", "Q", "x", "model's", "model’s", "outperforms", "mitigate"],
)
def test_stop_words_numbers_single_letters_possessives_and_verbs_break_a_phrase(word):
    assert word_class(word) == "X"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("AI", "N"),  # two letters, an acronym
        ("2024b", "N"),
        ("networks", "N"),
        ("specific", "N"),  # an adjective that is also a noun may end a phrase
        ("neural", "M"),  # an adjective only
        ("trained", "M"),  # a participle
        ("mitigating", "M"),
        ("LoRA", "N"),  # out of the lexicon: a name, whatever it ends in
        ("NeRFly", "N"),
        ("NeRFous", "N"),
        ("foobar", "N"),
        ("foobarly", "X"),  # out of the lexicon, lower or title case, shaped like an adverb
        ("Foobarly", "X"),
        ("foobarous", "M"),  # ... or an adjective
        ("Foobarous", "M"),
    ],
)
def test_word_classes_from_the_lexicon_else_the_words_shape(word, expected):
    assert word_class(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pre-trained", "M"),  # a participle
        ("decision-making", "M"),
        ("self-learning", "M"),  # a participle, though also a noun
        ("self-linear", "M"),  # an adjective only
        ("task-specific", "N"),  # an adjective that is also a noun
        ("test-run", "N"),  # a verb, but no participle
        ("x-foobarous", "M"),  # out of the lexicon, shaped like an adjective
        ("x-foobar", "N"),
        ("x-foobarly", "N"),  # the adverb shape breaks plain words only
        ("self-attention-based", "M"),  # the last part, not the one before it
        ("graph-based-network", "N"),
        ("COVID-19", "N"),
    ],
)
def test_a_compound_takes_the_class_of_its_last_part(word, expected):
    assert word_class(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("prunes", True),
        ("Prunes", True),
        ("attempts", True),
        ("prune", False),  # no -s
        ("address", False),  # -ss is no third person
        ("addresses", True),
        ("foobars", False),  # not a verb
    ],
)
def test_an_inflected_verb_is_a_verb_ending_in_a_single_s(word, expected):
    assert inflected_verb(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("detecting", True),
        ("Detecting", True),
        ("learning", False),  # also a noun
        ("string", False),  # a noun (and a verb)
        ("thing", False),  # a noun only
        ("detect", False),  # no -ing
        ("detected", False),
        ("foobaring", False),  # out of the lexicon
    ],
)
def test_a_gerund_is_an_ing_word_that_is_only_a_verb(word, expected):
    assert gerund(word) is expected


@pytest.mark.parametrize(
    "text, phrases",
    [
        ("We use spiking neural networks here.", ["spiking neural networks"]),
        ("It supports floating point precision.", ["floating point precision"]),
        ("Sliding mode control is robust.", ["Sliding mode control"]),
        ("Detecting generated images is hard.", ["generated images"]),
        ("the resulting cross-section area", ["cross-section area"]),
        ("Nets should not have fully connected layers.", ["Nets", "fully connected layers"]),
        ("a weakly supervised learning method", ["weakly supervised learning"]),
        ("potentially harmful noise sources", ["harmful noise sources"]),
        ("a fully efficient", []),
    ],
)
def test_term_words_stay_with_the_phrase_they_begin_and_generic_ones_are_cut(text, phrases):
    from generator.tags.keyphrase_candidates import candidates

    assert [c.phrase for c in candidates(text)] == phrases

"""The grammar titles are derived with (generator/read/title_phrases.py): verb forms, gerunds and
acronyms expanded from their definition in the abstract."""

from __future__ import annotations

import pytest

from generator.read.title_phrases import (
    BASE,
    _forms,
    _infinitive,
    expand_acronyms,
    gerund,
    gerund_phrase,
)


@pytest.mark.parametrize(
    "base, forms",
    [
        ("propose", ["propose", "proposes", "proposed"]),
        ("study", ["study", "studies", "studied"]),
        ("establish", ["establish", "establishes", "establishs", "established"]),
        ("address", ["address", "addresses", "addresss", "addressed"]),
    ],
)
def test_each_verb_is_known_in_its_forms(base, forms):
    assert _forms(base) == forms
    assert all(BASE[form] == base for form in forms)


@pytest.mark.parametrize(
    "verb, base",
    [
        ("enables", "enable"),
        ("reaches", "reach"),
        ("pushes", "push"),
        ("passes", "pass"),
        ("fixes", "fix"),
        ("quizzes", "quizz"),
        ("applies", "apply"),
        ("learns", "learn"),
        ("address", "address"),
        ("learn", "learn"),
    ],
)
def test_a_third_person_verb_gives_its_infinitive(verb, base):
    assert _infinitive(verb) == base


@pytest.mark.parametrize(
    "verb, form",
    [("analyze", "analyzing"), ("tie", "tying"), ("see", "seeing"), ("Study", "studying")],
)
def test_a_gerund_drops_a_silent_e_only(verb, form):
    assert gerund(verb) == form


def test_a_phrase_takes_the_gerund_of_its_first_verb_after_its_adverbs():
    assert gerund_phrase("strongly bias our guesses") == "strongly biasing our guesses"
    assert gerund_phrase("reaches the goal", conjugated=True) == "reaching the goal"
    assert gerund_phrase("reaches the goal") == "reachesing the goal"
    assert gerund_phrase("quickly\napplies it", conjugated=True) == "quickly\napplying it"


def test_an_acronym_is_expanded_from_where_the_abstract_defines_it():
    text = "We study affective image content analysis (AICA) and graph neural networks (GNNs)."
    assert expand_acronyms("AICA", text) == "affective image content analysis"
    assert expand_acronyms("GNNs for AICA", text) == (
        "graph neural networks for affective image content analysis"
    )
    assert expand_acronyms("LLM", text) == "LLM", "no definition: kept as it is"
    hyphen = "We survey vision-language models (VLM) in depth."
    assert expand_acronyms("VLM", hyphen) == "vision-language models"
    assert expand_acronyms("VLM", "We use many (VLM) tools.") == "VLM", "letters must match"

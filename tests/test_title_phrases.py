"""The grammar titles are derived with (generator/read/title_phrases.py): verb forms, gerunds and
acronyms expanded from their definition in the abstract."""

from __future__ import annotations

import pytest

from generator.read.title_phrases import (
    BASE,
    TOPIC_END,
    _forms,
    _infinitive,
    expand_acronyms,
    gerund,
    gerund_phrase,
    is_name,
    main_clause,
    split_sentences,
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


@pytest.mark.parametrize(
    "verb, form", [("dye", "dyeing"), ("hoe", "hoeing"), ("learning", "learning")]
)
def test_a_gerund_keeps_the_e_of_ye_and_oe_and_is_not_made_twice(verb, form):
    assert gerund(verb) == form


def test_a_gerund_phrase_keeps_the_lines_after_its_verb():
    assert gerund_phrase("reach the goal\nand more") == "reaching the goal\nand more"


def test_an_acronym_may_spell_one_hyphenated_word_and_a_dash_is_no_part_of_it():
    assert expand_acronyms("VL", "We study vision-language (VL) models.") == "vision-language"
    text = "Topics: - graph neural networks (GNN), - transformers."
    assert expand_acronyms("GNN", text) == "graph neural networks"


@pytest.mark.parametrize(
    "token, name",
    [
        ("SegGen", True),
        ("OTOv3", True),
        ("LDM3D-VR", True),
        ("Stage-2", False),
        ("Transformer", False),
    ],
)
def test_a_name_has_a_namey_part_between_its_hyphens(token, name):
    assert is_name(token) is name


def test_sentences_end_at_a_stop_before_a_capital_but_not_after_an_abbreviation():
    assert split_sentences("We use e.g. ResNet. It works.") == ["We use e.g. ResNet", "It works"]


def test_a_short_head_goes_on_into_its_apposition_and_in_order_to_is_to():
    assert main_clause("weight selection, a method for pruning") == (
        "weight selection: a method for pruning"
    )
    assert main_clause("a method in order to prune heads") == "a method to prune heads"
    assert main_clause("a scheme, where heads share keys") == "a scheme, where heads share keys"
    assert main_clause("a framework, enabling fast inference") == (
        "a framework enabling fast inference"
    )
    assert main_clause("methods by design, which scale", TOPIC_END) == "methods that scale"
    assert main_clause("methods, which scale by design", TOPIC_END) == "methods that scale"
    assert main_clause("sparse attention;") == "sparse attention"


def test_a_head_goes_on_only_once():
    assert main_clause("a framework, which uses LoRA, a method for tuning") == (
        "a framework that uses LoRA"
    )

"""The shared tag vocabulary: folding variants of one subject into one key, acronyms, labels."""

from __future__ import annotations

import pytest

from generator.tags import vocabulary as vocabulary_module
from generator.tags.vocabulary import (
    acronym_definitions,
    count_acronyms,
    fold,
    specific,
    text_facts,
)


def build_vocabulary(keyphrases: dict[str, list[str]], texts: list[str]):
    """The vocabulary of these papers, the i-th with the i-th text (else none)."""
    facts = {
        pid: text_facts(texts[i] if i < len(texts) else "", phrases)
        for i, (pid, phrases) in enumerate(keyphrases.items())
    }
    return vocabulary_module.build_vocabulary(keyphrases, facts)


def test_fold_merges_case_and_plural_and_keeps_compounds_whole():
    assert fold("Graph Neural Networks") == fold("graph neural network") == "graph neural network"
    assert (
        fold("SNN-based algorithms") == "snn-based algorithm"
    )  # never `based algorithm` by any cut
    assert fold("classes") == "class" and fold("studies") == "study" and fold("loss") == "loss"


def test_spellings_that_differ_only_in_spacing_or_hyphens_are_one_key():
    keyphrases = {
        "a": ["pre-trained models"],
        "b": ["pretrained models"],
        "c": ["pretrained model", "x"],
        "d": ["domain adaptive segmentation"],
        "e": ["domain-adaptive segmentation"],
    }
    vocabulary = build_vocabulary(keyphrases, [""] * 5)
    assert (
        vocabulary.key("pre-trained models")
        == vocabulary.key("pretrained model")
        == "pretrained model"
    )
    assert vocabulary.document_frequency["pretrained model"] == 3
    assert vocabulary.key("domain-adaptive segmentation") == vocabulary.key(
        "domain adaptive segmentation"
    )


def test_word_order_variants_are_one_key_shown_in_their_most_common_spelling():
    keyphrases = {
        "a": ["neural network training"],
        "b": ["training neural networks"],
        "c": ["neural network training"],
        "d": ["GNN training"],
        "e": ["training GNNs"],
    }
    texts = ["", "", "", "graph neural networks (GNNs) train", ""]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert vocabulary.key("training neural networks") == vocabulary.key("neural network training")
    assert (
        vocabulary.labels[vocabulary.key("training neural networks")] == "neural network training"
    )
    assert vocabulary.key("GNN training") == vocabulary.key("training GNNs")
    assert vocabulary.document_frequency[vocabulary.key("GNN training")] == 2
    assert set(vocabulary.forms[vocabulary.key("GNN training")]) == {
        "GNN training",
        "training GNNs",
    }


def test_subject_preserving_modifiers_and_acronym_families_fold_into_one_tag():
    keyphrases = {
        "a": ["language models"],
        "b": ["LLMs"],
        "c": ["large language models"],
        "d": ["deep neural networks"],
        "e": ["neural networks"],
        "f": ["deep learning"],
    }
    texts = ["Language models (LMs) are big.", "", "", "", "", ""]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert {vocabulary.key(p) for p in ("language models", "LLMs", "large language models")} == {
        "language model"
    }
    assert vocabulary.labels["language model"] == "language models (LM)"
    assert (
        vocabulary.key("deep neural networks")
        == vocabulary.key("neural networks")
        == "neural network"
    )
    assert vocabulary.key("deep learning") == "deep learning"  # `learning` alone would name nothing


def test_a_tag_says_which_spellings_it_stands_for():
    """What a tag was folded from is shown on its page: the other spellings, once each
    whatever their case, never the label itself or its phrase without the acronym."""
    keyphrases = {
        "a": ["language models"],
        "b": ["LLMs"],
        "c": ["large language models"],
        "d": ["Language Models"],
        "e": ["molecules"],
    }
    vocabulary = build_vocabulary(keyphrases, ["Language models (LMs) are big.", "", "", "", ""])
    spellings = vocabulary.spellings({"language models (LM)", "molecules"})
    assert spellings == {"language models (LM)": ("LLMs", "large language models")}


def test_acronyms_are_found_from_their_definitions():
    texts = [
        "We use Graph Neural Networks (GNNs) here.",
        "Neural Radiance Fields (NeRF) render scenes.",
        "Deep reinforcement learning (RL) is hard.",
    ]
    definitions, spellings = count_acronyms(
        found for text in texts for found in acronym_definitions(text)
    )
    assert definitions == {
        "gnn": "graph neural network",
        "nerf": "neural radiance field",
        "rl": "reinforcement learning",
    }
    assert spellings == {"gnn": "GNN", "nerf": "NeRF", "rl": "RL"}


def test_acronym_and_expansion_are_one_tag_with_a_readable_label():
    keyphrases = {"a": ["GNNs", "molecules"], "b": ["graph neural networks", "citations"]}
    texts = ["Graph neural networks (GNNs) for molecules.", "Graph neural networks for citations."]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert (
        vocabulary.key("GNN") == vocabulary.key("Graph Neural Networks") == "graph neural network"
    )
    assert vocabulary.labels["graph neural network"] == "graph neural networks (GNN)"
    assert vocabulary.key("offline RL") == "offline rl"  # unknown acronym stays as written


def test_specific_rejects_everyday_single_words_and_generic_terms():
    assert specific("quantization") and specific("sparsity") and specific("graph neural network")
    assert (
        not specific("cost")
        and not specific("game")
        and not specific("model")
        and not specific("v2")
    )
    assert not specific("optimization") and not specific("inference") and not specific("ablation")


def test_acronym_search_from_the_parentheses_finds_what_a_full_scan_finds():
    import random

    from generator.tags.acronyms import ACRONYM_DEFINITION, definitions_in

    tricky = [
        "(A (ABC)",
        "a b c d e f g h (GNN)",
        "x4abc de (AB)",
        "foo(AB) bar (CD)",
        "a-b c (AB)(CD)",
        "é_a b (AB) (CD) c (DE)",
        "  lead (GNNs)",
        "word\u00a0word (WW)",
        "a b c d e f (ABCDEF) g h (GH)",
    ]
    rng = random.Random(0)
    pieces = [
        "graph",
        "Neural",
        "net-work",
        "x_1",
        "4ab",
        "é",
        "(GN)",
        "(GNNs)",
        "(NeRF)",
        "(",
        ")",
        ",",
        "-",
        "s",
    ]
    fuzz = [
        "".join(
            rng.choice(pieces) + rng.choice(["", " ", " ", "  ", "\u00a0", "\t"])
            for _ in range(rng.randint(0, 20))
        )
        for _ in range(3000)
    ]
    found = 0
    for text in tricky + fuzz:
        full = [(m.span(), m.groups()) for m in ACRONYM_DEFINITION.finditer(text)]
        assert [(m.span(), m.groups()) for m in definitions_in(text)] == full, text
        found += len(full)
    assert found > 100  # the fuzz reaches definitions, not only misses


def test_keys_worked_out_at_build_time_match_folding_afresh():
    from dataclasses import replace

    keyphrases = {
        "a": ["Graph Neural Networks", "GNNs", "pre-trained models"],
        "b": ["pretrained model", "GNN layers"],
    }
    vocabulary = build_vocabulary(keyphrases, ["Graph neural networks (GNNs) work.", ""])
    afresh = replace(vocabulary, known_keys={})
    assert vocabulary.known_keys and all(
        vocabulary.key(p) == afresh.key(p) for ps in keyphrases.values() for p in ps
    )


def test_a_hyphen_only_word_folds_to_nothing_without_breaking_the_vocabulary():
    vocabulary = build_vocabulary({"a": ["-", "graph"], "b": ["graph"]}, ["x"])
    assert vocabulary.key("-") == "" and vocabulary.document_frequency == {"graph": 2}
    # "GNN -" folds to the acronym alone, so its expansion still names the tag
    acronym = build_vocabulary(
        {"a": ["GNN -", "graph"], "b": ["GNN -"]}, ["graph neural network (GNN) rocks"]
    )
    assert acronym.labels["graph neural network"] == "graph neural network (GNN)"


def test_an_acronym_is_spelled_out_only_where_a_phrase_writes_it_as_one():
    """One paper defines TERM and CLIP: `terms`, `video clips`, `RL_F` elsewhere are words,
    not the acronyms (TERM was tagged on 19 papers that say `terms` or `long-term`)."""
    keyphrases = {
        "a": ["TERM", "CLIP"],
        "b": ["terms"],
        "c": ["video clips"],
        "d": ["RL_F score", "offline RL"],
    }
    texts = [
        (
            "A temporal entity relation model (TERM) and contrastive language image pretraining "
            "(CLIP). Reinforcement learning (RL) too."
        ),
        "",
        "",
        "",
    ]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert (
        vocabulary.key("TERM") == "temporal entity relation model"
        and vocabulary.key("terms") == "term"
    )
    assert vocabulary.key("video clips") == "video clip" and "pretraining" in vocabulary.key("CLIP")
    assert vocabulary.key("offline RL") == "offline reinforcement learning"
    assert "reinforcement" not in vocabulary.key("RL_F score")


def test_a_paper_that_defines_an_acronym_otherwise_keeps_its_own_meaning():
    """Two papers mean data augmentation by DA, one domain adaptation: the corpus-wide
    expansion is the common one, but the third paper's `DA` is its own domain adaptation."""
    keyphrases = {"a": ["DA", "images"], "b": ["DA", "labels"], "c": ["DA", "target domains"]}
    texts = [
        "Data augmentation (DA) helps.",
        "Data augmentation (DA) again.",
        "Domain adaptation (DA) moves.",
    ]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert vocabulary.key_in("a", "DA") == vocabulary.key_in("b", "DA") == "data augmentation"
    assert vocabulary.key_in("c", "DA") == "domain adaptation"
    assert vocabulary.document_frequency["data augmentation"] == 2
    assert vocabulary.document_frequency["domain adaptation"] == 1


def test_the_most_common_spelling_of_an_acronym_wins_whatever_the_order():
    from generator.tags.acronyms import count_acronyms

    for found in (
        [("NERF", ""), ("NeRF", ""), ("NeRF", "")],
        [("NeRF", ""), ("NeRF", ""), ("NERF", "")],
    ):
        assert count_acronyms(found)[1] == {"nerf": "NeRF"}


def test_spellings_with_spaces_hyphens_or_slashes_are_one():
    from generator.tags.folding import compact

    assert compact("pre-trained model") == compact("pre trained model") == "pretrainedmodel"
    assert compact("encoder/decoder") == "encoderdecoder"


def test_a_plural_acronym_defined_otherwise_is_the_papers_own_and_only_that():
    keyphrases = {"a": ["DA", "images"], "b": ["DA"], "c": ["DA", "DP training"]}
    texts = [
        "Data augmentations (DAs) help.",
        "Data augmentation (DA) again.",
        "Domain adaptations (DAs) move, differentially private (DP) too.",
    ]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert vocabulary.key_in("a", "DA") == "data augmentation"
    assert vocabulary.own_keys == {"c": {"DA": "domain adaptation"}}


def test_facts_worked_out_for_other_phrases_are_refused():
    import pytest

    keyphrases = {"a": ["voxel grids", "neural fields"]}
    fewer_folds = vocabulary_module.TextFacts(("voxel grid",), ("voxel grids", "neural fields"), ())
    for facts in (text_facts("", ["voxel grids"]), text_facts("", ["a", "b", "c"]), fewer_folds):
        with pytest.raises(ValueError):
            vocabulary_module.build_vocabulary(keyphrases, {"a": facts})
    wrong_surfaces = vocabulary_module.TextFacts(("voxel grid", "neural field"), ("x",), ())
    with pytest.raises(ValueError):
        vocabulary_module.build_vocabulary(keyphrases, {"a": wrong_surfaces})


def test_a_phrase_never_seen_spells_out_only_what_it_writes_as_an_acronym():
    vocabulary = vocabulary_module.Vocabulary({}, {}, {"rl": "reinforcement learning"}, 1, {})
    assert vocabulary.key("RL agents") == "reinforcement learning agent"
    assert vocabulary.key("rl agents") == "rl agent"


def test_how_many_papers_a_tag_may_be_on_grows_with_the_corpus():
    from pytest import approx

    def limit(papers: int) -> float:
        return vocabulary_module.Vocabulary({}, {}, {}, papers, {}).broad_limit()

    assert limit(19) == float("inf") and limit(20) == approx(4)  # a fifth of a small corpus
    assert limit(100) == approx(20) and limit(299) == approx(59.8)
    assert limit(300) == approx(24) and limit(1000) == approx(80)  # 8% of a large one


def test_spellings_are_the_forms_other_than_the_label_once_whatever_their_case():
    vocabulary = vocabulary_module.Vocabulary(
        {},
        {"language model": "language models (LM)", "graph": "graphs"},
        {},
        3,
        {},
        forms={
            "graph": ("Graphs", "graph"),
            "language model": ("LLMs", "Language Models (LM)", "Language Models", "llms"),
            "voxel grid": ("voxel grids", "Voxel Grid", "VOXEL GRIDS"),
        },
    )
    assert vocabulary.spellings({"language models (LM)", "voxel grid"}) == {
        "language models (LM)": ("LLMs",),
        "voxel grid": ("voxel grids",),
    }
    assert vocabulary.spellings({"graphs"}) == {"graphs": ("graph",)}


def test_a_papers_own_acronym_is_spelled_out_alone_and_its_key_goes_by_the_common_spelling():
    """`gnns` in lower case is a word, not the acronym; `domain adaptation` goes by
    `domain-adaptation`, the corpus's commoner spelling."""
    keyphrases = {
        "a": ["DA", "images"],
        "b": ["DA", "GNNs"],
        "c": ["DA", "DA for gnns"],
        "d": ["domain adaptation"],
        "e": ["domain-adaptation"],
        "f": ["domain-adaptation"],
    }
    texts = [
        "Data augmentations (DAs) help.",
        "Data augmentation (DA) again, graph neural networks (GNNs).",
        "Domain adaptations (DAs) move.",
    ]
    vocabulary = build_vocabulary(keyphrases, texts)
    assert vocabulary.own_keys == {
        "c": {"DA": "domain-adaptation", "DA for gnns": "domain adaptation for gnn"}
    }


def test_a_label_is_the_commonest_spelling_counted_over_every_phrase_written_so():
    exact = build_vocabulary(
        {
            "a": ["Voxel Grids"],
            "b": ["Voxel Grids"],
            "c": ["voxel grids"],
            "d": ["voxel grid"],
            "e": ["voxel grid"],
        },
        [],
    )
    assert exact.labels == {"voxel grid": "voxel grids"}  # 3 papers to 2
    # no phrase says just the key: the commonest spelling of it
    broader = build_vocabulary(
        {
            "a": ["deep neural networks"],
            "b": ["deep neural networks"],
            "c": ["large neural networks"],
            "d": ["large neural networks"],
            "e": ["Deep Neural Networks"],
        },
        [],
    )
    assert broader.labels == {"neural network": "deep neural networks"}


def test_an_acronym_is_shown_as_the_texts_write_it():
    vocabulary = build_vocabulary(
        {"a": ["NeRFs"], "b": ["neural radiance fields"]}, ["Neural radiance fields (NeRF) go."]
    )
    assert vocabulary.labels == {"neural radiance field": "neural radiance fields (NeRF)"}


@pytest.mark.parametrize(
    "expansion, written",
    [("rectified linear units", "ReLUs"), ("gated recurrent units", "GRUs")],
)
def test_a_plural_acronym_fold_keeps_the_s_of_is_one_subject_with_its_expansion(expansion, written):
    """fold keeps the `s` of `-us` words (`status`), so `relus` is not `relu`: written as an
    acronym, it is still the plural of the one defined, and labelled in the singular."""
    vocabulary = build_vocabulary(
        {"a": [expansion], "b": [written]}, [f"We use {expansion} ({written}) here."]
    )
    key = vocabulary.known_keys[written]
    assert key == vocabulary.known_keys[expansion] == expansion[:-1]
    assert vocabulary.labels == {key: f"{expansion} ({written[:-1]})"}


def test_a_label_that_already_says_its_acronym_does_not_repeat_it():
    """A recursive acronym (PHP: PHP Hypertext Preprocessor) is a word of its own label:
    no `(PHP)` after it, where a label without it gains one."""
    texts = ["We write the PHP Hypertext Preprocessor (PHP) for web servers.", "PHP pages."]
    vocabulary = build_vocabulary({"a": ["PHP", "web servers"], "b": ["PHP"]}, texts)
    assert vocabulary.labels[vocabulary.key("PHP")] == "php hypertext preprocessor"

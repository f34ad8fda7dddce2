"""generator.read.titles.derive_title: readable titles for the seed abstracts that came without
one."""

import re
from pathlib import Path

import pytest

from generator.read.text import clean_text
from generator.read.titles import derive_title

SOURCES = Path(__file__).resolve().parents[1] / "content" / "sources"
# Dumps 000, 001 and 003 carry abstracts only; 003 also has one affiliation line.
ABSTRACT_ONLY = ("000_", "001_", "003_")
TRAILING_STOP = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "by",
    "via",
    "from",
    "that",
    "which",
    "its",
    "their",
    "our",
    "this",
    "these",
    "based",
    "using",
}


def _seed_abstracts() -> list[str]:
    out = []
    for prefix in ABSTRACT_ONLY:
        for path in sorted(SOURCES.glob(prefix + "*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = re.sub(r"^Abstract:", "", clean_text(line))
                if len(text.split()) > 40:  # skips the affiliation line
                    out.append(text)
    return out


ABSTRACTS = _seed_abstracts()


def _abstract(marker: str) -> str:
    (found,) = [a for a in ABSTRACTS if marker in a]
    return found


def test_there_are_31_abstract_only_seeds():
    assert len(ABSTRACTS) == 31


@pytest.mark.parametrize("abstract", ABSTRACTS, ids=[a[:40] for a in ABSTRACTS])
def test_every_seed_gets_a_readable_title(abstract):
    title = derive_title(abstract)
    words = title.split()
    assert title and len(title) <= 120
    assert len(words) <= 14
    assert title[0].isupper()
    assert words[-1].lower() not in TRAILING_STOP
    assert not re.search(r"[,;:\-–—(]$", title)
    assert "..." not in title and "…" not in title
    assert title.count("(") == title.count(")")
    assert "\\" not in title and "``" not in title


def test_titles_are_deterministic():
    assert [derive_title(a) for a in ABSTRACTS] == [derive_title(a) for a in ABSTRACTS]


# marker in the abstract -> the method name its title must start with
NAMED = {
    "We introduce CaesarNeRF": "CaesarNeRF",
    "We introduce LoRAShear": "LoRAShear",
    "We propose SegGen": "SegGen",
    "we propose VoxNeuS": "VoxNeuS",
    "named DistGrid": "DistGrid",
    "called FPformer": "FPformer",
    "namely Time-Frequency Domain Mixture Network": "TFDMNet",
    "We introduce LDM3D-VR": "LDM3D-VR",
    'we present "DRNet"': "DRNet",
    "we introduce RandLA-Net": "RandLA-Net",
    "Mixed-strategy Adversarial Training algorithm (MAT)": "MAT",
    "(GALET)": "GALET",
    "(NeuDBS)": "NeuDBS",
    "(OTOv3)": "OTOv3",
    "(OTOv2)": "OTOv2",
    "(PBGD) algorithm": "PBGD",
    "(PVP) Tuning framework": "PVP",
    "(MoDo) algorithm": "MoDo",
    "Our developed FSCNN": "FSCNN",
}


@pytest.mark.parametrize("marker, name", NAMED.items())
def test_title_starts_with_the_method_name(marker, name):
    assert derive_title(_abstract(marker)).startswith(name + ": ")


SURVEYS = [
    "training acceleration methodologies",
    "breakthrough of AlphaGo",
    "survey on deep clustering",
    "affective image content analysis",
    "latest breakthroughs of PTMs",
    "graph architectures and their",
]


@pytest.mark.parametrize("marker", SURVEYS)
def test_surveys_read_as_surveys(marker):
    assert derive_title(_abstract(marker)).startswith("A Survey of ")


@pytest.mark.parametrize(
    "marker, title",
    [
        (
            "We introduce CaesarNeRF",
            "CaesarNeRF: An End-to-End Approach That Leverages Scene-Level Calibrated Semantic"
            " Representation",
        ),
        ("we propose VoxNeuS", "VoxNeuS: A Lightweight Surface Reconstruction Method"),
        (
            "We introduce LoRAShear",
            "LoRAShear: An Efficient Approach to Structurally Prune LLMs and Recover Knowledge",
        ),
        (
            "(GALET)",
            "GALET: A Generalized Alternating Method for Bilevel Optimization with a Nonconvex"
            " Lower-Level Objective",
        ),
        ("(OTOv3)", "OTOv3: The Third Generation of Only-Train-Once"),
        ("survey on deep clustering", "A Survey of Deep Clustering"),
        (
            "affective image content analysis",
            "A Survey of Affective Image Content Analysis in the Recent Two Decades",
        ),
        (
            "training acceleration methodologies",
            "A Survey of Training Acceleration Methodologies for Deep Reinforcement Learning",
        ),
        ("sign-based methods", "Revisiting Sign-Based Methods and Analyzing Their Convergence"),
        (
            "Image deblurring task",
            "Making the Network Learn the Distribution of Feasible Solutions",
        ),
        (
            "N:M fine-grained",
            "A Computation-Efficient Training Scheme for N:M Sparse DNNs Using Algorithm,"
            " Architecture, and Dataflow Co-Design",
        ),
        (
            "diminutive causal",
            "A Method That Enables GNN Models to Glean Insights from Specialized Diminutive Causal"
            " Structures",
        ),
    ],
)
def test_seed_titles(marker, title):
    assert derive_title(_abstract(marker)) == title


def test_3d_gs_is_not_a_method_name():
    title = derive_title(_abstract("3D Gaussian Splatting (3D-GS)"))
    assert not title.startswith("3D-GS")
    assert title == "A Comprehensive Analysis of the Cause of Artifacts, Namely Gradient Collision"


# --- synthetic abstracts, one per rule ---------------------------------------------

BACKGROUND = "Training deep networks is expensive. Existing methods are slow. "


@pytest.mark.parametrize(
    "sentence, title",
    [
        (
            "We introduce FooNet, an end-to-end approach that prunes channels.",
            "FooNet: An End-to-End Approach That Prunes Channels",
        ),
        (
            "We propose a pruning scheme, dubbed BarPrune, which removes heads.",
            "BarPrune: A Pruning Scheme That Removes Heads",
        ),
        (
            "We present a pruning scheme called BazCut for vision transformers.",
            "BazCut: A Pruning Scheme for Vision Transformers",
        ),
        ("In this paper we propose a sparse optimizer named QuxOpt.", "QuxOpt: A Sparse Optimizer"),
        (
            "We design a new model, namely Sparse Mixture Network (SMNet), which scales.",
            "SMNet: Sparse Mixture Network That Scales",
        ),
        (
            "We propose a novel Low-rank Gradient Projection (LoGP) method.",
            "LoGP: A Low-Rank Gradient Projection Method",
        ),
        ("We propose ZipNet, a novel and fast network.", "ZipNet: A Fast Network"),
    ],
)
def test_named_method_patterns(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


@pytest.mark.parametrize(
    "text",
    [
        "This paper surveys graph neural networks for drug discovery. We cover many methods.",
        "Graph learning is popular. We review recent advances in graph neural networks for drug"
        " discovery.",
        "Graph learning is popular. In this paper, we present a comprehensive survey of graph"
        " neural networks for drug discovery, covering many methods.",
    ],
)
def test_survey_forms(text):
    assert derive_title(text) == "A Survey of Graph Neural Networks for Drug Discovery"


def test_propose_to_verb_becomes_gerund():
    text = (
        BACKGROUND
        + "Therefore, we propose to distill large teachers into small students, and design a loss."
    )
    assert derive_title(text) == "Distilling Large Teachers into Small Students"


def test_problem_of_is_dropped():
    text = (
        "We study the problem of efficient semantic segmentation for large-scale 3D point clouds."
        " It is hard."
    )
    assert derive_title(text) == "Efficient Semantic Segmentation for Large-Scale 3D Point Clouds"


def test_without_a_contribution_sentence_the_first_sentence_is_used():
    text = (
        "As models grow, the cost of training large language models on commodity clusters with "
        "slow networks keeps rising every single year across the industry. Many methods exist."
    )
    title = derive_title(text)
    assert title == "The Cost of Training Large Language Models on Commodity Clusters"


def test_long_phrase_is_cut_at_a_word_boundary_without_dangling_words():
    text = (
        "We propose a method for scalable training of very deep transformer networks on "
        "heterogeneous clusters of commodity graphics processing units with slow interconnects."
    )
    title = derive_title(text)
    assert len(title.split()) <= 14
    assert title == "A Method for Scalable Training of Very Deep Transformer Networks"


def test_latex_in_the_abstract_is_cleaned_first():
    text = r"We propose \textbf{FastGS}, a method for Polyak-{\L}ojasiewicz objectives~(PL)."
    assert derive_title(text) == "FastGS: A Method for Polyak-Łojasiewicz Objectives (PL)"


@pytest.mark.parametrize("text", ["", "   ", "...", "Abstract:"])
def test_nothing_to_title(text):
    assert derive_title(text) == ""

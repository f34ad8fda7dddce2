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


@pytest.mark.parametrize(
    "sentence, title",
    [
        ("We propose a efficient pruning scheme.", "An Efficient Pruning Scheme"),
        ("We propose an uniform sampler for graphs.", "A Uniform Sampler for Graphs"),
        (
            "We propose an Iterative Closest Point variant for scans.",
            "An Iterative Closest Point Variant for Scans",
        ),
        # an acronym takes the article of its first letter's name
        ("We propose an ML pipeline for tabular data.", "An ML Pipeline for Tabular Data"),
        ("We propose an SVM ensemble for tabular data.", "An SVM Ensemble for Tabular Data"),
        ("We propose a UDA method for segmentation.", "A UDA Method for Segmentation"),
        ("We propose a R package for survival analysis.", "An R Package for Survival Analysis"),
    ],
)
def test_the_leading_article_fits_the_word_after_it(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


@pytest.mark.parametrize(
    "sentence, title",
    [
        # "<object>, named X, to/for ...": the comma before to/for goes
        (
            "We propose a pruning scheme, named SlimCut, to remove redundant heads.",
            "SlimCut: A Pruning Scheme to Remove Redundant Heads",
        ),
        (
            "We propose a pruning scheme, named SlimCut, for vision transformers.",
            "SlimCut: A Pruning Scheme for Vision Transformers",
        ),
        (
            "We propose a detector, named FooDet, trained on synthetic scenes.",
            "FooDet: A Detector, Trained on Synthetic Scenes",
        ),
        # "X, which enables ..." -> "X: Enabling ..."
        ("We introduce FooNet, which enables fast pruning.", "FooNet: Enabling Fast Pruning"),
        (
            "We introduce FooNet: XLA-compiled kernels for pruning.",
            "FooNet: XLA-Compiled Kernels for Pruning",
        ),
        # a short head and an apposition after a name join with a comma, not a second colon
        (
            "We propose a framework, called FooNet, a simple approach for pruning.",
            "FooNet: A Framework, a Simple Approach for Pruning",
        ),
        (
            "We propose band-split RNN (BSRNN), a frequency-domain model for music separation.",
            "BSRNN: Band-Split RNN, a Frequency-Domain Model for Music Separation",
        ),
        (
            "We propose our band-split RNN (BSRNN), a frequency-domain model for music separation.",
            "BSRNN: Our Band-Split RNN, a Frequency-Domain Model for Music Separation",
        ),
        (
            "We propose Deep Incubation, a novel approach to train large models.",
            "Deep Incubation: An Approach to Train Large Models",
        ),
        # a plain capitalised word after "called" is a name; after "namely" it is not
        (
            "We propose a scheme called Sparrow for sparse attention.",
            "Sparrow: A Scheme for Sparse Attention",
        ),
        (
            "We study on a sparse attention scheme called Sparrow for long inputs.",
            "Sparrow: A Sparse Attention Scheme for Long Inputs",
        ),
        (
            "We propose a sparse attention scheme, namely Sparrow, for long inputs.",
            "A Sparse Attention Scheme, Namely Sparrow, for Long Inputs",
        ),
        (
            "We propose a scheme called gradient surgery for multitask learning.",
            "A Scheme Called Gradient Surgery for Multitask Learning",
        ),
        (
            "We propose a method called Learning To Segment Every Thing.",
            "A Method Called Learning To Segment Every Thing",
        ),
        (
            "We propose a vision-language model called mPLUG for captions.",
            "mPLUG: A Vision-Language Model for Captions",
        ),
        # an appositive name: "a framework, ActiveNeRF, ...", "the framework GETA, which ..."
        (
            "We propose a novel learning framework, ActiveNeRF, which models uncertainty.",
            "ActiveNeRF: A Learning Framework",
        ),
        (
            "We present the framework GETA, which prunes and quantizes jointly.",
            "GETA: The Framework That Prunes and Quantizes Jointly",
        ),
        # ... but not a name that a preposition takes as its object
        ("We present a benchmark for LLaMA, which tests reasoning.", "A Benchmark for LLaMA"),
    ],
)
def test_named_method_wordings(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


def test_an_appositive_name_keeps_the_whole_object_before_it():
    title = derive_title(
        BACKGROUND + "We introduce the shader compiler for DirectX DXC, which emits portable code."
    )
    assert title.startswith("DXC: ") and title.lower().endswith("compiler for directx")


@pytest.mark.parametrize(
    "sentence, title",
    [
        # no preposition late enough: cut before "and"
        (
            "We propose a simple scalable memory efficient and numerically stable second order"
            " optimizer and its distributed implementation.",
            "A Simple Scalable Memory Efficient and Numerically Stable Second Order Optimizer",
        ),
        # ... or after a comma
        (
            "We propose a simple scalable memory efficient numerically stable second order"
            " optimizer, its distributed implementation and proofs.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Optimizer, Its"
            " Distributed Implementation",
        ),
        (
            "We propose a simple scalable memory efficient numerically stable second order"
            " optimizer trained via, for example, distillation.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Optimizer Trained"
            " via, for Example",
        ),
        # no place to cut: at the limit
        (
            "We propose a simple scalable memory efficient numerically stable second order deep"
            " network optimizer implementation suite kit.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Deep Network"
            " Optimizer Implementation Suite",
        ),
        # a preposition in the first half is too early to cut at
        (
            "We propose a simple lightweight neural network architecture for extremely efficient"
            " highly accurate robust scalable multimodal emotion recognition.",
            "A Simple Lightweight Neural Network Architecture for Extremely Efficient Highly"
            " Accurate Robust Scalable Multimodal",
        ),
        # not after a word that needs what follows ("designed for")
        (
            "We propose a simple scalable memory efficient numerically stable neural network"
            " optimizer designed for mobile devices and edge accelerators.",
            "A Simple Scalable Memory Efficient Numerically Stable Neural Network Optimizer"
            " Designed for Mobile Devices",
        ),
        # a parenthesis the cut would leave open goes whole
        (
            "We propose a memory efficient second order optimizer (based on natural gradient"
            " descent with Kronecker factored curvature estimates) for deep networks.",
            "A Memory Efficient Second Order Optimizer",
        ),
        # a dangling "large-" goes with the "and" after it
        (
            "We propose a simple scalable memory efficient numerically stable second order neural"
            " optimizer training large- and small-scale models.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Neural Optimizer"
            " Training",
        ),
        # a bracket that opens with a preposition is a place to cut too
        (
            "We propose a simple scalable memory efficient numerically stable second order"
            " optimizer (with proofs) and tight memory bounds everywhere.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Optimizer",
        ),
        # after a comma, the one place to cut
        (
            "We propose a simple scalable memory efficient numerically stable second order"
            " optimizer, its distributed variant plus proofs everywhere.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Optimizer",
        ),
        # a hard cut after "and," drops it
        (
            "We propose a simple scalable memory efficient numerically stable second order deep"
            " network optimizer kernels and, crucially, compilers.",
            "A Simple Scalable Memory Efficient Numerically Stable Second Order Deep Network"
            " Optimizer Kernels",
        ),
        ("We study this.", "Studying"),
        (
            "We study large- and small-scale graph partitioning.",
            "Studying Large- and Small-Scale Graph Partitioning",
        ),
    ],
)
def test_long_titles_are_cut_at_a_readable_place(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


def test_a_title_keeps_its_one_word():
    assert derive_title("Within.") == "Within"


@pytest.mark.parametrize(
    "sentence, title",
    [
        # math is kept as written
        (
            "We propose a sorting algorithm with $O(n \\log n)$ comparisons for $k$-means"
            " clustering.",
            "A Sorting Algorithm with $O(n \\log n)$ Comparisons for $k$-means Clustering",
        ),
        # a minor word stays lowercase in brackets too, but not before a hyphen
        (
            "We propose a detector for objects (or parts) in images.",
            "A Detector for Objects (or Parts) in Images",
        ),
        (
            "We study in-context learning for tabular data.",
            "Studying In-Context Learning for Tabular Data",
        ),
        # the capitals of an acronym's plural are not a name's highlighted letters
        ("We introduce LLMPrune, a method to prune LLMs.", "LLMPrune: A Method to Prune LLMs"),
    ],
)
def test_title_casing(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


@pytest.mark.parametrize(
    "sentence, title",
    [
        # 14 words would pass 120 characters: one word fewer
        (
            "We propose computationally efficient hierarchically structured probabilistically"
            " calibrated uncertainty aware reinforcement learning agents controlling autonomous"
            " underwater vehicles.",
            "Computationally Efficient Hierarchically Structured Probabilistically Calibrated"
            " Uncertainty Aware Reinforcement",
        ),
        # exactly 120 characters fit
        (
            "We propose computationally efficient hierarchically structured probabilistically"
            " calibrated uncertainty aware offline reinforcement learning agents controlling"
            " autonomous vehicles.",
            "Computationally Efficient Hierarchically Structured Probabilistically Calibrated"
            " Uncertainty Aware Offline Reinforcement",
        ),
        # a name is kept as written, a title's last capital too
        (
            "We introduce SAM-lite, a distilled segmentation model for phones.",
            "SAM-lite: A Distilled Segmentation Model for Phones",
        ),
        (
            "We propose an efficient sparse attention kernel for JAX.",
            "An Efficient Sparse Attention Kernel for JAX",
        ),
    ],
)
def test_title_length_and_names(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


@pytest.mark.parametrize(
    "sentence, title",
    [
        (
            "We study on a novel sparse attention scheme (NSA) for long inputs.",
            "NSA: A Sparse Attention Scheme for Long Inputs",
        ),
        # its description goes on into a short apposition with a comma, as after a name
        (
            "We study a novel network (NNet), a simple model for long inputs.",
            "NNet: A Network, a Simple Model for Long Inputs",
        ),
        # an acronym's plural names what the method works on, not the method
        (
            "We propose a novel pruning method for large language models (LLMs).",
            "A Pruning Method for Large Language Models (LLMs)",
        ),
        # so does an acronym after a clause word
        (
            "We propose a method that uses low-rank adaptation (LoRA) for pruning.",
            "A Method That Uses Low-Rank Adaptation (LoRA) for Pruning",
        ),
        (
            "We propose to train a novel sparse network (SNet) with fewer labels.",
            "Training a Novel Sparse Network (SNet) with Fewer Labels",
        ),
    ],
)
def test_an_acronym_coined_for_the_method_names_it(sentence, title):
    assert derive_title(BACKGROUND + sentence + " Experiments show gains.") == title


@pytest.mark.parametrize(
    "text, title",
    [
        # "investigation into" gives a topic, but nothing says it is a survey
        (
            BACKGROUND + "We present an investigation into the robustness of vision transformers.",
            "An Investigation into the Robustness of Vision Transformers",
        ),
        (
            "Graph learning is popular. This review of graph neural networks for drug discovery,"
            " covering many methods, is timely.",
            "A Survey of Graph Neural Networks for Drug Discovery",
        ),
        (
            "Diffusion models are popular. This paper surveys Recent Advances in diffusion models.",
            "A Survey of Diffusion Models",
        ),
    ],
)
def test_survey_cues_and_topics(text, title):
    assert derive_title(text) == title


def test_a_proposed_claim_is_not_the_contribution():
    text = (
        "We propose that sparsity can arise from noise. We introduce a simple pruning scheme for"
        " vision transformers."
    )
    assert derive_title(text) == "A Simple Pruning Scheme for Vision Transformers"


@pytest.mark.parametrize(
    "text, title",
    [
        (
            BACKGROUND + "We revisit sign-based methods and carefully analyze their convergence.",
            "Revisiting Sign-Based Methods and Carefully Analyzing Their Convergence",
        ),
        # every further predicate becomes a gerund too
        (
            BACKGROUND
            + "We revisit sign-based methods and analyze their convergence and prove new bounds.",
            "Revisiting Sign-Based Methods and Analyzing Their Convergence and Proving New Bounds",
        ),
        # a lead-in is dropped only where enough is left after it
        ("As models grow, costs rise. Many methods exist.", "As Models Grow, Costs Rise"),
        (
            "As models grow, training costs keep rising. Many methods exist.",
            "Training Costs Keep Rising",
        ),
        # "Our X is ..." names only the sentence just before it, a contribution
        ("Pruning is costly. Models are large. Our SlimNet is fast.", "Pruning Is Costly"),
    ],
)
def test_contribution_wordings(text, title):
    assert derive_title(text) == title


def test_our_name_in_the_next_sentence_names_the_first_sentences_contribution():
    text = "We propose a fast detector for drones. Our DroneDet achieves high accuracy."
    assert derive_title(text) == "DroneDet: A Fast Detector for Drones"


def test_a_first_sentence_with_no_main_clause_falls_back_to_the_first_words():
    title = derive_title(": see the appendix for graph coloring bounds.")
    assert "See the Appendix for Graph Coloring Bounds" in title

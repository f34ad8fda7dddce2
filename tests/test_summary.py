"""One summary sentence per paper, picked from the abstract with the tag stage's token vectors."""

from __future__ import annotations

import re
import sqlite3

import numpy as np
import pytest
from conftest import SEEDS
from fake_embedder import HashingEmbedder

from generator.model import Paper
from generator.read.dedup import merge_duplicates
from generator.read.dumps import read_papers
from generator.tags import summary
from generator.tags.cache import Analysis, AnalysisCache
from generator.tags.embedders import TokenEmbeddings
from generator.tags.summary import CUE, Sentence, sentence_features, sentence_spans
from generator.tags.tag import analyze_batch, tag_papers
from generator.tags.tagged_text import source_position, summary_of, tagging_text


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seeds() -> list[Paper]:
    return merge_duplicates(read_papers(SEEDS))[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Methods (e.g. BERT) work well. Results follow.",
            ["Methods (e.g. BERT) work well.", "Results follow."],
        ),
        (
            "As Wortsman et al. (2020) showed, it holds. We agree.",
            ["As Wortsman et al. (2020) showed, it holds.", "We agree."],
        ),
        (
            "We gain 3.5 points. See Fig. 2 and Eq. 3 for details. Also Sec. 4.",
            ["We gain 3.5 points.", "See Fig. 2 and Eq. 3 for details.", "Also Sec. 4."],
        ),
        (
            "Code: https://github.com/a/b.c. Data: arXiv:2301.01234. Done.",
            ["Code: https://github.com/a/b.c.", "Data: arXiv:2301.01234.", "Done."],
        ),
        (
            "We compare SGD vs. Adam, i.e. Two optimizers, w.r.t. Loss. It wins.",
            ["We compare SGD vs. Adam, i.e. Two optimizers, w.r.t. Loss.", "It wins."],
        ),
        ("Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."]),
        (
            '(We release code.) Then "quoted." Next (e.g., A, B, etc.) Last.',
            ["(We release code.)", 'Then "quoted."', "Next (e.g., A, B, etc.)", "Last."],
        ),
        (
            "With n << N. VCA first splits.",
            ["With n << N.", "VCA first splits."],
        ),  # a variable, not an initial
        (
            "A value of x. then more.",
            ["A value of x. then more."],
        ),  # lower case after: not a boundary
        ("  One sentence without a stop  ", ["One sentence without a stop"]),
        ("", []),
    ],
)
def test_sentence_splitter_on_hard_cases(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "source",
    [
        "Plain title. Plain abstract.",
        "*ViT*$^3$ models. $k$-means, $$x$$ and a*b*c.",
        "Odd $ dollar. Title $x$. **bold** $a.b$ end$",
    ],
)
def test_positions_in_the_tagging_text_map_back_to_the_source(source):
    text = tagging_text(Paper(id="x", title="", title_derived=True, abstract=source))
    position = source_position(source)
    math_spaces = {match.start() for match in re.finditer(r"\$[^$]*\$", source)}
    for index, char in enumerate(text):
        assert source[position(index)] == char or position(index) in math_spaces


def test_the_contribution_sentence_beats_a_background_first_sentence_closer_to_the_whole(
    monkeypatch,
):
    """Hand-made token vectors: the background sentence is nearest the document vector (1.0
    against 0.95), the rule's bonus and penalty (0.05 each) pick the contribution sentence."""
    text = (
        "Graph learning is used across many fields of modern science. "
        "We propose sparse graph pruning to train large graph networks faster. "
        "Experiments on five benchmarks confirm the speedup at equal accuracy."
    )
    words = list(re.finditer(r"\w+", text))
    second, third = text.index("We propose"), text.index("Experiments")
    near = np.array([0.95, np.sqrt(1 - 0.95**2), 0.0], np.float32)
    rows = [
        [1, 0, 0] if m.start() < second else near if m.start() < third else [0, 1, 0] for m in words
    ]
    doc = TokenEmbeddings(
        np.array([1, 0, 0], np.float32),
        np.array([m.span() for m in words]),
        np.array(rows, np.float32),
    )
    features = sentence_features(doc, text)
    assert [(s.cosine, s.cue, s.authorial) for s in features] == [
        (1.0, False, False),
        (0.95, True, True),
        (0.0, False, False),
    ]
    paper = Paper(id="p", title="Pruning", title_derived=True, abstract=text)
    assert (
        summary_of(paper, features)
        == "We propose sparse graph pruning to train large graph networks faster."
    )
    monkeypatch.setattr(summary, "CUE_BONUS", 0.0)
    monkeypatch.setattr(summary, "BACKGROUND_PENALTY", 0.0)
    assert summary_of(paper, features).startswith("Graph learning")  # the cosine alone


def test_title_sentences_are_never_picked_and_math_stays_as_written(fake_embedder):
    abstract = (
        "$k$-means clusters points. We propose $\\alpha$-nets, which cluster graphs of $n.5$ "
        "nodes in *linear* time and\n  space $O(n)$. Code is at https://example.org/x.y."
    )
    titled = Paper(
        id="t",
        title="We propose alpha-nets, which cluster graphs in linear time and space.",
        title_derived=False,
        abstract=abstract,
    )
    [analysis] = analyze_batch([tagging_text(titled)], fake_embedder)
    assert len(analysis.sentences) == 4  # the title is one
    picked = summary_of(titled, analysis.sentences)
    assert picked == (
        "We propose $\\alpha$-nets, which cluster graphs of $n.5$ nodes in *linear* time and "
        "space $O(n)$."
    )
    first_only = [
        s._replace(cosine=None) if i != 1 else s for i, s in enumerate(analysis.sentences)
    ]
    assert (
        summary_of(titled, first_only) == "$k$-means clusters points."
    )  # math before a sentence goes with it


def test_a_one_sentence_abstract_is_its_own_summary(fake_embedder):
    paper = Paper(
        id="o", title="T", title_derived=True, abstract="  A single sentence, e.g. this one  \n"
    )
    [analysis] = analyze_batch([tagging_text(paper)], fake_embedder)
    assert summary_of(paper, analysis.sentences) == "A single sentence, e.g. this one"
    empty = Paper(id="e", title="T", title_derived=False, abstract="$x$")
    [analysis] = analyze_batch([tagging_text(empty)], fake_embedder)
    assert summary_of(empty, analysis.sentences) == "$x$"


def test_on_seed_abstracts_the_summary_is_one_sentence_of_the_abstract(seeds, fake_embedder):
    plain = [p for p in seeds if "$" not in p.title + p.abstract and "*" not in p.abstract][:8]
    with_math = [p for p in seeds if "$" in p.abstract][:4]
    analyses = analyze_batch([tagging_text(p) for p in plain + with_math], fake_embedder)
    for paper, analysis in zip(plain + with_math, analyses, strict=True):
        picked = summary_of(paper, analysis.sentences)
        assert picked and from_abstract(picked, paper.abstract)
        if paper in plain:
            assert any(
                from_abstract(picked, s) and collapsed(s).endswith(picked[1:])
                for s in sentences(paper.abstract)
            )


def test_every_seed_paper_gets_a_short_summary_from_its_abstract(seeds):
    corpus = tag_papers(seeds, HashingEmbedder(), AnalysisCache())
    assert all(p.summary and from_abstract(p.summary, p.abstract) for p in corpus.papers)
    lengths = [len(p.summary.split()) for p in corpus.papers]
    assert sum(n <= 60 for n in lengths) / len(lengths) >= 0.9
    assert sum(p.summary == collapsed(p.abstract) for p in corpus.papers) / len(lengths) < 0.1


def from_abstract(summary_text: str, abstract: str) -> bool:
    """Words of the abstract as written, but for a capital a left-out opening leaves."""
    text = collapsed(abstract)
    return summary_text in text or summary_text[0].lower() + summary_text[1:] in text


@pytest.mark.parametrize(
    "sentence, alone",
    [
        ("To address this issue, we propose FooNet.", "We propose FooNet."),
        ("To overcome these limitations, this paper presents X.", "This paper presents X."),
        ("To this end, in this paper, we study Y.", "In this paper, we study Y."),
        ("Motivated by these observations, our method is Z.", "Our method is Z."),
        ("However, the built-in optimizers fail.", "The built-in optimizers fail."),
        ("In addition, to help training, we release D.", "To help training, we release D."),
        ("To address this issue, various U-Nets were tried.", None),
        ("To address class imbalance, we reweight.", None),
        ("In this paper, we propose FooNet.", None),
        ("Therefore,we propose X.", None),
        ("However, mRNA levels fall.", "mRNA levels fall."),
        ("Specifically, to address this, we propose X.", "We propose X."),
        ("First, we demonstrate a gap.", "We demonstrate a gap."),
        ("Addressing these issues, we unveil LAUDNet.", "We unveil LAUDNet."),
        ("To fix this issue, we propose FFN.", "We propose FFN."),
        ("Second-order methods, as we show, converge.", None),
        ("Firstly-trained nets, we find, fail.", None),
    ],
)
def test_an_opening_that_leans_on_the_sentence_before_is_left_out(sentence, alone):
    assert summary.standalone(sentence) == (alone or sentence)
    assert summary.standalone(summary.standalone(sentence)) == summary.standalone(sentence)


@pytest.mark.parametrize(
    "sentence, leans",
    [
        ("These results suggest that sound carries depth.", True),
        ("It is also worthwhile to point out that it fits.", True),
        ("(1) Despite variance, we show X.", True),
        ("Not only can ULR be extended, but BP too.", True),
        ("The latter can be used to compose streams.", True),
        ("This approach relies on no canonical form.", True),
        ("This paper tackles this challenge with X.", False),
        ("This work introduces OmDet, a detector.", False),
        ("Thistle pollen is studied here.", False),
        ("We propose X.", False),
    ],
)
def test_a_sentence_that_still_points_back_when_shown_alone_leans(sentence, leans):
    assert summary.leans(sentence) is leans


def test_pick_passes_over_a_leaning_sentence_unless_it_is_far_closer():
    abstract = "These results suggest that sound carries depth. We ask whether sound carries depth."
    leaning, plain = Sentence(0, 47, 0.6, 20, False, True), Sentence(48, 83, 0.55, 20, False, True)
    ends = [47, 83]
    assert summary.pick(abstract, [leaning, plain], ends).startswith("We ask")
    far = leaning._replace(cosine=0.55 + summary.LEANING_PENALTY + 0.01)
    assert summary.pick(abstract, [far, plain], ends).startswith("These results")


def test_sentence_features_round_trip_the_cache_and_bad_rows_count_as_missing():
    cache = AnalysisCache()
    rows = (Sentence(0, 10, 0.91, 9, True, True), Sentence(11, 20, None, 3, False, False))
    cache.put_many({"k": Analysis(np.ones(4, np.float32), (("graph", 0.5),), rows)})
    assert cache.get_many(["k"])["k"].sentences == rows
    for broken in (
        None,
        "not json",
        "[[0, 10, 0.9, 9, 1, 1]]",
        "[[0, 10, 0.9]]",
        '[["0", 10, 0.9, 9, true, true]]',
    ):
        cache._db.connection.execute("UPDATE analyses SET sentences = ?", (broken,))
        assert cache.get_many(["k"]) == {}


def test_a_cache_file_from_before_summaries_is_read_without_its_old_rows(tmp_path, fake_embedder):
    path = tmp_path / "analyses.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE analyses (key TEXT PRIMARY KEY, vector BLOB, keyphrases TEXT)")
        old.execute("INSERT INTO analyses VALUES ('old', x'0000803f', '[]')")
    old.close()
    cache = AnalysisCache(path)
    assert len(cache) == 0
    paper = Paper(
        id="p",
        title="T",
        title_derived=True,
        abstract="We propose a thing that works on graphs well.",
    )
    assert tag_papers([paper], fake_embedder, cache).papers[0].summary == paper.abstract
    assert len(cache) == 1


@pytest.mark.slow
def test_real_model_summaries_state_contributions_more_often_than_first_sentences(
    seeds, monkeypatch
):
    """Reported, not held to a figure: how often the picked sentence carries a contribution
    cue, against the abstract's first sentence and against the cosine alone."""
    import time

    from generator.tags.embedders import SentenceTransformerEmbedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    papers = seeds[:40]
    embedder = SentenceTransformerEmbedder()
    embedder.embed_tokens(["warm up"])
    started = time.perf_counter()
    analyses = analyze_batch([tagging_text(p) for p in papers], embedder)
    per_paper = (time.perf_counter() - started) / len(papers)
    picked = [summary_of(p, a.sentences) for p, a in zip(papers, analyses, strict=True)]
    monkeypatch.setattr(summary, "score", lambda sentence, first: float(first))
    firsts = [summary_of(p, a.sentences) for p, a in zip(papers, analyses, strict=True)]
    monkeypatch.undo()
    for name in ("CUE_BONUS", "BACKGROUND_PENALTY", "SHORT_PENALTY", "LONG_PENALTY"):
        monkeypatch.setattr(summary, name, 0.0)
    cosine_only = [summary_of(p, a.sentences) for p, a in zip(papers, analyses, strict=True)]

    def cued(texts):
        return sum(CUE.search(text) is not None for text in texts) / len(texts)

    print(
        f"\ncontribution cue in the summary: {cued(picked):.0%} "
        f"(cosine alone {cued(cosine_only):.0%}, first sentence {cued(firsts):.0%}, any sentence "
        f"{sum(any(s.cue for s in a.sentences) for a in analyses) / len(papers):.0%}); "
        f"model pass and analysis {per_paper * 1000:.0f} ms per paper"
    )
    assert all(
        text and from_abstract(text, p.abstract) for p, text in zip(papers, picked, strict=True)
    )
    assert cued(picked) >= cued(firsts)


# --- mutation testing (bench/mutation.py) ----------------------------------------------------


def test_a_short_or_long_sentence_scores_below_the_same_sentence_of_a_usual_length():
    usual = Sentence(0, 10, 0.5, 20, False, True)
    assert summary.score(usual, first=False) == 0.5
    assert summary.score(usual._replace(words=3), first=False) == pytest.approx(0.4)
    assert summary.score(usual._replace(words=60), first=False) == pytest.approx(0.45)
    assert summary.score(usual._replace(authorial=False), first=True) == pytest.approx(0.45)
    assert summary.score(usual._replace(cue=True), first=True) == pytest.approx(0.55)


def test_a_position_in_the_tagging_text_maps_back_past_math_and_emphasis():
    assert [source_position("ab $x$ cd")(i) for i in range(7)] == [0, 1, 2, 3, 6, 7, 8]
    assert [source_position("ab *cd* ef")(i) for i in range(8)] == [0, 1, 2, 4, 5, 7, 8, 9]
    assert source_position("plain")(3) == 3


def test_the_length_penalties_start_just_past_their_bounds_and_a_zero_cosine_stays_zero():
    usual = Sentence(0, 10, 0.5, 20, False, True)
    assert summary.score(usual._replace(words=8), first=False) == 0.5  # SHORT_WORDS: not short
    assert summary.score(usual._replace(words=7), first=False) == pytest.approx(0.4)
    assert summary.score(usual._replace(words=50), first=False) == 0.5  # LONG_WORDS: not long
    assert summary.score(usual._replace(words=51), first=False) == pytest.approx(0.45)
    assert summary.score(usual._replace(cosine=0.0), first=False) == 0.0


def test_pick_takes_the_first_of_equal_sentences_and_the_first_when_none_was_seen():
    abstract = "One sentence is here now. Two sentence is here now. Three, and math $x$."
    one = Sentence(0, 25, 0.5, 20, False, True)
    ends = [25, 51, 60]  # the last one's math is not in the tagging text: it goes with it
    same = [one, one._replace(start=26, end=51), one._replace(start=52, end=60)]
    assert summary.pick(abstract, same, ends) == "One sentence is here now."
    last = [s._replace(cosine=0.1) for s in same[:2]] + [same[2]._replace(cosine=0.9)]
    assert summary.pick(abstract, last, ends) == "Three, and math $x$."
    unseen = [s._replace(cosine=None) for s in same]
    assert summary.pick(abstract, unseen, ends) == "One sentence is here now."
    assert summary.pick(abstract, [], []) == abstract


def test_pick_never_takes_a_title_sentence_however_close():
    abstract = "One sentence is here now. Two sentence is here now."
    title = Sentence(0, 9, 0.99, 20, True, True)
    body = Sentence(0, 25, 0.5, 20, False, True)
    picked = summary.pick(abstract, [title, body, body], [0, 25, 51])
    assert picked == "One sentence is here now."
    with pytest.raises(ValueError):
        summary.pick(abstract, [body, body], [25])


def test_a_sentences_cosine_is_of_its_mean_token_vector_none_without_tokens():
    text = "Alpha beta. Gamma delta. Zero zero. Unseen words."
    words = list(re.finditer(r"\w+", text))[:6]  # the model's truncation: the last two unseen
    rows = [[2, 0, 0], [2, 0, 0], [3, 1, 0], [3, 1, 0], [0, 0, 0], [0, 0, 0]]
    doc = TokenEmbeddings(
        np.array([1, 0, 0], np.float32),
        np.array([m.span() for m in words]),
        np.array(rows, np.float32),
    )
    # 3 / sqrt(10) = 0.948683...: rounded to 4 places
    assert [s.cosine for s in sentence_features(doc, text)] == [1.0, 0.9487, 0.0, None]


def test_a_word_read_for_an_abbreviation_is_its_last_24_characters_at_most():
    """The look-back before each period is bounded: a dotted run of initials longer than that
    (25 characters here) is read as no abbreviation, and its period ends the sentence."""
    assert sentences("Tested on a.b.c.d.e.f.g.h.i.j.k.l. It works.") == [
        "Tested on a.b.c.d.e.f.g.h.i.j.k.l. It works."
    ]  # 23 characters: initials, as i.e. is
    assert sentences("Tested on a.b.c.d.e.f.g.h.i.j.k.l.m. It works.") == [
        "Tested on a.b.c.d.e.f.g.h.i.j.k.l.m.",
        "It works.",
    ]

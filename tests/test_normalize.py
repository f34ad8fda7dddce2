"""RawRecord -> Paper (generator/read/normalize.py): categories, dates, links, ids, keywords and
URL slugs, field by field."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

import pytest

from generator.model import Link, Paper, RawRecord, SourceRef
from generator.read.normalize import (
    SlugCollision,
    arxiv_id,
    assign_slugs,
    category_code,
    extract_links,
    identity_text,
    is_arxiv_code,
    iso_date,
    normalize,
    paper_id,
    paper_slug,
)

ABSTRACT = "We study sparse training of deep networks. " * 8


def raw(**fields) -> RawRecord:
    return RawRecord(SourceRef("day.jsonl", 3), (3,), fields.pop("abstract", ABSTRACT), **fields)


def paper(pid: str, title: str, line: int, derived: bool = False) -> Paper:
    return Paper(
        id=pid, title=title, title_derived=derived, abstract=pid, sources=(SourceRef("f", line),)
    )


@pytest.mark.parametrize(
    ("code", "full"),
    [
        (" CV ", "cs.CV"),
        ("lg", "cs.lg"),
        ("cs.LG", "cs.LG"),
        ("stat.ML", "stat.ML"),
        ("hep-th", "hep-th"),
        ("cond-mat.mes-hall", "cond-mat.mes-hall"),
        ("XX", ""),
        ("cs.LG<script>", ""),
        ("", ""),
    ],
)
def test_category_code(code, full):
    assert category_code(code) == full


@pytest.mark.parametrize(
    ("word", "code"),
    [("cs.CV", True), ("quant-ph", True), ("nlin", True), ("meta-optics", False), ("CV", False)],
)
def test_is_arxiv_code(word, code):
    assert is_arxiv_code(word) is code


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Nov 18, 2022", "2022-11-18"),
        (" 2022-11 ", "2022-11"),
        ("2022-01", "2022-01"),
        ("2022-12", "2022-12"),
        ("2022-13", None),
        ("2022-00", None),
        ("2022", "2022"),
        ("  ", None),
        ("not a date at all", None),
        ("99999-01-01", None),
        ("November 2022", "2022-11"),  # a month in words: no day invented either
        ("2022 Nov", "2022-11"),
        ("Dec 28, 2001", "2001-12-28"),  # a date that is one of the defaults, given in full
        ("Jan 1, 2000", "2000-01-01"),
        ("Nov 18", None),  # no year: none invented
        ("Tuesday", None),
    ],
)
def test_iso_date_keeps_the_precision_given(text, date):
    assert iso_date(text) == date


def test_arxiv_id_from_the_id_field_then_the_urls_without_version():
    assert arxiv_id(raw(arxiv_id="2301.12345v3")) == "2301.12345"
    assert arxiv_id(raw(urls=("https://x.org/1", "https://arxiv.org/abs/2301.54321v2"))) == (
        "2301.54321"
    )
    assert arxiv_id(raw(arxiv_id="12301.12345", urls=("v1.2301.12345",))) == ""


def test_links_are_typed_and_the_arxiv_abstract_page_is_given_once():
    links = extract_links(
        "See http://example.org/p. Code at (www.github.com/a/b). Data: https://x.org/BOX.",
        (" https://arxiv.org/pdf/2301.12345v2 ", "http://arxiv.org/abs/2301.12345v1", "ftp://x"),
        "2301.12345",
        comment="Project: HTTPS://Example.com/q;",
    )
    assert links == (
        Link("arxiv", "https://arxiv.org/abs/2301.12345"),
        Link("code", "https://www.github.com/a/b"),
        Link("pdf", "https://arxiv.org/pdf/2301.12345v2"),
        Link("project", "HTTPS://Example.com/q"),
        Link("project", "http://example.org/p"),
        Link("project", "https://x.org/BOX"),
    )


def test_without_an_arxiv_id_an_arxiv_link_is_kept_as_given():
    links = extract_links("", ("http://arxiv.org/abs/2301.12345v1",), "")
    assert links == (Link("arxiv", "http://arxiv.org/abs/2301.12345v1"),)


def test_identity_text_is_the_lowercase_words():
    assert identity_text("Deep-Learning, for 3D!  Scenes") == "deep learning for 3d scenes"


def test_paper_id_is_the_arxiv_id_else_a_hash_of_the_words():
    assert paper_id("2301.12345", "x") == "arxiv-2301.12345"
    digest = hashlib.sha256(b"hello world").hexdigest()[:16]
    assert paper_id("", "Hello, World!") == digest
    cyrillic = hashlib.sha256("привет мир".encode()).hexdigest()[:16]
    assert paper_id("", "Привет, мир!") == cyrillic


def test_normalize_cleans_every_field_and_types_the_links():
    record = raw(
        title=" <i>Sparse</i>  Training ",
        authors=("Ann  Lee", " ", "Bo <b>Li</b>"),
        authors_truncated=True,
        affiliations=(" MIT ", ""),
        categories=("LG", "cs.LG", "bad code!", "stat.ML"),
        date="2022-11-18",
        arxiv_id="2301.12345v2",
        urls=("https://example.org/p",),
        comment=" Code:  github.com/a/b ",
        keywords=("Graphs", "graphs", " cs.CV ", "Computer Science - Machine Learning", "", "GNN"),
    )
    got = normalize(record)
    assert got.id == "arxiv-2301.12345" and got.arxiv_id == "2301.12345"
    assert got.abstract == ABSTRACT.strip()
    assert (got.title, got.title_derived) == ("Sparse Training", False)
    assert got.authors == ("Ann Lee", "Bo Li") and got.authors_truncated
    assert got.affiliations == ("MIT",)
    assert (got.category, got.categories) == ("cs.LG", ("cs.LG", "stat.ML"))
    assert got.date == "2022-11-18" and got.sources == (SourceRef("day.jsonl", 3),)
    assert got.comment == "Code: github.com/a/b"
    assert got.keywords == ("Graphs", "GNN")
    assert got.links == (
        Link("arxiv", "https://arxiv.org/abs/2301.12345"),
        Link("code", "https://github.com/a/b"),
        Link("project", "https://example.org/p"),
    )


def test_keywords_alike_only_in_upper_case_are_both_kept():
    assert normalize(raw(keywords=("Straße", "STRASSE", "strasse"))).keywords == (
        "Straße",
        "STRASSE",
    )


def test_an_untitled_record_gets_a_derived_title_and_no_category():
    got = normalize(raw(abstract="We propose VoxNeuS, a lightweight method. " * 8))
    assert got.title_derived and got.title.startswith("VoxNeuS")
    assert (got.category, got.categories, got.date) == ("", (), None)


def test_what_normalize_drops_is_named_in_one_warning(caplog):
    record = raw(urls=("javascript:alert(1)", " ", "https://ok.org"), categories=("cs.LG", "x<y"))
    with caplog.at_level(logging.WARNING, logger="generator.read.normalize"):
        normalize(record)
    assert caplog.messages == [
        "day.jsonl:3: dropped link 'javascript:alert(1)' (only http(s) links are kept); "
        "dropped category 'x<y' (not an arXiv category)"
    ]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="generator.read.normalize"):
        normalize(raw(urls=("data:" + "x" * 100,), categories=(" ",)))
        normalize(raw(categories=("x<" + "y" * 48,)))
    assert caplog.messages == [
        f"day.jsonl:3: dropped link {'data:' + 'x' * 75!r} (only http(s) links are kept)",
        f"day.jsonl:3: dropped category {'x<' + 'y' * 38!r} (not an arXiv category)",
    ]


LONG = "Sparse Training of Deep Neural Networks on Many Devices At Once with Very Few Bits"


def test_a_slug_is_cut_at_a_word_boundary_within_70_characters():
    slug = "sparse-training-of-deep-neural-networks-on-many-devices-at-once-with"
    assert paper_slug(paper("p1", LONG, 1)) == slug
    assert paper_slug(paper("arxiv-2301.1", "!!!", 1)) == "arxiv-2301.1"
    seventy_one = "Abcdefghi " * 7 + "X"  # its whole slug has 71 characters
    assert paper_slug(paper("p2", seventy_one, 1)) == "-".join(["abcdefghi"] * 7)


def test_a_second_paper_on_a_slug_gets_the_end_of_its_id():
    a, b = paper("arxiv-2301.12345", LONG, 1, True), paper("arxiv-2301.67890", LONG, 2, True)
    slugs = [p.slug for p in assign_slugs([a, b])]
    assert slugs == [
        "sparse-training-of-deep-neural-networks-on-many-devices-at-once-with",
        "sparse-training-of-deep-neural-networks-on-many-devices-at-o-01-67890",
    ]


def test_the_cut_slug_loses_a_trailing_hyphen_before_the_id():
    title = "Abcdefghi " * 6 + "Tail"  # the 60th character of its slug is a hyphen
    a, b = paper("a", title, 1, True), paper("bcdefghijk", title, 2, True)
    assert assign_slugs([a, b])[1].slug == "abcdefghi-" * 6 + "defghijk"


def test_one_clash_is_named_alone():
    with pytest.raises(SlugCollision) as error:
        assign_slugs([paper("a", "Graphs", 1), paper("b", "GRAPHS", 2)])
    assert str(error.value) == "papers/graphs/ would hold two papers titled 'GRAPHS': f:1 and f:2"


@pytest.mark.parametrize(
    ("titles", "named"),
    [
        (
            "XXYYZZ",
            "papers/x/ would hold two papers titled 'X': f:1 and f:2 (and 2 more: "
            "papers/y/ would hold two papers titled 'Y': f:3 and f:4; "
            "papers/z/ would hold two papers titled 'Z': f:5 and f:6)",
        ),
        (
            "XXYY",
            "papers/x/ would hold two papers titled 'X': f:1 and f:2 (and 1 more: "
            "papers/y/ would hold two papers titled 'Y': f:3 and f:4)",
        ),
    ],
)
def test_every_clash_is_named_at_once_after_the_first(titles, named):
    ids = "abcdef"[: len(titles)]
    papers = [paper(p, t, n) for n, (p, t) in enumerate(zip(ids, titles, strict=True), 1)]
    with pytest.raises(SlugCollision) as error:
        assign_slugs(papers)
    assert str(error.value) == named


def test_two_arxiv_papers_of_one_title_do_not_clash_the_later_takes_the_end_of_its_id():
    a = replace(paper("arxiv-2301.12345", "Graphs", 1), arxiv_id="2301.12345")
    b = replace(paper("arxiv-2301.67890", "Graphs", 2), arxiv_id="2301.67890")
    assert [p.slug for p in assign_slugs([a, b])] == ["graphs", "graphs-01-67890"]
    with pytest.raises(SlugCollision):  # one of them without an id: maybe one paper twice
        assign_slugs([a, replace(b, arxiv_id="")])


@pytest.mark.parametrize("derived", [(True, False), (False, True)])
def test_a_derived_title_never_clashes_but_takes_the_end_of_its_id(derived):
    a, b = (
        paper("arxiv-2301.12345", "Graphs", 1, derived[0]),
        paper("arxiv-2301.67890", "Graphs", 2, derived[1]),
    )
    assert [p.slug for p in assign_slugs([a, b])] == ["graphs", "graphs-01-67890"]


def test_the_read_row_and_the_abstract_trim_a_url_alike():
    """One rule (normalize.trimmed_url) for the Read row's links and the abstract's."""
    from generator.publish.templating import rich
    from generator.read.normalize import extract_links

    text = "Code: “https://github.com/a/b”. See https://en.wikipedia.org/wiki/Foo_(bar)!"
    urls = {link.url for link in extract_links(text, (), "")}
    assert urls == {"https://en.wikipedia.org/wiki/Foo_(bar)", "https://github.com/a/b"}
    html = str(rich(text, links=True))
    assert '<a href="https://github.com/a/b">' in html and "Foo_%28bar%29" in html

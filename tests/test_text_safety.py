"""Dump text on the page as the dump wrote it: stars, dollar amounts and underscores stay literal
unless they are math (or \\emph emphasis); only http(s) links and arXiv-shaped categories are
kept, in papers.json and on the pages, and what is dropped is named in a warning."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest
from conftest import FIXTURES

from generator.model import Paper, SourceRef
from generator.publish.indexes import build_groups
from generator.publish.render import SiteSummary, render_pages
from generator.publish.report import paper_line
from generator.publish.templating import rich
from generator.read.dumps import read_dump
from generator.read.normalize import category_code
from generator.read.text import clean_latex

SAFETY = FIXTURES / "safety"
MATH = '<span class="arithmatex">'


def page_of(paper: Paper) -> str:
    """The paper's page body, rendered as the build renders it."""
    papers = [paper]
    groups = build_groups(papers, [])
    summary = SiteSummary("Digest", "2024-01-01", 1, 0, 20)
    pages = {source.url: source.render() for source in render_pages(papers, groups, summary)}
    return pages[paper.path].body


def abstract_page(abstract: str) -> str:
    paper = Paper(
        id="p1",
        title="A title",
        title_derived=False,
        abstract=clean_latex(abstract),
        slug="a-title",
        sources=(SourceRef("dump.txt", 1),),
    )
    return page_of(paper)


# --- stars, dollars, underscores ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "we set k*=3 and n*=5 in all runs",
        "a **bold** claim and A* search",
    ],
)
def test_stars_between_words_stay_stars(text):
    page = abstract_page(text)
    assert text in page and "<em>" not in page


@pytest.mark.parametrize(
    "text",
    [
        "it costs $5 and $10 a run",
        "from $1.5M to $2M a year",
        "a price of $5-$10 per query",
        "$ x$ is not math, nor is $y $",
    ],
)
def test_dollar_amounts_are_prose_not_math(text):
    page = abstract_page(text)
    assert MATH not in page and text in page


def test_underscores_stay_literal():
    page = abstract_page("the snake_case_name flag and x_1, y_2 or _under_ words")
    assert "snake_case_name flag and x_1, y_2 or _under_ words" in page and "<em>" not in page


@pytest.mark.parametrize(
    "text, html",
    [
        (
            "so $x^2$ holds for $2^n$ steps",
            f"so {MATH}\\(x^2\\)</span> holds for {MATH}\\(2^n\\)</span> steps",
        ),
        ("costs $5 with $k$ tokens", f"costs $5 with {MATH}\\(k\\)</span> tokens"),
        ("display $$a+b$$ math", f"display {MATH}\\[a+b\\]</span> math"),
        ("\\emph{important} words", "<em>important</em> words"),
        ("an escaped \\$5 fee", "an escaped $5 fee"),
    ],
)
def test_real_math_and_emphasis_still_render(text, html):
    assert str(rich(clean_latex(text))) == html


# --- links ----------------------------------------------------------------------------------


def read(name: str) -> list[Paper]:
    return list(read_dump(name, (SAFETY / name).read_bytes()).papers)


def with_slug(paper: Paper) -> Paper:
    return replace(paper, slug="a-slug")


def link_urls(papers: list[Paper]) -> list[str]:
    records = [json.loads(paper_line(paper, "https://example.org/")) for paper in papers]
    return [link["url"] for record in records for link in record["links"]]


def test_a_javascript_link_is_dropped_from_papers_json_and_the_page(caplog):
    with caplog.at_level(logging.WARNING):
        papers = read("javascript-link-2026-06-29.jsonl")
    assert link_urls(papers) == [
        "https://arxiv.org/abs/2606.00101",
        "https://arxiv.org/pdf/2606.00101",
    ]
    assert "javascript:" not in page_of(with_slug(papers[0])).lower()
    warning = "javascript-link-2026-06-29.jsonl:1: dropped link 'javascript:alert(document.cookie)'"
    assert warning in caplog.text


def test_data_and_javascript_links_in_a_records_file_are_dropped(caplog):
    with caplog.at_level(logging.WARNING):
        papers = read("data-link.yaml")
    assert link_urls(papers) == ["https://example.org/graph-coloring"]
    body = page_of(with_slug(papers[0]))
    assert "data:" not in body and "javascript:" not in body.lower()
    assert "dropped link 'data:text/html" in caplog.text
    assert "dropped link ' JavaScript:alert(1)'" in caplog.text


def test_only_web_urls_reach_papers_json_whatever_their_shape():
    from generator.read.normalize import extract_links

    given = (
        "https://ok.org/a",
        " http://ok.org/b ",
        "javascript:alert(1)",
        "data:,x",
        "https://",
        "vbscript:x",
        'https://bad.org/"onmouseover=alert(1)',
        "ftp://f.org/x",
        "//e.org/x",
    )
    kept = [link.url for link in extract_links("", given, "")]
    assert kept == ["http://ok.org/b", "https://ok.org/a"]


# --- categories -----------------------------------------------------------------------------


def test_a_category_with_markup_is_dropped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        (paper,) = read("script-category-2026-06-29.jsonl")
    assert paper.categories == ("q-bio.BM",) and paper.category == "q-bio.BM"
    assert "<script" not in paper_line(paper, "https://example.org/")
    assert "dropped category 'cs.LG<script>alert(1)</script>'" in caplog.text


def test_every_shape_of_arxiv_category_is_kept():
    (paper,) = read("arxiv-categories.yaml")
    assert paper.categories == (
        "cs.LG",
        "math.OC",
        "astro-ph.CO",
        "hep-th",
        "q-bio.NC",
        "stat.ML",
        "physics.comp-ph",
        "cond-mat.mes-hall",
        "cs.CV",
    )


@pytest.mark.parametrize(
    "code, kept",
    [
        ("CV", "cs.CV"),
        ("LG", "cs.LG"),
        (" AI ", "cs.AI"),
        ("cs.LG", "cs.LG"),
        ("hep-th", "hep-th"),
        ("cs.LG<script>", ""),
        ("cs.LG/../x", ""),
        ("cs LG", ""),
        ("javascript:x", ""),
        ("<b>CV</b>", ""),
    ],
)
def test_category_codes_listing_short_codes_and_bad_ones(code, kept):
    assert category_code(code) == kept

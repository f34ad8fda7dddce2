"""arXiv's own sources (tests/fixtures/arxiv, see its README): the RSS feed, the Kaggle
snapshot, old-style ids from the API and a JabRef export, and abstract pages copied from a
browser, each read into the paper expected, with every line accounted for."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.model import Paper
from generator.publish.cite import read_links
from generator.read.arxiv_ids import find_id, month_of
from generator.read.dedup import merge_duplicates
from generator.read.dumps import read_dump
from generator.read.ingest.accounting import split_names
from generator.read.normalize import assign_slugs, paper_slug

ARXIV = FIXTURES / "arxiv"
TRANSFORMER = [
    "Ashish Vaswani",
    "Noam Shazeer",
    "Niki Parmar",
    "Jakob Uszkoreit",
    "Llion Jones",
    "Aidan N. Gomez",
    "Lukasz Kaiser",
    "Illia Polosukhin",
]


def read(name: str):
    return read_dump(name, (ARXIV / name).read_bytes())


def fields(paper: Paper) -> tuple:
    return (paper.title, list(paper.authors), paper.date, paper.arxiv_id, paper.abstract[:24])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "rss-cs.LG.xml",
            [
                ("Sparse Mixture Routing for Streaming Tabular Models",
                 ["Alice Smith", "Bob Jones", "Carol Nguyen"], "2025-03-07", "2503.04001",
                 "We propose a sparse mixt"),
                ("Calibrated Uncertainty for Robot Grasping under Occlusion",
                 ["Dana Lee", "Evan Park"], "2025-03-07", "2503.04077",
                 "Robots that grasp object"),
                # replaced: announced 2025-03-07, first submitted in January 2023
                ("A Note on Learning Rate Warmup in Adaptive Optimizers", ["Fatima Khan"],
                 "2023-01", "2301.01234", "Learning rate warmup is "),
            ],
        ),
        (
            "kaggle-authors-parsed.json",
            [("Sparsity-certifying Graph Decompositions", ["Ileana Streinu", "Louis Theran"],
              "2007-03-31", "0704.0002", "We describe a new algori")],
        ),
        (
            "kaggle-authors-string.json",
            [("Sparsity-certifying Graph Decompositions",
              ["Hongjun Pan", "A. B. Smith", "C. D. Jones"], "2007-03-31", "0704.0999",
              "We describe a new algori")],
        ),
        (
            "kaggle-old-id.json",
            [("A Placeholder Title for an Old-Style Id", ["Ann Example"], "2004-06-29",
              "math/0406594", "We describe a new algori")],
        ),
        (
            "old-id-api.xml",
            [("String Dualities in Nine Dimensions", ["Ann Example", "Bo Example"],
              "1999-01-04", "hep-th/9901001", "We study the strong coup")],
        ),
        (
            "old-id-jabref.bib",
            [("String Dualities in Nine Dimensions", ["Ann Example", "Bo Example"],
              "1999-01", "hep-th/9901001", "We study the strong coup")],
        ),
        (
            "abs-page-whole.txt",
            [("Attention Is All You Need", TRANSFORMER, "2017-06-12", "1706.03762",
              "The dominant sequence tr")],
        ),
        (
            "abs-page-excerpt.txt",  # no id on the lines copied
            [("Attention Is All You Need", TRANSFORMER, "2017-06-12", "",
              "The dominant sequence tr")],
        ),
    ],
)  # fmt: skip
def test_each_arxiv_source_gives_exactly_its_papers(name, expected):
    dump = read(name)
    assert not dump.rejected
    assert [fields(paper) for paper in dump.papers] == expected
    for paper in dump.papers:
        assert not paper.arxiv_id or paper.links[0].url == f"https://arxiv.org/abs/{paper.arxiv_id}"


def test_an_abstract_page_keeps_its_fields_and_its_chrome_is_chrome():
    [paper] = read("abs-page-whole.txt").papers
    assert paper.categories == ("cs.CL", "cs.LG") and paper.comment == "15 pages, 5 figures"
    summary = read("abs-page-whole.txt").summary
    assert summary["format"] == "arxiv-abstract-page"
    assert read("abs-page-excerpt.txt").summary["format"] == "arxiv-abstract-page"


def test_one_old_style_paper_from_the_api_and_jabref_is_one_paper_with_a_safe_slug():
    papers = [*read("old-id-api.xml").papers, *read("old-id-jabref.bib").papers]
    [paper], notes = merge_duplicates(papers)
    assert paper.id == "arxiv-hep-th/9901001" and notes
    [slugged] = assign_slugs([paper])
    assert slugged.slug == "string-dualities-in-nine-dimensions"
    assert paper_slug(paper.amended(title="")) == "arxiv-hep-th-9901001"
    urls = [link.url for link in read_links(paper)]
    assert urls[:2] == [
        "https://arxiv.org/abs/hep-th/9901001",
        "https://arxiv.org/pdf/hep-th/9901001",
    ]  # and no HTML version: arXiv has none for papers before December 2023
    assert not any("/html/" in url for url in urls)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("http://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("arXiv:cond-mat/0501001v2", "cond-mat/0501001"),
        ("https://arxiv.org/abs/2301.01234v3", "2301.01234"),
        ("https://github.com/someone/1234567", ""),  # no archive before the number
        ("mathphysics/0101001", ""),
    ],
)
def test_ids_of_both_schemes_are_found_and_nothing_else(text, found):
    assert find_id(text) == found


def test_an_ids_month_is_its_first_versions():
    assert [month_of(i) for i in ("2301.01234", "hep-th/9901001", "math/0406594", "")] == [
        "2023-01",
        "1999-01",
        "2004-06",
        "",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ileana Streinu and Louis Theran", ("Ileana Streinu", "Louis Theran")),
        ("A, B, and C", ("A", "B", "C")),
        ("Ann Lee (MIT, USA), Alexander Anderson", ("Ann Lee (MIT, USA)", "Alexander Anderson")),
    ],
)
def test_an_author_string_is_split_at_commas_and_a_final_and(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize(
    "kind, arxiv, date",
    [
        ("new", "2503.04001", "2025-03-07"),
        ("cross", "2503.04001", "2025-03-07"),
        ("cross", "2502.01234", "2025-03-07"),  # the month before: announced now
        ("cross", "2409.01234", "2024-09"),  # an old paper cross-listed later: its id's month
        ("replace", "2503.04001", "2025-03"),
    ],
)
def test_an_rss_item_is_dated_by_its_announcement_unless_the_paper_is_older(kind, arxiv, date):
    from generator.read.ingest.atom import _announced

    summary = f"arXiv:{arxiv}v2 Announce Type: {kind} Abstract: We study graphs."
    text, found, dated = _announced(summary, "Fri, 07 Mar 2025 00:00:00 -0500")
    assert (text, found, dated) == ("We study graphs.", arxiv, date)

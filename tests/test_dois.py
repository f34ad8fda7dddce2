"""Links to one DOI are one link, https://doi.org/<DOI> (generator/read/dois.py): however a
source writes it (dx.doi.org or doi.org, http or https, the DOI's letters in either case), in
one record (tests/fixtures/arxiv/doi-api.xml), across merged copies, and on the Read row."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from generator.model import Link, Paper, SourceRef
from generator.publish.cite import read_links
from generator.read.dedup import merge_duplicates
from generator.read.dois import doi_of, unique_links
from generator.read.dumps import read_dump
from generator.read.normalize import extract_links

DOI = "https://doi.org/10.1145/1234"


@pytest.mark.parametrize(
    "url, doi",
    [
        ("http://dx.doi.org/10.1145/1234", "10.1145/1234"),
        ("https://doi.org/10.1145/1234", "10.1145/1234"),
        ("HTTPS://DX.DOI.ORG/10.1145/AbC", "10.1145/AbC"),
        (" https://www.doi.org/10.1145/1234 ", "10.1145/1234"),
        ("https://doi.org/10.1145/1234?x=1", ""),  # not a bare DOI link: kept as it is
        ("https://example.org/10.1145/1234", ""),
    ],
)
def test_the_doi_of_a_link(url, doi):
    assert doi_of(url) == doi


def test_a_records_links_to_one_doi_are_one_https_doi_org_link():
    given = ("http://dx.doi.org/10.1145/1234", DOI, "https://DX.doi.org/10.1145/1234")
    assert extract_links(f"Published at {DOI}.", given, "") == (Link("project", DOI),)


def test_the_records_own_doi_link_is_kept_as_written_and_other_dois_stay():
    given = ("http://dx.doi.org/10.1145/ABC", "https://doi.org/10.1145/5678")
    links = extract_links("See https://doi.org/10.1145/abc for it.", given, "")
    assert [link.url for link in links] == [
        "https://doi.org/10.1145/5678",
        "https://doi.org/10.1145/ABC",
    ]


def version(line: int, *urls: str) -> Paper:
    links = tuple(Link("project", url) for url in urls)
    return Paper("p", "T", False, "An abstract.", links=links, sources=(SourceRef("f", line),))


def test_copies_merged_keep_one_link_to_their_doi():
    [merged], _ = merge_duplicates([version(1, DOI), version(2, "http://dx.doi.org/10.1145/1234")])
    assert merged.links == (Link("project", DOI),)


def test_the_read_row_shows_a_doi_once_for_links_saved_before_they_were_one():
    old = version(1, "http://dx.doi.org/10.1145/1234", DOI, "https://doi.org/10.1145/5678")
    assert [(r.label, r.url) for r in read_links(old)] == [
        ("DOI", DOI),
        ("DOI", "https://doi.org/10.1145/5678"),
    ]


def test_an_api_entry_giving_its_doi_three_ways_has_one_doi_link():
    """`<arxiv:doi>`, `<link title="doi" href="http://dx.doi.org/…">` and the DOI in the
    comment in lower case: three DOI rows on the paper page before."""
    fixture = FIXTURES / "arxiv" / "doi-api.xml"
    [paper] = read_dump(fixture.name, fixture.read_bytes()).papers
    doi = "https://doi.org/10.1145/3580305.3599ABC"
    assert [link.url for link in paper.links if doi_of(link.url)] == [doi]
    assert [r.url for r in read_links(paper) if r.label == "DOI"] == [doi]
    assert unique_links(paper.links) == paper.links

"""Cite: read links (direct, else labelled searches), honest BibTeX, plain-text titles."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import SEEDS

from generator.model import Link, Paper, SourceRef
from generator.publish.cite import bibtex, first_sentence, plain_title, read_links
from generator.publish.indexes import build_groups, month_label
from generator.publish.render import SiteSummary, render_pages
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer
from generator.read.dumps import read_papers

MOSS = (
    r"$\textbf{M}\text{ixture }\textbf{O}\text{f }\textbf{S}\text{urprise}"
    r"\textbf{S}$ (MOSS)"
)


def paper(**fields) -> Paper:
    defaults = {
        "id": "p1",
        "title": "A title",
        "title_derived": False,
        "abstract": "An abstract.",
        "slug": "a-title",
        "sources": (SourceRef("dump.txt", 1),),
    }
    return Paper(**{**defaults, **fields})


@lru_cache(maxsize=1)
def seed_papers() -> tuple[Paper, ...]:
    return tuple(read_papers(SEEDS))


def parse_bibtex(entry: str) -> tuple[str, str, dict[str, str]]:
    """Read an entry as BibTeX does: `@type{key,`, then `name = {value}` fields whose
    braces balance, then the closing brace, and nothing after it."""
    head = re.match(r"@([a-z]+)\{([a-z0-9]+),\n", entry)
    assert head, entry
    fields, at = {}, head.end()
    while entry[at] != "}":
        name = re.match(r"  ([A-Za-z]+) = \{", entry[at:])
        assert name, entry[at:]
        at += name.end()
        depth, start = 1, at
        while depth:
            assert at < len(entry), f"unbalanced: {entry}"
            depth += {"{": 1, "}": -1}.get(entry[at], 0)
            at += 1
        fields[name.group(1)] = entry[start : at - 1]
        assert entry[at] in ",\n", entry[at:]
        at += 2 if entry[at] == "," else 1
    assert entry[at:] == "}", entry[at:]
    return head.group(1), head.group(2), fields


# --- BibTeX ----------------------------------------------------------------------------


def test_bibtex_with_an_arxiv_id_cites_the_eprint():
    entry = bibtex(
        paper(
            title="Sparse Nets",
            authors=("Ann Lee", "Bo Chen"),
            authors_truncated=True,
            date="2024-01-05",
            arxiv_id="2401.01234",
            category="cs.LG",
        )
    )
    assert (
        entry
        == """@misc{lee2024sparse,
  title = {{Sparse Nets}},
  author = {Ann Lee and Bo Chen and others},
  year = {2024},
  eprint = {2401.01234},
  archivePrefix = {arXiv},
  primaryClass = {cs.LG},
  url = {https://arxiv.org/abs/2401.01234}
}"""
    )


def test_bibtex_without_an_arxiv_id_is_misc_with_the_papers_own_link():
    links = (Link("code", "https://github.com/a/b"), Link("project", "https://a.github.io/p/"))
    kind, key, fields = parse_bibtex(
        bibtex(paper(authors=("Ann Lee",), date="2023-05-01", category="cs.CV", links=links))
    )
    assert (kind, key) == ("misc", "lee2023a")  # never @article: there is no journal
    assert fields == {
        "title": "{A title}",
        "author": "Ann Lee",
        "year": "2023",
        "url": "https://a.github.io/p/",
    }


def test_bibtex_marks_a_derived_title_and_invents_nothing():
    _, key, fields = parse_bibtex(bibtex(paper(title_derived=True)))
    assert key == "anona" and set(fields) == {"title", "note"}
    assert fields["note"] == "Title derived from the abstract; the source gave none"


def test_bibtex_never_takes_its_url_from_code_or_search_links():
    only_code = paper(links=(Link("code", "https://github.com/a/b"),))
    assert "url" not in parse_bibtex(bibtex(only_code))[2]
    assert "url" not in parse_bibtex(bibtex(paper()))[2]
    for seed in seed_papers():
        assert "scholar" not in bibtex(seed) and "arxiv.org/search" not in bibtex(seed)


@pytest.mark.parametrize(
    "title",
    [
        r"{\L}ojasiewicz }}{{",
        "}{",
        "a } b { c",
        "x\\",
        r"\{ x",
        "{{{",
        r"50% & #1 a_b $5 ^",
        r"ViT$^3$ and $\tilde{O}(n)$",
        "A {weird} ```title```",
        "line\nbreak } {",
    ],
)
def test_bibtex_stays_balanced_whatever_the_title(title):
    hostile = paper(title=title, authors=("Ann {Lee", "B\\o}", "C } D"), comment="}{")
    _, _, fields = parse_bibtex(bibtex(hostile))
    assert "`" not in fields["title"] and "\n" not in fields["title"]
    assert not re.search(r"(?<!\\)[&%#]", fields["title"] + fields["author"])


def test_bibtex_keeps_balanced_math_and_folds_keys_to_ascii():
    entry = bibtex(paper(title="ViT$^3$: A & B", authors=("Jörg Müller",), date="2022-01-01"))
    assert entry.startswith("@misc{muller2022vit,")
    assert "title = {{ViT$^3$: A \\& B}}" in entry
    hostile = paper(title=r"{\L}ojasiewicz }}{{")
    assert parse_bibtex(bibtex(hostile))[2]["title"] == "{Łojasiewicz}"


def test_every_seed_paper_has_a_parseable_entry():
    for seed in seed_papers():
        kind, _, fields = parse_bibtex(bibtex(seed))
        assert kind == "misc" and fields["title"]
        assert ("note" in fields) == seed.title_derived


# --- read links ------------------------------------------------------------------------


def test_an_arxiv_id_gives_abstract_pdf_and_html_then_the_papers_own_links():
    links = (
        Link("arxiv", "https://arxiv.org/abs/2401.01234"),
        Link("pdf", "https://arxiv.org/pdf/2401.01234v2"),
        Link("code", "https://github.com/a/b"),
        Link("code", "https://huggingface.co/c"),
        Link("project", "https://doi.org/10.1145/3580305.3599000"),
    )
    read = read_links(paper(arxiv_id="2401.01234", links=links))
    assert [(r.label, r.url) for r in read] == [
        ("arXiv abstract", "https://arxiv.org/abs/2401.01234"),
        ("PDF", "https://arxiv.org/pdf/2401.01234"),
        ("HTML", "https://arxiv.org/html/2401.01234"),
        ("DOI", "https://doi.org/10.1145/3580305.3599000"),
        ("Code (github.com)", "https://github.com/a/b"),
        ("Code (huggingface.co)", "https://huggingface.co/c"),
    ]
    assert {r.kind for r in read} == {"direct"}


def test_arxiv_html_is_linked_only_for_papers_arxiv_serves_it_for():
    labels = [r.label for r in read_links(paper(arxiv_id="2205.01234"))]
    assert labels == ["arXiv abstract", "PDF"]


def test_no_link_gives_title_searches_only():
    read = read_links(paper(title="ViT$^3$: Unlocking Test-Time Training"))
    assert [r.label for r in read] == ["Search arXiv", "Semantic Scholar", "Google Scholar"]
    assert {r.kind for r in read} == {"search"}
    arxiv, s2, scholar = (parse_qs(urlsplit(r.url).query) for r in read)
    title = "ViT³: Unlocking Test-Time Training"
    assert arxiv == {"query": [f'"{title}"'], "searchtype": ["title"]}
    assert s2 == {"q": [title]} and scholar == {"q": [f'"{title}"']}
    assert read[0].url.startswith("https://arxiv.org/search/?query=%22ViT%C2%B3%3A%20")
    assert read[1].url.startswith("https://www.semanticscholar.org/search?q=")
    assert read[2].url.startswith("https://scholar.google.com/scholar?q=")


def test_a_derived_title_is_not_searched_for_its_first_sentence_is():
    abstract = (
        "Deep reinforcement learning has led to dramatic breakthroughs in the field of "
        "artificial intelligence for the past few years, and more words follow. Then."
    )
    derived = paper(title="A Survey of Acceleration", title_derived=True, abstract=abstract)
    read = read_links(derived)
    assert all(r.label.startswith("Search for the first sentence on ") for r in read)
    sentence = " ".join(abstract.split()[:20])
    assert first_sentence(abstract) == sentence
    assert parse_qs(urlsplit(read[1].url).query) == {"q": [sentence]}
    assert all("Survey" not in r.url for r in read)


def test_a_short_first_sentence_runs_on_and_math_is_plain():
    text = "Hi. We study $x^2$ losses in nets. More."
    assert first_sentence(text) == "Hi. We study x² losses in nets"


def test_every_seed_paper_has_a_way_to_the_paper_and_only_web_links():
    for seed in seed_papers():
        read = read_links(seed)
        assert read and all(re.match(r"https?://", r.url) for r in read), seed.title
        direct = bool(seed.arxiv_id or seed.links)
        to_paper = seed.arxiv_id or any(link.kind != "code" for link in seed.links)
        assert ("direct" in {r.kind for r in read}) == direct, seed.title
        assert ("search" in {r.kind for r in read}) == (not to_paper), seed.title


# --- paper pages -----------------------------------------------------------------------

READ_BLOCK = re.compile(r'<p class="digest-read" id="read">(.*?)</p>', re.DOTALL)


def paper_page(one: Paper) -> str:
    """A seed paper's page body as the build renders it (any label gets a slug)."""
    slugs = defaultdict(lambda: defaultdict(lambda: "x"))
    body = PageRenderer().render(
        "paper.html.j2",
        paper=one,
        slugs=slugs,
        read=read_links(one),
        topic=None,
        month=month_label(one),
        bibtex=bibtex(one),
        base="../../",
        related=[],
    )
    return sanitize(body)


def test_every_seed_page_shows_its_read_block_before_the_abstract():
    for seed in seed_papers():
        page = paper_page(seed)
        block = READ_BLOCK.search(page)
        assert block and page.index("digest-read") < page.index('id="abstract"'), seed.title
        hrefs = re.findall(r'href="([^"]*)"', block.group(1))
        assert hrefs and all(re.match(r"https?://", href) for href in hrefs)
        to_paper = seed.arxiv_id or any(link.kind != "code" for link in seed.links)
        assert ("md-button--primary" in block.group(1)) == bool(to_paper)
        assert ("Find it:" in block.group(1)) == (not to_paper)


def render(papers):
    args = (papers, build_groups(papers, []), SiteSummary("Digest", "2024-01-01", 1, 0, 20))
    return {source.url: source.render() for source in render_pages(*args)}


def test_the_page_links_the_paper_first_and_titles_itself_in_plain_text():
    linked = paper(
        title="ViT$^3$: Vision",
        arxiv_id="2401.01234",
        links=(Link("code", "https://github.com/a/b?x=1&y=<2>"),),
    )
    page = render([linked])["papers/a-title/"]
    block = READ_BLOCK.search(page.body).group(1)
    assert (
        '<a class="md-button md-button--primary" href="https://arxiv.org/abs/2401.01234"' in block
    )
    assert block.count("md-button--primary") == 1 and ">Code<" in block
    assert 'href="https://github.com/a/b?x=1&amp;y=%3C2%3E"' in block
    assert page.title == "ViT³: Vision" and ">Links<" not in page.body


def test_a_page_without_links_says_so_and_offers_searches():
    body = render([paper(title="Plain <b>title</b>")])["papers/a-title/"].body
    block = READ_BLOCK.search(body).group(1)
    assert "No link in the source. Find it:" in block and "md-button--primary" not in block
    assert block.count('class="md-button"') == 3 and "<b>" not in body


# --- plain titles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("ViT$^3$: Unlocking Test-Time Training", "ViT³: Unlocking Test-Time Training"),
        (MOSS, "Mixture Of SurpriseS (MOSS)"),
        (r"$\textbf{M}\text{ixture }$", "Mixture"),
        (r"Polyak-{\L}ojasiewicz", "Polyak-Łojasiewicz"),
        (r"Kurdyka-{\L}ojasiewicz~inequality", "Kurdyka-Łojasiewicz inequality"),
        (r"$\tilde{\cal O}(\epsilon^{-1})$ rates in $\mathbb{R}^n$", "O(ε⁻¹) rates in ℝⁿ"),
        (r"$x_{10}$, $x_{ij}$, $n^{1/2}$, $\frac{1}{2}$", "x₁₀, x_(ij), n^(1/2), 1/2"),
        (r"\foo{bar} and \emph{baz} \cite{x}", "bar and baz"),
        ("costs $5 and $10", "costs $5 and $10"),
        ("<img src=x> {{ 7*7 }}", "<img src=x> {{ 7*7 }}"),
        ("  spaced\t out  ", "spaced out"),
    ],
)
def test_plain_title(title, plain):
    assert plain_title(title) == plain


def test_plain_titles_leave_every_other_seed_title_alone():
    for seed in seed_papers():
        if "$" not in seed.title and "\\" not in seed.title:
            assert plain_title(seed.title) == seed.title


def test_a_code_link_alone_still_offers_searches_for_the_paper():
    code_only = Paper(
        id="c",
        title="Real Title",
        title_derived=False,
        abstract="An abstract.",
        links=(Link("code", "https://github.com/x/y"),),
    )
    kinds = [(r.kind, r.label) for r in read_links(code_only)]
    assert kinds[0] == ("direct", "Code") and {kind for kind, _ in kinds[1:]} == {"search"}

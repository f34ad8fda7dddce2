"""Render: escaping of untrusted text, math passthrough, front matter, grouping."""

from __future__ import annotations

import markdown
import yaml

from generator.model import Paper, SourceRef
from generator.indexes import build_groups
from generator.topics import Topic
from generator.render import SiteSummary, bibtex, front_matter, md_escape, newest_first, render_pages, rich

from conftest import ROOT

# The site's own arithmatex settings, so these tests render as MkDocs will.
_SITE = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
_ARITHMATEX = next(e["pymdownx.arithmatex"] for e in _SITE["markdown_extensions"] if isinstance(e, dict) and "pymdownx.arithmatex" in e)
MD = markdown.Markdown(extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": _ARITHMATEX})


def to_html(text: str) -> str:
    return MD.reset().convert(text)


def paper(**fields) -> Paper:
    defaults = dict(id="p1", title="A title", title_derived=False, abstract="An abstract.", slug="a-title",
                    sources=(SourceRef("dump.txt", 1),), tags=("graph learning", "sparse training", "pruning"))
    return Paper(**{**defaults, **fields})


def test_md_escape_renders_as_the_same_text():
    hostile = '<script>alert(1)</script> [x](javascript:alert(1)) *bold* _u_ # h {{ 7*7 }} & `code`'
    html = to_html(md_escape(hostile))
    assert "<script" not in html and "<a " not in html and "<em>" not in html and "<code>" not in html
    assert "{{ 7*7 }}" in html
    assert "&lt;script&gt;" in html


def test_rich_keeps_math_for_arithmatex():
    html = to_html(rich(r"ViT$^3$ reaches $\tilde{\cal O}(\epsilon^{-1})$ with *emphasis* and a_b_c."))
    assert r'<span class="arithmatex">\(^3\)</span>' in html
    assert r"\(\tilde{\cal O}(\epsilon^{-1})\)" in html
    assert "<em>emphasis</em>" in html
    assert "a_b_c" in html


def test_parentheses_and_brackets_never_open_math_or_links():
    html = to_html(rich(r"Vision Training (ViT$^3$) model [see \(x\) and \[y\]](javascript:alert(1))"))
    assert html.count('class="arithmatex"') == 1 and r"\(^3\)" in html
    assert "<a " not in html and "(ViT" in html and "&#91;see" in html


def test_front_matter_round_trips_yaml_breakers_and_escapes_html():
    title = 'Colon: hash # dash --- "quote" <img src=x onerror=alert(1)>'
    text = front_matter(title=title)
    loaded = yaml.safe_load(text.strip().strip("-"))
    assert loaded["title"].startswith("Colon: hash # dash --- ")
    assert "<img" not in loaded["title"] and "&lt;img" in loaded["title"]


def test_paper_page_links_tags_and_marks_derived_titles():
    other = paper(id="p2", slug="other", title="Other", related=("p1",), topic="graphs")
    topic = Topic("graphs", "graph learning", ("p1", "p2"))
    first = paper(title_derived=True, related=("p2",), topic="graphs", keyphrases=("graph learning", "sparse models"))
    pages = render_pages([first, other], build_groups([first, other], [topic]), SiteSummary("Digest", "2024-01-01", 1, 0, 20))
    page = pages["papers/a-title.md"]
    assert "derived title" in page
    assert "](../tags/graph-learning.md)" in page
    assert "](../topics/graphs.md)" in page
    assert "](../papers/other.md)" in page.split("## Related papers")[1]
    assert "sparse models" in page
    assert "[`dump.txt`](../sources/dump-txt.md) line 1" in page
    assert "```bibtex\n@misc{anona," in page
    assert {"index.md", "tags/index.md", "tags/graph-learning.md", "tags/pruning.md", "topics/index.md",
            "topics/graphs.md", "archive/index.md", "archive/undated.md", "sources/dump-txt.md",
            "categories/index.md", "affiliations/index.md"} <= set(pages)
    assert "](../papers/a-title.md)" in pages["topics/graphs.md"]


def test_long_lists_are_split_into_pages():
    papers = [paper(id=f"p{i:03d}", slug=f"p{i:03d}", title=f"Paper {i}", date=f"2024-01-{1 + i % 28:02d}")
              for i in range(120)]
    pages = render_pages(papers, build_groups(papers, []), SiteSummary("Digest", "2024-01-01", 1, 0, 20, page_size=50))
    assert {"tags/pruning.md", "tags/pruning/page-2.md", "tags/pruning/page-3.md"} <= set(pages)
    assert "tags/pruning/page-4.md" not in pages
    second = pages["tags/pruning/page-2.md"]
    assert second.count("](../../papers/") == 50 and "[1](../../tags/pruning.md)" in second


def test_bibtex_survives_braces_and_backticks():
    entry = bibtex(paper(title="A {weird} ```title```", authors=("Ann Lee", "Bo Chen"), authors_truncated=True,
                         date="2023-05-01", arxiv_id="2305.00001", category="cs.LG"))
    assert entry.startswith("@misc{lee2023a,") and "`" not in entry
    assert "author = {Ann Lee and Bo Chen and others}" in entry and "eprint = {2305.00001}" in entry


def test_newest_first_puts_dated_papers_first():
    papers = [paper(id="a", date=None), paper(id="b", date="2023-01-02"), paper(id="c", date="2024-05-06")]
    assert [p.id for p in newest_first(papers)] == ["c", "b", "a"]


def test_labels_that_slugify_alike_get_distinct_urls():
    from generator.indexes import tag_slug, unique_slugs

    slugs = unique_slugs(["MIT", "mit", "m.i.t"], tag_slug)
    assert slugs == {"MIT": "mit", "m.i.t": "m-i-t", "mit": "mit-2"}

"""Render: escaping of untrusted text, math as arithmatex marks it, front matter, grouping,
links."""

from __future__ import annotations

import re
from dataclasses import replace

import markdown
import pytest
import yaml
from conftest import ROOT

from generator.model import Paper, SourceRef
from generator.publish.feed_set import with_feeds
from generator.publish.indexes import build_groups
from generator.publish.pages import LinkCheck
from generator.publish.render import (
    SiteSummary,
    bibtex,
    newest_first,
    render_nav,
    render_pages,
)
from generator.publish.templating import rich
from generator.tags.topics import Topic

# The site's own arithmatex settings, so these tests render as MkDocs will.
_SITE = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
_ARITHMATEX = next(
    e["pymdownx.arithmatex"]
    for e in _SITE["markdown_extensions"]
    if isinstance(e, dict) and "pymdownx.arithmatex" in e
)
MD = markdown.Markdown(
    extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": _ARITHMATEX}
)


def to_html(text: str) -> str:
    return MD.reset().convert(text)


def paper(**fields) -> Paper:
    defaults = dict(
        id="p1",
        title="A title",
        title_derived=False,
        abstract="An abstract.",
        slug="a-title",
        sources=(SourceRef("dump.txt", 1),),
        tags=("graph learning", "sparse training", "pruning"),
    )
    return Paper(**{**defaults, **fields})


def test_rich_marks_math_exactly_as_arithmatex_does():
    text = r"ViT$^3$ reaches $\tilde{\cal O}(\epsilon^{-1})$ and $a<b$"
    assert f"<p>{rich(text)}</p>" == to_html(text)  # the same markup MkDocs would give


def test_rich_escapes_everything_but_math_and_emphasis():
    html = str(
        rich(
            r"<script>alert(1)</script> {{ 7*7 }} *emphasis* a_b_c [x](javascript:alert(1))"
            r" \(x\) & $x$"
        )
    )
    assert "<script" not in html and "&lt;script&gt;" in html and "<a " not in html
    assert (
        "{{ 7*7 }}" in html and "<em>emphasis</em>" in html and "a_b_c" in html and "&amp;" in html
    )
    assert html.count('class="arithmatex"') == 1


def test_an_abstracts_urls_are_links_but_never_in_a_title_and_only_http():
    text = r"Code: https://github.com/x/vit. Cost $5 and $x$; javascript:alert(1) ftp://a.b"
    html = str(rich(text, links=True))
    assert '<a href="https://github.com/x/vit">https://github.com/x/vit</a>.' in html
    assert html.count("<a ") == 1 and 'class="arithmatex"' in html
    assert "<a " not in str(rich(text))  # a title is already inside its list's link


@pytest.mark.parametrize(
    "text, url",
    [
        ("“https://github.com/a/b”", "https://github.com/a/b"),
        ("see https://x.org/a?", "https://x.org/a"),
        ("(at https://x.org/b!)", "https://x.org/b"),
        ("https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_%28bar%29"),
    ],
)
def test_a_link_leaves_out_the_punctuation_that_closes_its_sentence_or_quote(text, url):
    assert f'<a href="{url}">' in str(rich(text, links=True))


def render(papers, topics=(), page_size=50, spellings=None, tag_feed_least=5):
    """The nav pages and the other pages, each by URL, with feeds as the stage gives them."""
    groups = with_feeds(build_groups(papers, list(topics), spellings), tag_feed_least, frozenset())
    args = (
        papers,
        groups,
        SiteSummary("Digest", "2024-01-01", 1, 0, 20, page_size),
    )
    return {page.url: page for page in render_nav(*args)}, {
        source.url: source.render() for source in render_pages(*args)
    }


def test_the_keyphrases_a_page_lists_are_those_beyond_its_tags_letter_case_aside():
    tagged = paper(keyphrases=("Graph Learning", "Pruning", "sparse models"))
    assert tagged.keyphrases_beyond_tags == ("sparse models",)
    assert paper(keyphrases=("Pruning",)).keyphrases_beyond_tags == ()
    pages = render([paper(keyphrases=("Pruning",))], [])[1]
    assert "keyphrases" not in pages["papers/a-title/"].body.lower()
    untagged = render([paper(tags=(), keyphrases=("Pruning",))], [])[1]["papers/a-title/"]
    assert "<strong>Keyphrases:</strong> Pruning</p>" in untagged.body


def test_a_heading_the_paper_was_listed_under_is_said_to_be_that_not_an_affiliation():
    page = render([paper(listed_under=("NTU",))], [])[1]["papers/a-title/"].body
    assert "<strong>Affiliations:</strong>" not in page
    assert '<strong>Listed under:</strong> <a href="../../affiliations/ntu/">NTU</a>' in page
    assert "not necessarily the authors' affiliation" in page
    both = render([paper(affiliations=("MIT",), listed_under=("NTU",))], [])[1]
    assert '<strong>Affiliations:</strong> <a href="../../affiliations/mit/">MIT</a>' in (
        both["papers/a-title/"].body
    )


def test_paper_page_links_tags_and_marks_derived_titles():
    other = paper(id="p2", slug="other", title="Other", related=("p1",), topic="graphs")
    topic = Topic("graphs", "graph learning", ("p1", "p2"))
    first = paper(
        title_derived=True,
        related=("p2",),
        topic="graphs",
        keyphrases=("graph learning", "sparse models"),
    )
    nav, pages = render([first, other], [topic])
    page = pages["papers/a-title/"].body
    assert "derived title" in page
    assert 'href="../../tags/graph-learning/"' in page
    assert 'href="../../topics/graphs/"' in page
    assert 'href="../other/"' in page.split("Related papers")[1]
    assert "<strong>More keyphrases:</strong> sparse models</p>" in page  # not the tag again
    assert '<a href="../../sources/dump-txt/"><code>dump.txt</code></a> line 1' in page
    assert '<pre><code class="language-bibtex">@misc{anona,' in page
    assert list(nav) == [
        "",
        "new/",
        "topics/",
        "tags/",
        "archive/",
        "categories/",
        "authors/",
        "affiliations/",
        "sources/",
        "map/",
        "my/",
        "for-you/",
        "saved/",
    ]
    assert 'id="digest-my"' in nav["my/"].body
    assert 'id="digest-for-you"' in nav["for-you/"].body
    assert 'id="digest-saved"' in nav["saved/"].body  # a box saved.js fills, nothing in it
    assert all(page.nav for page in nav.values()) and not any(page.nav for page in pages.values())
    assert (
        '<a href="graphs/">graph learning</a>' in nav["topics/"].body
        and 'href="papers/a-title/"' in nav[""].body
    )
    assert {
        "tags/graph-learning/",
        "tags/pruning/",
        "topics/graphs/",
        "archive/undated/",
        "sources/dump-txt/",
    } <= set(pages)
    assert 'href="../../papers/a-title/"' in pages["topics/graphs/"].body
    assert pages["topics/graphs/"].feed == "feed.xml" and not pages["archive/undated/"].feed


def test_the_authors_comment_is_on_the_page_with_its_urls_as_links():
    _, pages = render(
        [
            paper(
                comment="Code: github.com/x/y. <b>ICML</b> javascript:alert(1)",
                keywords=("GNN", "<i>x</i>"),
            )
        ]
    )
    body = pages["papers/a-title/"].body
    assert "<strong>Keywords:</strong> GNN · &lt;i&gt;x&lt;/i&gt;" in body
    assert (
        '<strong>Comments:</strong> Code: <a href="https://github.com/x/y">github.com/x/y</a>.'
        in body
    )
    assert "&lt;b&gt;ICML&lt;/b&gt;" in body and 'href="javascript' not in body


def test_a_tag_page_says_which_spellings_the_tag_stands_for():
    papers = [
        paper(tags=("language models (LM)",)),
        paper(id="p2", slug="other", title="Other", tags=("language models (LM)",)),
    ]
    _, pages = render(
        papers, spellings={"language models (LM)": ("LLMs", "<b>large</b> language models")}
    )
    body = pages["tags/language-models-lm/"].body
    assert "Also written as: LLMs · &lt;b&gt;large&lt;/b&gt; language models" in body
    assert "Also written as" not in render(papers)[1]["tags/language-models-lm/"].body


def test_a_tag_one_paper_has_is_shown_on_it_without_a_page():
    first = paper(tags=("graph learning", "virtual nodes"))
    other = paper(id="p2", slug="other", title="Other", tags=("graph learning",))
    _, pages = render([first, other], [])
    body = pages["papers/a-title/"].body
    assert 'href="../../tags/graph-learning/"' in body and "tags/graph-learning/" in pages
    assert "virtual nodes" in body and "tags/virtual-nodes" not in body
    assert not any(url.startswith("tags/virtual-nodes") for url in pages)


def test_hostile_titles_are_escaped_in_every_page():
    hostile = paper(
        title="<img src=x onerror=alert(1)> {{ 7*7 }}",
        authors=("<b>Eve</b>",),
        tags=("<script>x</script>",),
    )
    nav, pages = render([hostile])
    for text in [page.body for page in [*pages.values(), *nav.values()]]:
        assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert "{{ 7*7 }}" in pages["papers/a-title/"].body
    assert (
        pages["papers/a-title/"].title == hostile.title
    )  # plain text: shell.py escapes it where it lands


def test_the_site_name_is_escaped_on_the_home_page():
    groups = build_groups([paper()], [])
    home = render_nav(
        [paper()], groups, SiteSummary("<script>alert(1)</script> & co", "2024-01-01", 1, 0, 20)
    )[0]
    assert (
        "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>" in home.body
        and home.url == ""
        and home.nav
    )


def test_long_lists_are_split_into_pages_counted_from_the_oldest():
    papers = [
        paper(
            id=f"p{i:03d}", slug=f"p{i:03d}", title=f"Paper {i}", date=f"2024-01-{1 + i % 28:02d}"
        )
        for i in range(120)
    ]
    _, pages = render(papers)
    assert {"tags/pruning/", "tags/pruning/page-1/"} <= set(pages)
    assert "tags/pruning/page-2/" not in pages
    first, oldest = pages["tags/pruning/"], pages["tags/pruning/page-1/"]
    assert first.body.count('href="../../papers/') == 70 and "120 papers" in first.body
    assert '<a href="page-1/">1</a>' in first.body and "<strong>newest</strong>" in first.body
    assert (
        oldest.body.count('href="../../../papers/') == 50
        and "Papers 1–50, counted from the oldest" in oldest.body
        and '<a href="../">newest</a>' in oldest.body
        and "120" not in oldest.body
    )
    assert oldest.depth == 3 and oldest.title == "Tag: pruning (page 1)"


def test_a_page_of_a_long_list_links_its_ends_and_neighbours_not_every_page():
    papers = [paper(id=f"p{i:03d}", slug=f"p{i:03d}", title=f"Paper {i}") for i in range(300)]
    _, pages = render(papers, page_size=10)
    body = pages["tags/pruning/page-15/"].body
    pages_line = body[body.index("<p>Pages: ") :]
    linked = re.findall(r'<a href="\.\./(page-(\d+)/)?">(\w+)</a>', pages_line)
    assert [label for _, _, label in linked] == [
        "newest",
        "18",
        "17",
        "16",
        "14",
        "13",
        "12",
        "2",
        "1",
    ]
    assert all(number == label for _, number, label in linked if label != "newest")
    assert "<strong>15</strong>" in pages_line and pages_line.count("…") == 2


def test_a_new_paper_changes_the_first_page_of_its_groups_not_the_numbered_ones():
    def inputs(count: int) -> dict[str, str]:
        papers = [
            paper(
                id=f"p{i:03d}",
                slug=f"p{i:03d}",
                title=f"Paper {i}",
                arrived=f"2024-01-01T{i // 60:02d}:{i % 60:02d}:00Z",
            )
            for i in range(count)
        ]
        groups = with_feeds(build_groups(papers, [], None), 5, frozenset())
        summary = SiteSummary("Digest", "2024-01-01", 1, 0, 20, 10)
        return {
            source.url: source.inputs
            for source in render_pages(papers, groups, summary)
            if source.url.startswith("tags/pruning/")
        }

    before, after = inputs(300), inputs(301)
    changed = {url for url in before if before[url] != after.get(url)}
    assert len(before) == 30 and changed == {"tags/pruning/"}


def test_link_check_finds_links_to_nowhere_only():
    nav, pages = render([paper(), paper(id="p2", slug="other", title="Other")])
    targets = set(pages) | set(nav)
    targets |= {"build-report.json", "feed.xml", "atom.xml", "feeds.opml", "papers.json.gz"}
    targets |= {page.url + page.feed for page in pages.values() if page.feed}
    links = LinkCheck()
    for page in pages.values():
        links.add(page.url, page.body)
    for url, page in nav.items():
        links.add(url, page.body)
    assert links.broken(targets) == []
    links.add(
        "tags/x/page-2/",
        '<a href="../../../papers/other/">ok</a> <a href="../../../papers/gone/#x">no</a> '
        '<a href="https://example.org/">out</a> <a href="#abstract">in</a> '
        '<a href="../../y/">up</a>',
    )
    assert links.broken(targets) == [
        "tags/x/page-2/: ../../../papers/gone/#x",
        "tags/x/page-2/: ../../y/",
    ]


def test_bibtex_survives_braces_and_backticks():
    entry = bibtex(
        paper(
            title="A {weird} ```title```",
            authors=("Ann Lee", "Bo Chen"),
            authors_truncated=True,
            date="2023-05-01",
            arxiv_id="2305.00001",
            category="cs.LG",
        )
    )
    assert entry.startswith("@misc{lee2023a,") and "`" not in entry
    assert "author = {Ann Lee and Bo Chen and others}" in entry and "eprint = {2305.00001}" in entry


def test_newest_first_puts_dated_papers_first():
    papers = [
        paper(id="a", date=None),
        paper(id="b", date="2023-01-02"),
        paper(id="c", date="2024-05-06"),
    ]
    assert [p.id for p in newest_first(papers)] == ["c", "b", "a"]


def test_labels_that_slugify_alike_get_distinct_urls():
    from generator.publish.indexes import tag_slug, unique_slugs

    slugs = unique_slugs(["MIT", "mit", "m.i.t"], tag_slug)
    assert slugs == {"MIT": "mit", "m.i.t": "m-i-t", "mit": "mit-2"}


@pytest.mark.parametrize(
    ("page", "href", "target"),
    [
        ("papers/a/", "../../tags/x/", "tags/x/"),
        ("tags/x/page-2/", "../../../papers/a/#abstract", "papers/a/"),
        ("tags/x/", "feed.xml", "tags/x/feed.xml"),
        ("tags/x/", ".", "tags/x/"),
        ("tags/x/page-2/", "..?sort=new", "tags/x/"),
        ("", "papers/a/", "papers/a/"),
        ("papers/a/", "../../", ""),
        ("papers/a/", "#cite", None),
        ("papers/a/", "https://arxiv.org/abs/1", None),
        ("papers/a/", "/elsewhere/", None),
    ],
)
def test_links_resolve_to_site_paths(page, href, target):
    from generator.publish.pages import _resolve

    assert _resolve(page, href) == target


def test_a_papers_line_in_a_list_shows_only_its_item_fields():
    """Group pages are re-rendered when item_fields change: the template must show nothing else."""
    from generator.model import Link
    from generator.publish.pages import item_fields
    from generator.publish.templating import PageRenderer

    renderer = PageRenderer()
    line = lambda p: renderer.render("paper_item.html.j2", paper=p, base="../../")  # noqa: E731
    base = paper(
        authors=("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        date="2024-05-01",
        tags=("graph learning", "sparse training", "pruning", "fourth tag"),
    )
    others = dict(
        id="p9",
        abstract="Other.",
        affiliations=("MIT",),
        category="cs.LG",
        categories=("cs.LG",),
        arxiv_id="2401.00001",
        links=(Link("code", "https://x.org"),),
        sources=(SourceRef("other.txt", 9),),
        comment="c",
        keyphrases=("k",),
        first_seen="2024-06-01",
        topic="t",
        related=("p2",),
        authors=base.authors + ("Someone Else",),
        tags=base.tags[:3] + ("another",),
    )
    for name, value in others.items():
        changed = replace(base, **{name: value})
        assert item_fields(changed) == item_fields(base) or name in ("id",)
        assert line(changed) == line(base), (
            f"paper_item.html.j2 shows {name}: add it to item_fields"
        )
    for name, value in dict(
        slug="b",
        title="B",
        title_derived=True,
        summary="We show it.",
        date="2025-01-01",
        authors_truncated=True,
        authors=("Ada Lovelace",),
        tags=("x", "y", "z"),
    ).items():
        assert item_fields(replace(base, **{name: value})) != item_fields(base)


def test_paper_pages_do_not_show_first_seen():
    """Page fingerprints leave first_seen out: no page template may show it."""
    one, other = paper(first_seen="2024-01-01"), paper(first_seen="2025-02-02")
    assert render([one])[1][one.path].body == render([other])[1][other.path].body


def test_compiled_templates_are_loaded_back_and_an_unwritable_cache_costs_only_time(
    tmp_path, monkeypatch
):
    from generator.publish.templating import TemplateBytecode, make_environment

    (tmp_path / "bytecode").mkdir()
    make_environment(TemplateBytecode(str(tmp_path / "bytecode"))).get_template(
        "paper_item.html.j2"
    )
    assert len(list((tmp_path / "bytecode").iterdir())) == 1
    again = make_environment(TemplateBytecode(str(tmp_path / "bytecode")))  # as in a new process
    monkeypatch.setattr(again, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert "paper" in again.get_template("paper_item.html.j2").render(
        paper=Paper(id="p", slug="p", title="A paper", title_derived=False, abstract="x"), base=""
    )
    gone = make_environment(
        TemplateBytecode(str(tmp_path / "removed"))
    )  # writing fails; rendering does not
    assert gone.get_template("paper_item.html.j2") is not None


def test_topic_pages_list_summaries_and_the_long_lists_a_line_per_paper():
    """A paper is in a dozen lists: its summary sentence is shown on its topic page (and in
    the arrival issues), a line (title, first author, date) everywhere else."""
    summary = "We propose a sparse method that prunes graphs."
    first = paper(
        summary=summary,
        authors=("Ann Lee", "Bo Li"),
        date="2024-03-01",
        topic="graphs",
    )
    other = paper(id="p2", slug="other", title="Other", related=("p1",), topic="graphs")
    topic = Topic("graphs", "graph learning", ("p1", "p2"))
    _, pages = render([first, other], [topic])
    assert summary in pages["topics/graphs/"].body
    for url in ("tags/pruning/", "archive/2024-03/", "sources/dump-txt/", "papers/other/"):
        body = pages[url].body
        href = "../a-title/" if url.startswith("papers/") else "../../papers/a-title/"
        assert f'href="{href}">A title</a> · Ann Lee et al. · 2024-03-01' in body
        assert summary not in body and "digest-summary" not in body, url


def test_an_author_of_two_papers_has_a_page_and_one_of_one_paper_is_named_only():
    first = paper(authors=("Ada Lovelace", "Solo Writer"), arrived="2026-12-02T06:00:00Z")
    second = paper(
        id="p2", slug="second", title="Second", authors=("Ada Lovelace",),
        arrived="2026-12-03T06:00:00Z",
    )  # fmt: skip
    nav, pages = render([second, first])
    assert [url for url in pages if url.startswith("authors/")] == ["authors/ada-lovelace/"]
    author = pages["authors/ada-lovelace/"].body
    assert author.index('href="../../papers/second/"') < author.index(
        'href="../../papers/a-title/"'
    )
    assert pages["authors/ada-lovelace/"].title == "Author: Ada Lovelace"
    page = pages["papers/a-title/"].body
    assert '<a href="../../authors/ada-lovelace/">Ada Lovelace</a>, Solo Writer' in page
    assert "Solo Writer</a>" not in page
    assert 'href="ada-lovelace/">Ada Lovelace</a>' in nav["authors/"].body


def test_an_authors_name_is_text_in_its_page_and_its_address():
    hostile = "<img src=x onerror=alert(1)> {{ 7*7 }}"
    papers = [paper(id=f"p{n}", slug=f"p{n}", authors=(hostile,)) for n in (1, 2)]
    _, pages = render(papers)
    (url,) = [url for url in pages if url.startswith("authors/")]
    assert re.fullmatch(r"authors/[a-z0-9-]+/", url)
    body = pages[url].body + pages["papers/p1/"].body
    assert "<img" not in body and "&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}" in body


def test_author_least_sets_how_many_papers_an_author_needs_for_a_page():
    papers = [paper(id=f"p{n}", slug=f"p{n}", authors=("Ada", "Bo")[: 1 + n % 2]) for n in range(4)]
    counts = {g.label: len(g.papers) for g in build_groups(papers, [], author_least=3)["authors"]}
    assert counts == {"Ada": 4}


def test_every_group_lists_its_papers_newest_first_whatever_order_it_is_given():
    import random

    from generator.publish.indexes import newest_first

    papers = [
        paper(
            id=f"p{n}",
            slug=f"s{n}",
            arrived=f"2024-01-{1 + n % 5:02d}T00:00:00Z",
            arrived_from=SourceRef(f"d{n % 3}.txt", n),
            tags=("shared", f"tag {n % 2}"),
            authors=("Ada", "Bo"),
            categories=("cs.LG",),
        )
        for n in range(30)
    ]
    random.Random(3).shuffle(papers)
    topics = [Topic("t", "T", tuple(p.id for p in papers[::2]))]
    groups = build_groups(papers, topics, author_least=1)
    listed = [g for kind in groups.values() for g in kind]
    assert len(listed) >= 6 and all(list(g.papers) == newest_first(g.papers) for g in listed)
    assert {p.id for p in groups["topics"][0].papers} == set(topics[0].paper_ids)

"""The seed corpus built end to end (fake embedder, real MkDocs Material): the output contract."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter

import feedparser
from conftest import SEEDS
from lxml import etree

from generator.read.ingest import read_sources


def test_every_seed_abstract_is_exactly_one_paper(seed_site):
    papers = seed_site["papers"]
    assert len(papers) == 398
    assert len({p["id"] for p in papers}) == 398
    seed_abstract_count = sum(len(s.records) for s in read_sources(SEEDS))
    assert seed_abstract_count == 398


def test_papers_json_fields(seed_site):
    required = {
        "id",
        "slug",
        "url",
        "title",
        "title_derived",
        "authors",
        "affiliations",
        "abstract",
        "tags",
        "date",
        "category",
        "links",
        "sources",
    }
    for paper in seed_site["papers"]:
        assert required <= set(paper)
        assert paper["title"].strip() and paper["abstract"].strip()
        assert paper["tags"], paper["title"]
        assert paper["url"] == f"{seed_site['config'].site_url}papers/{paper['slug']}/"
        assert all({"file", "line"} == set(ref) for ref in paper["sources"])
    assert sum(p["title_derived"] for p in seed_site["papers"]) == 31
    # tags_min (3) is reached by every paper that names that many subjects: nearly all
    assert sum(len(p["tags"]) >= 3 for p in seed_site["papers"]) >= 0.9 * len(seed_site["papers"])


def test_each_paper_page_exists_and_is_not_in_the_nav(seed_site):
    site = seed_site["site"]
    for paper in seed_site["papers"]:
        assert (site / "papers" / paper["slug"] / "index.html").is_file()
    home = (site / "index.html").read_text()
    assert "papers/" not in home.split('class="md-nav')[1].split("</nav>")[0], (
        "nav must hold index pages only"
    )


def test_tag_pages_and_index(seed_site):
    site = seed_site["site"]
    index = (site / "tags" / "index.html").read_text()
    carried = Counter(tag for paper in seed_site["papers"] for tag in paper["tags"])
    shared = [tag for tag, count in carried.items() if count >= 2]
    assert shared and all(html.escape(tag) in index for tag in shared)
    alone = [tag for tag, count in carried.items() if count == 1]
    assert alone and not any(f">{html.escape(tag)}</a>" in index for tag in alone), (
        "one paper's tag has no page"
    )
    tag_dirs = [d for d in (site / "tags").iterdir() if d.is_dir()]
    assert len(tag_dirs) >= 20
    assert all((d / "index.html").is_file() for d in tag_dirs)


def test_build_report_accounts_for_every_line(seed_site):
    report = seed_site["report"]
    assert report["papers"] == 398
    lines = report["lines"]
    assert lines["in_papers"] + lines["chrome"] + lines["rejected"] == report["lines_read"]
    assert report["lines_read"] == sum(
        len(p.read_text().split("\n")) - 1 + (not p.read_text().endswith("\n"))
        for p in sorted(SEEDS.iterdir())
    )
    assert report["rejected"] == []
    assert report["records"] == report["papers"] + report["duplicates_merged"]


def test_feed_parses_and_has_entries(seed_site):
    raw = (seed_site["site"] / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert feed.bozo == 0
    assert len(feed.entries) >= 20
    etree.fromstring(raw)
    assert feed.feed.link == seed_site["config"].site_url


def test_search_index_finds_a_paper_by_a_title_word(seed_site):
    site = seed_site["site"]
    assert not (site / "search").exists()  # Pagefind's index, never lunr's search_index.json
    fragments = [
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        for path in (site / "pagefind" / "fragment").iterdir()
    ]
    paper = next(p for p in seed_site["papers"] if p["title"].startswith("DiSparse:"))
    hits = [fragment["url"] for fragment in fragments if "DiSparse" in fragment["meta"]["title"]]
    assert hits == [f"/papers/{paper['slug']}/"]


def test_home_page_links_feed_and_tags(seed_site):
    home = (seed_site["site"] / "index.html").read_text()
    assert 'href="feed.xml"' in home
    assert 'href="tags/"' in home
    assert 'type="application/rss+xml"' in home
    assert "398 papers" in home


INDEX_KINDS = ("topics", "tags", "archive", "categories", "affiliations", "sources")


def test_every_index_kind_exists_and_reaches_every_paper(seed_site):
    site = seed_site["site"]
    reached = set()
    for kind in INDEX_KINDS:
        assert (site / kind / "index.html").is_file(), kind
        for page in (site / kind).rglob("index.html"):
            reached |= set(re.findall(r'href="(?:\.\./)+papers/([^/"]+)/"', page.read_text()))
    assert {p["slug"] for p in seed_site["papers"]} <= reached


def test_math_reaches_the_page_for_katex(seed_site):
    site = seed_site["site"]
    vit = next(p for p in seed_site["papers"] if p["title"].startswith("ViT$^3$"))
    html = (site / "papers" / vit["slug"] / "index.html").read_text()
    assert '<span class="arithmatex">\\(^3\\)</span>' in html
    chrome = re.search(r'<script src="\.\./\.\./(assets/digest/chrome-2\.\w+\.js)"', html)
    assert chrome, "a paper page's chrome (and its scripts) is its depth's script (lean.py)"
    assert "assets/javascripts/math.js" in (site / chrome[1]).read_text(), (
        "math.js loads KaTeX only where .arithmatex is"
    )
    loader = (site / "assets/javascripts/math.js").read_text()
    assert '"katex.min.js"' in loader and "arithmatex" in loader
    assert (site / "assets/vendor/katex/katex.min.js").is_file()
    tilde = next(p for p in seed_site["papers"] if "\\tilde{\\cal O}" in p["abstract"])
    assert (
        "\\(\\tilde{\\cal O}(\\epsilon^{-1})\\)"
        in (site / "papers" / tilde["slug"] / "index.html").read_text()
    )


def test_paper_pages_stay_small(seed_site):
    sizes = [p.stat().st_size for p in (seed_site["site"] / "papers").rglob("index.html")]
    assert max(sizes) < 60_000, (
        "a paper page must not embed the whole corpus (nav holds index pages only)"
    )


def test_home_shows_build_health(seed_site):
    home = (seed_site["site"] / "index.html").read_text()
    assert re.search(
        r'class="digest-health">Last build \d{4}-\d{2}-\d{2} · 0 rejected input lines · ', home
    )


def test_stamped_pages_carry_their_own_title_canonical_and_feed(seed_site):
    site = seed_site["site"]
    paper = next(p for p in seed_site["papers"] if p["title"].startswith("DiSparse:"))
    html = (site / "papers" / paper["slug"] / "index.html").read_text()
    assert f"<title>{paper['title']} - " in html
    assert f'<link rel="canonical" href="{paper["url"]}">' in html
    assert (
        '<link rel="stylesheet" href="../../assets/stylesheets/digest.css">' in html
    )  # chrome of its depth
    carried = Counter(tag for other in seed_site["papers"] for tag in other["tags"])
    tag = next(tag for tag in paper["tags"] if carried[tag] >= 2)  # a tag with a page
    tag_dir = next(
        d
        for d in (site / "tags").iterdir()
        if d.is_dir() and f"Tag: {tag}<" in (d / "index.html").read_text()
    )
    tag_html = (tag_dir / "index.html").read_text()
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="Tag: [^"]+ \(RSS\)"'
        r' href="feed.xml">',
        tag_html,
    )
    assert (tag_dir / "feed.xml").is_file()
    # the site's feeds are discovered from every page but a paper's (200 bytes on each)
    feeds = r'<link rel="alternate" type="application/(?:rss|atom)\+xml" title="[^"]*" href="'
    assert re.findall(feeds + r'([^"]*)"', tag_html) == [
        "../../feed.xml",
        "../../atom.xml",
        "feed.xml",
    ]
    assert re.findall(feeds + r'([^"]*)"', (site / "index.html").read_text()) == [
        "feed.xml",
        "atom.xml",
    ]
    assert 'rel="alternate"' not in html
    # Material's default palette is its CSS's own: the body tag names none (the script does)
    assert '\n<body dir="ltr">\n' in html and "data-md-color" not in html.split("<article")[0]


def test_no_shell_or_marker_is_left_and_the_sitemap_lists_every_page(seed_site):
    site, site_url = seed_site["site"], seed_site["config"].site_url
    assert not (site / "digest-shell").exists()
    pages = sorted(site.rglob("index.html"))
    assert not [
        p for p in pages if "DIGESTSHELL" in p.read_text() or "digest-extra-head" in p.read_text()
    ]
    listed = {loc.text for loc in etree.parse(str(site / "sitemap.xml")).iter("{*}loc")}
    built = {
        site_url + p.parent.relative_to(site).as_posix() + "/" for p in pages if p.parent != site
    } | {site_url}
    assert listed == built


def test_papers_json_is_an_array_with_one_paper_per_line(seed_site):
    assert not (seed_site["site"] / "papers.json").exists()
    with gzip.open(seed_site["site"] / "papers.json.gz", "rt", encoding="utf-8") as stream:
        lines = stream.read().splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    rows = [json.loads(line.rstrip(",")) for line in lines[1:-1]]
    assert rows == seed_site["papers"] and len(rows) == 398

"""Shell: generator-rendered pages stamped into Material's chrome; the sitemap of every page."""

from __future__ import annotations

import gzip
import json
import re
from html import escape

import pytest
from lxml import etree

from generator.publish.pages import HtmlPage
from generator.site import shell
from generator.site.shell import (
    BODY,
    CANONICAL,
    DESCRIPTION,
    EXTRA_HEAD,
    TITLE,
    ShellError,
    parse_shell,
    stamp_page,
    write_sitemap,
)
from generator.state.codec import decoded

SITE = "https://example.org/digest/"


def built_shell(head: str = "") -> str:
    """What MkDocs makes of the shell page (theme/main.html, mkdocs_hooks.py), reduced to the
    parts that matter; `head`: what a user's override adds to the head."""
    return (
        f'<html><head><title>{TITLE} - Site</title><meta name="description" '
        f'content="{DESCRIPTION}"><link rel="canonical" href="{CANONICAL}">{head}{EXTRA_HEAD}'
        f"</head><body><header>{TITLE}</header><article>{BODY}</article></body></html>"
    )


def test_stamping_replaces_every_marker_and_escapes_text():
    shells = {shell.shell_url(2): parse_shell(built_shell(), True)}
    page = HtmlPage(
        "papers/x/",
        'A <b>"bold"</b> title',
        "about <script>",
        "<h1>A title</h1><p>body</p>",
        feed="feed.xml",
    )
    html = stamp_page(shells, page, SITE, "Digest")
    assert "DIGESTSHELL" not in html and "digest-shell" not in html
    # <title>, header and feed link; the body brings its own h1
    assert html.count("A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; title") == 3
    assert 'content="about &lt;script&gt;"' in html
    assert f'href="{SITE}papers/x/"' in html
    assert "<h1>A title</h1><p>body</p>" in html and html.count("<h1>") == 1
    assert 'title="A &lt;b&gt;&quot;bold&quot;&lt;/b&gt; title (RSS)" href="feed.xml"' in html


def test_a_page_without_feed_links_the_site_feeds_and_a_paper_page_none():
    shells = {shell.shell_url(2): parse_shell(built_shell(), True)}
    tag = stamp_page(shells, HtmlPage("tags/x/", "T", "d", "<p>b</p>"), SITE, "A & B")
    assert re.findall(r'<link rel="alternate"[^>]*>', tag) == [
        '<link rel="alternate" type="application/rss+xml" title="A &amp; B (RSS)" '
        'href="../../feed.xml">',
        '<link rel="alternate" type="application/atom+xml" title="A &amp; B (Atom)" '
        'href="../../atom.xml">',
    ]
    paper = stamp_page(
        shells, HtmlPage("papers/x/", "T", "d", "<p>b</p>", site_feeds=False), SITE, "A & B"
    )
    assert "application/rss+xml" not in paper and EXTRA_HEAD not in paper


@pytest.mark.parametrize(
    "broken",
    [
        built_shell().replace(EXTRA_HEAD, ""),
        built_shell().replace(BODY, ""),
        built_shell().replace(BODY, BODY + BODY),
        built_shell().replace(TITLE, "Title"),
    ],
)
def test_a_shell_missing_a_marker_fails_loudly(broken):
    with pytest.raises(ShellError, match="main.html"):
        parse_shell(broken, True)


def test_a_theme_that_repeats_the_canonical_url_and_description_is_stamped_everywhere():
    og = f'<meta property="og:url" content="{CANONICAL}"><meta property="og:description" '
    og += f'content="{DESCRIPTION}">'
    shells = {shell.shell_url(2): parse_shell(built_shell(og), True)}
    html = stamp_page(shells, HtmlPage("papers/x/", "T", "about", "<p>b</p>"), SITE, "Digest")
    assert f'property="og:url" content="{SITE}papers/x/"' in html
    assert 'property="og:description" content="about"' in html and "DIGESTSHELL" not in html


def test_sitemap_lists_every_url_and_splits_past_the_limit(tmp_path, monkeypatch):
    urls = ["", "papers/a/", "papers/b&c/", "tags/x/"]
    write_sitemap(tmp_path, SITE, urls, "2024-01-02")
    tree = etree.fromstring((tmp_path / "sitemap.xml").read_bytes())
    assert [loc.text for loc in tree.iter("{*}loc")] == [SITE + url for url in urls]
    assert (
        gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes())
        == (tmp_path / "sitemap.xml").read_bytes()
    )
    monkeypatch.setattr(shell, "SITEMAP_LIMIT", 3)
    write_sitemap(tmp_path, SITE, urls, "2024-01-02")
    index = etree.fromstring((tmp_path / "sitemap.xml").read_bytes())
    assert [loc.text for loc in index.iter("{*}loc")] == [
        SITE + "sitemap-1.xml.gz",
        SITE + "sitemap-2.xml.gz",
    ]
    assert sorted(path.name for path in tmp_path.glob("sitemap-*")) == [
        "sitemap-1.xml.gz",
        "sitemap-2.xml.gz",
    ]
    second = etree.fromstring(gzip.decompress((tmp_path / "sitemap-2.xml.gz").read_bytes()))
    assert [loc.text for loc in second.iter("{*}loc")] == [SITE + "tags/x/"]


def test_marker_strings_in_a_page_are_stamped_as_text():
    shells = {shell.shell_url(2): parse_shell(built_shell(), True)}
    sneaky = f"{TITLE} {BODY} {DESCRIPTION} {CANONICAL}"  # markers in a paper's text
    html = stamp_page(
        shells, HtmlPage("papers/x/", sneaky, sneaky, f"<p>{sneaky}</p>"), SITE, "Digest"
    )
    assert html.count(f"<p>{sneaky}</p>") == 1  # the body once, not re-stamped
    assert (
        html.count(escape(sneaky)) == 4
    )  # <title>, description, header and the body: each once, as text
    assert f'<link rel="canonical" href="{SITE}papers/x/">' in html


def built_nav_shell(url: str) -> str:
    return (
        f'<html><head><title>Tags - Site</title><link rel="canonical" href="{SITE}{url}">'
        f'{EXTRA_HEAD}</head><body><nav><li class="md-tabs__item md-tabs__item--active">'
        f'<a href="./">Tags</a></li></nav><article>{BODY}</article></body></html>'
    )


def test_a_nav_page_is_stamped_into_the_shell_built_at_its_own_url():
    shells = {"tags/": parse_shell(built_nav_shell("tags/"), False)}
    html = stamp_page(
        shells,
        HtmlPage("tags/", "Tags", "", "<h1>Tags</h1><p>all tags</p>", nav=True),
        SITE,
        "Digest",
    )
    assert "<h1>Tags</h1><p>all tags</p>" in html and html.count("<h1>") == 1
    assert f'<link rel="canonical" href="{SITE}tags/">' in html and "md-tabs__item--active" in html
    assert "DIGESTSHELL" not in html and EXTRA_HEAD not in html


def test_a_nav_shell_missing_its_body_fails_loudly():
    with pytest.raises(ShellError):
        parse_shell(built_nav_shell("tags/").replace(BODY, ""), False)


def test_the_chrome_round_trips_through_the_manifest():
    chrome = shell.Chrome(
        "key",
        {"tags/": parse_shell(built_nav_shell("tags/"), False)},
        {"404.html": "d"},
        {"config": {"lang": ["en"]}, "docs": []},
        strict=True,
    )
    assert shell.Chrome.from_json(json.loads(json.dumps(chrome.to_json()))) == chrome
    assert decoded(shell.Chrome.from_json, {"key": "k"}) is None  # MkDocs runs again

"""Search end to end: the seed corpus built (Pagefind, the only search), served on localhost as
GitHub Pages would, searched from Material's header box in Debian's chromium (same set-up as
test_browser.py)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from unittest import mock
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURES, SEEDS, SiteHandler, make_project
from fake_embedder import HashingEmbedder
from playwright.sync_api import expect
from test_browser import console_error, failed, pytestmark, shot  # noqa: F401 (marks)

from generator.config import load_config
from generator.pipeline import build
from generator.publish import search as search_module
from generator.state import files

pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")

# What a page load must not fetch: lunr's index and worker, and anything of Pagefind's.
SEARCH_FILES = re.compile(r"search_index|workers/search|/pagefind(-\d+)?/|pagefind-shards")
SNIPPET = 300  # characters of an excerpt, at most (pagefind-search.js)


def pagefind_build(tmp, sources, strict=True):
    config = load_config(make_project(tmp, sources))
    build(config, embedder=HashingEmbedder(), strict=strict)
    return {
        "site": config.site_dir,
        "config": config,
        "papers": files.load_json(config.site_dir / "papers.json.gz", None),
    }


def serving(built):
    """The site under site_url's path (/paper-digest/), as GitHub Pages serves it."""
    prefix = urlsplit(built["config"].site_url).path
    handler = functools.partial(SiteHandler, prefix, directory=str(built["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


@pytest.fixture
def page(browser):
    """A tab that collects console errors, page errors and failed requests in page.errors."""
    page = browser.new_page()
    page.errors = []
    page.on("console", lambda message: console_error(message) and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            failed(response) and page.errors.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    page.close()


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    # Shards of 200 papers: the seeds make two bundles, so the browser exercises mergeIndex.
    with mock.patch.object(search_module, "SHARD_SIZE", 200):
        return pagefind_build(tmp_path_factory.mktemp("pagefind-site"), SEEDS)


@pytest.fixture(scope="module")
def server(pagefind_site):
    httpd, url = serving(pagefind_site)
    yield url
    httpd.shutdown()


def search(page, words):
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially(words, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return results


def test_pagefind_replaces_the_lunr_index(pagefind_site):
    site = pagefind_site["site"]
    assert not (site / "search").exists()  # no search_index.json, not even an empty one
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").iterdir())
    # Papers only, one document each, over two shards; home and index pages stay out, as with lunr.
    bundles = [site / "pagefind", site / "pagefind-2"]
    counts = [
        json.loads((b / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
        for b in bundles
    ]
    assert (
        counts == [200, len(pagefind_site["papers"]) - 200] and not (site / "pagefind-3").exists()
    )
    assert json.loads((site / "pagefind-shards.json").read_text()) == {
        "bundles": ["pagefind/", "pagefind-2/"]
    }


def test_header_search_finds_a_paper_with_a_small_download(page, server, pagefind_site):
    paper = next(p for p in pagefind_site["papers"] if p["title"].startswith("DiSparse:"))
    fetched, requested = [], []
    page.on(
        "response",
        lambda response: re.search(r"/pagefind(-\d+)?/", response.url) and fetched.append(response),
    )
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    assert fetched == []  # nothing of Pagefind's on a page where nobody searches
    results = search(page, "DiSparse")
    shot(page, "search-pagefind")
    links = results.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert links[0] == f"{server}papers/{paper['slug']}/"
    assert results.first.locator("h1").inner_text() == paper["title"]
    assert re.fullmatch(
        r"\d+ matching documents?", page.locator(".md-search-result__meta").inner_text()
    )

    sizes = {response.url: len(response.body()) for response in fetched}
    assert any("/pagefind-2/" in url for url in sizes)  # the second shard was merged and searched
    per_query = sum(size for url, size in sizes.items() if re.search(r"/(index|fragment)/", url))
    runtime = sum(sizes.values()) - per_query
    chunks, fragments = (sum(f"/{kind}/" in url for url in sizes) for kind in ("index", "fragment"))
    print(
        f"\npagefind download for one typed query: {per_query:,} bytes "
        f"({chunks} index chunks, {fragments} fragments); "
        f"runtime, once per visit: {runtime:,} bytes"
    )
    # A query costs a few index chunks (~25 kB each, a size Pagefind keeps as the corpus grows)
    # and one fragment per shown result: far below lunr's whole index (1.4 MB for these papers).
    assert 0 < per_query < 128 * 1024
    assert not [
        url for url in requested if "search_index" in url
    ]  # Material's lunr index is never asked for
    page.keyboard.press("Enter")  # Material's handler follows the best-scored result
    page.wait_for_url(f"{server}papers/{paper['slug']}/")
    assert page.errors == []


def test_search_costs_nothing_until_used_and_works_by_keyboard(page, server, pagefind_site):
    """A page load fetches nothing of search; "/" loads Pagefind; a result shows the title as
    text (ViT³, not ViT$^3$), the first three authors and a short excerpt with the match; the
    keyboard reaches a result (ArrowDown), opens it (Enter) and closes the results (Escape)."""
    paper = next(p for p in pagefind_site["papers"] if p["title"].startswith("ViT$^3$"))
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if SEARCH_FILES.search(url)] == []
    with page.expect_response(lambda response: response.url.endswith("/pagefind/pagefind.js")):
        page.keyboard.press("/")  # focuses the box, which loads Pagefind
    page.locator(".md-search__input").press_sequentially("unlocking test-time", delay=20)
    found = page.locator(f".md-search-result__item:has(a[href$='papers/{paper['slug']}/'])")
    found.wait_for(timeout=15_000)
    shot(page, "search-result")
    assert found.locator("h1").inner_text() == "ViT³: Unlocking Test-Time Training in Vision"
    authors = ", ".join(paper["authors"][:3]) + " et al."  # the seed lists more (truncated)
    assert paper["authors_truncated"]
    assert found.locator(".digest-search-authors").inner_text() == authors
    excerpt = found.locator(".digest-search-excerpt")
    assert excerpt.locator("mark").count() >= 1
    shown = page.locator(".md-search-result__item .digest-search-excerpt").all_inner_texts()
    assert shown and all(0 < len(text) <= SNIPPET for text in shown)  # never the whole abstract
    assert len(paper["abstract"]) > SNIPPET

    page.keyboard.press("ArrowDown")  # from the box to the first result
    href = page.evaluate("document.activeElement.closest('a.md-search-result__link')?.href")
    assert href and href.startswith(f"{server}papers/")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    # On the paper's page (a fresh load: Escape right after "/" races Material's focus tracking)
    search(page, "unlocking")
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    assert page.evaluate("document.activeElement === document.body")
    assert page.errors == []


def test_a_name_glued_to_another_word_is_found_and_shown_as_written(page, server, pagefind_site):
    """ "block(HDTB)": Pagefind alone would not find HDTB; the indexer repeats it as a word
    (search.word_parts), and the excerpt shows the abstract as written, the word highlighted."""
    paper = next(p for p in pagefind_site["papers"] if "block(HDTB)" in p["abstract"])
    page.goto(server)
    search(page, "HDTB")
    found = page.locator(f".md-search-result__item:has(a[href$='papers/{paper['slug']}/'])")
    found.wait_for(timeout=15_000)
    excerpt = found.locator(".digest-search-excerpt")
    assert excerpt.locator("mark").all_inner_texts() == ["block(HDTB)"]
    text = excerpt.inner_text()
    assert "\u2060" not in text and text.count("HDTB") == 1 and text in paper["abstract"]
    assert page.errors == []


def test_hostile_titles_and_excerpts_stay_text(browser, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(FIXTURES / "hostile" / "hostile-pairs.txt", sources)
    httpd, url = serving(pagefind_build(tmp_path, sources, strict=False))
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        results = search(page, "Breaker")
        assert results.first.locator("h1").inner_text() == '"> Attribute Breaker'
        page.locator(".md-search__input").fill(
            "inline"
        )  # the abstract with <script> and <img onerror>
        page.wait_for_function(
            "document.querySelector('.md-search-result__item"
            " .digest-search-excerpt')?.textContent.includes('onerror')"
        )
        found = page.locator(".md-search-result__list")
        assert found.locator("script, img, [onerror]").count() == 0
        assert dialogs == []
    finally:
        page.close()
        httpd.shutdown()

"""Pagefind mode end to end: the seed corpus built with `search: pagefind`, served on localhost,
searched from Material's header box in Debian's chromium (same set-up as test_browser.py)."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from unittest import mock

import pytest

from conftest import FIXTURES, SEEDS, make_project
from generator import search as search_module
from generator.build import build
from generator.config import load_config
from generator.embedders import HashingEmbedder
from test_browser import QuietHandler, browser, page, pytestmark, shot  # noqa: F401 (fixtures, marks)

pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")


def pagefind_build(tmp, sources, strict=True):
    config = load_config(make_project(tmp, sources, search="pagefind"))
    build(config, embedder=HashingEmbedder(), strict=strict)
    return {"site": config.site_dir, "papers": json.loads((config.site_dir / "papers.json").read_text())}


def serving(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    # Shards of 200 papers: the seeds make two bundles, so the browser exercises mergeIndex.
    with mock.patch.object(search_module, "SHARD_SIZE", 200):
        return pagefind_build(tmp_path_factory.mktemp("pagefind-site"), SEEDS)


@pytest.fixture(scope="module")
def server(pagefind_site):
    httpd, url = serving(pagefind_site["site"])
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
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").iterdir())
    # Papers only, one document each, over two shards; home and index pages stay out, as with lunr.
    bundles = [site / "pagefind", site / "pagefind-2"]
    counts = [json.loads((b / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] for b in bundles]
    assert counts == [200, len(pagefind_site["papers"]) - 200] and not (site / "pagefind-3").exists()
    assert json.loads((site / "pagefind-shards.json").read_text()) == {"bundles": ["pagefind/", "pagefind-2/"]}


def test_header_search_finds_a_paper_with_a_small_download(page, server, pagefind_site):
    paper = next(p for p in pagefind_site["papers"] if p["title"].startswith("DiSparse:"))
    fetched, requested = [], []
    page.on("response", lambda response: re.search(r"/pagefind(-\d+)?/", response.url) and fetched.append(response))
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server)
    assert fetched == []  # nothing of Pagefind's on a page where nobody searches
    results = search(page, "DiSparse")
    shot(page, "search-pagefind")
    links = results.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert links[0] == f"{server}papers/{paper['slug']}/"
    assert results.first.locator("h1").inner_text() == paper["title"]
    assert re.fullmatch(r"\d+ matching documents?", page.locator(".md-search-result__meta").inner_text())

    sizes = {response.url: len(response.body()) for response in fetched}
    assert any("/pagefind-2/" in url for url in sizes)  # the second shard was merged and searched
    per_query = sum(size for url, size in sizes.items() if re.search(r"/(index|fragment)/", url))
    runtime = sum(sizes.values()) - per_query
    chunks, fragments = (sum(f"/{kind}/" in url for url in sizes) for kind in ("index", "fragment"))
    print(f"\npagefind download for one typed query: {per_query:,} bytes ({chunks} index chunks, {fragments} "
          f"fragments); runtime, once per visit: {runtime:,} bytes")
    # A query costs a few index chunks (~25 kB each, a size Pagefind keeps as the corpus grows)
    # and one fragment per shown result: far below lunr's whole index (1.4 MB for these papers).
    assert 0 < per_query < 128 * 1024
    assert not [url for url in requested if "search_index" in url]  # Material's lunr index is never asked for
    page.keyboard.press("Enter")  # Material's handler follows the best-scored result
    page.wait_for_url(f"{server}papers/{paper['slug']}/")
    assert page.errors == []


def test_hostile_titles_and_excerpts_stay_text(browser, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(FIXTURES / "hostile" / "hostile-pairs.txt", sources)
    site = pagefind_build(tmp_path, sources, strict=False)["site"]
    httpd, url = serving(site)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        results = search(page, "Breaker")
        assert results.first.locator("h1").inner_text() == '"> Attribute Breaker'
        page.locator(".md-search__input").fill("inline")  # the abstract with <script> and <img onerror>
        page.wait_for_function("document.querySelector('.md-search-result__item p')?.textContent.includes('onerror')")
        found = page.locator(".md-search-result__list")
        assert found.locator("script, img, [onerror]").count() == 0
        assert dialogs == []
    finally:
        page.close()
        httpd.shutdown()

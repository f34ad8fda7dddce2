"""Every method name finds every paper that names it: for each name written in parentheses in
an abstract ("Low-Rank Adaptation (LoRA)"), the site's Pagefind search, run in chromium, returns
every paper whose abstract holds that name as a word, however it is punctuated there ("LoRA.",
"(LoRA)", "LoRA-based", "Q-LoRA", "LLMs/VLMs", 'Discrimination"(S2D)').

Two corpora: the seeds (the session's seed site) and the seeds with a day of arXiv listings."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from conftest import INGEST_FIXTURES, SEEDS, SiteHandler, make_project
from fake_embedder import HashingEmbedder
from test_browser import pytestmark  # noqa: F401 (marks: slow, needs chromium)

from generator.config import load_config
from generator.pipeline import build
from generator.state import files

pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")

# A method name: a parenthesized word with two capitals or more, hyphens and digits allowed.
METHOD = re.compile(r"\(([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")
# Queries checked besides the method names, wherever the corpus has them.
EXTRA_QUERIES = ("LoRA", "NeRF", "ViT-B/16")
PAPER_URL = re.compile(r"/papers/([^/]+)/$")

# All queries in one go, as the search box runs them: the first bundle's API, the other
# shards merged into it, then every result of every query, with its URL (result.data()).
SEARCH_ALL = """async (queries) => {
  const base = new URL(".", location.href);
  const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
  const shards = await (await fetch(new URL("pagefind-shards.json", base))).json();
  for (const bundle of shards.bundles.slice(1)) {
    await pagefind.mergeIndex(new URL(bundle, base).href);
  }
  await pagefind.init();
  const found = {};
  for (const query of queries) {
    const answer = await pagefind.search(query);
    const pages = await Promise.all(answer.results.map((result) => result.data()));
    found[query] = pages.map((page) => page.url);
  }
  return found;
}"""


def names_word(text: str, name: str) -> bool:
    """`name` occurs in `text` as a word: case aside, with no letter or digit right before or
    after it (punctuation, a hyphen, a quote, a slash or a space on each side, or the text's
    start or end). "LoRA" is a word of "(LoRA).", "LoRA-based" and "Q-LoRA", not of "QLoRA"."""
    pattern = r"(?<![A-Za-z0-9])" + re.escape(name) + r"(?![A-Za-z0-9])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def test_names_word_is_a_word_match():
    text = 'Adapters (LoRA). LoRA-based, Q-LoRA and LLMs/VLMs, with ViT-B/16 ("S2D")'
    named = ("lora", "VLMs", "LLMs", "ViT-B/16", "S2D", "ViT-B")
    assert all(names_word(text, name) for name in named)
    assert not any(names_word(text, name) for name in ("LoR", "QLoRA", "ViT-B/1", "VLM"))


def method_queries(papers: list[dict]) -> dict[str, set[str]]:
    """Each method name of the corpus (and EXTRA_QUERIES) -> the slugs of the papers whose
    abstract names it as a word."""
    names = {name for paper in papers for name in METHOD.findall(paper["abstract"])}
    names.update(EXTRA_QUERIES)
    return {
        name: {paper["slug"] for paper in papers if names_word(paper["abstract"], name)}
        for name in sorted(names)
    }


def serving(site, site_url: str):
    prefix = urlsplit(site_url).path
    handler = functools.partial(SiteHandler, prefix, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


@pytest.fixture(scope="module")
def seeds_and_a_day(tmp_path_factory):
    """The seeds and a day of arXiv listings (230 papers) in one sources folder, built once."""
    tmp = tmp_path_factory.mktemp("seeds-and-a-day")
    sources = tmp / "sources"
    shutil.copytree(SEEDS, sources)
    shutil.copy(INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl", sources)
    config = load_config(make_project(tmp, sources))
    build(config, embedder=HashingEmbedder(), strict=True)
    return {
        "config": config,
        "site": config.site_dir,
        "papers": files.load_json(config.site_dir / "papers.json.gz", None),
    }


@pytest.fixture(params=["seeds", "seeds-and-a-day"])
def corpus(request):
    return request.getfixturevalue("seed_site" if request.param == "seeds" else "seeds_and_a_day")


def test_every_method_name_finds_every_paper_naming_it(browser, corpus):
    papers = corpus["papers"]
    queries = method_queries(papers)
    # The check has teeth: hundreds of names, the names a reader tried, and names written
    # glued to other words in some abstract (found only as their own words in the index).
    assert len(queries) > 300
    assert len(queries["LoRA"]) >= 3 and len(queries["NeRF"]) >= 3
    glued = [
        name
        for name, slugs in queries.items()
        for paper in papers
        if paper["slug"] in slugs
        and re.search(r"[A-Za-z0-9][^\sA-Za-z0-9]+" + re.escape(name), paper["abstract"])
    ]
    assert len(glued) >= 5, glued

    httpd, url = serving(corpus["site"], corpus["config"].site_url)
    page = browser.new_page()
    try:
        page.goto(url)
        found = page.evaluate(SEARCH_ALL, list(queries))
    finally:
        page.close()
        httpd.shutdown()
    results = {name: {PAPER_URL.search(link)[1] for link in links} for name, links in found.items()}
    missed = {
        name: sorted(slugs - results[name])
        for name, slugs in queries.items()
        if slugs - results[name]
    }
    print(
        f"\n{len(queries)} method names, {sum(map(len, queries.values()))} papers expected; "
        f"missed: {missed}"
    )
    assert missed == {}

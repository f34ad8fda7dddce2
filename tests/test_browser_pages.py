"""Every page kind of the seed site in a real browser (Debian's chromium, Playwright), at desktop
and phone width, in the light and the dark palette: no console error, no failed request, no
serious or critical axe-core violation, no sitemap.xml and KaTeX only where there is math; a
paper page's first load within its byte budget; the header reachable by keyboard.
Screenshots of home and a paper page go to test-artifacts/."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT

ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme
FIRST_LOAD_BUDGET = 120_000  # bytes, every response counted at its gzip size
# KaTeX, the sitemap, lunr's index, Pagefind's index (its loader, pagefind-search.js, may load)
NEVER_ON_A_PAPER = re.compile(r"katex|sitemap\.xml|search_index\.json|pagefind/|pagefind-shards")
MISSING = "no-such-page/"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="BROWSER TESTS SKIPPED: Debian chromium is not installed (apt-get install chromium)",
    ),
]

KINDS = [
    "home",
    "paper",
    "paper-math",
    "paper-derived",
    "tag",
    "topic",
    "archive-month",
    "category",
    "affiliation",
    "source",
    "tags-index",
    "topics-index",
    "archive-index",
    "categories-index",
    "affiliations-index",
    "sources-index",
    "404",
    "new",
    "new-issue",
    "my",
    "saved",
]


@pytest.fixture(scope="module")
def urls(seed_site) -> dict[str, str]:
    """A site-relative URL per page kind, found in the built site."""
    site, papers = seed_site["site"], seed_site["papers"]

    def path(paper) -> str:
        return f"papers/{paper['slug']}/"

    def has_math(paper) -> bool:
        return 'class="arithmatex"' in (site / path(paper) / "index.html").read_text()

    def first(folder: str, pattern: str = ".") -> str:
        found = sorted(
            path.parent.name
            for path in (site / folder).glob("*/index.html")
            if re.match(pattern, path.parent.name)
        )
        assert found, f"the seed site has no {folder}/ page matching {pattern}"
        return f"{folder}/{found[0]}/"

    plain = next(p for p in papers if not p["title_derived"] and not has_math(p))
    math = next(p for p in papers if p["title"].startswith("ViT$^3$"))
    derived = next(p for p in papers if p["title_derived"])
    kinds = {
        "home": "",
        "paper": path(plain),
        "paper-math": path(math),
        "paper-derived": path(derived),
        "tag": first("tags"),
        "topic": first("topics"),
        "archive-month": first("archive", r"\d{4}-\d{2}$"),
        "category": first("categories"),
        "author": first("authors"),
        "affiliation": first("affiliations"),
        "source": first("sources"),
        "my": "my/",
        "for-you": "for-you/",
        "map": "map/",
        "saved": "saved/",
        "404": MISSING,
    }
    kinds |= {
        f"{folder}-index": f"{folder}/"
        for folder in ("tags", "topics", "archive", "categories", "affiliations", "sources")
    }
    if (site / "new" / "index.html").is_file():  # the arrivals pages, where the site has them
        kinds["new"] = "new/"
        if list((site / "new").glob("*/index.html")):
            kinds["new-issue"] = first("new")
    assert not (site / MISSING).exists()
    return kinds


def open_page(browser, width: str = "desktop", palette: str = "light"):
    """A fresh context (no cache, no stored palette) with one page that records what goes wrong:
    console errors and uncaught exceptions, responses >= 400 and requests that fail."""
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=palette)
    page = context.new_page()
    page.errors, page.requested, page.responses = [], [], []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.errors.append(f"console: {message.text} ({message.location.get('url')})")
        ),
    )
    page.on("pageerror", lambda error: page.errors.append(f"exception: {error}"))
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("response", lambda response: page.responses.append(response))
    page.on(
        "requestfailed",
        lambda request: page.errors.append(f"failed: {request.url} ({request.failure})"),
    )
    return page


@contextmanager
def without_javascript(browser) -> Iterator:
    """A page of a context with JavaScript off: what a reader who blocks scripts sees."""
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def bad_responses(page, allowed: str | None = None) -> list[str]:
    return [
        f"{response.status} {response.url}"
        for response in page.responses
        if response.status >= 400 and response.url != allowed
    ]


def axe_violations(page) -> list[str]:
    # Colours at rest: Material switches to the preferred palette once its bundle runs, and
    # links and buttons fade to the new colours (CSS transitions); axe reads the colours now.
    page.evaluate(
        "Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)"
        ".map(a => a.finished.catch(() => null)))"
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_page_kind(browser, server, urls, kind, width, palette):
    if kind not in urls:
        pytest.skip(f"the seed site has no {kind} page")
    if not AXE.is_file():
        pytest.skip(f"AXE CHECKS SKIPPED: {AXE.relative_to(ROOT)} is missing (run `make browser`)")
    url = server + urls[kind]
    page = open_page(browser, width, palette)
    try:
        response = page.goto(url)
        assert response.status == (404 if kind == "404" else 200)
        assert (
            page.evaluate("document.body.getAttribute('data-md-color-scheme')") == PALETTES[palette]
        )
        assert page.locator(".md-content h1").first.is_visible()
        math = page.locator(".arithmatex").count() > 0
        if math:
            page.locator(".arithmatex .katex").first.wait_for()
        violations = axe_violations(page)
        page.wait_for_load_state("networkidle")  # the bundle's requests have answered

        assert not violations, "\n".join(violations)
        # A missing page answers 404 on purpose, and Chromium logs that document's status.
        errors = [
            error
            for error in page.errors
            if not (kind == "404" and error.endswith(f"({url})") and "status of 404" in error)
        ]
        assert not errors, "\n".join(errors)
        assert bad_responses(page, allowed=url if kind == "404" else None) == []
        assert not [u for u in page.requested if u.endswith("sitemap.xml")]
        assert any("katex" in u for u in page.requested) == math

        if width == "phone":
            # Nothing wider than the phone: no sideways scrolling.
            assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
        else:
            # The left sidebar would only repeat the current tab: the content has the width.
            assert not page.locator(".md-sidebar--primary").is_visible()
            assert page.locator(".md-content").bounding_box()["width"] >= 1000
        if kind in ("home", "paper") and palette == "light":
            shot(page, f"pages-{kind}-{width}")
    finally:
        page.context.close()


def test_paper_first_load_is_light(browser, server, urls):
    """A paper without math, first visit: no KaTeX, sitemap, search index or Pagefind file, and
    at most FIRST_LOAD_BUDGET bytes at gzip size (the test server does not compress, so each
    body is gzipped here, as GitHub Pages would send it)."""
    page = open_page(browser)
    try:
        page.goto(server + urls["paper"])
        page.wait_for_load_state("networkidle")
        sizes = {
            response.url.removeprefix(server): len(gzip.compress(response.body()))
            for response in page.responses
            if response.status == 200
        }
        assert page.errors == []
    finally:
        page.context.close()
    listing = "\n".join(f"{size:>8} {url}" for url, size in sizes.items())
    assert not [url for url in sizes if NEVER_ON_A_PAPER.search(url)], listing
    assert sum(sizes.values()) <= FIRST_LOAD_BUDGET, listing


def test_keyboard_reaches_search_and_tabs(browser, server):
    page = open_page(browser)
    try:
        page.goto(server)
        reached = []
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.append(
                page.evaluate(
                    "(e => e.matches('.md-search__input') ? 'search'"
                    " : e.matches('.md-tabs__link') ? 'tab' : e.tagName)(document.activeElement)"
                )
            )
            if "search" in reached and "tab" in reached:
                break
        assert "search" in reached and "tab" in reached, reached

        page.locator(".md-content h1").first.click()  # focus back in the page, out of the header
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.matches('.md-search__input')")
        assert page.errors == []
    finally:
        page.context.close()


def test_phone_drawer_holds_the_navigation(browser, server):
    """Below the tabs' width the sections are in Material's drawer, behind the menu button."""
    page = open_page(browser, "phone")
    try:
        page.goto(server)
        assert not page.locator(".md-tabs").is_visible()
        page.locator("label.md-header__button[for='__drawer']").click()
        link = page.locator(".md-nav--primary a.md-nav__link[href$='tags/']")
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url(re.compile(r"/tags/$"))
        assert page.locator(".md-content h1").first.is_visible()
        assert page.errors == [] and bad_responses(page) == []
    finally:
        page.context.close()


def test_paper_sections_get_their_permalinks_from_the_chrome_script(
    browser, server, urls, seed_site
):
    """The page's bytes carry no permalink; the cached chrome script adds Material's "¶"."""
    html = (seed_site["site"] / urls["paper"] / "index.html").read_text()
    assert 'id="abstract"' in html and "headerlink" not in html
    page = open_page(browser)
    try:
        page.goto(server + urls["paper"])
        links = page.locator("article h2[id] > a.headerlink")
        assert links.count() == page.locator("article h2[id]").count() >= 3
        assert links.first.get_attribute("href") == "#abstract"
    finally:
        page.context.close()

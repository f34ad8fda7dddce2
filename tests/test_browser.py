"""End-to-end in a real browser: Debian's chromium driven by Playwright, over the built seed site
served on localhost. Screenshots go to test-artifacts/ for a human to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="BROWSER TESTS SKIPPED: Debian chromium is not installed (apt-get install chromium)",
    ),
]


@pytest.fixture
def page(browser):
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


def console_error(message) -> bool:
    # A failed load is reported by failed() with its URL; the console line repeats it without one.
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def failed(response) -> bool:
    return response.status >= 400


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_search_finds_a_paper_by_a_title_word(page, server, seed_site):
    paper = next(p for p in seed_site["papers"] if p["title"].startswith("DiSparse:"))
    page.goto(server)
    page.keyboard.press("/")
    page.keyboard.type("DiSparse")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    shot(page, "search")
    assert f"papers/{paper['slug']}/" in " ".join(
        results.locator("a").evaluate_all("els => els.map(e => e.href)")
    )
    assert page.errors == []


def test_tag_link_leads_to_a_tag_page_listing_the_paper(page, server, seed_site):
    paper = seed_site["papers"][0]
    page.goto(f"{server}papers/{paper['slug']}/")
    page.locator(".md-content a[href*='tags/']").first.click()
    page.wait_for_load_state()
    assert "/tags/" in page.url
    assert page.locator(f".md-content a[href$='papers/{paper['slug']}/']").count() >= 1
    shot(page, "tag-page")
    assert page.errors == []


def test_math_is_rendered_not_raw(page, server, seed_site):
    vit = next(p for p in seed_site["papers"] if p["title"].startswith("ViT$^3$"))
    page.goto(f"{server}papers/{vit['slug']}/")
    page.locator(".arithmatex .katex").first.wait_for(timeout=10_000)
    text = page.locator(".md-content").inner_text()
    shown = text.split("Cite")[0]  # the BibTeX block below keeps the LaTeX source on purpose
    assert "\\(" not in shown and "$^3$" not in shown
    shot(page, "paper-math")
    assert page.errors == []


def test_feed_autodiscovery_and_palette_toggle(page, server):
    page.goto(server)
    assert page.locator('head link[rel="alternate"][type="application/rss+xml"]').count() == 1
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    shot(page, "home-dark")
    assert page.errors == []


def test_phone_width_shows_the_content(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server)
    assert page.locator(".md-content h1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "home-phone")
    page.close()

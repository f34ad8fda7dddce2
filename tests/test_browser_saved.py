"""Saved papers in a real browser (theme/assets/javascripts/reader.js): saved from a paper page
and from a list, kept in this browser across pages, listed on /saved/ with BibTeX that parses
back to the paper pages' own entries and a Markdown list; nothing sent anywhere."""

from __future__ import annotations

import html
import re
from pathlib import Path

import bibtexparser
import pytest
from test_browser import pytestmark  # noqa: F401 (marks)
from test_browser_pages import AXE, axe_violations, open_page, without_javascript


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


def two_papers(seed_site) -> tuple[dict, dict, str]:
    """A paper, another paper, and a tag page that lists the other one."""
    site = seed_site["site"]
    for tag in sorted((site / "tags").glob("*/index.html")):
        listed = re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', tag.read_text())
        if len(listed) >= 2:
            by_slug = {paper["slug"]: paper for paper in seed_site["papers"]}
            return by_slug[listed[1]], by_slug[listed[0]], f"tags/{tag.parent.name}/"
    raise AssertionError("no tag page lists two papers")


def title_of(seed_site, paper: dict) -> str:
    """The title as text, as the paper's page gives it to its chrome script (ViT³)."""
    page = (seed_site["site"] / "papers" / paper["slug"] / "index.html").read_text()
    return html.unescape(re.search(r'data-title="([^"]*)"', page).group(1))


def cite_of(seed_site, paper: dict) -> str:
    page = (seed_site["site"] / "papers" / paper["slug"] / "index.html").read_text()
    found = re.search(r'<code class="language-bibtex">(.*?)</code>', page, re.S)
    assert found, paper["slug"]
    return html.unescape(found.group(1))


def test_papers_saved_on_a_page_and_in_a_list_are_listed_with_their_bibtex(page, server, seed_site):
    first, second, tag = two_papers(seed_site)
    page.goto(f"{server}papers/{first['slug']}/")
    save = page.get_by_role("button", name="Save", exact=True)  # its name stays; its state shows
    save.click()
    assert save.get_attribute("aria-pressed") == "true" and save.inner_text() == "★ Saved"
    page.goto(server + tag)
    star = page.locator(f'li:has(a[href$="papers/{second["slug"]}/"]) > button.digest-star')
    assert (
        page.locator(
            f'li:has(a[href$="papers/{first["slug"]}/"]) > button.digest-star'
        ).get_attribute("aria-pressed")
        == "true"
    )  # saved on its page, known in the list
    star.click()
    page.reload()
    assert star.get_attribute("aria-pressed") == "true"
    if AXE.is_file():
        assert not axe_violations(page)

    page.goto(server + "saved/")
    page.locator("#digest-saved[data-digest-ready]").wait_for()
    titles = page.locator(".digest-saved-list li a").all_inner_texts()
    assert titles == [title_of(seed_site, p) for p in (second, first)]  # newest saved first
    with page.expect_download() as download:
        page.get_by_role("button", name="Download BibTeX").click()
    text = Path(download.value.path()).read_text()
    entries = bibtexparser.parse_string(text).entries
    assert [entry.key for entry in entries] == [
        bibtexparser.parse_string(cite_of(seed_site, paper)).entries[0].key
        for paper in (second, first)
    ]
    assert text == cite_of(seed_site, second) + "\n\n" + cite_of(seed_site, first) + "\n"
    markdown = page.locator("pre.digest-saved-markdown").text_content()
    assert markdown.splitlines() == [
        f"- [{title_of(seed_site, p)}]({server}papers/{p['slug']}/)" for p in (second, first)
    ]
    if AXE.is_file():
        assert not axe_violations(page)

    page.get_by_role("button", name=f"Remove {title_of(seed_site, first)}").click()
    assert page.locator(".digest-saved-list li a").all_inner_texts() == [
        title_of(seed_site, second)
    ]
    assert not page.errors
    origin = server.split("/paper-digest/")[0]
    assert [url for url in page.requested if not url.startswith((origin + "/", "blob:"))] == []


def test_markdown_is_copied_to_the_clipboard(page, server, seed_site):
    first, _, _ = two_papers(seed_site)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{server}papers/{first['slug']}/")
    page.locator("button.digest-save").click()
    page.goto(server + "saved/")
    copy = page.get_by_role("button", name="Copy as Markdown")
    copy.click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"- [{title_of(seed_site, first)}]({server}papers/{first['slug']}/)\n"
    )


def test_entries_that_share_a_key_are_told_apart_in_the_file(page, server):
    page.goto(server + "saved/")
    entry = "@misc{{same2025,\n  title = {{{title}}}\n}}"
    saved = [
        {"path": f"papers/{name}/", "title": name, "bibtex": entry.format(title=name)}
        for name in ("one", "two", "three")
    ]
    page.evaluate(
        "saved => localStorage.setItem('digest-saved:/paper-digest/', JSON.stringify(saved))",
        saved,
    )
    page.reload()
    page.locator("#digest-saved[data-digest-ready]").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download BibTeX").click()
    entries = bibtexparser.parse_string(Path(download.value.path()).read_text()).entries
    assert [(e.key, e["title"]) for e in entries] == [
        ("same2025", "one"),
        ("same2025b", "two"),
        ("same2025c", "three"),
    ]


def test_stored_entries_this_site_did_not_write_are_ignored_and_titles_stay_text(page, server):
    page.goto(server + "saved/")
    saved = [
        {"path": "javascript:alert(1)/", "title": "script", "bibtex": ""},
        {"path": "//evil.example/x/", "title": "elsewhere", "bibtex": ""},
        {"path": "papers/../../x/", "title": "up", "bibtex": ""},
        {"path": "papers/kept/", "title": "A *bold* <img src=x> [link](y)", "bibtex": "@misc{k,}"},
    ]
    page.evaluate(
        "saved => localStorage.setItem('digest-saved:/paper-digest/', JSON.stringify(saved))",
        saved,
    )
    page.reload()
    page.locator("#digest-saved[data-digest-ready]").wait_for()
    assert page.locator(".digest-saved-list li a").all_inner_texts() == [saved[3]["title"]]
    assert page.locator("pre.digest-saved-markdown").text_content() == (
        rf"- [A \*bold\* \<img src=x\> \[link\](y)]({server}papers/kept/)" + "\n"
    )
    assert not [url for url in page.requested if "evil" in url or url.startswith("javascript")]


def test_without_javascript_nothing_to_save_and_the_saved_page_says_why(browser, server, seed_site):
    first, _, tag = two_papers(seed_site)
    with without_javascript(browser) as page:
        page.goto(f"{server}papers/{first['slug']}/")
        assert page.locator("button").count() == 0
        page.goto(server + "saved/")
        assert "needs JavaScript" in page.locator("#digest-saved").inner_text()


def test_the_built_site_holds_nothing_personal(seed_site):
    page = (seed_site["site"] / "saved" / "index.html").read_text()
    assert 'id="digest-saved"' in page and "digest-saved-list" not in page

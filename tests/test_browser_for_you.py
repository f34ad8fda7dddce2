"""For you in a real browser (theme/assets/javascripts/for_you.js, publish/for_you.py), on the
seed site: each saved paper's nearest recent papers in turn, each naming the saved paper it
came for; a saved paper outside the window read from its page; nothing sent anywhere. (The
real model's ranking: test_browser_for_you_model.py.)"""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_browser import pytestmark  # noqa: F401 (marks)
from test_browser_pages import AXE, axe_violations, bad_responses, open_page, without_javascript

from generator.tags.compact import decoded_vector

KEY = "digest-saved:/paper-digest/"


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


def window(seed_site) -> list[list[str]]:
    return json.loads((seed_site["site"] / "for-you" / "papers.json").read_text())["papers"]


def unit(text: str) -> np.ndarray:
    vector = decoded_vector(text).astype(np.float64)
    return vector / np.linalg.norm(vector)


def saving(page, server, rows: list[list[str]]) -> None:
    """For you, opened with `rows` saved (put in storage before any page script runs)."""
    saved = json.dumps([{"path": f"papers/{row[0]}/", "title": row[1]} for row in rows])
    page.context.add_init_script(f"localStorage.setItem('{KEY}', {json.dumps(saved)})")
    page.goto(server + "for-you/")
    page.locator("#digest-for-you[data-digest-ready]").wait_for()


def shown(page) -> list[tuple[str, str]]:
    """Each listed paper's slug and the slug of the saved paper it is said to be there for."""
    return page.locator("ul.digest-for-you > li").evaluate_all(
        "items => items.map(item => Array.from(item.querySelectorAll('a'), a =>"
        " a.getAttribute('href').split('/').slice(-2, -1)[0]))"
    )


def test_with_nothing_saved_the_page_says_how_to_begin(page, server):
    page.goto(server + "for-you/")
    box = page.locator("#digest-for-you[data-digest-ready]")
    assert box.inner_text().startswith("Nothing saved yet.")
    assert not page.errors and not bad_responses(page)


def test_each_saved_papers_nearest_recent_papers_come_in_turn(page, server, seed_site):
    rows = window(seed_site)
    saved = [rows[5], rows[40], rows[41]]
    saving(page, server, saved)
    candidates = [row[0] for row in rows if row not in saved]
    vectors = {row[0]: unit(row[3]) for row in rows}
    cosines = {row[0]: {slug: float(vectors[row[0]] @ vectors[slug]) for slug in candidates}
               for row in saved}  # fmt: skip
    ranks = {  # each saved paper's nearest first
        why: {slug: rank for rank, slug in enumerate(sorted(candidates, key=lambda s: -near[s]))}
        for why, near in cosines.items()
    }
    best = {slug: min(rank[slug] for rank in ranks.values()) for slug in candidates}

    listed = shown(page)
    assert len(listed) == 50
    assert not {slug for slug, _ in listed} & {row[0] for row in saved}
    firsts = {slug for slug in candidates if best[slug] == 0}
    assert {slug for slug, _ in listed[: len(firsts)]} == firsts  # each one's nearest, first
    in_order = [best[slug] for slug, _ in listed]
    assert in_order == sorted(in_order)
    assert max(best[slug] for slug, _ in listed) <= min(
        best[slug] for slug in candidates if slug not in dict(listed)
    )
    for slug, why in listed:  # the reason: the saved paper it ranks highest with
        assert ranks[why][slug] == best[slug]
    assert page.locator("ul.digest-for-you > li > button.digest-star").count() == 50
    count = page.locator(".digest-for-you-count").inner_text()
    assert count.startswith(f"{len(rows) - 3} papers of the last 14 days")
    if AXE.is_file():
        assert not axe_violations(page)
    more = page.get_by_role("button", name="Show more")
    more.click()
    assert len(shown(page)) == 100
    assert page.evaluate("document.activeElement.closest('li')") is not None
    origin = server.split("/paper-digest/")[0] + "/"
    outside = [u for u in page.requested if not u.startswith((origin, "blob:" + origin))]
    assert not page.errors and not outside


def test_a_saved_paper_older_than_the_window_is_read_from_its_page(page, server, seed_site):
    rows = window(seed_site)
    old = rows[7]
    data = {"days": 14, "dimensions": 128, "papers": [row for row in rows if row != old]}
    page.route("**/for-you/papers.json", lambda route: route.fulfill(json=data))
    saving(page, server, [old])
    assert any(u.endswith(f"papers/{old[0]}/") for u in page.requested)
    listed = shown(page)
    assert listed and all(why == old[0] for _, why in listed)
    vectors = {row[0]: unit(row[3]) for row in rows}
    closest = max(data["papers"], key=lambda row: float(vectors[row[0]] @ vectors[old[0]]))
    assert listed[0][0] == closest[0]


def test_rows_the_build_did_not_write_are_left_out(page, server, seed_site):
    rows = window(seed_site)
    bad = [
        ["../../evil", "escape", rows[1][2], rows[1][3]],
        [rows[2][0], "short vector", rows[2][2], rows[2][3][:40]],
        [rows[3][0], 7, rows[3][2], rows[3][3]],
    ]
    data = {"days": 14, "dimensions": 128, "papers": bad + rows[4:20]}
    page.route("**/for-you/papers.json", lambda route: route.fulfill(json=data))
    saving(page, server, [rows[4]])
    assert sorted(slug for slug, _ in shown(page)) == sorted(row[0] for row in rows[5:20])


def test_without_javascript_the_page_points_to_the_newest_papers(browser, server):
    with without_javascript(browser) as page:
        page.goto(server + "for-you/")
        box = page.locator("#digest-for-you")
        assert "needs JavaScript" in box.inner_text()
        assert box.get_by_role("link", name="New papers").get_attribute("href") == "../new/"

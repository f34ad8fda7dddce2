"""The map of the field in a real browser (theme map.js and map_page.js, publish/field_map.py)
on the seed site: drawn, zoomed and panned by pointer and keyboard, a point's title under the
pointer and its page on a click, titles marked by a search; a topic page's region; nothing
leaves the site; without JavaScript, a pointer to the topics."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_browser import pytestmark  # noqa: F401 (marks)
from test_browser_pages import AXE, axe_violations, bad_responses, open_page, without_javascript


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


def opened(page, url: str):
    page.goto(url + "map/")
    page.locator("#digest-map[data-digest-ready]").wait_for()
    return page.locator("canvas.digest-map-canvas")


def drawn(page) -> int:
    return int(page.locator("canvas.digest-map-canvas").get_attribute("data-digest-drawn"))


def screen_point(page, index: int) -> tuple[float, float]:
    """Where point `index` is drawn, in the page's CSS pixels."""
    return page.evaluate(
        """index => new Promise(done => fetch('../map/points.bin').then(r => r.arrayBuffer())
        .then(buffer => {
          const points = new Uint16Array(buffer), view = window.digestMapView;
          const at = view.toScreen(points[3 * index], points[3 * index + 1]);
          const canvas = document.querySelector('canvas.digest-map-canvas');
          const box = canvas.getBoundingClientRect(), across = view.size()[0] / canvas.clientWidth;
          done([box.left + canvas.clientLeft + at[0] / across,
                box.top + canvas.clientTop + at[1] / across]);
        }))""",
        index,
    )


def test_the_map_draws_every_paper_and_names_and_opens_the_one_pointed_at(page, server, seed_site):
    canvas = opened(page, server)
    site = seed_site["site"]
    titles = json.loads((site / "map" / "titles-0.json").read_text())
    assert canvas.get_attribute("aria-label").startswith(f"Map of {len(titles)} papers in ")
    painted = page.evaluate(
        "() => { const c = document.querySelector('canvas.digest-map-canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"
    )
    assert painted > len(titles) * 4  # a dot of pixels per paper, and the topic labels
    points = np.frombuffer((site / "map" / "points.bin").read_bytes(), "<u2").reshape(-1, 3)
    alone = int(np.argmax(np.linalg.norm(points[:, :2] - points[:, :2].mean(axis=0), axis=1)))
    x, y = screen_point(page, alone)  # the point farthest out: no other under the pointer
    page.mouse.move(x, y)
    tip = page.locator(".digest-map-tip")
    page.wait_for_function(
        "title => document.querySelector('.digest-map-tip').textContent === title",
        arg=titles[alone][1],
    )
    page.mouse.click(x, y)
    page.wait_for_url(f"**/papers/{titles[alone][0]}/")
    assert tip is not None and not page.errors and not bad_responses(page)


def test_zoom_and_pan_by_buttons_keys_and_the_wheel(page, server):
    canvas = opened(page, server)
    scale = lambda: page.evaluate("window.digestMapView.scale")  # noqa: E731
    frames = drawn(page)
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(f"window.digestMapView.frames > {frames}")
    assert scale() == pytest.approx(1.5)
    canvas.focus()
    page.keyboard.press("-")
    assert scale() == pytest.approx(1.5 * 0.8)
    before = page.evaluate("window.digestMapView.x")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("window.digestMapView.x") > before
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -100)
    page.wait_for_function("Math.abs(window.digestMapView.scale - 1.5) < 1e-9")
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 30)
    page.mouse.up()
    assert page.evaluate("window.digestMapView.x") > before + 80
    page.get_by_role("button", name="Show the whole map").click()
    assert page.evaluate("[digestMapView.scale, digestMapView.x, digestMapView.y]") == [1, 0, 0]
    assert not page.errors


def test_a_search_marks_the_matching_titles_and_lists_them(page, server, seed_site):
    opened(page, server)
    titles = json.loads((seed_site["site"] / "map" / "titles-0.json").read_text())
    matching = [slug for slug, title in titles if "diffusion" in title.lower()]
    assert matching
    page.get_by_role("searchbox").fill("Diffusion")
    page.get_by_role("button", name="Mark").click()
    status = page.locator(".digest-map-status")
    page.wait_for_function("document.querySelector('.digest-map-status').textContent.length")
    assert status.inner_text().startswith(f"{len(matching)} paper")
    marked = page.evaluate("Array.from(window.digestMapView.marked)")
    assert [slug for slug, flag in zip([t[0] for t in titles], marked, strict=True) if flag] == (
        matching
    )
    links = page.locator(".digest-map-found a").evaluate_all("a => a.map(x => x.href)")
    assert [href.split("/papers/")[1].strip("/") for href in links] == matching[:20]
    if AXE.is_file():
        assert not axe_violations(page)
    origin = server.split("/paper-digest/")[0] + "/"
    assert not [u for u in page.requested if not u.startswith((origin, "blob:" + origin))]


def test_a_topic_page_shows_its_region_of_the_map(page, server, seed_site):
    topic = json.loads((seed_site["site"] / "map" / "map.json").read_text())["topics"][0][0]
    page.goto(f"{server}topics/{topic}/")
    region = page.locator("#map-region[data-digest-ready]")
    region.wait_for()
    assert region.locator("canvas").get_attribute("aria-label").startswith("This topic's papers")
    assert (
        region.get_by_role("link", name="Open the whole map")
        .get_attribute("href")
        .endswith("/map/")
    )
    assert not page.errors and not bad_responses(page)


def test_without_javascript_the_map_page_points_to_the_topics(browser, server):
    with without_javascript(browser) as page:
        page.goto(server + "map/")
        box = page.locator("#digest-map")
        assert "needs JavaScript" in box.inner_text()
        assert box.get_by_role("link", name="Topics").get_attribute("href") == "../topics/"


def test_by_keyboard_the_paper_in_the_middle_is_named_and_enter_opens_it(page, server, seed_site):
    canvas = opened(page, server)
    titles = json.loads((seed_site["site"] / "map" / "titles-0.json").read_text())
    points = np.frombuffer((seed_site["site"] / "map" / "points.bin").read_bytes(), "<u2")
    points = points.reshape(-1, 3)
    alone = int(np.argmax(np.linalg.norm(points[:, :2] - points[:, :2].mean(axis=0), axis=1)))
    page.evaluate(  # that paper to the middle
        """index => fetch('../map/points.bin').then(r => r.arrayBuffer()).then(buffer => {
          const points = new Uint16Array(buffer), view = window.digestMapView;
          const at = view.toScreen(points[3 * index], points[3 * index + 1]);
          const size = view.size();
          view.x += size[0] / 2 - at[0]; view.y += size[1] / 2 - at[1]; view.draw(); })""",
        alone,
    )
    canvas.focus()
    page.keyboard.press("+")
    page.wait_for_function(
        "title => document.querySelector('.digest-map-tip').textContent === title",
        arg=titles[alone][1],
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/papers/{titles[alone][0]}/")
    assert not page.errors

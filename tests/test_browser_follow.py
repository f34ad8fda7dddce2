"""Following in a real browser (theme/assets/javascripts/follow.js, publish/followed.py): a
tag, a topic and an author followed, a dump added and the site rebuilt, and My digest marks
exactly the followed groups' new papers, once; follows export, import and become OPML; nothing
leaves the site's origin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS
from fake_embedder import HashingEmbedder
from lxml import etree
from test_browser import pytestmark  # noqa: F401 (marks)
from test_browser_pagefind import pagefind_build, serving
from test_browser_pages import AXE, axe_violations, open_page

from generator.config import load_config
from generator.pipeline import build


def group_slugs(site: Path, path: str) -> list[str]:
    return [row[0] for row in json.loads((site / path / "papers.json").read_text())["papers"]]


def followed_pair(built) -> tuple[str, str]:
    """The largest topic and the largest tag with a feed: (topic path, tag path)."""
    site = built["site"]

    def size(path: Path) -> int:
        return json.loads(path.read_text())["count"]

    topics = sorted(site.glob("topics/*/papers.json"), key=lambda p: (-size(p), p.parent.name))
    tags = [p for p in site.glob("tags/*/papers.json") if json.loads(p.read_text())["feed"]]
    tags.sort(key=lambda p: (-size(p), p.parent.name))
    return f"topics/{topics[0].parent.name}/", f"tags/{tags[0].parent.name}/"


def followed_author(built) -> tuple[str, str]:
    """The author with the most papers: (page path, name)."""
    found = [
        (-data["count"], path.parent.name, data["label"].removeprefix("Author: "))
        for path in built["site"].glob("authors/*/papers.json")
        for data in [json.loads(path.read_text())]
    ]
    _, slug, name = min(found)
    return f"authors/{slug}/", name


def new_dump(built, tag: str, author: str) -> None:
    """A day's dump of three papers that follow three of the tag's papers closely, by
    `author` and someone new."""
    by_slug = {paper["slug"]: paper for paper in built["papers"]}
    lines = []
    for number, slug in enumerate(group_slugs(built["site"], tag)[:3], start=1):
        paper = by_slug[slug]
        record = {
            "id": f"2699.{number:05d}",
            "title": f"{paper['title']}, Revisited",
            "summary": f"{paper['abstract']} We revisit it at a larger scale.",
            "authors": [author, "A. Reader"],
            "categories": paper["categories"] or ["cs.LG"],
        }
        lines.append(json.dumps(record))
    sources = built["config"].sources_dir
    (sources / "zz-revisited-2026-12-01.jsonl").write_text("\n".join(lines) + "\n")


def served_seeds(folder: Path):
    shutil.copytree(SEEDS, folder / "sources")
    built = pagefind_build(folder, folder / "sources")
    httpd, url = serving(built)
    yield built, url
    httpd.shutdown()


@pytest.fixture
def growing(tmp_path):
    """The seed site of the test's own, to add a dump to."""
    yield from served_seeds(tmp_path)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The seed site, shared by the tests that only read it."""
    yield from served_seeds(tmp_path_factory.mktemp("follow"))


def follow(page, url: str, *groups: str) -> None:
    """Click Follow on each group's page, and wait until it is kept."""
    for group in groups:
        page.goto(url + group)
        page.get_by_role("button", name="Follow", exact=True).click()
        page.locator("button.digest-follow[aria-pressed=true]").wait_for()


def my_digest(page, url: str) -> tuple[list[str], list[str], str]:
    """(every paper listed, those marked new, the count line) of My digest, once it is done."""
    page.goto(url + "my/")
    page.locator("#digest-my[data-digest-ready]").wait_for()
    listed = page.locator(".digest-my-list li a")
    slugs = [
        href.split("/papers/")[1].strip("/")
        for href in listed.evaluate_all("links => links.map(a => a.href)")
    ]
    fresh = page.locator(".digest-my-list li.digest-new a").evaluate_all(
        "links => links.map(a => a.href.split('/papers/')[1].replace('/', ''))"
    )
    return slugs, fresh, page.locator(".digest-my-count").inner_text()


def test_my_digest_marks_exactly_the_new_papers_of_what_is_followed_once(browser, growing):
    built, url = growing
    topic, tag = followed_pair(built)
    author, name = followed_author(built)
    groups = (topic, tag, author)
    page = open_page(browser)
    try:
        follow(page, url, *groups)
        before = {slug for group in groups for slug in group_slugs(built["site"], group)}
        listed, fresh, count = my_digest(page, url)
        assert set(listed) == before and fresh == [] and count.startswith("0 new")

        new_dump(built, tag, name)
        build(load_config(built["config"].config_file), embedder=HashingEmbedder())
        after = {slug for group in groups for slug in group_slugs(built["site"], group)}
        arrived = after - before
        assert len(arrived) == 3  # the revisited papers, by the author (and maybe of the tag)
        listed, fresh, count = my_digest(page, url)
        assert set(listed) == after and set(fresh) == arrived
        assert count.startswith(f"{len(arrived)} new since your last visit")
        if AXE.is_file():
            assert not axe_violations(page)
        _, fresh, count = my_digest(page, url)  # viewed: nothing is new any more
        assert fresh == [] and count.startswith("0 new")
        kept = page.evaluate("JSON.parse(localStorage.getItem('digest-follow:/paper-digest/'))")
        assert sorted(kept["seen"]) == sorted(after)  # no more remembered than the groups hold
        assert not page.errors and not [
            u
            for u in page.requested
            if not u.startswith((url.split("/paper-digest/")[0] + "/", "blob:"))
        ]
    finally:
        page.context.close()


def test_follows_export_import_and_become_opml(browser, project):
    built, url = project
    topic, tag = followed_pair(built)
    page = open_page(browser)
    try:
        follow(page, url, topic, tag)
        my_digest(page, url)
        with page.expect_download() as exported:
            page.get_by_role("button", name="Export follows").click()
        saved = Path(exported.value.path()).read_text()
        assert [g["path"] for g in json.loads(saved)["follows"]] == [topic, tag]
        with page.expect_download() as outline:
            page.get_by_role("button", name="Feeds as OPML").click()
        tree = etree.fromstring(Path(outline.value.path()).read_bytes())
        assert tree.xpath("//outline/@xmlUrl") == [f"{url}{topic}feed.xml", f"{url}{tag}feed.xml"]

        page.evaluate("localStorage.clear()")
        page.reload()
        page.locator("#digest-my[data-digest-ready]").wait_for()
        assert "You follow nothing yet" in page.locator("#digest-my").inner_text()
        page.locator("#digest-my input[type=file]").set_input_files(
            files=[
                {"name": "followed.json", "mimeType": "application/json", "buffer": saved.encode()}
            ]
        )
        page.locator(".digest-followed li").nth(1).wait_for()
        with page.expect_download() as again:
            page.get_by_role("button", name="Export follows").click()
        assert Path(again.value.path()).read_text() == saved  # the round trip is exact
        outside = {"follows": [{"path": "tags/../../elsewhere/", "label": "x"}]}
        for wrong in (b"[1, 2]", json.dumps(outside).encode()):
            page.locator("#digest-my input[type=file]").set_input_files(
                files=[{"name": "x.json", "mimeType": "application/json", "buffer": wrong}]
            )
            page.get_by_role("alert").wait_for()
            page.evaluate("document.querySelector('.digest-my-error').remove()")
        assert page.locator(".digest-followed li").count() == 2  # nothing of them followed
    finally:
        page.context.close()


def test_group_data_is_the_newest_papers_as_text_and_nothing_personal(project):
    built, _ = project
    site = built["site"]
    topic, _ = followed_pair(built)
    data = json.loads((site / topic / "papers.json").read_text())
    assert data["label"].startswith("Topic: ") and data["feed"] is True
    assert len(data["papers"]) == min(data["count"], 20)
    arrived = [row[2] for row in data["papers"]]
    assert arrived == sorted(arrived, reverse=True)
    page = (site / "my" / "index.html").read_text()
    assert 'id="digest-my"' in page and "digest-my-list" not in page

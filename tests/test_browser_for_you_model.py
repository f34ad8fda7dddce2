"""For you with the real model, in a real browser (issue 25): the seeds committed, the arXiv
sample day committed 40 days later; three NeRF seed papers saved (older than the window, so
their vectors come from their own pages). The sample day's NeRF and 3D-reconstruction papers
rank above its language-model papers."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import threading

import pytest
from conftest import SEEDS, SiteHandler
from test_arrival import SAMPLE_DAY, commit
from test_browser import pytestmark  # noqa: F401 (marks)
from test_browser_pages import bad_responses, open_page
from test_build import project

from generator.pipeline import build
from generator.state import files

NERF_SEEDS = (
    "activenerf-learning-where-to-see-with-uncertainty-estimation",
    "caesarnerf-an-end-to-end-approach-that-leverages-scene-level-semantic",
    "distgrid-a-scalable-scene-reconstruction-method-based-on-joint-multi",
)
THREE_D = re.compile(
    r"radiance field|\bnerf|gaussian splatting|3d reconstruction|scene reconstruction"
    r"|novel[- ]view",
    re.I,
)
LANGUAGE_MODEL = re.compile(r"language model|\bllms?\b", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("for-you")
    config = project(tmp, {name: SEEDS / name for name in sorted(os.listdir(SEEDS))})
    subprocess.run(["git", "init", "-q", str(config.sources_dir)], check=True)
    commit(config.sources_dir, "2026-05-20T09:00:00Z")
    (config.sources_dir / SAMPLE_DAY.name).write_bytes(SAMPLE_DAY.read_bytes())
    commit(config.sources_dir, "2026-06-29T21:00:00Z")
    build(config, strict=True)  # the real model
    handler = functools.partial(SiteHandler, "/paper-digest/", directory=str(config.site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield config, f"http://127.0.0.1:{httpd.server_address[1]}/paper-digest/"
    httpd.shutdown()


def test_saved_nerf_papers_rank_the_days_3d_papers_above_its_language_model_papers(browser, site):
    config, url = site
    papers = files.load_json(config.site_dir / "papers.json.gz", None)
    window = json.loads((config.site_dir / "for-you" / "papers.json").read_text())["papers"]
    day = {paper["slug"]: paper for paper in papers if paper["first_seen"] == "2026-06-29"}
    assert {row[0] for row in window} == set(day)  # the seeds are older than the window
    assert all(len(row[3]) == 172 for row in window)  # 128 bytes a paper

    def text(slug: str) -> str:
        return day[slug]["title"] + " " + day[slug]["abstract"]

    three_d = {slug for slug in day if THREE_D.search(text(slug))}
    language = {
        slug
        for slug in day
        if LANGUAGE_MODEL.search(text(slug))
        and day[slug]["categories"][:1] == ["cs.CL"]
        and slug not in three_d
    }
    assert len(three_d) >= 8 and len(language) >= 8, (len(three_d), len(language))

    page = open_page(browser)
    for slug in NERF_SEEDS:
        page.goto(f"{url}papers/{slug}/")
        page.get_by_role("button", name="Save", exact=True).click()
    page.goto(url + "for-you/")
    page.wait_for_selector("#digest-for-you[data-digest-ready]")
    more = page.get_by_role("button", name="Show more")
    while more.count():
        more.click()
    links = page.locator("ul.digest-for-you > li > a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    ranked = [href.rstrip("/").rsplit("/", 1)[1] for href in links]
    assert sorted(ranked) == sorted(day)
    rank = {slug: index for index, slug in enumerate(ranked)}
    assert max(rank[slug] for slug in three_d) < min(rank[slug] for slug in language), sorted(
        (rank[slug], "3D", day[slug]["title"]) for slug in three_d
    ) + sorted((rank[slug], "LM", day[slug]["title"]) for slug in language)
    assert not page.errors and not bad_responses(page)
    origin = url.split("/paper-digest/")[0] + "/"
    outside = [u for u in page.requested if not u.startswith((origin, "blob:" + origin))]
    assert not outside  # nothing leaves the site
    page.context.close()

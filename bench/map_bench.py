"""The map of the field in Debian's chromium, at the seeds' size and at 100k papers: how long
laying it out takes (a first build; then one new paper placed among the others), the bytes a
reader fetches (first drawing, and all the titles a search reads), the time to the first
drawing, frames a second while panning and the time to draw one frame. The corpus is
synthetic: clustered vectors, one topic a cluster (about sqrt(n) of them, as the digest's
topics); the page is the map box alone with the site's scripts and CSS, served locally.
Baselines: the seeds' size.

    python bench/run.py --only map
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from sections import ROOT, row

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="../assets/stylesheets/digest.css">
<style>body{font-family:sans-serif;margin:1rem} .md-typeset canvas{width:100%}</style></head>
<body><div class="md-typeset"><div id="digest-map"></div></div>
<script src="../assets/javascripts/map.js"></script>
<script src="../assets/javascripts/map_page.js"></script></body></html>"""


def synthetic(size: int, seed: int = 0):
    from generator.model import Paper
    from generator.publish.indexes import Group
    from generator.tags.compact import compact_vectors, projection_for

    rng = np.random.default_rng(seed)
    count = max(2, int(np.sqrt(size)))
    centres = rng.normal(size=(count, 64))
    label = rng.integers(0, count, size)
    vectors = centres[label] + rng.normal(scale=0.7, size=(size, 64))
    compact = compact_vectors(vectors.astype(np.float32), projection_for("synthetic", 64))
    papers = [
        Paper(f"p{n:06d}", f"Paper {n} on subject {label[n]}", False, "An abstract.",
              slug=f"paper-{n:06d}", compact_vector=compact[n],
              arrived=f"2026-{1 + n * 12 // size:02d}-01T00:00:00Z")
        for n in range(size)
    ]  # fmt: skip
    topics = [
        Group("topics", f"subject-{t}", f"subject {t}", tuple(p for p, k in zip(papers, label,
              strict=True) if k == t))
        for t in range(count)
    ]  # fmt: skip
    return papers, topics


def laid_out(size: int, folder: Path) -> dict:
    from generator.publish.field_map import map_files, read_positions

    papers, topics = synthetic(size)
    start = time.perf_counter()
    made = map_files(papers[:-1], topics, {})
    cold = time.perf_counter() - start
    for name, data in made.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    start = time.perf_counter()
    made = map_files(papers, topics, read_positions(folder))
    one = time.perf_counter() - start
    for name, data in made.items():
        (folder / name).write_bytes(data)
    scripts = folder / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    for name in ("map.js", "map_page.js"):
        shutil.copy(ROOT / "theme" / "assets" / "javascripts" / name, scripts / name)
    (folder / "assets" / "stylesheets").mkdir()
    shutil.copy(ROOT / "theme" / "assets" / "stylesheets" / "digest.css", folder / "assets" /
                "stylesheets")  # fmt: skip
    (folder / "map" / "index.html").write_text(PAGE)
    first = sum(len(made[name]) for name in ("map/points.bin", "map/map.json"))
    titles = sum(len(data) for name, data in made.items() if "titles-" in name)
    zipped = sum(len(gzip.compress(data, 6)) for name, data in made.items() if "titles-" in name)
    return {"cold": cold, "one": one, "first": first, "titles": titles, "titles_gz": zipped}


PANNING = """() => new Promise(done => {
  const view = window.digestMapView, start = performance.now();
  let frames = 0;
  function step(now) {
    view.x += 3; view.draw(); frames++;
    if (now - start < 2000) requestAnimationFrame(step); else done([frames, now - start]);
  }
  requestAnimationFrame(step);
})"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the bench's table, not a line per request
        pass


def in_chromium(folder: Path) -> dict:
    """The map page under `folder` (map/index.html) in chromium: time to the first drawing,
    bytes of every response it took (bodies as served, no compression), panning."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/map/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            sizes: list[int] = []
            page.on(
                "requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"])
            )
            page.goto(url)
            box = page.locator("#digest-map[data-digest-ready]")
            box.wait_for(timeout=120_000)
            first_drawing = int(box.get_attribute("data-digest-ready") or 0)
            fetched = sum(sizes)
            # Panning as a drag does it: the view moves and is drawn again each frame.
            frames, elapsed = page.evaluate(PANNING)
            draw_ms = page.evaluate(
                "() => { const v = window.digestMapView, t = performance.now();"
                " for (let i = 0; i < 20; i++) { v.x += 1; v.draw(); }"
                " return (performance.now() - t) / 20; }"
            )
            browser.close()
    finally:
        httpd.shutdown()
    return {
        "first_ms": first_drawing,
        "fps": frames / elapsed * 1000,
        "draw_ms": draw_ms,
        "fetched": fetched,
    }


def seed_site(folder: Path) -> Path:
    """The seed corpus built as `make site` builds it (the real model), into `folder`."""
    import yaml

    from generator.config import load_config
    from generator.pipeline import build

    shutil.copytree(ROOT / "content" / "sources", folder / "sources")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config.update(docs_dir=str(folder / "docs"), site_dir=str(folder / "site"))
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["hooks"] = [str(ROOT / "generator" / "site" / "mkdocs_hooks.py")]
    config["extra"]["digest"].update(
        sources_dir=str(folder / "sources"), cache_dir=str(folder / "cache"),
        curation_file=str(folder / "curation.yaml"),
    )  # fmt: skip
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    build(load_config(folder / "mkdocs.yml"))
    return folder / "site"


def map_bench(args) -> list[dict]:
    figures = {}
    for size in (398, 100_000):
        with tempfile.TemporaryDirectory() as folder:
            figures[size] = laid_out(size, Path(folder)) | in_chromium(Path(folder))
    small, large = figures[398], figures[100_000]
    with tempfile.TemporaryDirectory() as folder:
        seeds = in_chromium(seed_site(Path(folder)))
    note = "synthetic clusters; baseline: 398 papers (the seeds' size)"
    return [
        row("map: the seed site's map page, first drawing, ms", seeds["first_ms"],
            small["first_ms"], f"the real page and model; {seeds['fetched']} bytes fetched "
            f"in all; {seeds['fps']:.1f} frames a second panning; baseline: 398 synthetic"),
        row("map: lay out 100k papers (first build), s", large["cold"], small["cold"], note),
        row("map: place one new paper among 100k, s", large["one"], small["one"], note),
        row("map: bytes for the first drawing at 100k", large["first"], small["first"],
            f"points.bin and map.json, raw; {large['fetched']} fetched with the page and "
            "scripts; " + note),
        row("map: bytes of every title (a search) at 100k", large["titles"], small["titles"],
            f"{large['titles_gz']} gzipped; " + note),
        row("map: time to the first drawing at 100k, ms", large["first_ms"], small["first_ms"],
            "from navigation, chromium, local server; " + note),
        row("map: frames a second while panning at 100k", round(large["fps"], 1),
            round(small["fps"], 1), "2 s, moved and drawn each animation frame; " + note, True),
        row("map: ms to draw one frame at 100k", round(large["draw_ms"], 1),
            round(small["draw_ms"], 1), "mean of 20; " + note),
    ]  # fmt: skip

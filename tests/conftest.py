"""Shared fixtures: paths, a deterministic fake embedder, and a seed-corpus site built once."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import yaml
from fake_embedder import HashingEmbedder

from generator.config import load_config
from generator.state import files
from generator.state.memory import forget_process_caches

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INGEST_FIXTURES = FIXTURES / "ingest"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's; Playwright downloads none

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def make_project(tmp: Path, sources: Path, **digest) -> Path:
    """A mkdocs.yml like the repository's, with sources, docs, site and cache under `tmp`."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["docs_dir"] = str(tmp / "docs")
    config["site_dir"] = str(tmp / "site")
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["hooks"] = [str(ROOT / "generator" / "site" / "mkdocs_hooks.py")]
    config["extra"]["digest"].update(
        sources_dir=str(sources),
        cache_dir=str(tmp / "cache"),
        curation_file=str(tmp / "curation.yaml"),
        **digest,
    )
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.fixture(autouse=True)
def _empty_caches_under_mutmut():
    """Under mutmut (bench/mutation.py), each test starts with the generator's lru caches
    empty. mutmut runs the tests unmutated first (its stats and clean runs) and forks every
    mutant's run from that process: the caches it filled would answer in place of the mutated
    function (subjects.core, folding.singular, ...), whatever the mutant changed. Emptied before
    each test, not once, so the stats run also sees every test that reaches a cached function."""
    if "MUTANT_UNDER_TEST" in os.environ:
        forget_process_caches()


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


GOLDEN_EPOCH = "1700000000"  # the seed site's build date, whatever the commit (golden tree)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The seed corpus built end to end (fake embedder, real MkDocs), shared by site tests.
    Built from a copy outside git at a fixed date, so its bytes are the golden tree's."""
    from generator.pipeline import build

    tmp = tmp_path_factory.mktemp("seed-site")
    shutil.copytree(SEEDS, tmp / "sources")
    config = load_config(make_project(tmp, tmp / "sources"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", GOLDEN_EPOCH)
        result = build(config, embedder=HashingEmbedder(), strict=True)
    return {
        "config": config,
        "result": result,
        "site": config.site_dir,
        "papers": files.load_json(config.site_dir / "papers.json.gz", None),
        "report": json.loads((config.site_dir / "build-report.json").read_text()),
    }


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory):
    """The seed project built once (fake embedder, not strict): what `built_seeds` copies."""
    from generator.pipeline import build

    root = tmp_path_factory.mktemp("seed-template") / "a"
    root.mkdir()
    shutil.copytree(SEEDS, root / "sources")
    config = load_config(make_project(root, root / "sources"))
    return config, build(config, embedder=HashingEmbedder())


@pytest.fixture
def built_seeds(seed_template, tmp_path):
    """A copy of the built seed project, of its own, at tmp_path/a; and the template's build
    result (its first build). The files keep their times, so the copy's next build is a
    rebuild of an unchanged project, as in the original."""
    config, result = seed_template
    return copy_built_project(config, tmp_path / "a"), result


def copy_built_project(config, target: Path):
    """`config`'s project copied to `target` (files with their times; mkdocs.yml's absolute
    paths moved there), loaded."""
    shutil.copytree(config.root, target, symlinks=True)
    settings = target / "mkdocs.yml"
    settings.write_text(settings.read_text().replace(str(config.root), str(target)))
    return load_config(settings)


@pytest.fixture(scope="module")
def server(seed_site):
    """The seed site served as GitHub Pages would: under site_url's path (/paper-digest/, which
    Material's 404.html links by absolute path) and 404.html, status 404, for a missing URL.
    Yields the site's root URL."""
    prefix = urlsplit(seed_site["config"].site_url).path
    handler = functools.partial(SiteHandler, prefix, directory=str(seed_site["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    httpd.shutdown()


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, prefix: str, *args, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path.removeprefix(self.prefix))

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, driven by Playwright, once per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


def blobs(per_blob: int = 100, blobs: int = 6, dims: int = 16) -> tuple[list[str], np.ndarray]:
    """Well-separated Gaussian blobs of paper vectors, with ids in blob order."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(blobs, dims))
    vectors = np.concatenate(
        [centre + rng.normal(scale=0.6, size=(per_blob, dims)) for centre in centres]
    )
    return [f"p{i:04d}" for i in range(len(vectors))], vectors.astype(np.float32)


# A realistic abstract for the text-dump readers' tests (listing, titled): long enough to read
# as an abstract, and one more that differs.
COMPACT_ABSTRACT = (
    "We propose a compact network for image classification on small devices that shares "
    "weights across layers and prunes channels during training, and we show on three "
    "benchmarks that it keeps the accuracy of much larger models while using a tenth of "
    "their parameters and memory, which makes it practical on phones and embedded boards."
)
OTHER_COMPACT_ABSTRACT = COMPACT_ABSTRACT.replace("compact network", "sparse transformer")


def line_notes(file: str, *pairs: tuple[int, str]) -> list:
    """The LineNote of each (line, reason) of `file`, as a reader reports chrome or rejections."""
    from generator.model import LineNote, SourceRef

    return [LineNote(SourceRef(file, line), reason) for line, reason in pairs]

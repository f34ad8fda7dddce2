"""Reproducible builds: the same content gives byte-identical sites, whatever the hash seed;
and the built site has no broken internal link (linkchecker, served on localhost)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading

import pytest
from conftest import INGEST_FIXTURES, ROOT, SEEDS, make_project

pytestmark = pytest.mark.slow


def tree(folder) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def cli_build(project, seed: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "SOURCE_DATE_EPOCH": "1700000000",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "-f", str(project), "build", "--strict"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


def test_two_builds_with_different_hash_seeds_are_identical(tmp_path):
    sites = []
    for seed in ("1", "2"):
        home = tmp_path / f"build-{seed}"
        sources = home / "sources"
        sources.mkdir(parents=True)
        shutil.copy(SEEDS / "002_83346722b6145c5b.txt", sources / "listing.txt")
        shutil.copy(INGEST_FIXTURES / "titled-pairs.txt", sources / "pairs.txt")
        result = cli_build(make_project(home, sources), seed)
        assert result.returncode == 0, result.stderr
        sites.append(tree(home / "site"))
    assert sites[0] == sites[1]
    assert len(sites[0]) > 100


class LinkCheckerHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # linkchecker caps itself at 10 requests/s per host unless the server sends this header
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, *args):
        pass


def test_linkchecker_finds_no_broken_link(seed_site, tmp_path):
    handler = functools.partial(LinkCheckerHandler, directory=str(seed_site["site"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\nthreads=8\n")
    try:
        result = subprocess.run(
            [
                shutil.which("linkchecker", path=os.path.dirname(sys.executable)) or "linkchecker",
                "-f",
                str(config),
                "--no-status",
                "--no-warnings",
                "-o",
                "text",
                f"http://127.0.0.1:{httpd.server_address[1]}/",
            ],
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        httpd.shutdown()
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 errors found" in result.stdout

"""What a reader downloads to get results for one query: the site served on localhost, the
query typed into Material's search box in Debian's chromium, every search response summed
(Pagefind's runtime, index chunks and fragments, or lunr's whole index and worker)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

SEARCH_PATHS = ("/pagefind/", "/search/")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def search_download_bytes(site: Path, query: str) -> int:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.on(
                "response",
                lambda r: (
                    any(p in r.url for p in SEARCH_PATHS)
                    and sizes.__setitem__(r.url, len(r.body()))
                ),
            )
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.keyboard.press("/")
            page.locator(".md-search__input").press_sequentially(query, delay=20)
            page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        httpd.shutdown()
    return sum(sizes.values())

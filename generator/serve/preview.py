"""`digest serve`: the built site/ on a local HTTP server, at the path of `site_url`, so
links, feeds and search behave as on the published site. Paper and group pages are not
MkDocs pages (shell.py), so `mkdocs serve` could not show them."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlparse


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):  # serves GET and HEAD alike
        if not self.path.startswith(self.prefix):
            self.send_response(302)  # the site lives under site_url's path, as when published
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix) :])


def make_server(site_dir: Path, site_url: str, address: str) -> http.server.ThreadingHTTPServer:
    host, _, port = address.rpartition(":")
    handler = functools.partial(
        SiteHandler, directory=str(site_dir), prefix=urlparse(site_url).path or "/"
    )
    return http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)


def serve(site_dir: Path, site_url: str, address: str) -> None:
    with make_server(site_dir, site_url, address) as httpd:
        announce(httpd, site_dir, site_url)
        with suppress(KeyboardInterrupt):
            httpd.serve_forever()


def announce(
    httpd: http.server.ThreadingHTTPServer, site_dir: Path, site_url: str, doing: str = ""
) -> None:
    host, port = httpd.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    print(
        f"Serving {site_dir} at http://{host}:{port}{urlparse(site_url).path or '/'}{doing}"
        " (Ctrl-C stops)"
    )


@contextmanager
def serve_in_background(site_dir: Path, site_url: str, address: str):
    """The server of `serve`, answering from a thread while the caller goes on (`serve --watch`)."""
    httpd = make_server(site_dir, site_url, address)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()

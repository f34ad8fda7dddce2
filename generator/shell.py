"""Material's page chrome for the pages the generator renders itself (render.HtmlPage).

MkDocs builds one placeholder page per folder depth, a *shell*, with marker strings where a
page's title, description, canonical URL, body and extra head go. Every paper and group page
at that depth is the shell with the markers replaced: the same header, nav, search box,
palette toggle, scripts and relative asset URLs MkDocs would have rendered, at a fraction of
a millisecond per page instead of several (MkDocs re-renders every page on every build).
"""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterable

from .render import HtmlPage

FOLDER = "digest-shell"
# Paper and group pages live at `kind/slug/` (depth 2) or `kind/slug/page-n/` (depth 3).
SHELL_DOCS = {2: f"{FOLDER}/page.md", 3: f"{FOLDER}/deeper/page.md"}
TITLE, DESCRIPTION, BODY = "DIGESTSHELLTITLE", "DIGESTSHELLDESCRIPTION", "DIGESTSHELLBODY"
EXTRA_HEAD = '<meta name="digest-extra-head">'  # written by theme/main.html on shell pages
# Material's content block: its own h1 from the page title (our body brings its h1), then ours.
CONTENT = re.compile(rf"<h1>{TITLE}</h1>\s*<p>{BODY}</p>")
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); past that, a sitemap index


class ShellError(RuntimeError):
    pass


def shell_markdown() -> dict[str, str]:
    """The shell pages for docs_dir: out of the nav, the search index and the TOC."""
    page = (f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\ndigest_shell: true\nhide: [toc]\n"
            f"search:\n  exclude: true\n---\n{BODY}\n")
    return {path: page for path in SHELL_DOCS.values()}


def shell_url(depth: int) -> str:
    return SHELL_DOCS[depth].removesuffix(".md") + "/"


@dataclass(frozen=True)
class Shell:
    parts: tuple[str, ...]  # literal text and marker slots, alternating (re.split with a group)

    def stamp(self, values: dict[str, str]) -> str:
        return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(self.parts))


def parse_shell(html: str, canonical: str) -> Shell:
    """Split a built shell at its markers; fail loudly if Material's templates moved one."""
    html, found = CONTENT.subn(BODY, html)
    expected = {BODY: 1, EXTRA_HEAD: 1, DESCRIPTION: 1, canonical: 1}
    counts = {marker: html.count(marker) for marker in expected}
    if found != 1 or counts != expected or TITLE not in html:
        raise ShellError(f"the page shell no longer has its markers (Material template changed?): {counts}")
    markers = [TITLE, DESCRIPTION, BODY, EXTRA_HEAD, canonical]
    return Shell(tuple(re.split("(" + "|".join(map(re.escape, markers)) + ")", html)))


def load_shells(site_dir: Path, site_url: str) -> dict[int, Shell]:
    """Read the built shells and remove them from the site."""
    shells = {}
    for depth in SHELL_DOCS:
        shells[depth] = parse_shell((site_dir / shell_url(depth) / "index.html").read_text(encoding="utf-8"),
                                    f"{site_url}{shell_url(depth)}")
    shutil.rmtree(site_dir / FOLDER)
    return shells


def stamp_page(shells: dict[int, Shell], page: HtmlPage, site_url: str) -> str:
    feed = (f'<link rel="alternate" type="application/rss+xml" title="{escape(page.title)} (RSS)" href="{page.feed}">'
            if page.feed else "")
    values = {TITLE: escape(page.title), DESCRIPTION: escape(page.description), BODY: page.body, EXTRA_HEAD: feed,
              f"{site_url}{shell_url(page.depth)}": escape(f"{site_url}{page.url}")}
    return shells[page.depth].stamp(values)


def write_pages(site_dir: Path, shells: dict[int, Shell], pages: Iterable[HtmlPage], site_url: str) -> list[str]:
    """Stamp every page into its shell and write it as `url/index.html`; returns the URLs."""
    urls = []
    for page in pages:
        folder = site_dir / page.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(stamp_page(shells, page, site_url), encoding="utf-8")
        urls.append(page.url)
    return urls


def write_sitemap(site_dir: Path, site_url: str, urls: list[str], lastmod: str) -> None:
    """MkDocs' sitemap lists only the pages it built; this one lists every page (`urls`
    relative to the site), in files of SITEMAP_LIMIT under a sitemap index past that."""
    for stale in site_dir.glob("sitemap*.xml*"):
        stale.unlink()
    absolute = [site_url + url for url in urls]
    chunks = [absolute[start:start + SITEMAP_LIMIT] for start in range(0, len(absolute), SITEMAP_LIMIT)] or [[]]
    if len(chunks) == 1:
        return _write_xml(site_dir / "sitemap.xml", _urlset(chunks[0], lastmod))
    names = [f"sitemap-{number}.xml" for number in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        _write_xml(site_dir / name, _urlset(chunk, lastmod))
    entries = "".join(f"  <sitemap><loc>{escape(site_url + name)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
                      for name in names)
    _write_xml(site_dir / "sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
               '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</sitemapindex>\n")


def _urlset(urls: list[str], lastmod: str) -> str:
    entries = "".join(f"  <url><loc>{escape(url)}</loc><lastmod>{lastmod}</lastmod></url>\n" for url in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")


def _write_xml(path: Path, text: str) -> None:
    data = text.encode()
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))

"""Material's page chrome for every page, built by MkDocs only when the chrome changes.

MkDocs builds placeholder pages, *shells*, with marker strings where a page's body (and for
paper and group pages its title, description, canonical URL and feed link) go: one shell per
folder depth for paper and group pages, one per nav page at its own URL (so its tab is the
active one). Every page is its shell with the markers replaced: the same header, nav, search
box, palette toggle, scripts and relative asset URLs MkDocs would have rendered, at a
fraction of a millisecond per page instead of several.

The shells and the files MkDocs wrote (theme assets, the 404 page) are the *chrome*. It is
kept in the site's manifest with a fingerprint of what it is built from (mkdocs.yml, the
theme folder, the shells' Markdown, the code and library versions): a rebuild whose chrome
is unchanged runs no MkDocs at all.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.publish.render import HtmlPage
from generator.publish.search import LUNR_INDEX
from generator.site.lean import LeanError, lean_shell, without_lean_marks
from generator.site.site import hash_files
from generator.state.codec import require

FOLDER = "digest-shell"
# Paper and group pages live at `kind/slug/` (depth 2) or `kind/slug/page-n/` (depth 3).
SHELL_DOCS = {2: f"{FOLDER}/page.md", 3: f"{FOLDER}/deeper/page.md"}
TITLE, DESCRIPTION, BODY = "DIGESTSHELLTITLE", "DIGESTSHELLDESCRIPTION", "DIGESTSHELLBODY"
CANONICAL = "DIGESTSHELLCANONICAL"  # a depth shell's canonical URL (mkdocs_hooks.py)
EXTRA_HEAD = '<meta name="digest-extra-head">'  # written by theme/main.html on shell pages
# What a page puts in its head or its article: never in the chrome its script writes.
PAGE_MARKERS = (BODY, DESCRIPTION, CANONICAL, EXTRA_HEAD)
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); past that, a sitemap index


class ShellError(RuntimeError):
    pass


def chrome_markdown(nav: Iterable[HtmlPage]) -> dict[str, str]:
    """The pages MkDocs builds (docs_dir): the depth shells and a shell per nav page, all out
    of the search index (a search lands on papers) and without a table of contents."""
    pages = {path: _shell_page(TITLE, DESCRIPTION) for path in SHELL_DOCS.values()}
    pages.update({f"{page.url}index.md": _shell_page(page.title) for page in nav})
    return pages


def _shell_page(title: str, description: str = "") -> str:
    meta = {
        "title": html.escape(title),
        "digest_shell": True,
        "hide": ["toc"],
        "search": {"exclude": True},
    }
    if description:
        meta["description"] = description
    return f"---\n{yaml.safe_dump(meta, sort_keys=True)}---\n{BODY}\n"


def chrome_urls(nav: Iterable[HtmlPage]) -> list[str]:
    """The URLs of every shell: the depth shells' and the nav pages'."""
    return [shell_url(depth) for depth in SHELL_DOCS] + [page.url for page in nav]


def shell_url(depth: int) -> str:
    return SHELL_DOCS[depth].removesuffix(".md") + "/"


def shell_key(page: HtmlPage) -> str:
    """The URL of the shell a page is stamped into."""
    return page.url if page.nav else shell_url(page.depth)


@dataclass(frozen=True)
class Shell:
    parts: tuple[str, ...]  # literal text and marker slots, alternating (re.split with a group)

    def stamp(self, values: dict[str, str]) -> str:
        return "".join(
            values.get(part, part) if index % 2 else part for index, part in enumerate(self.parts)
        )


def parse_shell(text: str, depth_shell: bool) -> Shell:
    """Split a built shell at its markers; fail naming what is missing if the theme lost one.
    A depth shell also carries each page's title, description and canonical URL."""
    counts = {marker: text.count(marker) for marker in (BODY, EXTRA_HEAD)}
    missing = [f"{marker} found {count} times" for marker, count in counts.items() if count != 1]
    if depth_shell and TITLE not in text:
        missing.append(f"{TITLE} (the page title) not found")
    if missing:
        raise ShellError(
            f"the page shell lacks its markers ({'; '.join(missing)}): the theme's main.html "
            "must keep the digest's container block and its digest-extra-head meta"
        )
    markers = [BODY, EXTRA_HEAD] + ([TITLE, DESCRIPTION, CANONICAL] if depth_shell else [])
    return Shell(tuple(re.split("(" + "|".join(map(re.escape, markers)) + ")", text)))


@dataclass(frozen=True)
class Chrome:
    """What MkDocs built: the shells by URL, the other files it wrote (name -> digest of the
    bytes), and lunr's index without documents (None in Pagefind mode)."""

    key: str
    shells: dict[str, Shell]
    files: dict[str, str]
    search_index: dict | None
    strict: bool = False  # built by `mkdocs build --strict`: good for strict and other builds alike

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "shells": {url: list(shell.parts) for url, shell in sorted(self.shells.items())},
            "files": dict(sorted(self.files.items())),
            "search_index": self.search_index,
            "strict": self.strict,
        }

    @classmethod
    def from_json(cls, data: dict) -> Chrome:
        """What to_json wrote; raises on anything else (codec.decoded: MkDocs runs again)."""
        shells, files = data["shells"], data["files"]
        require(all(isinstance(parts, list) for parts in shells.values()), "shells")
        parts = (part for parts in shells.values() for part in parts)
        texts = [data["key"], *shells, *files, *files.values(), *parts]
        require(all(isinstance(text, str) for text in texts), "the chrome's texts")
        require(type(data["strict"]) is bool, "a strict flag")
        require(data["search_index"] is None or type(data["search_index"]) is dict, "an index")
        return cls(
            data["key"],
            {url: Shell(tuple(parts)) for url, parts in shells.items()},
            dict(files),
            data["search_index"],
            data["strict"],
        )


def load_chrome(
    site_dir: Path, key: str, nav_urls: list[str], strict: bool, site_name: str
) -> Chrome:
    """Read the shells MkDocs built into `site_dir` and remove them, with the files every build
    writes again (sitemap, lunr index); write the lean pages' chrome scripts (lean.py);
    fingerprint the rest."""
    shells = {}
    for depth in SHELL_DOCS:
        text = (site_dir / shell_url(depth) / "index.html").read_text(encoding="utf-8")
        try:
            page, name, script = lean_shell(text, depth, TITLE, site_name, PAGE_MARKERS)
        except LeanError as error:
            raise ShellError(
                f"{error}: the theme's main.html must keep the digest's container block"
            ) from error
        (site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / name).write_text(script, encoding="utf-8")
        shells[shell_url(depth)] = parse_shell(page, True)
    shutil.rmtree(site_dir / FOLDER)
    for url in nav_urls:
        shells[url] = parse_shell(
            without_lean_marks((site_dir / url / "index.html").read_text(encoding="utf-8")), False
        )
        (site_dir / url / "index.html").unlink()
    search_index = None
    if (site_dir / LUNR_INDEX).is_file():
        search_index = json.loads((site_dir / LUNR_INDEX).read_text(encoding="utf-8"))
        (site_dir / LUNR_INDEX).unlink()
    for sitemap in site_dir.glob("sitemap*.xml*"):
        sitemap.unlink()
    return Chrome(key, shells, hash_files(site_dir, set(), set(), set()), search_index, strict)


def stamp_page(shells: dict[str, Shell], page: HtmlPage, site_url: str, site_name: str) -> str:
    title = html.escape(page.title)
    head = '<meta name="robots" content="noindex">' if page.noindex else ""  # pointer pages
    if page.site_feeds:
        up, name = "../" * page.depth, html.escape(site_name)
        head += (
            f'<link rel="alternate" type="application/rss+xml" title="{name} (RSS)" '
            f'href="{up}feed.xml">\n'
            f'<link rel="alternate" type="application/atom+xml" title="{name} (Atom)" '
            f'href="{up}atom.xml">'
        )
    if page.feed:
        head += (
            f'\n<link rel="alternate" type="application/rss+xml" title="{title} (RSS)" '
            f'href="{page.feed}">'
        )
    values = {
        TITLE: html.escape(page.title),
        DESCRIPTION: html.escape(page.description),
        BODY: page.body,
        EXTRA_HEAD: head,
    }
    if not page.nav:  # a nav shell carries its page's own canonical URL already
        values[CANONICAL] = html.escape(f"{site_url}{page.url}")
    return shells[shell_key(page)].stamp(values)


def write_pages(
    site_dir: Path,
    shells: dict[str, Shell],
    pages: Iterable[HtmlPage],
    site_url: str,
    site_name: str,
) -> list[str]:
    """Stamp every page into its shell and write it as `url/index.html`; returns the URLs."""
    urls = []
    for page in pages:
        folder = site_dir / page.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(
            stamp_page(shells, page, site_url, site_name), encoding="utf-8"
        )
        urls.append(page.url)
    return urls


def write_sitemap(site_dir: Path, site_url: str, urls: list[str], lastmod: str) -> None:
    """MkDocs' sitemap lists only the pages it built; this one lists every page (`urls`
    relative to the site), in files of SITEMAP_LIMIT under a sitemap index past that (those
    only gzipped, as crawlers read them: 23 MB plain at 100k papers)."""
    for stale in site_dir.glob("sitemap*.xml*"):
        stale.unlink()
    absolute = [site_url + url for url in urls]
    chunks = [
        absolute[start : start + SITEMAP_LIMIT] for start in range(0, len(absolute), SITEMAP_LIMIT)
    ] or [[]]
    if len(chunks) == 1:
        return _write_xml(site_dir / "sitemap.xml", _urlset(chunks[0], lastmod))
    names = [f"sitemap-{number}.xml.gz" for number in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks, strict=True):
        (site_dir / name).write_bytes(gzip.compress(_urlset(chunk, lastmod).encode(), mtime=0))
    entries = "".join(
        f"  <sitemap><loc>{html.escape(site_url + name)}</loc>"
        f"<lastmod>{lastmod}</lastmod></sitemap>\n"
        for name in names
    )
    _write_xml(
        site_dir / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + entries
        + "</sitemapindex>\n",
    )


def _urlset(urls: list[str], lastmod: str) -> str:
    entries = "".join(
        f"  <url><loc>{html.escape(url)}</loc><lastmod>{lastmod}</lastmod></url>\n" for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    )


def _write_xml(path: Path, text: str) -> None:
    data = text.encode()
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, mtime=0))

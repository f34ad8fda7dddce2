"""A rendered page and what the build knows about it.

`HtmlPage` is a page rendered (render.py, pointers.py), ready to stamp into Material's chrome
(shell.py). `PageSource` is a page before it is rendered, with a fingerprint of its inputs so a
rebuild renders only the pages whose inputs changed; `PaperDigests` fingerprints the papers
those inputs show. `LinkCheck` finds the relative links in rendered pages that lead nowhere.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter

from generator.model import Paper
from generator.state.fingerprint import Held, repr_digest

HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class HtmlPage:
    """A page rendered here, stamped into Material's chrome by the build (shell.py)."""

    url: str  # "papers/slug/": the page is url + "index.html"
    title: str  # plain text, escaped where it is stamped
    description: str
    body: str  # sanitized HTML
    feed: str = ""  # the page's own RSS feed, relative to it, for autodiscovery
    # a nav page: stamped into the shell MkDocs built at its own URL (its tab active)
    nav: bool = False
    noindex: bool = False  # kept out of web search engines (a pointer page: pointers.py)
    # links the site's feeds for autodiscovery; a paper page does not (200 bytes on each of
    # 100k pages): a reader subscribes from the home page, an issue, a tag or a topic
    site_feeds: bool = True

    @property
    def depth(self) -> int:
        return self.url.count("/")


@dataclass(frozen=True)
class PageSource:
    """A page before it is rendered: its URL, a fingerprint of everything it is rendered
    from (the paper and every label, slug and neighbour it shows or links to), and how to
    render it. A rebuild renders only pages whose fingerprint changed (site.py)."""

    url: str
    inputs: str
    render: Callable[[], HtmlPage]


# feeds, the home page and /new/ show them
ARRIVAL_FIELDS = ("first_seen", "arrived", "arrived_from")
PAGE_FIELDS = tuple(f.name for f in fields(Paper) if f.name not in ARRIVAL_FIELDS)
page_fields = attrgetter(*PAGE_FIELDS)  # one tuple, one repr: cheaper than a repr per field
# Page and feed inputs, from one build to the next: the publish stage starts each build's.
HELD = Held(repr_digest)


class PaperFacts:
    """One paper's digests (`digest(work)`: work(paper), worked out once), held while an equal
    paper comes back (FACTS): a rebuild hashes and compares each paper once, where a lookup
    per output (page, line, feed entry, data row, search document) cost 1.5 s at 100k."""

    __slots__ = ("paper", "found")

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.found: dict[Callable[[Paper], str], str] = {}

    def digest(self, work: Callable[[Paper], str]) -> str:
        found = self.found.get(work)
        if found is None:
            found = self.found[work] = work(self.paper)
        return found


FACTS: Held[PaperFacts] = Held(PaperFacts)


class PaperDigests:
    """This build's digests of its papers, by paper id: `of(work)` for every paper. `work` is
    a module-level function (its identity keys the digests an equal paper keeps from one
    build to the next). A paper page's digest is of every field but its arrival, which only
    feeds, the home page and /new/ show (and which moves with the build date for dumps outside
    git); a paper's line in a list, of only what paper_item.html.j2 shows (`item_fields`; a
    test holds the template to it), so a paper that moved to another topic does not
    re-render every list it is in."""

    def __init__(self, papers: list[Paper]) -> None:
        self.facts = {paper.id: FACTS.of(paper) for paper in papers}
        self.made: dict[Callable[[Paper], str], dict[str, str]] = {}

    def of(self, work: Callable[[Paper], str]) -> dict[str, str]:
        """work(paper) by paper id, for lists of papers to look up with a map in C rather than
        a Python call a line (1.9M lines at 100k papers):
        `map(digests.__getitem__, map(PAPER_ID, papers))`."""
        made = self.made.get(work)
        if made is None:
            made = self.made[work] = {
                paper_id: facts.digest(work) for paper_id, facts in self.facts.items()
            }
        return made


def page_digest(paper: Paper) -> str:
    return repr_digest(page_fields(paper))


def item_digest(paper: Paper) -> str:
    return repr_digest(item_fields(paper))


PAPER_ID = attrgetter("id")


def item_fields(paper: Paper) -> tuple:
    """What a paper's line in a list shows: title, link, first author (et al.), date, tags."""
    return (
        paper.slug,
        paper.title,
        paper.title_derived,
        paper.summary,
        paper.authors[:2],
        paper.authors_truncated,
        paper.date,
        paper.tags[:3],
    )


class LinkCheck:
    """Relative links in generated pages that lead nowhere: MkDocs' --strict checks only the
    Markdown links of the pages it builds, so the build checks the rest. Fed page by page;
    it keeps one example link per distinct target, so memory grows with pages, not links."""

    def __init__(self) -> None:
        self.example: dict[str, str] = {}  # target site path -> "page: href"

    def add(self, page_url: str, text: str) -> None:
        for href in HREF.findall(text):
            target = _resolve(page_url, html.unescape(href) if "&" in href else href)
            if target is not None and target not in self.example:
                self.example[target] = f"{page_url or '/'}: {href}"

    def broken(self, targets: set[str]) -> list[str]:
        return sorted(example for target, example in self.example.items() if target not in targets)


def _resolve(page_url: str, href: str) -> str | None:
    """The site path `href` on `page_url` leads to, None for external links and anchors."""
    path = re.split(r"[#?]", href, maxsplit=1)[0]
    if path.endswith((".", "..")) and not path.endswith("..."):
        path += "/"  # "." and ".." name folders
    if not path or re.match(r"^[a-z][a-z0-9+.-]*:|^/", path, re.I):
        return None
    base = "../" * page_url.count("/")
    if base and path.startswith(base) and not path[len(base) :].startswith("../"):
        return path[len(base) :]  # the common case, a link via the site root: no normpath needed
    joined = posixpath.normpath(posixpath.join(page_url, path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")

"""Render: tagged papers -> the site's pages. Pure; build.py writes them.

Every page (the nav pages: home and one index per kind; and the paper and group pages,
nearly all of a big site) is an HTML body rendered here with autoescaping Jinja and
sanitized, then stamped into Material's page chrome (shell.py): MkDocs costs milliseconds
per page, which 100k papers cannot afford, and would run on every build.

Dump text is untrusted: templates autoescape, the shells' front matter is written by
yaml.safe_dump, and `$…$` math becomes arithmatex's markup, which KaTeX renders in the browser.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Callable, Iterator
from urllib.parse import quote

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup, escape

from generator.model import Paper
from generator.publish.cite import bibtex, plain_title, read_links
from generator.publish.indexes import (
    KINDS,
    Group,
    Issue,
    IssueSection,
    build_issues,
    category_slug,
    month_label,
    newest_first,
    pages_of,
)
from generator.publish.sanitize import sanitize
from generator.read.normalize import LINKABLE_URL
from generator.read.text import EMPHASIS, MATH_SPAN
from generator.state.fingerprint import fingerprint

RICH_SPANS = re.compile(f"(?P<math>{MATH_SPAN.pattern})|(?P<em>{EMPHASIS.pattern})", re.S)

HREF = re.compile(r'href="([^"]*)"')

__all__ = ["HtmlPage", "PageSource", "LinkCheck", "SiteSummary", "render_nav", "render_pages", "rich"]


def rich(text: str) -> Markup:
    """Dump text to HTML: math (`$…$` by pandoc's rule, so "$5 and $10" stays prose, and
    `$$…$$`) becomes arithmatex's markup (rendered by KaTeX), `*…*` emphasis only
    where stars flank words (`k*=3` keeps its star), `\\$` a dollar; everything else escaped."""
    out, position = [], 0
    for match in RICH_SPANS.finditer(text):
        out.append(_prose(text[position:match.start()]))
        if match["math"] and match["math"].startswith("\\"):  # \\( in a dump is text (mkdocs.yml)
            out.append(_prose(match["math"]))
        elif match["math"]:
            out.append(Markup('<span class="arithmatex">') + escape(_delimited(match["math"])) + Markup("</span>"))
        else:
            out.append(Markup("<em>") + _prose(match["em"][1:-1]) + Markup("</em>"))
        position = match.end()
    out.append(_prose(text[position:]))
    return Markup("").join(out)


def _prose(text: str) -> Markup:
    return escape(text.replace("\\$", "$"))


def _delimited(math: str) -> str:
    """A $ span with KaTeX's delimiters: \\(…\\) inline, \\[…\\] display."""
    return f"\\[{math[2:-2]}\\]" if math.startswith("$$") else f"\\({math[1:-1]}\\)"


def linked(text: str) -> Markup:
    """Plain text with its http(s) URLs (and scheme-less code-host ones: `github.com/x/y`) as
    links; everything else escaped."""
    out, position = [], 0
    for match in LINKABLE_URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
        out += [escape(text[position:match.start()]),
                Markup('<a href="{}">{}</a>').format(safe_url(href), url)]
        position = match.start() + len(url)
    out.append(escape(text[position:]))
    return Markup("").join(out)


def safe_url(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


@dataclass(frozen=True)
class SiteSummary:
    site_name: str
    build_date: str
    sources: int
    rejected: int
    newest_on_home: int
    page_size: int = 50
    added: int = 0  # papers new since the previous build


@dataclass(frozen=True)
class HtmlPage:
    """A page rendered here, stamped into Material's chrome by the build (shell.py)."""

    url: str  # "papers/slug/": the page is url + "index.html"
    title: str  # plain text, escaped where it is stamped
    description: str
    body: str  # sanitized HTML
    feed: str = ""  # the page's own RSS feed, relative to it, for autodiscovery
    nav: bool = False  # a nav page: stamped into the shell MkDocs built at its own URL (its tab active)
    noindex: bool = False  # kept out of web search engines (a pointer page: pointers.py)

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


ARRIVAL_FIELDS = ("first_seen", "arrived", "arrived_from")  # feeds, the home page and /new/ show them
PAGE_FIELDS = tuple(f.name for f in fields(Paper) if f.name not in ARRIVAL_FIELDS)
page_fields = attrgetter(*PAGE_FIELDS)  # one tuple, one repr: 40% faster than a repr per field


class PaperDigests:
    """Fingerprints of papers, each computed once per build. A paper page: every field but
    its arrival, which only feeds, the home page and /new/ show (and which moves with the build
    date for dumps outside git). A paper's line in a list: only what paper_item.html.j2
    shows (`item_fields`; a test holds the template to it), so a paper that moved to another
    topic does not re-render every list it is in."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.items: dict[str, str] = {}

    def page(self, paper: Paper) -> str:
        if paper.id not in self.pages:
            self.pages[paper.id] = fingerprint(repr(page_fields(paper)))
        return self.pages[paper.id]

    def item(self, paper: Paper) -> str:
        if paper.id not in self.items:
            self.items[paper.id] = fingerprint(repr(item_fields(paper)))
        return self.items[paper.id]


def item_fields(paper: Paper) -> tuple:
    """What a paper's line in a list shows: title, link, first author (et al.), date, tags."""
    return paper.slug, paper.title, paper.title_derived, paper.summary, paper.authors[:2], paper.authors_truncated, paper.date, paper.tags[:3]


class TemplateBytecode(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, by default in a private folder per user in the
    system's temp folder (never in the CI-restored cache): a new process loads the five
    templates in 1 ms instead of compiling them in 17. Not writing it only costs that time."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # the folder removed by a temp cleaner, a full disk: compiled next time
            pass


def _template_bytecode() -> TemplateBytecode | None:
    try:
        return TemplateBytecode()
    except (RuntimeError, OSError):  # Jinja found no safe private folder: templates compiled per process
        return None


@functools.lru_cache(maxsize=None)
def _environment() -> Environment:
    """One per process, so each template is compiled once, not once per build and use (Jinja
    still compiles a template file again when it changes: auto_reload); loaded compiled
    from TemplateBytecode when an earlier process compiled it."""
    return make_environment(_template_bytecode())


def make_environment(bytecode: FileSystemBytecodeCache | None) -> Environment:
    env = Environment(loader=PackageLoader("generator.publish", "templates"), autoescape=select_autoescape(["html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, bytecode_cache=bytecode)
    env.filters.update(rich=rich, url=safe_url, linked=linked, category_slug=category_slug)
    return env


def description(paper: Paper, limit: int = 200) -> str:
    text = re.sub(r"[$*\\]", "", paper.abstract)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


class PaperItems:
    """The one-line list item of each paper, rendered once per link depth: a paper appears in
    a dozen lists (tags, topic, month, category, source, related), and an include per item
    was most of the cost of a group page."""

    def __init__(self, env: Environment):
        self.template = env.get_template("paper_item.html.j2")
        self.rendered: dict[tuple[str, str], Markup] = {}

    def __call__(self, papers, base: str) -> Markup:
        return Markup("\n").join(self.item(paper, base) for paper in papers)

    def item(self, paper: Paper, base: str) -> Markup:
        key = (paper.id, base)
        if key not in self.rendered:
            self.rendered[key] = Markup(self.template.render(paper=paper, base=base).strip())
        return self.rendered[key]


class PageRenderer:
    """The shared Environment and one build's paper items, which every page template is given."""

    def __init__(self) -> None:
        self.env = _environment()
        self.paper_items = PaperItems(self.env)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(paper_items=self.paper_items, **context)


def render_nav(papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary) -> list[HtmlPage]:
    """The nav pages: home and one index per kind, in nav order."""
    renderer = PageRenderer()
    index_pages = [_group_index(renderer, kind, members) for kind, members in groups.items()]
    issues = build_issues(papers, groups["topics"], summary.page_size)
    home = _home(renderer, papers, groups, summary, issues[0] if issues else None)
    return [home, _latest_issue(renderer, issues), *index_pages]


def render_pages(papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary) -> Iterator[PageSource]:
    """Every group and paper page, one at a time and rendered only when asked: the build
    skips pages whose inputs did not change, and stamps and writes each rendered page as it
    comes, so a 100k-paper site never holds all its pages in memory."""
    renderer, digests = PageRenderer(), PaperDigests()
    for kind, members in groups.items():
        yield from _group_pages(renderer, digests, kind, members, summary.page_size)
    yield from _issue_pages(renderer, digests, build_issues(papers, groups["topics"], summary.page_size))
    yield from _paper_pages(renderer, digests, papers, groups)


def _section_anchor(section: IssueSection) -> str:
    return f"topic-{section.slug}" if section.slug else "other-papers"


def _latest_issue(renderer: PageRenderer, issues: list[Issue]) -> HtmlPage:
    """/new/: the newest issue, and every issue by day."""
    latest = issues[0] if issues else None
    body = renderer.render("issue.html.j2", issue=latest, latest=True, earlier=issues, base="../",
                           anchor=_section_anchor)
    description = f"{latest.count} papers arrived on {latest.day}" if latest else ""
    return HtmlPage("new/", "New papers", description, sanitize(body), nav=True)


def _issue_pages(renderer: PageRenderer, digests: PaperDigests, issues: list[Issue]) -> Iterator[PageSource]:
    for issue in issues:
        inputs = fingerprint("issue", issue.day, str(issue.count), repr((issue.newer, issue.older)),
                             *(part for section in issue.sections
                               for part in (section.slug, section.label, str(section.total),
                                            *(digests.item(paper) for paper in section.papers))))
        yield PageSource(issue.path, inputs, functools.partial(_issue_page, renderer, issue))


def _issue_page(renderer: PageRenderer, issue: Issue) -> HtmlPage:
    body = renderer.render("issue.html.j2", issue=issue, latest=False, earlier=[], base="../../",
                           anchor=_section_anchor)
    return HtmlPage(issue.path, f"New on {issue.day}", f"{issue.count} papers arrived on {issue.day}",
                    sanitize(body))


LETTERED_ABOVE = 40  # an index with more groups is split by first letter, in columns


def _group_index(renderer: PageRenderer, kind: str, groups: list[Group]) -> HtmlPage:
    spec = KINDS[kind]
    by_size = sorted(groups, key=lambda g: (-len(g.papers), g.label))[:30] if kind == "tags" else []
    letters = _by_letter(groups) if len(groups) > LETTERED_ABOVE else []
    largest = len(by_size[0].papers) if by_size else 1
    body = renderer.render("group_index.html.j2", kind=spec, groups=groups, by_size=by_size, letters=letters,
                           size_class=lambda g: min(4, 1 + 4 * (len(g.papers) - 1) // max(1, largest)),
                           letter_anchor=lambda letter: "other" if letter == "#" else letter.lower())
    return HtmlPage(f"{kind}/", spec.title, "", sanitize(body), nav=True)


def _by_letter(groups: list[Group]) -> list[tuple[str, list[Group]]]:
    """Groups under their label's first letter A–Z (digits, symbols and other scripts under #)."""
    letters: dict[str, list[Group]] = {}
    for group in groups:
        first = group.label[:1].upper()
        letters.setdefault(first if "A" <= first <= "Z" else "#", []).append(group)
    return sorted(letters.items(), key=lambda item: (item[0] == "#", item[0]))


def _group_pages(renderer: PageRenderer, digests: PaperDigests, kind: str, groups: list[Group],
                 page_size: int) -> Iterator[PageSource]:
    spec = KINDS[kind]
    for group in groups:
        chunks = pages_of(group, page_size)
        for number, (url, chunk) in enumerate(chunks, 1):
            inputs = fingerprint(kind, group.slug, group.label, f"{number}/{len(chunks)}/{len(group.papers)}",
                                 *group.also, *(digests.item(paper) for paper in chunk))
            render = functools.partial(_group_page, renderer, spec, group, chunks, number)
            yield PageSource(url, inputs, render)


def _group_page(renderer: PageRenderer, spec, group: Group, chunks, number: int) -> HtmlPage:
    url, chunk = chunks[number - 1]
    base, feed = "../" * url.count("/"), spec.has_feed and number == 1
    body = renderer.render("group.html.j2", kind=spec, group=group, papers=chunk, base=base, number=number,
                           pages=[base + u for u, _ in chunks], feed=feed)
    title = f"{spec.singular}: {group.label}" + (f" (page {number})" if number > 1 else "")
    count = f"{len(group.papers)} paper{'s' if len(group.papers) != 1 else ''}"
    return HtmlPage(url, title, f"{count} in {spec.singular.lower()} {group.label}", sanitize(body),
                    feed="feed.xml" if feed else "")


def _paper_pages(renderer: PageRenderer, digests: PaperDigests, papers: list[Paper],
                 groups: dict[str, list[Group]]) -> Iterator[PageSource]:
    by_id = {paper.id: paper for paper in papers}
    slug_of = {kind: {g.label: g.slug for g in members} for kind, members in groups.items()}
    topic_of = {g.slug: g for g in groups["topics"]}
    for paper in papers:
        related = [by_id[pid] for pid in paper.related if pid in by_id]
        topic = topic_of.get(paper.topic)
        labels = [(kind, label, slug_of[kind].get(label)) for kind, names in _linked_labels(paper) for label in names]
        inputs = fingerprint(digests.page(paper), month_label(paper), repr(labels),
                             repr((topic.slug, topic.label) if topic else None), *(digests.item(r) for r in related))
        render = functools.partial(_paper_page, renderer, paper, related, topic, slug_of)
        yield PageSource(paper.path, inputs, render)


def _linked_labels(paper: Paper) -> list[tuple[str, tuple[str, ...]]]:
    """The group labels a paper page links to (through their slugs), besides its month and topic."""
    return [("affiliations", paper.affiliations), ("categories", (paper.category,) if paper.category else ()),
            ("tags", paper.tags), ("sources", tuple(ref.file for ref in paper.sources))]


def _paper_page(renderer: PageRenderer, paper: Paper, related: list[Paper], topic: Group | None, slug_of) -> HtmlPage:
    body = renderer.render("paper.html.j2", paper=paper, slugs=slug_of, read=read_links(paper), topic=topic,
                           month=month_label(paper), bibtex=bibtex(paper), base="../../", related=related)
    return HtmlPage(paper.path, plain_title(paper.title), description(paper), sanitize(body))


def _home(renderer: PageRenderer, papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary,
          latest: Issue | None) -> HtmlPage:
    counts = {kind: len(members) for kind, members in groups.items()}
    body = renderer.render("home.html.j2", summary=summary, paper_count=len(papers), counts=counts, kinds=KINDS,
                           latest=latest,
                           newest=newest_first(papers)[: summary.newest_on_home], base="")
    return HtmlPage("", "Home", "", sanitize(body), nav=True)


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
    if base and path.startswith(base) and not path[len(base):].startswith("../"):
        return path[len(base):]  # the common case, a link via the site root: no normpath needed
    joined = posixpath.normpath(posixpath.join(page_url, path))
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")

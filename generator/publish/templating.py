"""The Jinja environment every page is rendered with (render.py, pointers.py).

Its filters turn untrusted dump text into safe HTML: `rich` (math, emphasis), `linked` (URLs as
links), `url`; templates autoescape everything else. The environment is made once per process
and its compiled templates are kept on disk between processes; `PageRenderer` adds one build's
cache of rendered paper list items.
"""

from __future__ import annotations

import contextlib
import functools
import re
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
from generator.publish.indexes import category_slug
from generator.read.normalize import LINKABLE_URL, trimmed_url, with_scheme
from generator.read.text import EMPHASIS, MATH_SPAN

RICH_SPANS = re.compile(f"(?P<math>{MATH_SPAN.pattern})|(?P<em>{EMPHASIS.pattern})", re.S)


def rich(text: str, links: bool = False) -> Markup:
    """Dump text to HTML: math (`$…$` by pandoc's rule, so "$5 and $10" stays prose, and
    `$$…$$`) becomes arithmatex's markup (rendered by KaTeX), `*…*` emphasis only
    where stars flank words (`k*=3` keeps its star), `\\$` a dollar; with `links` (text not
    itself inside a link: an abstract) the prose's URLs become links (`linked`); everything
    else escaped."""
    prose = _linked_prose if links else _prose
    out, position = [], 0
    for match in RICH_SPANS.finditer(text):
        out.append(prose(text[position : match.start()]))
        if match["math"] and match["math"].startswith("\\"):  # \\( in a dump is text (mkdocs.yml)
            out.append(_prose(match["math"]))
        elif match["math"]:
            out.append(
                Markup('<span class="arithmatex">')
                + escape(_delimited(match["math"]))
                + Markup("</span>")
            )
        else:
            out.append(Markup("<em>") + _prose(match["em"][1:-1]) + Markup("</em>"))
        position = match.end()
    out.append(prose(text[position:]))
    return Markup("").join(out)


def _prose(text: str) -> Markup:
    return escape(text.replace("\\$", "$"))


def _linked_prose(text: str) -> Markup:
    return linked(text.replace("\\$", "$"))


def _delimited(math: str) -> str:
    """A $ span with KaTeX's delimiters: \\(…\\) inline, \\[…\\] display."""
    return f"\\[{math[2:-2]}\\]" if math.startswith("$$") else f"\\({math[1:-1]}\\)"


def linked(text: str) -> Markup:
    """Plain text with its http(s) URLs (and scheme-less code-host ones: `github.com/x/y`) as
    links; everything else escaped."""
    out, position = [], 0
    for match in LINKABLE_URL.finditer(text):
        url = trimmed_url(match.group(0))
        href = with_scheme(url)
        out += [
            escape(text[position : match.start()]),
            Markup('<a href="{}">{}</a>').format(safe_url(href), url),
        ]
        position = match.start() + len(url)
    out.append(escape(text[position:]))
    return Markup("").join(out)


def safe_url(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


class TemplateBytecode(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, by default in a private folder per user in the
    system's temp folder (never in the CI-restored cache), so a new process loads the templates
    compiled instead of compiling them. Not writing it only costs that time."""

    def dump_bytecode(self, bucket) -> None:
        # the folder removed by a temp cleaner, a full disk: compiled next time
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_bytecode() -> TemplateBytecode | None:
    try:
        return TemplateBytecode()
    # Jinja found no safe private folder: templates compiled per process
    except (RuntimeError, OSError):
        return None


@functools.cache
def _environment() -> Environment:
    """One per process, so each template is compiled once, not once per build and use (Jinja
    still compiles a template file again when it changes: auto_reload); loaded compiled
    from TemplateBytecode when an earlier process compiled it."""
    return make_environment(_template_bytecode())


def make_environment(bytecode: FileSystemBytecodeCache | None) -> Environment:
    env = Environment(
        loader=PackageLoader("generator.publish", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
    )
    env.filters.update(rich=rich, url=safe_url, linked=linked, category_slug=category_slug)
    return env


class PaperItems:
    """The list item of each paper, rendered once per link depth: a paper appears in a dozen
    lists (tags, topic, month, category, source, related), and an include per item would cost
    most of a group page's rendering. `template`: paper_item (with the summary sentence and
    tags) or paper_line (title, first author, date: the long lists)."""

    def __init__(self, env: Environment, template: str = "paper_item.html.j2"):
        self.template = env.get_template(template)
        self.rendered: dict[tuple[str, str, bool], Markup] = {}

    def __call__(self, papers, base: str, beside: bool = False) -> Markup:
        """`beside`: the list is on a paper page, whose neighbours are linked as `../slug/`
        (ten bytes a link shorter than through the site's root)."""
        return Markup("\n").join(self.item(paper, base, beside) for paper in papers)

    def item(self, paper: Paper, base: str, beside: bool = False) -> Markup:
        key = (paper.id, base, beside)
        if key not in self.rendered:
            href = f"../{paper.slug}/" if beside else base + paper.path
            self.rendered[key] = Markup(
                self.template.render(paper=paper, base=base, href=href).strip()
            )
        return self.rendered[key]


class PageRenderer:
    """The shared Environment and one build's paper items, which every page template is given."""

    def __init__(self) -> None:
        self.env = _environment()
        self.paper_items = PaperItems(self.env)
        self.paper_lines = PaperItems(self.env, "paper_line.html.j2")

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(
            paper_items=self.paper_items, paper_lines=self.paper_lines, **context
        )

"""Render: tagged papers -> Markdown pages (path -> text) for MkDocs. Pure; build.py writes them.

Dump text is untrusted: every string is escaped for Markdown and HTML before it reaches a
page, front matter is written by yaml.safe_dump, and `$…$` math passes through to arithmatex.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from .indexes import KINDS, Group, category_slug, month_label, newest_first, pages_of
from .model import Paper

# Python-Markdown's escapable characters, less brackets and parentheses: "\(" and "\[" would
# open math for arithmatex, so brackets become entities (no link can form) and parentheses stay.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}>#+\-.!])")
BRACKETS = {"[": "&#91;", "]": "&#93;"}
# Math spans (kept for arithmatex) and *emphasis* made by clean_latex from \emph{…}.
RICH_SPANS = re.compile(r"(?P<math>(?<!\\)\$[^$\n]+?\$)|(?P<em>\*[^*\s][^*]*?\*)")
LINK_LABELS = {"code": "Code", "project": "Project page", "arxiv": "arXiv", "pdf": "PDF"}

__all__ = ["SiteSummary", "render_pages", "md_escape", "rich", "front_matter"]


def md_escape(text: str) -> str:
    """Plain text to Markdown that renders as the same text: HTML-escaped, specials backslashed."""
    escaped = MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
    return re.sub(r"[\[\]]", lambda match: BRACKETS[match.group()], escaped)


def rich(text: str) -> str:
    """Abstract to Markdown: math spans kept verbatim (arithmatex escapes them), rest escaped."""
    out, position = [], 0
    for match in RICH_SPANS.finditer(text):
        out.append(md_escape(text[position:match.start()]))
        out.append(match["math"] or "*" + md_escape(match["em"][1:-1]) + "*")
        position = match.end()
    out.append(md_escape(text[position:]))
    return "".join(out)


def safe_url(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def front_matter(searchable: bool = True, **values: str) -> str:
    """YAML front matter; strings are HTML-escaped because MkDocs themes print them unescaped.
    Index pages stay out of the search index: a search should land on papers."""
    escaped: dict = {key: html.escape(value) for key, value in values.items() if value}
    if not searchable:
        escaped["search"] = {"exclude": True}
    text = yaml.safe_dump(escaped, allow_unicode=True, sort_keys=True, width=10_000)
    assert yaml.safe_load(text) == escaped, "front matter must round-trip"
    return f"---\n{text}---\n"


def bibtex(paper: Paper) -> str:
    """A BibTeX entry; braces in dump text are dropped so the entry always parses."""
    clean = lambda text: re.sub(r"[{}\\`]", "", text)  # noqa: E731 (backticks could close the code fence)
    last = paper.authors[0].split()[-1] if paper.authors else "anon"
    year = (paper.date or "")[:4]
    first_word = next(iter(re.findall(r"[A-Za-z0-9]+", paper.title)), "paper")
    fields = [("title", "{" + clean(paper.title) + "}"),
              ("author", " and ".join(clean(a) for a in paper.authors) + (" and others" if paper.authors_truncated else "")),
              ("year", year), ("eprint", paper.arxiv_id), ("archivePrefix", "arXiv" if paper.arxiv_id else ""),
              ("primaryClass", paper.category if paper.arxiv_id else "")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    kind = "misc" if paper.arxiv_id or not year else "article"
    return f"@{kind}{{{re.sub(r'[^A-Za-z0-9]', '', last + year + first_word).lower()},\n{body}\n}}"


@dataclass(frozen=True)
class SiteSummary:
    site_name: str
    build_date: str
    sources: int
    rejected: int
    newest_on_home: int
    page_size: int = 50
    added: int = 0  # papers new since the previous build


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=md_escape, rich=rich, url=safe_url, category_slug=category_slug)
    return env


def description(paper: Paper, limit: int = 200) -> str:
    text = re.sub(r"[$*\\]", "", paper.abstract)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def render_pages(papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary) -> dict[str, str]:
    """Every page; `groups` (indexes.build_groups) are shared with the feeds, built once."""
    env = _environment()
    pages = {"index.md": _home(env, papers, groups, summary)}
    for kind, members in groups.items():
        pages.update(_group_pages(env, kind, members, summary.page_size))
    pages.update(_paper_pages(env, papers, groups))
    return pages


def _group_pages(env: Environment, kind: str, groups: list[Group], page_size: int) -> dict[str, str]:
    spec = KINDS[kind]
    pages = {f"{kind}/index.md": env.get_template("group_index.md.j2").render(
        front_matter=front_matter(False, title=spec.title), kind=spec, groups=groups,
        by_size=sorted(groups, key=lambda g: (-len(g.papers), g.label))[:30] if kind == "tags" else [])}
    template = env.get_template("group.md.j2")
    for group in groups:
        chunks = pages_of(group, page_size)
        for number, (path, chunk) in enumerate(chunks, 1):
            depth = path.count("/")
            pages[path] = template.render(
                front_matter=front_matter(False, title=f"{spec.singular}: {group.label}" + (f" (page {number})" if number > 1 else "")),
                kind=spec, group=group, papers=chunk, base="../" * depth, number=number,
                pages=[("../" * depth) + p for p, _ in chunks], feed=spec.has_feed and number == 1)
    return pages


def _paper_pages(env: Environment, papers: list[Paper], groups: dict[str, list[Group]]) -> dict[str, str]:
    by_id = {paper.id: paper for paper in papers}
    slug_of = {kind: {g.label: g.slug for g in members} for kind, members in groups.items()}
    topic_of = {g.slug: g for g in groups["topics"]}
    template = env.get_template("paper.md.j2")
    return {f"papers/{paper.slug}.md": template.render(
        front_matter=front_matter(title=paper.title, description=description(paper)),
        paper=paper, slugs=slug_of, link_labels=LINK_LABELS, topic=topic_of.get(paper.topic),
        month=month_label(paper), bibtex=bibtex(paper), base="../",
        related=[by_id[pid] for pid in paper.related if pid in by_id]) for paper in papers}


def _home(env: Environment, papers: list[Paper], groups: dict[str, list[Group]], summary: SiteSummary) -> str:
    counts = {kind: len(members) for kind, members in groups.items()}
    return env.get_template("home.md.j2").render(
        front_matter=front_matter(title="Home"), summary=summary, paper_count=len(papers), counts=counts,
        kinds=KINDS, newest=newest_first(papers)[: summary.newest_on_home], base="")

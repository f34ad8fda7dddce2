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
from slugify import slugify

from .model import Paper
from .topics import Topic

# Exactly Python-Markdown's escapable characters: escaping others would leave a visible "\".
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
# Math spans (kept for arithmatex) and *emphasis* made by clean_latex from \emph{…}.
RICH_SPANS = re.compile(r"(?P<math>(?<!\\)\$[^$\n]+?\$)|(?P<em>\*[^*\s][^*]*?\*)")
LINK_LABELS = {"code": "Code", "project": "Project page", "arxiv": "arXiv", "pdf": "PDF"}


@dataclass(frozen=True)
class Tag:
    label: str
    slug: str
    papers: tuple[Paper, ...]


def md_escape(text: str) -> str:
    """Plain text to Markdown that renders as the same text: HTML-escaped, specials backslashed."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


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


def front_matter(**values: str) -> str:
    """YAML front matter; strings are HTML-escaped because MkDocs themes print them unescaped."""
    escaped = {key: html.escape(value) for key, value in values.items() if value}
    text = yaml.safe_dump(escaped, allow_unicode=True, sort_keys=True, width=10_000)
    assert yaml.safe_load(text) == escaped, "front matter must round-trip"
    return f"---\n{text}---\n"


def tag_slug(label: str) -> str:
    return slugify(label, max_length=60, word_boundary=True) or "tag"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=md_escape, rich=rich, url=safe_url)
    return env


def description(paper: Paper, limit: int = 200) -> str:
    text = re.sub(r"[$*\\]", "", paper.abstract)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def group_tags(papers: list[Paper]) -> list[Tag]:
    by_label: dict[str, list[Paper]] = {}
    for paper in papers:
        for label in paper.tags:
            by_label.setdefault(label, []).append(paper)
    return sorted((Tag(label, tag_slug(label), tuple(ps)) for label, ps in by_label.items()),
                  key=lambda tag: (tag.label.lower(), tag.slug))


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Dated papers newest first, then undated ones in the order of their dumps (newest dump first)."""
    undated = sorted((p for p in papers if not p.date), key=lambda p: (p.sources[0].file, -p.sources[0].line), reverse=True)
    dated = sorted((p for p in papers if p.date), key=lambda p: (p.date, p.id), reverse=True)
    return dated + undated


@dataclass(frozen=True)
class SiteSummary:
    site_name: str
    build_date: str
    sources: int
    rejected: int
    newest_on_home: int


def render_pages(papers: list[Paper], topics: list[Topic], summary: SiteSummary) -> dict[str, str]:
    env = _environment()
    tags = group_tags(papers)
    by_id = {paper.id: paper for paper in papers}
    pages = {"index.md": _home(env, papers, tags, topics, summary)}
    pages.update(_tag_pages(env, tags, len(papers)))
    pages.update(_topic_pages(env, topics, by_id))
    tag_of = {tag.label: tag for tag in tags}
    topic_of = {topic.slug: topic for topic in topics}
    template = env.get_template("paper.md.j2")
    for paper in papers:
        pages[f"papers/{paper.slug}.md"] = template.render(
            front_matter=front_matter(title=paper.title, description=description(paper)),
            paper=paper, tags=[tag_of[label] for label in paper.tags], link_labels=LINK_LABELS,
            topic=topic_of.get(paper.topic), related=[by_id[pid] for pid in paper.related if pid in by_id])
    return pages


def _tag_pages(env: Environment, tags: list[Tag], paper_count: int) -> dict[str, str]:
    pages = {"tags/index.md": env.get_template("tags_index.md.j2").render(
        front_matter=front_matter(title="Tags"), tags=tags, paper_count=paper_count,
        by_size=sorted(tags, key=lambda tag: (-len(tag.papers), tag.label)))}
    for tag in tags:
        pages[f"tags/{tag.slug}.md"] = env.get_template("tag.md.j2").render(
            front_matter=front_matter(title=f"Tag: {tag.label}"), tag=tag, papers=newest_first(list(tag.papers)))
    return pages


def _topic_pages(env: Environment, topics: list[Topic], by_id: dict[str, Paper]) -> dict[str, str]:
    pages = {"topics/index.md": env.get_template("topics_index.md.j2").render(
        front_matter=front_matter(title="Topics"), topics=topics)}
    for topic in topics:
        members = newest_first([by_id[pid] for pid in topic.paper_ids if pid in by_id])
        pages[f"topics/{topic.slug}.md"] = env.get_template("topic.md.j2").render(
            front_matter=front_matter(title=f"Topic: {topic.label}"), topic=topic, papers=members)
    return pages


def _home(env: Environment, papers: list[Paper], tags: list[Tag], topics: list[Topic], summary: SiteSummary) -> str:
    counts = {"papers": len(papers), "sources": summary.sources, "tags": len(tags), "topics": len(topics),
              "rejected": summary.rejected}
    newest = newest_first(papers)[: summary.newest_on_home]
    return env.get_template("home.md.j2").render(
        front_matter=front_matter(title="Home"), site_name=summary.site_name,
        build_date=summary.build_date, counts=counts, newest=newest)

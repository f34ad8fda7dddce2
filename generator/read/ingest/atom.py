"""Feeds of papers: an arXiv API response (Atom), arXiv's RSS (rss.arxiv.org) or any Atom/RSS
feed, read by feedparser.
Each `<entry>` (or `<item>`) spans the lines from its start tag to its end tag; malformed XML
rejects the file with the line feedparser names.
"""

from __future__ import annotations

import io
import re

from generator.model import RawRecord, SourceRef
from generator.read.arxiv_ids import ID as ARXIV_ID
from generator.read.arxiv_ids import announced_date, month_of
from generator.read.ingest.accounting import (
    Parsed,
    accounted,
    doi_url,
    listed_authors,
    names_listed,
    rejected_whole,
    span,
)
from generator.read.normalize import iso_date

ENTRY_START = re.compile(r"<(?:entry|item)[\s>]")
ENTRY_END = re.compile(r"</(?:entry|item)\s*>")
ANNOUNCED = re.compile(
    rf"^arXiv:({ARXIV_ID})(?:v\d+)?\s+Announce Type:\s*([\w-]+)\s+Abstract:\s*", re.IGNORECASE
)
DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:feed|rss|rdf:RDF)[\s>]", re.DOTALL
)


def looks_like_feed(text: str) -> bool:
    return bool(FEED_START.match(text[:4096]))


def parse_feed(file: str, lines: list[str]) -> Parsed:
    import feedparser

    # Bytes, never a str: feedparser opens a str that looks like a path or URL (a dump whose
    # text is `/dev/zero` or `http://...` must never be fetched).
    # The text is decoded already (UTF-16, Windows-1252): the declaration must say UTF-8 now.
    text = DECLARED_ENCODING.sub(r"\1\2UTF-8\2", "\n".join(lines), count=1)
    source = io.BytesIO(text.encode("utf-8"))
    parsed = feedparser.parse(source, sanitize_html=False, resolve_relative_uris=False)
    error = parsed.get("bozo_exception")
    if parsed.get("bozo") and hasattr(error, "getLineNumber"):
        return rejected_whole(
            file, lines, f"invalid XML (line {error.getLineNumber()}): {error.getMessage()}"
        )
    if not parsed.get("version") or not parsed.entries:
        return rejected_whole(
            file, lines, "XML that is no Atom or RSS feed of papers (no <entry> or <item>)"
        )
    spans = _entry_spans(lines)
    if len(spans) != len(parsed.entries):
        return rejected_whole(
            file,
            lines,
            f"feed with {len(parsed.entries)} entries on {len(spans)} "
            "<entry>/<item> tags: put each tag on its own line",
        )
    records, rejected = [], {}
    rss = str(parsed.get("version")).startswith("rss")  # dc:creator names every author at once
    for entry, lines_of in zip(parsed.entries, spans, strict=True):
        record = _feed_record(entry, SourceRef(file, lines_of[0]), lines_of, rss)
        if record.abstract:
            records.append(record)
        else:
            rejected.update(dict.fromkeys(lines_of, "feed entry with no summary (abstract)"))
    return accounted(file, lines, records, rejected, "feed structure")


def _entry_spans(lines: list[str]) -> list[tuple[int, ...]]:
    spans, start = [], None
    for number, line in enumerate(lines, 1):
        if start is None and ENTRY_START.search(line):
            start = number
        if start is not None and ENTRY_END.search(line):
            spans.append(span(start, number))
            start = None
    return spans


def _announced(summary: str, date: str) -> tuple[str, str, str]:
    """arXiv's RSS description (`arXiv:2503.04001v1 Announce Type: new Abstract: …`) as the
    abstract, the id and the date: a `replace` item's date is the day a new version was
    announced, not the paper's, so it gets the month of the id (of its first version), as does
    a `cross` item for a paper older than the month before (arxiv_ids.announced_date)."""
    found = ANNOUNCED.match(summary)
    if not found:
        return summary, "", date
    arxiv, kind = found.groups()
    if kind.lower().startswith("replace"):
        return summary[found.end() :], arxiv, month_of(arxiv)
    return summary[found.end() :], arxiv, announced_date(iso_date(date) or date, arxiv)


def _feed_record(entry, ref: SourceRef, lines: tuple[int, ...], rss: bool) -> RawRecord:
    def text(value) -> str:
        return " ".join(str(value or "").split())  # feeds hard-wrap titles

    links = [link.get("href", "") for link in entry.get("links", [])]
    doi = text(entry.get("arxiv_doi"))
    primary = (entry.get("arxiv_primary_category") or {}).get("term", "")
    dated = text(entry.get("published") or entry.get("updated"))
    abstract, announced_id, date = _announced(text(entry.get("summary")), dated)
    names = [text(author.get("name")) for author in entry.get("authors", []) if author.get("name")]
    # arXiv's RSS puts every author in one dc:creator ("A, B and C"); another feed's
    # "Doe, Jane" is one name.
    arxiv_item = bool(announced_id) or any("arxiv.org" in link for link in links)
    authors, truncated = (
        names_listed(names[0]) if rss and arxiv_item and len(names) == 1 else listed_authors(names)
    )
    codes = [primary, *(tag.get("term", "") for tag in entry.get("tags", []))]
    return RawRecord(
        ref=ref,
        lines=lines,
        abstract=abstract,
        title=text(entry.get("title")),
        authors=authors,
        authors_truncated=truncated,
        categories=tuple(dict.fromkeys(code for code in codes if code and " " not in code)),
        date=date,
        arxiv_id=announced_id
        or (text(entry.get("id")) if "arxiv.org" in text(entry.get("id")) else ""),
        urls=tuple(url for url in (*links, doi_url(doi)) if url),
        comment=text(entry.get("arxiv_comment")),
    )

"""Text and times as feeds carry them: XML-safe plain text, escaped HTML abstracts, UTC.

* XML-invalid control characters are stripped from every text value (lxml raises on them).
* Entry titles are plain text: tag-like markup is removed.
* Descriptions are HTML, because readers decode them as HTML: the abstract is escaped and
  wrapped in ``<p>``, so ``<script>`` arrives as text, never as a tag.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from datetime import date as _date
from functools import lru_cache

from generator.model import Paper

# Everything outside the XML 1.0 Char production: C0 controls other than tab, LF and CR,
# lone surrogates, and the non-characters U+FFFE / U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A tag-like sequence: "<" followed by a letter, "/", "!" or "?", up to the next ">"
# (or the end of the string, for an unterminated tag). A "<" that cannot open a tag,
# as in "a < b" or "<1% error", is kept as text.
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(?:>|$)")
_WS = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def clean_xml(text: str) -> str:
    """Drop XML-invalid characters."""
    return _XML_INVALID.sub("", text or "")


def plain_text(text: str) -> str:
    """One line of plain text: no invalid characters, no tags, collapsed whitespace."""
    text = clean_xml(text)
    previous = None
    while previous != text:  # "<<b>script>" leaves "<script>" after one pass
        previous = text
        text = _TAG.sub("", text)
    return _WS.sub(" ", text).strip()


def abstract_html(abstract: str) -> str:
    """The abstract as escaped HTML: one ``<p>`` per blank-line separated paragraph."""
    # " ".join(p.split()) is _WS.sub(" ", p).strip() (re's \s is str.isspace), five times faster.
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(clean_xml(abstract)))
    return "".join(f"<p>{html.escape(p, quote=True)}</p>" for p in paragraphs if p)


def entry_html(paper: Paper, text: str) -> str:
    """What an entry says of the paper: the abstract, or (text="summary", the tag and topic
    feeds) its summary sentence, a tenth of the bytes; the abstract where there is none."""
    if text == "summary" and paper.summary.strip():
        return f"<p>{html.escape(' '.join(clean_xml(paper.summary).split()), quote=True)}</p>"
    return abstract_html(paper.abstract)


def about_html(paper: Paper) -> str:
    """A line before the abstract: the publication date where known (entries are dated by
    arrival), and a note when the title was derived from the abstract."""
    notes = [f"Published {html.escape(plain_text(paper.date))}."] if paper.date else []
    if paper.title_derived:
        notes.append("Title derived from the abstract; the source gave none.")
    return f"<p><em>{' '.join(notes)}</em></p>" if notes else ""


def utc(dt: datetime) -> datetime:
    """``dt`` in UTC without microseconds; a naive datetime is taken to be UTC."""
    if not isinstance(dt, datetime):
        raise TypeError(f"build_date must be a datetime, not {type(dt).__name__}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).replace(microsecond=0)


def arrival_time(paper: Paper) -> datetime | None:
    """When the paper arrived in the digest (stable across rebuilds); for a paper made outside
    a build, its date or first_seen day; None when none is known."""
    if paper.arrived:
        return iso_time(paper.arrived)
    day = iso_day(paper.date or "") or iso_day(
        paper.first_seen or ""
    )  # a date may be a month alone
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


@lru_cache(maxsize=4096)  # few distinct arrivals; every feed asks for the time of each paper
def iso_time(stamp: str) -> datetime | None:
    try:
        return utc(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def iso_day(day: str) -> _date | None:
    try:
        return _date.fromisoformat(day.strip()[:10])
    except ValueError:
        return None

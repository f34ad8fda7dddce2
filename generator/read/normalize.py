"""Normalize: RawRecord -> Paper. Clean text, map categories, parse dates, type links, assign ids.

Pure functions; no I/O. Titles missing from a dump are derived from the abstract and marked.
A link that is not http(s) or a category not shaped like arXiv's is dropped with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from datetime import datetime
from functools import lru_cache

from dateutil import parser as date_parser
from slugify import slugify

from generator.model import Link, Paper, RawRecord
from generator.read.arxiv_ids import find_id
from generator.read.dois import unique_links
from generator.read.text import clean_latex, clean_text, strip_html
from generator.read.titles import derive_title

# fmt: off
ARXIV_CS = {
    "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET", "FL",
    "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI", "OH", "OS",
    "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
}
# fmt: on
WEB_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.I)
# A date is parsed twice, each missing field filled from one of these in turn: the fields that
# differ were not given. They differ in every field; the 28th is a day of every month.
DEFAULT_DATES = (datetime(2000, 1, 1), datetime(2001, 12, 28))
ARXIV_ABS = re.compile(r"https?://(?:www\.|export\.)?arxiv\.org/abs/[\w./-]+", re.I)
PARTIAL_DATE = re.compile(r"([12]\d{3})(?:-(\d{2}))?")  # years 1000-2999
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")
# A URL in prose: http(s), or a code host's without a scheme (`Code: github.com/x/y`).
LINKABLE_URL = re.compile(
    r"https?://[^\s<>\"'\]\[{}|\\^`]+|(?<![\w./@-])(?:www\.)?(?:"
    + "|".join(re.escape(host) for host in CODE_HOSTS)
    + r")/[^\s<>\"'\]\[{}|\\^`]+",
    re.I,
)
logger = logging.getLogger(__name__)


# arXiv's category shape: archive, then an optional subject class (`cs.LG`, `hep-th`,
# `astro-ph.CO`, `cond-mat.mes-hall`, `physics.comp-ph`, `q-bio.NC`).
ARXIV_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?")


def category_code(code: str) -> str:
    """`CV` -> `cs.CV`; full codes (`stat.ML`, `cs.LG`) pass through; anything not shaped
    like an arXiv category (`cs.LG<script>`) is dropped ("")."""
    code = code.strip()
    code = f"cs.{code}" if code.upper() in ARXIV_CS and "." not in code else code
    return code if ARXIV_CATEGORY.fullmatch(code) else ""


# arXiv archives whose code has no subject part; any other dotless word (`meta-optics`) is a
# keyword.
DOTLESS_ARCHIVES = frozenset(
    {
        "quant-ph",
        "hep-th",
        "hep-ph",
        "hep-ex",
        "hep-lat",
        "gr-qc",
        "nucl-th",
        "nucl-ex",
        "math-ph",
        "astro-ph",
        "cond-mat",
        "nlin",
        "physics",
    }
)


def is_arxiv_code(word: str) -> bool:
    """A word written as an arXiv category code: `cs.CV`, `quant-ph`; not `meta-optics`."""
    return category_code(word) == word and ("." in word or word in DOTLESS_ARCHIVES)


def _iso_date(text: str) -> str | None:
    """`Nov 18, 2022`, `2022-11-18`, `18 November 2022T…` -> `2022-11-18`; None when unreadable.
    A source that gives only a year or a month (`2022`, `2022-11`, `November 2022`: BibTeX's
    year and month) keeps that precision: no day is invented, and no year (`Nov 18`: None)."""
    if not text.strip():
        return None
    if partial := PARTIAL_DATE.fullmatch(text.strip()):
        year, month = partial.groups()
        return year if not month else f"{year}-{month}" if 1 <= int(month) <= 12 else None
    try:
        parsed, other = (date_parser.parse(text, default=default) for default in DEFAULT_DATES)
    except (ValueError, OverflowError):
        return None
    if parsed.year != other.year:
        return None
    if parsed.month != other.month:
        return f"{parsed.year:04d}"
    if parsed.day != other.day:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return parsed.date().isoformat()


# A dump repeats a handful of dates; dateutil parses one in ~50 us. Cached here, not by a
# decorator: mutmut mutates no decorated function (bench/mutation.py).
iso_date = lru_cache(maxsize=4096)(_iso_date)


def arxiv_id(record: RawRecord) -> str:
    """The record's arXiv id (either scheme, arxiv_ids.find_id), from its id field or a URL."""
    return next((found for text in (record.arxiv_id, *record.urls) if (found := find_id(text))), "")


def extract_links(
    abstract: str, urls: tuple[str, ...], arxiv: str, comment: str = ""
) -> tuple[Link, ...]:
    """Typed links from the URLs of the abstract, the comment (`Code: github.com/x/y`) and the
    record: http(s) only (a `javascript:` or `data:` URL is dropped, never a link), each once
    (a DOI's links as one https://doi.org/ link)."""
    found = [
        with_scheme(trimmed_url(url))
        for text in (abstract, comment)
        for url in LINKABLE_URL.findall(text)
    ]
    given = [url.strip() for url in urls if WEB_URL.fullmatch(url.strip())]
    if arxiv:  # its abstract page, as http or with a version, is the one link added below
        given = [url for url in given if not ARXIV_ABS.fullmatch(url)]
    links = [Link(_link_kind(url), url) for url in (*given, *found)]  # the record's first
    if arxiv:
        links.append(Link("arxiv", f"https://arxiv.org/abs/{arxiv}"))
    return unique_links(links)  # one link for each DOI however written


def trimmed_url(url: str) -> str:
    """A LINKABLE_URL match without the punctuation that closes the sentence or quote around
    it; a `)` only when unmatched (`wiki/Foo_(bar)` keeps its own)."""
    while url and (url[-1] in ".,;:!?”’»" or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def with_scheme(url: str) -> str:
    """A scheme-less code-host URL (`github.com/x/y`) as https."""
    return url if url.lower().startswith(("http://", "https://")) else f"https://{url}"


def _link_kind(url: str) -> str:
    lowered = url.lower()
    if "arxiv.org/pdf" in lowered:
        return "pdf"
    if "arxiv.org/abs" in lowered:
        return "arxiv"
    return "code" if any(host in lowered for host in CODE_HOSTS) else "project"


def identity_text(abstract: str) -> str:
    """The abstract reduced to lowercase words: the same paper pasted from two sites matches."""
    return " ".join(re.findall(r"[a-z0-9]+", abstract.lower()))


@functools.lru_cache(maxsize=1 << 18)  # every build merges every paper by it (dedup.py)
def paper_id(arxiv: str, abstract: str) -> str:
    """`arxiv-<id>`, else a hash of the abstract's words. An abstract with no Latin letter or
    digit (all Chinese, all Cyrillic) is hashed by its own letters: such abstracts used to share
    the one id of an empty text, and so merged."""
    if arxiv:
        return f"arxiv-{arxiv}"
    words = identity_text(abstract) or " ".join(re.findall(r"[^\W_]+", abstract.lower()))
    return hashlib.sha256(words.encode()).hexdigest()[:16]


def clean_field(text: str) -> str:
    return clean_text(strip_html(clean_latex(clean_text(text))))


# Copies of one untitled abstract (a dump pasted twice, or 100k times) derive its title once:
# deriving costs ~1 ms, most of normalize's time.
_derived_title = lru_cache(maxsize=1024)(derive_title)


def warn_dropped(record: RawRecord) -> None:
    """Name the links and categories of a record that normalize drops (not http(s); not
    shaped like an arXiv category), so nothing a dump gave goes without a word."""
    urls = [url for url in record.urls if url.strip() and not WEB_URL.fullmatch(url.strip())]
    codes = [code for code in record.categories if code.strip() and not category_code(code)]
    if urls or codes:
        logger.warning(
            "%s: %s",
            record.ref,
            "; ".join(
                [f"dropped link {url[:80]!r} (only http(s) links are kept)" for url in urls]
                + [f"dropped category {code[:40]!r} (not an arXiv category)" for code in codes]
            ),
        )


def normalize(record: RawRecord) -> Paper:
    warn_dropped(record)
    abstract = clean_latex(clean_text(record.abstract))
    title = clean_field(record.title)
    arxiv = arxiv_id(record)
    categories = tuple(
        dict.fromkeys(code for code in map(category_code, record.categories) if code)
    )
    return Paper(
        id=paper_id(arxiv, abstract),
        title=title or _derived_title(abstract),
        title_derived=not title,
        abstract=abstract,
        authors=tuple(a for a in (clean_field(a) for a in record.authors) if a),
        authors_truncated=record.authors_truncated,
        affiliations=tuple(a for a in (clean_field(a) for a in record.affiliations) if a),
        category=categories[0] if categories else "",
        categories=categories,
        date=iso_date(record.date),
        arxiv_id=arxiv,
        links=extract_links(abstract, record.urls, arxiv, comment := clean_field(record.comment)),
        sources=(record.ref,),
        comment=comment,
        keywords=_keywords(record.keywords),
        listed_under=tuple(a for a in (clean_field(a) for a in record.listed_under) if a),
    )


def _keywords(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """Each keyword cleaned, once (case aside), without arXiv categories (they are categories)."""
    from generator.read.ingest.arxiv_names import named_codes

    kept: dict[str, str] = {}
    for keyword in map(clean_field, keywords):
        if keyword and not is_arxiv_code(keyword) and not named_codes(keyword):
            kept.setdefault(keyword.lower(), keyword)
    return tuple(kept.values())


class SlugCollision(ValueError):
    pass


def _other_arxiv_papers(a: Paper, b: Paper) -> bool:
    """Two papers arXiv tells apart: a title arXiv gives two papers is not a clash to fix."""
    return bool(a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id)


def paper_slug(paper: Paper) -> str:
    return _title_slug(paper.title) or paper.id.replace("/", "-")  # `arxiv-hep-th/9901001`


@functools.lru_cache(maxsize=1 << 18)  # every build gives every paper its slug
def _title_slug(title: str) -> str:
    return slugify(title, max_length=70, word_boundary=True)


@functools.lru_cache(maxsize=1 << 18)  # and the same suffixes
def _id_slug(pid: str) -> str:
    return slugify(pid)


def assign_slugs(papers: list[Paper]) -> list[Paper]:
    """URL slug per paper from its title. Two papers that a dump titles alike fail the build,
    naming every such pair at once (curation.yaml can merge, retitle or hide one); derived
    titles, titles of two papers with other arXiv ids (arXiv tells them apart), or long titles
    that differ only after the cut, get the later paper's id appended, so earlier URLs stay."""
    taken: dict[str, Paper] = {}
    clashes = []
    for paper in papers:
        slug = paper_slug(paper)
        other = taken.get(slug)
        if (
            other
            and other.title.lower() == paper.title.lower()
            and not (other.title_derived or paper.title_derived)
            and not _other_arxiv_papers(other, paper)
        ):
            clashes.append(
                f"papers/{slug}/ would hold two papers titled {paper.title!r}: "
                f"{other.sources[0]} and {paper.sources[0]}"
            )
            continue
        if slug in taken:
            slug = f"{slug[:60].rstrip('-')}-{_id_slug(paper.id)[-8:]}"
        taken[slug] = paper
    if clashes:
        more = (
            f" (and {len(clashes) - 1} more: {'; '.join(clashes[1:])})" if len(clashes) > 1 else ""
        )
        raise SlugCollision(clashes[0] + more)
    return [paper.amended(slug=slug) for slug, paper in taken.items()]

"""How a reader gets to a paper and cites it: read links, a BibTeX entry, a plain-text title.
Pure functions of a Paper. Links come only from what the dump gave (an arXiv id, its URLs);
when it gave none, the reader gets clearly labelled searches, never a guessed link."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from generator.model import Link, Paper
from generator.read.arxiv_ids import is_new_style
from generator.read.dois import doi_of, unique_links
from generator.read.text import MATH_SPAN, plain_text

__all__ = ["LINK_LABELS", "ReadLink", "bibtex", "first_sentence", "plain_title", "read_links"]

LINK_LABELS = {"code": "Code", "project": "Project page", "arxiv": "arXiv", "pdf": "PDF"}


@dataclass(frozen=True)
class ReadLink:
    label: str
    url: str
    kind: str  # "direct": the paper itself (or its code); "search": a search for it


# --- read links ------------------------------------------------------------------------

ARXIV_HTML_FROM = "2312"  # arXiv serves HTML for papers from December 2023 on
OWN_ORDER = {"pdf": 0, "arxiv": 1, "project": 2, "code": 3}  # the paper before its code
SEARCH_WORDS = 20  # a first sentence longer than this is cut: enough to find it


def read_links(paper: Paper) -> tuple[ReadLink, ...]:
    """Direct links to the paper (arXiv, DOI, its own links); searches for it too when none
    of them leads to the paper itself (a code repository alone does not)."""
    direct = _arxiv_links(paper.arxiv_id)
    own = [link for link in paper.links if not _is_arxiv_copy(link.url, paper.arxiv_id)]
    dois = [link for link in own if doi_of(link.url)]
    direct += [ReadLink("DOI", link.url, "direct") for link in unique_links(dois)]
    rest = sorted(
        (link for link in own if link not in dois), key=lambda link: OWN_ORDER.get(link.kind, 9)
    )
    direct += _own_links(rest)
    to_paper = paper.arxiv_id or dois or any(link.kind != "code" for link in rest)
    return tuple(direct) if to_paper else (*direct, *_searches(paper))


def _arxiv_links(arxiv_id: str) -> list[ReadLink]:
    if not arxiv_id:
        return []
    kinds = [("arXiv abstract", "abs"), ("PDF", "pdf")]
    if is_new_style(arxiv_id) and arxiv_id[:4] >= ARXIV_HTML_FROM:  # `hep-th/…` has none
        kinds.append(("HTML", "html"))
    return [
        ReadLink(label, f"https://arxiv.org/{path}/{arxiv_id}", "direct") for label, path in kinds
    ]


def _is_arxiv_copy(url: str, arxiv_id: str) -> bool:
    """An arxiv.org link to the paper whose id is known: its arXiv links already cover it."""
    host = _host(url)
    on_arxiv = host == "arxiv.org" or host.endswith(".arxiv.org")
    return bool(arxiv_id) and on_arxiv and arxiv_id in url


def _own_links(links: list[Link]) -> list[ReadLink]:
    """The dump's own links, labelled by kind; the host is added where two share a label."""
    labels = [LINK_LABELS.get(link.kind, "Link") for link in links]
    return [
        ReadLink(
            f"{label} ({_host(link.url)})" if labels.count(label) > 1 else label, link.url, "direct"
        )
        for label, link in zip(labels, links, strict=True)
    ]


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _searches(paper: Paper) -> tuple[ReadLink, ...]:
    """Title searches; for a derived title (made up here), searches for the first sentence."""
    if not paper.title_derived:
        title = plain_title(paper.title)
        return (
            _search(
                "Search arXiv", "https://arxiv.org/search/", query=f'"{title}"', searchtype="title"
            ),
            _search("Semantic Scholar", "https://www.semanticscholar.org/search", q=title),
            _search("Google Scholar", "https://scholar.google.com/scholar", q=f'"{title}"'),
        )
    sentence = first_sentence(paper.abstract)
    on = "Search for the first sentence on "
    return (
        _search(on + "arXiv", "https://arxiv.org/search/", query=sentence, searchtype="abstract"),
        _search(on + "Semantic Scholar", "https://www.semanticscholar.org/search", q=sentence),
        _search(on + "Google Scholar", "https://scholar.google.com/scholar", q=f'"{sentence}"'),
    )


def _search(label: str, base: str, **params: str) -> ReadLink:
    return ReadLink(label, f"{base}?{urlencode(params, quote_via=quote)}", "search")


def first_sentence(abstract: str, limit: int = SEARCH_WORDS) -> str:
    """The abstract's first sentence as plain text, cut to `limit` words (a very short one
    runs on into the next, so the search has words enough to find the paper)."""
    words: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", plain_title.__wrapped__(abstract)):
        words += sentence.split()
        if len(words) >= 6:
            break
    return " ".join(words[:limit]).rstrip(".,;:!?")


# --- BibTeX ----------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
        "Đ": "D",
        "đ": "d",
        "Þ": "Th",
        "þ": "th",
    }
)
_TEX_SPECIALS = re.compile(r"(?<!\\)([&%#_$^])")  # outside math, LaTeX needs them escaped


def bibtex(paper: Paper) -> str:
    """A @misc entry from what the dump gave: nothing guessed, always brace-balanced."""
    last = paper.authors[0].split()[-1] if paper.authors else "anon"
    year = (paper.date or "")[:4] if re.match(r"\d{4}", paper.date or "") else ""
    first_word = next(iter(re.findall(r"[A-Za-z0-9]+", _ascii(plain_text(paper.title)))), "paper")
    key = re.sub(r"[^a-z0-9]", "", _ascii(last + year + first_word).lower())
    authors = " and ".join(_tex_text(a) for a in paper.authors)
    fields = [
        ("title", "{" + _tex_title(paper.title) + "}"),
        ("author", authors + (" and others" if authors and paper.authors_truncated else "")),
        ("year", year),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv" if paper.arxiv_id else ""),
        ("primaryClass", paper.category if paper.arxiv_id else ""),
        ("url", _bib_url(paper)),
        (
            "note",
            "Title derived from the abstract; the source gave none" if paper.title_derived else "",
        ),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _tex_title(title: str) -> str:
    """The title with its math kept where its braces balance (and no escaped brace or
    trailing backslash could confuse a parser); else as plain text without braces."""
    title = " ".join(title.replace("`", "").split())
    if not _balanced(title) or re.search(r"\\[{}]|\\$", title):
        return _tex_text(plain_title(title))
    parts = MATH_SPAN.split(title)
    return "".join(part if i % 2 else _escape(part) for i, part in enumerate(parts))


def _tex_text(text: str) -> str:
    """Dump text as a BibTeX value: no braces, backslashes or backquotes; specials escaped."""
    return _escape(" ".join(re.sub(r"[{}\\`]", "", text).split()))


def _escape(text: str) -> str:
    return _TEX_SPECIALS.sub(lambda m: "\\^{}" if m.group(1) == "^" else "\\" + m.group(1), text)


def _bib_url(paper: Paper) -> str:
    """arXiv's page when the id is known, else the paper's own PDF or project page."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    own = sorted(
        (link for link in paper.links if link.kind in ("pdf", "project")),
        key=lambda link: OWN_ORDER.get(link.kind, 9),
    )
    return next((link.url for link in own if not re.search(r"[{}\\\s]", link.url)), "")


# --- plain titles ----------------------------------------------------------------------

_SUP = dict(zip("0123456789+-=()niT*′⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ*′ᵀ", strict=True))
_SUB = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|([^\s{}\\]))")
_SYMBOLS = {
    "times": "×",
    "cdot": "·",
    "infty": "∞",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "approx": "≈",
    "sim": "∼",
    "pm": "±",
    "to": "→",
    "rightarrow": "→",
    "ell": "ℓ",
    "partial": "∂",
    "nabla": "∇",
    "in": "∈",
    "sqrt": "√",
    "prime": "′",
    "top": "⊤",
    "log": "log",
    "exp": "exp",
    "max": "max",
    "min": "min",
    "sum": "∑",
    "prod": "∏",
    "lim": "lim",
    "sin": "sin",
    "cos": "cos",
}
_SYMBOL = re.compile(r"\\(" + "|".join(sorted(_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])")
_BLACKBOARD = re.compile(r"\\mathbb\s*\{?([RNZQC])\}?")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# \cmd{x} -> x for commands text.py does not resolve (it would glue x to the name: \foox);
# references are left for it to drop, one-letter accents (\v{s}) for it to resolve.
_COMMAND_ARG = re.compile(
    r"\\(?!(?:cite[pt]?|citeauthor|ref|eqref|label|footnote)\b)"
    r"[A-Za-z]{2,}\*?\s*\{([^{}]*)\}"
)
_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*|\\[^A-Za-z\s]")


@functools.lru_cache(maxsize=1 << 18)  # a title is shown in a dozen lists, feeds and data files
def plain_title(text: str) -> str:
    """A title as plain text (HTML <title>, descriptions): LaTeX text markup resolved,
    math spans as Unicode where that is easy (ViT$^3$ -> ViT³), other commands dropped."""
    out = []
    for i, part in enumerate(MATH_SPAN.split(text)):
        plain = plain_text(part if i % 2 else _unwrap(part))  # a $..$ of words comes back as text
        plain = _math(plain) if i % 2 and MATH_SPAN.fullmatch(plain) else _COMMAND.sub("", plain)
        out.append(_space(part[:1]) + plain + _space(part[-1:]))  # plain_text strips the ends
    return " ".join("".join(out).split())


def _space(char: str) -> str:
    return " " if char.isspace() else ""


def _unwrap(text: str) -> str:
    while "\\" in text and (new := _COMMAND_ARG.sub(r"\1", text)) != text:
        text = new
    return text


def _math(span: str) -> str:
    body = span[2:-2] if span[:2] in ("$$", "\\(", "\\[") else span[1:-1]
    body = _BLACKBOARD.sub(lambda m: "ℝℕℤℚℂ"["RNZQC".index(m.group(1))], body)
    body = _FRAC.sub(r"\1/\2", _SYMBOL.sub(lambda m: _SYMBOLS[m.group(1)], body))
    body = plain_text(_unwrap(_SCRIPT.sub(_script, body)))  # then Greek letters, accents
    return _COMMAND.sub("", body).replace("{", "").replace("}", "").replace("~", " ")


def _script(m: re.Match) -> str:
    """^2 -> ², _{10} -> ₁₀; a script with no Unicode form stays written out: x^a, x_(ij)."""
    table = _SUP if m.group(1) == "^" else _SUB
    body = m.group(2) if m.group(2) is not None else m.group(3)
    if body and all(char in table for char in body):
        return "".join(table[char] for char in body)
    return m.group(1) + (body if len(body) <= 1 else f"({body})")

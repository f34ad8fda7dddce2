"""Cleanup for untrusted title/abstract text from raw dumps. Pure functions, no I/O.

clean_text   -> Unicode NFC, no control characters, single spaces.
strip_html   -> plain text from a field that may carry HTML tags/entities (titles, authors).
clean_latex  -> LaTeX *text* markup turned into display text; real math kept verbatim.
plain_text   -> clean_latex without Markdown emphasis, for tags, feeds and search.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

__all__ = ["clean_text", "strip_html", "clean_latex", "plain_text"]

# --- clean_text ------------------------------------------------------------------

# Line/paragraph separators become a space first so words on either side stay apart.
_LINE_BREAKS = re.compile(r"[\t\n\r\x85\u2028\u2029]")
# Every other C0/C1 control (NUL included) and a stray BOM carries no text: drop it.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff]")


def clean_text(s: str) -> str:
    """NFC-normalise, drop control characters, collapse whitespace to single spaces, strip."""
    s = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", s))
    return _single_spaces(unicodedata.normalize("NFC", s))


def _single_spaces(s: str) -> str:
    """Whitespace runs to one space, stripped: re.sub(r"\\s+", " ", s).strip(), as re's \\s is
    str.isspace, at a fifth of the cost (it ran several times on every abstract)."""
    return " ".join(s.split())


# --- strip_html ------------------------------------------------------------------

# A "<" that does not open a well-formed tag or comment is literal text ("x<y", "a < b");
# escape it so the HTML parser does not swallow the rest of the field as a tag.
_LONE_LT = re.compile(r"<(?!/?[A-Za-z][^<>]*>|!--)")
# Line breaks separate words; other inline tags (<i>, <sub>) must not add a space
# ("H<sub>2</sub>O").
_BR = re.compile(r"<br\s*/?>", re.I)


# Text the HTML sanitiser passes through unchanged: checked for every code point, the parser
# alters only "<", "&", NUL and CR, and a lone surrogate makes it raise (kept that way).
_HTML_CHANGES = re.compile("[<&\x00\r\ud800-\udfff]")


def strip_html(s: str) -> str:
    """Plain text of a title/author field: tags removed (script/style content too), entities
    decoded."""
    if not _HTML_CHANGES.search(s):  # most fields; the sanitiser costs ~10 us a call
        return clean_text(s)
    s = _BR.sub(" ", _LONE_LT.sub("&lt;", s))
    return clean_text(html.unescape(nh3.clean(s, tags=set())))


# --- clean_latex -----------------------------------------------------------------

# Math spans, each kept verbatim unless it only wraps text: $$..$$, \[..\], \(..\), and $..$.
# Inline $..$ follows pandoc's rule so prose dollars ("$5 and $10") are not math: no space
# just inside either delimiter, no digit right after the closing one; \$ is an escaped dollar.
_MATH = re.compile(
    r"(\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|(?<!\\)\$(?=\S)(?:\\.|[^$\\])+?(?<=\S)\$(?!\d))", re.S
)
# Commands that only style text; outside math (or in a text-only span) they keep their argument.
_TEXTY = r"text|textbf|textit|textrm|textsf|textsc|texttt|textup|textnormal|mathrm|mbox|underline"
_TEXT_CMDS = _TEXTY + r"|mathbf|mathit|mathsf|mathtt|url"
# A $..$ span holding nothing but text commands and letters is a styled word, not math:
# $\textbf{M}\text{ixture }\textbf{O}\text{f}$ is "Mixture Of". ($\mathbf{W}$ stays math.)
_TEXTUAL_MATH = re.compile(rf"(?:[A-Za-z\s]|\\(?:{_TEXTY})\s*\{{[^{{}}$]*\}})+")
# A $..$ span holding only a number ($50$, $126.7\%$) reads better as plain text.
_NUMERIC_MATH = re.compile(r"[+-]?\d[\d.,]*(?:\\%)?")

# Accent macros -> combining marks (NFC then composes them): \"o, \'{e}, {\"u}, \c{c}, \v{s}.
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
# Symbol accents take a bare or braced letter; letter accents (\v, \c ...) only a braced one,
# so \url{..} or \vec are never read as accents. \i and \j are the dotless i/j used under accents.
_ACCENT_BODY = (
    r"(?:\\([\"'`^~=.])(?:\{(\\[ij]|[A-Za-z])\}|(\\[ij]|[A-Za-z]))"
    r"|\\([uvHckr])\{(\\[ij]|[A-Za-z])\})"
)
_ACCENT = re.compile(r"\{" + _ACCENT_BODY + r"\}|" + _ACCENT_BODY)
# Letters with their own macro: {\L}ojasiewicz, \o, \ss{}, \ae. The space after a bare macro is
# eaten (TeX rule).
_LETTERS = {
    "L": "Ł",
    "l": "ł",
    "O": "Ø",
    "o": "ø",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
}
_LETTER = re.compile(
    r"\{\\(L|l|O|o|ss|ae|AE|oe|OE|aa|AA|i|j)\}"
    r"|\\(L|l|O|o|ss|ae|AE|oe|OE|aa|AA|i|j)(?![A-Za-z])(?:\{\}| )?"
)
# Greek letters left outside math by dumps that lost the $ ("a quantity {\Psi}"): α to ω.
# fmt: off
_GREEK_NAMES = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau", "upsilon",
    "phi", "chi", "psi", "omega",
]
# fmt: on
_GREEK = {n: chr(c) for n, c in zip(_GREEK_NAMES, range(0x3B1, 0x3CA), strict=True)}
_GREEK.update({n.capitalize(): chr(ord(c) - 32) for n, c in _GREEK.items() if n != "varsigma"})
_GREEK.update(varepsilon="ε", vartheta="ϑ", varphi="φ", varrho="ϱ", varpi="ϖ")
_GREEK_CMD = re.compile(r"\{\\([A-Za-z]+)\}|\\([A-Za-z]+)(?![A-Za-z])")
# CVPR/NeurIPS abbreviation macros (\eg, \ie, \etal); a following "." would double the dot.
_ABBREVS = {
    "eg": "e.g.",
    "ie": "i.e.",
    "etal": "et al.",
    "vs": "vs.",
    "wrt": "w.r.t.",
    "etc": "etc.",
    "cf": "cf.",
    "aka": "a.k.a.",
}
_ABBREV = re.compile(r"\\(eg|ie|etal|vs|wrt|etc|cf|aka)(?![A-Za-z])\.?")
# Underlined capitals inside a lowercase word only mark an acronym's letters:
# la\underline{NE} -> lane.
_MIDWORD_UNDERLINE = re.compile(r"(?<=[a-z])\\underline\{([A-Z]+)\}")
# Innermost styling command with a brace group; applied until none is left (handles nesting).
_STYLE = re.compile(rf"\\(?:({_TEXT_CMDS})|(emph))\s*\{{([^{{}}]*)\}}")
# \cite{..}, \ref{..}, \label{..}: references render as nothing (with the ~ or space before them).
_REFS = re.compile(r"[~ ]?\\(?:cite[pt]?|citeauthor|ref|eqref|label)\*?(?:\[[^\]]*\])?\{[^{}]*\}")
# A footnote is read in parentheses (it often holds the code's URL); \href{url}{text} as
# `text (url)`, so the URL stays and becomes a link; \textcolor{c}{x} and \color{c} keep only x.
_FOOTNOTE = re.compile(r"\s*\\footnote\*?\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{([^{}\s]+)\}\s*\{([^{}]*)\}")
_COLOR = re.compile(r"\\textcolor\s*\{[^{}]*\}\s*\{([^{}]*)\}|\\color\s*\{[^{}]*\}\s*")
# Old-style switches inside a group: {\em x}, {\it x} -> emphasis; {\bf x}, {\tt x} -> x.
_SWITCH = re.compile(r"\{\\(em|it|sl|bf|sc|tt|rm|sf)\s+([^{}]*)\}")
_SYMBOL_NAMES = {
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textbackslash": "\\",
    "textbullet": "•",
    "textdagger": "†",
}
_SYMBOL = re.compile(r"\\(" + "|".join(_SYMBOL_NAMES) + r")(?![A-Za-z])(?:\{\}| )?")
# Escaped specials and TeX spacing commands.
_ESCAPES = {
    "%": "%",
    "&": "&",
    "_": "_",
    "#": "#",
    "{": "{",
    "}": "}",
    ",": " ",
    ";": " ",
    ":": " ",
    " ": " ",
    "\\": " ",
}
_ESCAPE = re.compile(r"\\([%&_#{},;: \\])")
# ``quoted'' (or ``quoted" as some dumps close it) -> curly quotes; `single' likewise.
_DQUOTE = re.compile(r"``(.*?)(?:''|\")", re.S)
# Dumps also open with '' or " and close with '': ''imagined state'', "channel''.
_ODD_DQUOTE = re.compile(r"(?<![\w'])(?:''|\")(?=\S)([^\"']*?)''")
_SQUOTE = re.compile(r"`([^`'\s][^`']*)'")
# ~ is a tie (non-breaking space) after a word or closing bracket: "Field~(SDF)", "Fig.~3".
# Between digits it is a range ("0.11~0.18dB") and at a word start "about" ("~310M"): keep those.
_TIE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[.)\]]))~")
# Bare brace groups of words left after the macros are gone ({B}ERT, {Gaussian}) only protect
# capitals in BibTeX: drop them. A literal set such as {0,1} is left alone.
_BARE_BRACES = re.compile(r"(?<!\\)\{([A-Za-z][A-Za-z\s'-]*)\}")


def _accent(m: re.Match) -> str:
    mark, letter = [
        g for g in m.groups() if g
    ]  # whichever alternative matched: its mark and letter
    return {"\\i": "i", "\\j": "j"}.get(letter, letter) + _ACCENTS[mark]


def _style(m: re.Match, emph: str) -> str:
    """\\textbf{x} -> x; \\emph{x} -> emph.format(x) (nothing for an empty argument)."""
    if not m.group(2):
        return m.group(3)
    return emph.format(m.group(3).strip()) if m.group(3).strip() else ""


def _latex_text(s: str, emph: str) -> str:
    """LaTeX text-mode markup of a non-math chunk -> display text.

    Each step runs only when the character its pattern needs is there: most abstracts hold
    no backslash, backquote or tie, and scanning them anyway was most of normalize's time."""
    if "\\" in s:  # every macro, escape and reference starts with one; none of them adds one
        s = _latex_macros(s, emph)
    if "`" in s or "''" in s:  # each quote pattern needs a backquote or a closing ''
        s = _ODD_DQUOTE.sub(r"“\1”", _DQUOTE.sub(r"“\1”", s))
        s = _SQUOTE.sub(r"‘\1’", s).replace("``", "“").replace("''", "”")
    if "~" in s:
        s = _TIE.sub(" ", s)
    return _BARE_BRACES.sub(r"\1", s) if "{" in s else s


def _latex_macros(s: str, emph: str) -> str:
    s = _ACCENT.sub(_accent, s)
    s = _LETTER.sub(lambda m: _LETTERS[m.group(1) or m.group(2)], s)
    s = _GREEK_CMD.sub(lambda m: _GREEK.get(m.group(1) or m.group(2), m.group(0)), s)
    s = _ABBREV.sub(lambda m: _ABBREVS[m.group(1)], _REFS.sub("", s))
    s = _COLOR.sub(lambda m: m.group(1) or "", _HREF.sub(r"\2 (\1)", _FOOTNOTE.sub(r" (\1)", s)))
    s = _SWITCH.sub(
        lambda m: (
            emph.format(m.group(2).strip())
            if m.group(1) in ("em", "it", "sl") and m.group(2).strip()
            else m.group(2)
        ),
        s,
    )
    s = _SYMBOL.sub(lambda m: _SYMBOL_NAMES[m.group(1)], s)
    s = _MIDWORD_UNDERLINE.sub(lambda m: m.group(1).lower(), s)
    while (new := _STYLE.sub(lambda m: _style(m, emph), s)) != s:
        s = new
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], s)


def _unwrap_math(m: re.Match) -> str:
    """A $..$ span that is only styled text or a number becomes text; real math is kept."""
    body = m.group(0)[1:-1]
    textual = "\\" in body and _TEXTUAL_MATH.fullmatch(body)
    if m.group(0).startswith("$") and (textual or _NUMERIC_MATH.fullmatch(body)):
        return body
    return m.group(0)


def _dollars(math: str) -> str:
    if math.startswith(("\\(", "\\[")) and (inner := math[2:-2].strip()):
        return f"${inner}$" if math[1] == "(" else f"$${inner}$$"
    return math


def _clean_latex(s: str, emph: str) -> str:
    # Every math delimiter holds a "$" or a backslash; without either the text is one chunk.
    parts = _MATH.split(_MATH.sub(_unwrap_math, s)) if "$" in s or "\\" in s else [s]
    # re.split with one capture group: even indices are text, odd ones are math (kept verbatim,
    # but for \\(..\\) and \\[..\\] written as $..$ and $$..$$, the delimiters the page renders).
    out = "".join(_dollars(p) if i % 2 else _latex_text(p, emph) for i, p in enumerate(parts))
    return _single_spaces(unicodedata.normalize("NFC", out))


def clean_latex(s: str) -> str:
    """LaTeX text markup -> readable text (\\emph{x} -> *x*); math spans stay verbatim."""
    return _clean_latex(s, "*{}*")


# Markdown emphasis: *x* with no space just inside the stars and no word character outside
# them, so "A* search" or "x*y" are left alone.
_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def plain_text(s: str) -> str:
    """clean_latex without emphasis markers, for tagging, feeds and search; math kept as is."""
    parts = _MATH.split(_clean_latex(s, "{}"))
    # Also strip *x* already present (e.g. text that went through clean_latex before), outside math.
    return "".join(p if i % 2 else _plain_chunk(p) for i, p in enumerate(parts))


def _plain_chunk(s: str) -> str:
    return (_EMPH.sub(r"\1", s) if "*" in s else s).replace("\\$", "$")


MATH_SPAN, EMPHASIS = _MATH, _EMPH  # for render.rich: the same rules on the page as here

"""A readable title for a paper whose dump gave only its abstract. Pure and deterministic.

Tried in order, first hit wins:
1. the abstract names its method: "we propose VoxNeuS, a ...", "a method, called Pseudo-Q, ...",
   "a framework, ActiveNeRF, ...", then "a novel ... algorithm (MAT)"
   -> "VoxNeuS: A Lightweight Surface Reconstruction Method ..."
2. the abstract is a survey -> "A Survey of Deep Clustering"
3. the first sentence stating the contribution ("we propose/study ...", "this paper presents ...")
   or, failing that, the first sentence -> its main clause, cut to a readable length.

The wording these look for, and the grammar that cuts a sentence, are in title_phrases.py.
"""

from __future__ import annotations

import re

from generator.read.text import plain_text
from generator.read.title_phrases import (
    ACRONYM,
    AND_VERB,
    APPOS_NAME,
    APPOS_OBJ,
    BASE,
    CLAUSE_WORD,
    CONTRIB,
    ING_VERBS,
    LABEL,
    LEAD_IN,
    NAMED_AFTER,
    NAMED_FIRST,
    NAMED_FIRST_DESC,
    NP_VERBS,
    OUR_NAME,
    PROBLEM_OF,
    SUBJECT,
    SURVEY,
    TOKEN,
    TOPIC,
    TOPIC_END,
    VAGUE_TOPIC,
    expand_acronyms,
    gerund,
    gerund_phrase,
    is_name,
    main_clause,
    split_sentences,
)

__all__ = ["derive_title"]

MAX_WORDS = 14
MAX_CHARS = 120

# "A novel" says nothing in a title and costs two of its words:
# "a novel yet simple X" -> "a simple X".
_NOVEL = re.compile(r"^an?\s+novel\s+(?:(?:and|yet|but)\s+)?", re.I)
_LEADING_ARTICLE = re.compile(r"^an?\s+(?=(\S+))", re.I)

# fmt: off
# Title casing (APA-like): these stay lowercase unless first or after a colon.
_MINOR = {
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "to", "in", "on", "at",
    "by", "as", "up", "via", "vs", "from", "with", "into", "onto", "per", "than",
}
# Good places to cut a long title: before a preposition/relative pronoun; failing those,
# "of"/"and" or a comma.
_BREAK_BEFORE = {
    "for", "with", "to", "by", "via", "using", "based", "that", "which", "in", "on", "from",
    "under", "without", "through", "across", "along", "toward", "towards", "into", "while",
    "where", "at", "over", "within", "between", "among", "against", "beyond", "after", "when",
    "whose",
}
_SOFT_BREAK_BEFORE = {"of", "and", "or"}
# Words a title must not end with.
_STOP = _MINOR | _BREAK_BEFORE | {
    "its", "their", "our", "his", "her", "this", "these", "those", "is", "are", "such", "both",
    "each", "either", "aimed", "designed", "tailored", "dedicated",
}
# fmt: on

# --- writing the title -----------------------------------------------------------


def _article(word: str) -> str:
    """'an' before a vowel sound: an efficient, an LLM, an R package, a unified, a UDA method."""
    if word.isupper():  # letters read by name: an LLM, an R package
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if re.match(r"[aeio]|u(?![nst][aeiou]|ni)", word, re.I) else "a"


def _unhighlight(word: str, name: str) -> str:
    """CAlibratEd SemAntic -> Calibrated Semantic when the capitals only spell out `name`."""
    caps = "".join(c for c in word if c.isupper())
    if re.fullmatch(r"[A-Z]+s", word):  # an acronym's plural: LLMs, GNNs
        return word
    if (
        word.isalpha()
        and not word.isupper()
        and any(c.isupper() for c in word[1:])
        and caps.lower() in name.lower()
    ):
        return word[0] + word[1:].lower()
    return word


def _capitalize(word: str, first: bool) -> str:
    """Title-case one word; parts with capitals (NeRF, 3D, LLMs) are kept as written."""
    if "$" in word or "\\" in word:  # math is kept as written
        return word
    parts = word.split("-")
    for j, part in enumerate(parts):
        minor = part.strip("()[]“”\"',").lower() in _MINOR
        if part == part.lower() and ((j == 0 and (first or len(parts) > 1)) or not minor):
            parts[j] = re.sub(
                r"^([^A-Za-z0-9]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), part
            )
    return "-".join(parts)


def _fit(words: list[str], limit: int) -> list[str]:
    """At most `limit` words, cut before a preposition/relative (else "of"/"and"/comma, else
    hard)."""
    if len(words) > limit:
        late = range(limit, limit // 2 - 1, -1)
        ok = [i for i in late if words[i - 1].lower().strip(",") not in _STOP]
        cut = next((i for i in ok if words[i].lower().strip("(") in _BREAK_BEFORE), None) or next(
            (i for i in ok if words[i].lower() in _SOFT_BREAK_BEFORE or words[i - 1].endswith(",")),
            limit,
        )
        words = words[:cut]
    opens = [i for i, w in enumerate(words) if "(" in w]
    if opens and ")" not in "".join(words[opens[-1] :]):  # a parenthesis the cut left open
        words = words[: opens[-1]]
    while len(words) > 1 and (words[-1].lower().strip(",;:") in _STOP or words[-1].endswith("-")):
        words.pop()
    return words


def _format(phrase: str, name: str = "") -> str:
    """Title-cased "Name: Phrase", at most MAX_WORDS words and MAX_CHARS characters."""
    phrase = _LEADING_ARTICLE.sub(lambda m: _article(m[1]) + " ", _NOVEL.sub("a ", phrase))
    words = [_unhighlight(w, name) for w in phrase.split()]
    head = (name + ":" if words else name).split() if name else []  # the name is kept as written
    title = ""
    for limit in range(MAX_WORDS, len(head), -1):  # fewer words until it fits in MAX_CHARS
        fitted = _fit(head + words, limit)
        title = " ".join(
            w if i < len(head) else _capitalize(w, i == 0 or fitted[i - 1].endswith(":"))
            for i, w in enumerate(fitted)
        )
        if len(title) <= MAX_CHARS:
            break
    return title.rstrip(" ,;:-–—")[:MAX_CHARS]


# --- the three strategies ----------------------------------------------------------


def _describe(obj: str, tail: str) -> str:
    """What a named method is, from the object before its name and the text after it."""
    tail = re.sub(r"^\s*,\s*(?=(?:to|for)\s)", " ", tail)  # "a method, named X, to generate ..."
    if not obj:
        tail = tail.lstrip(" ,:-")
        m = re.match(r"(?:which|that)\s+(.*)", tail)  # "X, which enables ..." -> "Enabling ..."
        return main_clause(gerund_phrase(m[1], conjugated=True) if m else tail)
    return main_clause(obj + ("" if tail.startswith(",") else " ") + tail.strip(), named=True)


def _named_in(verb: str, rest: str) -> tuple[str, str] | None:
    """(name, description) when this contribution's object is named explicitly."""
    if BASE.get(verb) in NP_VERBS and (m := NAMED_FIRST.match(rest)):
        name, words = m["name"], m["name"].split()
        if m["paren"] and re.fullmatch(TOKEN, m["paren"]) and is_name(m["paren"]):
            return m["paren"], _describe((m["det"] or "") + name, m["tail"])
        if (len(words) == 1 and is_name(name)) or (
            all(w[0].isupper() for w in words) and NAMED_FIRST_DESC.match(m["tail"])
        ):
            return name, _describe("", m["tail"])
    if m := NAMED_AFTER.match(rest):
        name = m["name2"] or m["name"]
        # a plain capitalised word counts after "called/named" unless more capitals follow it
        plain = m["key"] != "namely" and name[0].isupper() and not re.match(r"\s+[A-Z]", m["tail"])
        if m["name2"] or is_name(name) or plain:
            return name, _describe(m["exp"] or re.sub(r"^on\s+", "", m["obj"]), m["tail"])
    m = next((a for a in APPOS_NAME.finditer(rest) if is_name(a["name"])), None)
    obj = rest[: m.start()].rstrip(" ,") if m else ""
    if (
        m
        and APPOS_OBJ.fullmatch(obj)
        and not CLAUSE_WORD.search(obj)
        and obj.split()[-1] not in _STOP
    ):
        return m["name"], _describe(obj, rest[m.end() :])
    return None


def _named(sentences: list[str]) -> tuple[str, str] | None:
    """(name, description) from the first contribution sentence that names the method."""
    contribs = [
        (m["verb"].split()[0].lower(), m["rest"]) for s in sentences if (m := CONTRIB.search(s))
    ]
    for verb, rest in contribs:  # explicit naming first: "we propose X, a ...", "..., called X"
        if named := _named_in(verb, rest):
            return named
    # then an acronym coined for the object: "a novel ... algorithm (MAT)"
    for verb, rest in contribs:
        rest = re.sub(r"^on\s+", "", rest)
        acro = ACRONYM.search(rest)
        if (
            not acro
            or not is_name(acro["name"])
            or re.fullmatch(r"[A-Z]+s", acro["name"])
            or rest.startswith("to ")
            or CLAUSE_WORD.search(rest[: acro.start()])
        ):
            continue
        if BASE.get(verb) in NP_VERBS or re.search(r"\b(?:new|novel)\b", rest[: acro.start()]):
            desc = rest[: acro.start()].rstrip() + rest[acro.end() :]
            return acro["name"], main_clause(AND_VERB.split(desc, maxsplit=1)[0], named=True)
    return None


def _survey(sentences: list[str], text: str) -> str | None:
    """'A Survey of <topic>' when the abstract says it surveys/reviews a topic."""
    if not any(
        SURVEY.search(s) and re.search(SUBJECT + r"|\b[Tt]his (?:survey|review)\b", s)
        for s in sentences
    ):
        return None
    for s in sentences:
        for pattern in TOPIC:
            m = pattern.search(s)
            if m and not VAGUE_TOPIC.match(m["t"]):
                topic = main_clause(m["t"], TOPIC_END)
                # "the development of X", "recent advances in X": the survey is of X
                topic = re.sub(
                    r"^(?:the\s+)?(?:recent\s+|latest\s+)?"
                    r"(?:development|history|evolution|state|progress|advances|developments)"
                    r"\s+(?:of|in|on)\s+",
                    "",
                    topic,
                    flags=re.I,
                )
                return "A Survey of " + expand_acronyms(topic, text)
    return None


def _contribution(sentences: list[str]) -> tuple[str, int]:
    """The main clause of the first contribution sentence (else of the first sentence), and
    its index."""
    for i, s in enumerate(sentences):
        m = CONTRIB.search(s)
        # "we propose that X can arise ...": a claim, not a thing
        if not m or m["rest"].startswith("that "):
            continue
        verb, rest = m["verb"].split()[0].lower(), m["rest"]
        # "we propose to make the network learn ..." -> "Making the Network ..."
        if rest.startswith("to "):
            return main_clause(gerund_phrase(rest[3:])), i
        if BASE.get(verb) in ING_VERBS and not PROBLEM_OF.match(rest):
            # every further predicate too: "... and analyzing X and proving Y"
            rest = AND_VERB.sub(lambda a: " and " + gerund_phrase(a[0].split(None, 1)[1]), rest)
            return main_clause(f"{gerund(BASE[verb])} {rest}"), i
        return main_clause(AND_VERB.split(PROBLEM_OF.sub("", rest), maxsplit=1)[0]), i
    first = sentences[0]
    return main_clause(
        LEAD_IN.sub("", first) if len(LEAD_IN.sub("", first).split()) >= 4 else first
    ), -1


def derive_title(abstract: str) -> str:
    """A readable title (<= ~14 words, <= 120 chars) for an abstract that came without one."""
    text = LABEL.sub("", plain_text(abstract))
    sentences = split_sentences(text)
    if not re.search(r"[^\W_]", text):  # nothing to make a title from
        return ""
    if named := _named(sentences):
        return _format(named[1], named[0])
    if survey := _survey(sentences, text):
        return _format(survey)
    phrase, i = _contribution(sentences)
    our = OUR_NAME.match(sentences[i + 1]) if 0 <= i < len(sentences) - 1 else None
    if our and is_name(our["name"]) and our["name"] not in phrase:
        return _format(phrase, our["name"])
    return _format(phrase) or _format(" ".join(text.split()[:MAX_WORDS]))

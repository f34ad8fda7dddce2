"""A readable title for a paper whose dump gave only its abstract. Pure and deterministic.

Tried in order, first hit wins:
1. the abstract names its method: "we propose VoxNeuS, a ...", "a method, called Pseudo-Q, ...",
   "a framework, ActiveNeRF, ...", then "a novel ... algorithm (MAT)"
   -> "VoxNeuS: A Lightweight Surface Reconstruction Method ..."
2. the abstract is a survey -> "A Survey of Deep Clustering"
3. the first sentence stating the contribution ("we propose/study ...", "this paper presents ...")
   or, failing that, the first sentence -> its main clause, cut to a readable length.
"""

from __future__ import annotations

import re

from generator.read.text import plain_text

__all__ = ["derive_title"]

MAX_WORDS = 14
MAX_CHARS = 120

# --- vocabulary ------------------------------------------------------------------

# A method name: a letter first (so "3D-GS" is not one), then in some part CamelCase ("SegGen"),
# two capitals ("DNN-FP", "MAT") or a capital next to a digit ("OTOv3", "LDM3D-VR").
_TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_NAMEY_PART = re.compile(r"[a-z][A-Z]|[A-Z]{2}|[A-Z].*\d|\d.*[A-Z]")

# Who states the contribution, and filler that may sit before the verb ("we first empirically ...").
_SUBJECT = r"\b(?:[Ww]e|[Tt]his (?:paper|work|article|report|study|letter|survey|technical report)|[Oo]ur (?:paper|work))"
_FILLER = r"(?:\s+(?:\w+ly|also|first|further|then|here|thus|hence|now|will|can|therefore|newly))*"
# Verbs whose object is the contribution itself (a noun phrase: "we propose a method ...").
_NP_VERBS = ("propose introduce present develop design describe formulate build construct provide offer "
             "contribute conduct perform devise").split()
# Verbs whose object is a topic; the title keeps the verb as a gerund ("Revisiting Sign-Based Methods").
_ING_VERBS = ("study investigate explore revisit analyze analyse tackle address consider examine rethink "
              "characterize benchmark demystify").split()
# Verbs that start a second predicate after "and" ("... algorithm and establish its convergence").
_MORE_VERBS = "establish show prove derive demonstrate apply evaluate validate verify achieve release identify reveal".split()
_ALL_VERBS = _NP_VERBS + _ING_VERBS + _MORE_VERBS


def _forms(base: str) -> list[str]:
    """propose -> propose, proposes, proposed; study -> study, studies, studied."""
    if base.endswith("y"):
        return [base, base[:-1] + "ies", base[:-1] + "ied"]
    return [base, base + "s", base + "d"] if base.endswith("e") else [base, base + "es", base + "s", base + "ed"]


_BASE = {form: base for base in _ALL_VERBS for form in _forms(base)}
_ANY_VERB = "|".join(_BASE)
_CONTRIB_VERB = "|".join(f for f, b in _BASE.items() if b in _NP_VERBS + _ING_VERBS)
# An adverb before a verb ("strongly bias", "automatically and efficiently performs"); not "apply", "rely".
_ADVERBS = r"(?:(?!\w*ply\b|rely\b)\w+ly\s+(?:and\s+)?)*"

# --- patterns --------------------------------------------------------------------

# "we [first] propose|study ... [and present]" + what follows; "focus on" and "take a look at" take a topic.
_CONTRIB = re.compile(
    rf"{_SUBJECT}{_FILLER}\s+(?:(?:{_ANY_VERB})\s+and\s+)?"
    rf"(?P<verb>{_CONTRIB_VERB}|focus(?:es|ed)?\s+on|take[sn]?\s+a\s+(?:\w+\s+)?look\s+(?:at|into))\s+(?P<rest>.+)"
)
# 1a. "we propose VoxNeuS, a ...", 'we present "DRNet", a novel ...', "We introduce PyTorch-Direct, which ...",
# "We introduce Merlin - a 3D VLM ...", "we propose Deep Incubation, a novel approach ..." (capitalised words),
# "we propose band-split RNN (BSRNN), a ..." (the name in brackets, the words before it spell it out).
_NAMED_FIRST = re.compile(
    rf"(?P<det>the\s+|our\s+)?[\"“]?(?P<name>{_TOKEN}(?:\s+[\w-]+){{0,3}}?)[\"”]?(?:\s*\((?P<paren>[^()]*)\))?"
    r"(?P<tail>\s*(?:,|:|\s-+).*)"
)
_NAMED_FIRST_DESC = re.compile(r"\s*(?:,|:|\s-+)\s*(?:an?|the|which)\s")
# 1b. "<object>, called|named|dubbed|termed (as) X" or "<object>, namely Expansion Words (TFDMNet)"
_NAMED_AFTER = re.compile(
    rf"(?P<obj>.*?),?\s+(?P<key>called|named|dubbed|termed|coined|namely)(?:\s+as)?\s+[\"“]?"
    rf"(?:(?P<exp>(?:[\w-]+\s+){{1,6}})\((?P<name2>{_TOKEN})\)|(?P<name>{_TOKEN}(?:\s+[A-Z][\w-]*){{0,3}})\b)[\"”]?(?P<tail>.*)"
)
# 1c. An appositive: "a novel learning framework, ActiveNeRF, ...", "the framework GETA, which ..."
_APPOS_NAME = re.compile(rf"[\"“]?(?P<name>{_TOKEN})[\"”]?(?=\s*(?:[,:]|$))")
_APPOS_OBJ = re.compile(r"(?:the|our|a|an)\s+[^,]*")
# 2. "... a novel Mixed-strategy Adversarial Training algorithm (MAT)": an acronym coined for the
# object itself, so nothing before it may start a clause of its own ("a method that uses LoRA (LoRA)").
_ACRONYM = re.compile(rf"\((?P<name>{_TOKEN})\)")
_CLAUSE_WORD = re.compile(r"(?<!-)\b(?:that|which|where|who|to|using|uses?|by|via|based|through|leverag\w*)\b(?!-)")

# Survey cues, where the topic follows ("survey on X", "we review X"), and topics that say nothing.
_SURVEY = re.compile(r"\b(?:surveys?|surveyed|overview)\b|\b[Ww]e\s+(?:\w+ly\s+|will\s+)*review\b|\b[Tt]his review\b")
_TOPIC = [
    re.compile(r"\b(?:survey|overview|review|investigation)\s+(?:on|of|about|into)\s+(?P<t>.+)"),
    re.compile(rf"{_SUBJECT}{_FILLER}\s+(?:review|survey|summarize|overview)s?\s+(?P<t>.+)"),
]
_VAGUE_TOPIC = re.compile(r"^(?:this|the|that)\s+(?:\w+\s+)?(?:field|area|topic|direction|literature)\b")
# Survey topics also end before "by proposing ...", "especially ..." and at any comma.
_TOPIC_END = re.compile(r"\s+(?:by|especially|with respect to|from the perspective)\b|,\s")

# Where a main clause ends: "; ", ": ", ", which/where/thereby ...", ", and <verb>", ", <verb>",
# a participle clause (", providing ..."), an apposition (", a ...", " - "), an enumeration "(i)".
_CLAUSE_END = re.compile(
    r"\s*;\s|:\s"
    r"|,\s+(?:which|that|where|who|whose|while|whereas|thereby|thus|hence|so|but|yet|although|though|in which"
    r"|such that|including|especially|respectively)\b|,\s+(?:i\.e\.|e\.g\.)"
    rf"|,\s+(?:and\s+)?(?:we\s+|then\s+|also\s+|{_ADVERBS})(?:design|{_ANY_VERB})\b"
    r"|,\s+\w+ing\b|,\s+an?\s|\s+(?:-{1,3}|–|—)\s+|\s+\((?:i|1|a)\)\s"
)
# ", which ..." / ", aiming ..." / ", a ..." after a bare "a learning framework": go on, it says what it is.
_SHORT_HEAD_GOES_ON = re.compile(r",\s+(?:(?P<rel>which|that)\s+|(?P<where>where)\s+|(?P<appos>(?=an?\s))|(?=\w+ing\b))")
# In a noun-phrase title, "and <verb>" starts a second predicate: "... (PBGD) algorithm and establish ...".
_AND_VERB = re.compile(rf"\s+and\s+{_ADVERBS}(?:{_ANY_VERB})\b")
# Pointers back into the abstract read oddly in a title: "of aforementioned artifacts".
_DEICTIC = re.compile(r"\b(?:these|those|aforementioned|above-mentioned)\s+", re.I)
# "the problem of X" / "the challenges of X": the title is X.
_PROBLEM_OF = re.compile(r"^(?:the\s+)?(?:\w+\s+)?(?:problem|task|question|challenges?|issue)s?\s+of\s+", re.I)
# A first sentence's scene-setting lead-in: "As deep learning evolves, ...", "Recent work has shown that ...".
_LEAD_IN = re.compile(
    r"^(?:(?:As|With|While|Although|Though|Despite|Since|Given|Recently|Nowadays|Currently|In recent years"
    r"|Over the past|Due to)\b[^,]{0,120},\s+|(?:Recent|Previous|Prior) (?:work|works|studies|research) "
    r"(?:has|have) (?:shown|demonstrated|found) that\s+)"
)
# "Our developed FSCNN is ..." right after an unnamed contribution sentence names it.
_OUR_NAME = re.compile(rf"^(?:Our|The proposed|The resulting)(?:\s+(?:developed|proposed|new))?\s+(?P<name>{_TOKEN})\s+"
                       r"(?:is|was|achieves|outperforms|consists|uses|employs|can|has|combines)\b")
# "A novel" says nothing in a title and costs two of its words: "a novel yet simple X" -> "a simple X".
_NOVEL = re.compile(r"^an?\s+novel\s+(?:(?:and|yet|but)\s+)?", re.I)
_LEADING_ARTICLE = re.compile(r"^an?\s+(?=(\S+))", re.I)

# Labels that open an abstract or a structured abstract's first section.
_LABEL = re.compile(r"^\s*(?:abstract|objectives?|background|purpose|motivation|context|aims?|introduction)\s*[:.]\s*", re.I)
# Sentence ends: . ! ? then a capital/digit/quote; an abbreviation ("e.g.", "et al.") is no end.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[]?[A-Z0-9$])")
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|et al|vs|cf|Fig|Figs|Eq|Eqs|approx|resp|w\.r\.t|Sec|No|[A-Z])\.$")

# Title casing (APA-like): these stay lowercase unless first or after a colon.
_MINOR = set("a an the and but or nor for so yet of to in on at by as up via vs from with into onto per than".split())
# Good places to cut a long title: before a preposition/relative pronoun; failing those, "of"/"and" or a comma.
_BREAK_BEFORE = set("for with to by via using based that which in on from under without through across along "
                    "toward towards into while where at over within between among against beyond after when whose".split())
_SOFT_BREAK_BEFORE = {"of", "and", "or"}
# Words a title must not end with.
_STOP = _MINOR | _BREAK_BEFORE | set("its their our his her this these those is are such both each either "
                                     "aimed designed tailored dedicated".split())

# --- small helpers ---------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        if out and _ABBREV_END.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s.strip().rstrip(".!?").strip() for s in out if s.strip()]


def _is_name(token: str) -> bool:
    return any(_NAMEY_PART.search(part) for part in re.split(r"[-.]", token))


def _gerund(verb: str) -> str:
    """analyze -> analyzing, make -> making, study -> studying."""
    v = verb.lower()
    if v.endswith("ing"):
        return v
    if v.endswith("ie"):
        return v[:-2] + "ying"
    return (v[:-1] if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) else v) + "ing"


def _infinitive(verb: str) -> str:
    """enables -> enable, reaches -> reach, applies -> apply (third person singular only)."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|z)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def _gerund_phrase(text: str, conjugated: bool = False) -> str:
    """'strongly bias our guesses' -> 'strongly biasing our guesses' (first verb after any adverbs)."""
    m = re.match(rf"({_ADVERBS})(\S+)(.*)", text, re.S)
    if not m:
        return text
    verb = _infinitive(m[2]) if conjugated else m[2]
    return f"{m[1]}{_gerund(verb)}{m[3]}"


def _main_clause(phrase: str, stop: re.Pattern | None = None, named: bool = False, go_on: bool = True) -> str:
    """Cut a phrase where its main clause ends (and at `stop`); drop back-references.

    A head of three words or fewer goes on into what follows: "weight selection, a method for ..."
    -> "weight selection: a method for ..." (", a method" when it already follows a name); once.
    """
    phrase = re.sub(r"\bin order to\b", "to", phrase)
    m = _CLAUSE_END.search(phrase)
    on = go_on and m and len(phrase[: m.start()].split()) <= 3 and _SHORT_HEAD_GOES_ON.match(phrase, m.start())
    if on:
        joint = (" that " if on["rel"] else ", where " if on["where"] else
                 (", " if named else ": ") if on["appos"] is not None else " ")
        assert m is not None  # `on` is a match within the phrase `m` cut
        return _main_clause(phrase[: m.start()], stop, go_on=False) + joint + \
            _main_clause(phrase[on.end():], stop, go_on=False)
    phrase = phrase[: m.start()] if m else phrase
    if stop is not None:
        phrase = stop.split(phrase, maxsplit=1)[0]
    return _DEICTIC.sub("", phrase).strip(" ,;:")


def _article(word: str) -> str:
    """'an' before a vowel sound: an efficient, an LLM, a unified, a UDA method."""
    if word.isupper() and len(word) > 1:
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if re.match(r"[aeio]|u(?![nst][aeiou]|ni)", word, re.I) else "a"


def _unhighlight(word: str, name: str) -> str:
    """CAlibratEd SemAntic -> Calibrated Semantic when the capitals only spell out `name`."""
    caps = "".join(c for c in word if c.isupper())
    if re.fullmatch(r"[A-Z]+s", word):  # an acronym's plural: LLMs, GNNs
        return word
    if word.isalpha() and not word.isupper() and any(c.isupper() for c in word[1:]) and caps.lower() in name.lower():
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
            parts[j] = re.sub(r"^([^A-Za-z0-9]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), part)
    return "-".join(parts)


def _fit(words: list[str], limit: int) -> list[str]:
    """At most `limit` words, cut before a preposition/relative (else "of"/"and"/comma, else hard)."""
    if len(words) > limit:
        late = range(limit, limit // 2 - 1, -1)
        ok = [i for i in late if words[i - 1].lower().strip(",") not in _STOP]
        cut = next((i for i in ok if words[i].lower().strip("(") in _BREAK_BEFORE), None) or next(
            (i for i in ok if words[i].lower() in _SOFT_BREAK_BEFORE or words[i - 1].endswith(",")), limit)
        words = words[:cut]
    opens = [i for i, w in enumerate(words) if "(" in w]
    if opens and ")" not in "".join(words[opens[-1]:]):  # a parenthesis the cut left open
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
        title = " ".join(w if i < len(head) else _capitalize(w, i == 0 or fitted[i - 1].endswith(":"))
                         for i, w in enumerate(fitted))
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
        return _main_clause(_gerund_phrase(m[1], conjugated=True) if m else tail)
    return _main_clause(obj + ("" if tail.startswith(",") else " ") + tail.strip(), named=True)


def _named_in(verb: str, rest: str) -> tuple[str, str] | None:
    """(name, description) when this contribution's object is named explicitly."""
    if _BASE.get(verb) in _NP_VERBS and (m := _NAMED_FIRST.match(rest)):
        name, words = m["name"], m["name"].split()
        if m["paren"] and re.fullmatch(_TOKEN, m["paren"]) and _is_name(m["paren"]):
            return m["paren"], _describe((m["det"] or "") + name, m["tail"])
        if (len(words) == 1 and _is_name(name)) or (all(w[0].isupper() for w in words) and _NAMED_FIRST_DESC.match(m["tail"])):
            return name, _describe("", m["tail"])
    if m := _NAMED_AFTER.match(rest):
        name = m["name2"] or m["name"]
        # a plain capitalised word counts after "called/named" unless more capitals follow it
        plain = m["key"] != "namely" and name[0].isupper() and not re.match(r"\s+[A-Z]", m["tail"])
        if m["name2"] or _is_name(name) or plain:
            return name, _describe(m["exp"] or re.sub(r"^on\s+", "", m["obj"]), m["tail"])
    m = next((a for a in _APPOS_NAME.finditer(rest) if _is_name(a["name"])), None)
    obj = rest[: m.start()].rstrip(" ,") if m else ""
    if m and _APPOS_OBJ.fullmatch(obj) and not _CLAUSE_WORD.search(obj) and obj.split()[-1] not in _STOP:
        return m["name"], _describe(obj, rest[m.end():])
    return None


def _named(sentences: list[str]) -> tuple[str, str] | None:
    """(name, description) from the first contribution sentence that names the method."""
    contribs = [(m["verb"].split()[0].lower(), m["rest"]) for s in sentences if (m := _CONTRIB.search(s))]
    for verb, rest in contribs:  # explicit naming first: "we propose X, a ...", "..., called X"
        if named := _named_in(verb, rest):
            return named
    for verb, rest in contribs:  # then an acronym coined for the object: "a novel ... algorithm (MAT)"
        rest = re.sub(r"^on\s+", "", rest)
        acro = _ACRONYM.search(rest)
        if not acro or not _is_name(acro["name"]) or re.fullmatch(r"[A-Z]+s", acro["name"]) \
                or rest.startswith("to ") or _CLAUSE_WORD.search(rest[: acro.start()]):
            continue
        if _BASE.get(verb) in _NP_VERBS or re.search(r"\b(?:new|novel)\b", rest[: acro.start()]):
            desc = rest[: acro.start()].rstrip() + rest[acro.end():]
            return acro["name"], _main_clause(_AND_VERB.split(desc, maxsplit=1)[0], named=True)
    return None


def _expand_acronyms(topic: str, text: str) -> str:
    """AICA -> affective image content analysis, where the abstract defines it as "... (AICA)"."""
    def expand(m: re.Match) -> str:
        found = re.search(r"((?:[\w-]+ ){1,8})\(" + re.escape(m[0]) + r"\)", text)
        words, letters = (found[1].split() if found else []), re.sub(r"s$", "", m[0]).lower()
        for k in range(1, len(words) + 1):
            if "".join(p[0] for w in words[-k:] for p in w.split("-") if p).lower() == letters:
                return " ".join(words[-k:])
        return m[0]
    return re.sub(r"\b[A-Z]{2,}s?\b", expand, topic)


def _survey(sentences: list[str], text: str) -> str | None:
    """'A Survey of <topic>' when the abstract says it surveys/reviews a topic."""
    if not any(_SURVEY.search(s) and re.search(_SUBJECT + r"|\b[Tt]his (?:survey|review)\b", s) for s in sentences):
        return None
    for s in sentences:
        for pattern in _TOPIC:
            m = pattern.search(s)
            if m and not _VAGUE_TOPIC.match(m["t"]):
                topic = _main_clause(m["t"], _TOPIC_END)
                # "the development of X", "recent advances in X": the survey is of X
                topic = re.sub(r"^(?:the\s+)?(?:recent\s+|latest\s+)?(?:development|history|evolution|state|progress"
                               r"|advances|developments)\s+(?:of|in|on)\s+", "", topic, flags=re.I)
                return "A Survey of " + _expand_acronyms(topic, text)
    return None


def _contribution(sentences: list[str]) -> tuple[str, int]:
    """The main clause of the first contribution sentence (else of the first sentence), and its index."""
    for i, s in enumerate(sentences):
        m = _CONTRIB.search(s)
        if not m or m["rest"].startswith("that "):  # "we propose that X can arise ...": a claim, not a thing
            continue
        verb, rest = m["verb"].split()[0].lower(), m["rest"]
        if rest.startswith("to "):  # "we propose to make the network learn ..." -> "Making the Network ..."
            return _main_clause(_gerund_phrase(rest[3:])), i
        if _BASE.get(verb) in _ING_VERBS and not _PROBLEM_OF.match(rest):
            rest = _AND_VERB.sub(lambda a: " and " + _gerund_phrase(a[0].split(None, 1)[1]), rest, count=1)
            return _main_clause(f"{_gerund(_BASE[verb])} {rest}"), i
        return _main_clause(_AND_VERB.split(_PROBLEM_OF.sub("", rest), maxsplit=1)[0]), i
    first = sentences[0]
    return _main_clause(_LEAD_IN.sub("", first) if len(_LEAD_IN.sub("", first).split()) >= 4 else first), -1


def derive_title(abstract: str) -> str:
    """A readable title (<= ~14 words, <= 120 chars) for an abstract that came without one."""
    text = _LABEL.sub("", plain_text(abstract))
    sentences = _sentences(text)
    if not re.search(r"[^\W_]", text):  # nothing to make a title from
        return ""
    if named := _named(sentences):
        return _format(named[1], named[0])
    if survey := _survey(sentences, text):
        return _format(survey)
    phrase, i = _contribution(sentences)
    our = _OUR_NAME.match(sentences[i + 1]) if 0 <= i < len(sentences) - 1 else None
    if our and _is_name(our["name"]) and our["name"] not in phrase:
        return _format(phrase, our["name"])
    return _format(phrase) or _format(" ".join(text.split()[:MAX_WORDS]))

"""How an abstract words its contribution, for titles.py: the patterns that find the sentence
stating it ("we propose ...", "this paper studies ..."), the method it names or the topic it
surveys, and the grammar to cut that sentence to its main clause (verb forms, clause ends,
sentence ends). Pure and deterministic.
"""

from __future__ import annotations

import re

# --- vocabulary ------------------------------------------------------------------

# A method name: a letter first (so "3D-GS" is not one), then in some part CamelCase ("SegGen"),
# two capitals ("DNN-FP", "MAT") or a capital next to a digit ("OTOv3", "LDM3D-VR").
TOKEN = r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
_NAMEY_PART = re.compile(r"[a-z][A-Z]|[A-Z]{2}|[A-Z].*\d|\d.*[A-Z]")

# Who states the contribution, and filler that may sit before the verb ("we first empirically
# propose ...").
SUBJECT = (
    r"\b(?:[Ww]e|[Tt]his (?:paper|work|article|report|study|letter|survey|technical report)"
    r"|[Oo]ur (?:paper|work))"
)
_FILLER = r"(?:\s+(?:\w+ly|also|first|further|then|here|thus|hence|now|will|can|therefore|newly))*"
# fmt: off
# Verbs whose object is the contribution itself (a noun phrase: "we propose a method ...").
NP_VERBS = [
    "propose", "introduce", "present", "develop", "design", "describe", "formulate", "build",
    "construct", "provide", "offer", "contribute", "conduct", "perform", "devise",
]
# Verbs whose object is a topic; the title keeps the verb as a gerund
# ("Revisiting Sign-Based Methods").
ING_VERBS = [
    "study", "investigate", "explore", "revisit", "analyze", "analyse", "tackle", "address",
    "consider", "examine", "rethink", "characterize", "benchmark", "demystify",
]
# Verbs that start a second predicate after "and" ("... algorithm and establish its convergence").
_MORE_VERBS = [
    "establish", "show", "prove", "derive", "demonstrate", "apply", "evaluate", "validate",
    "verify", "achieve", "release", "identify", "reveal",
]
# fmt: on
_ALL_VERBS = NP_VERBS + ING_VERBS + _MORE_VERBS


def _forms(base: str) -> list[str]:
    """propose -> propose, proposes, proposed; study -> study, studies, studied."""
    if base.endswith("y"):
        return [base, base[:-1] + "ies", base[:-1] + "ied"]
    return (
        [base, base + "s", base + "d"]
        if base.endswith("e")
        else [base, base + "es", base + "s", base + "ed"]
    )


BASE = {form: base for base in _ALL_VERBS for form in _forms(base)}  # a verb form -> its base
_ANY_VERB = "|".join(BASE)
_CONTRIB_VERB = "|".join(f for f, b in BASE.items() if b in NP_VERBS + ING_VERBS)
# An adverb before a verb ("strongly bias", "automatically and efficiently performs");
# not "apply", "rely".
_ADVERBS = r"(?:(?!\w*ply\b|rely\b)\w+ly\s+(?:and\s+)?)*"

# --- patterns --------------------------------------------------------------------

# "we [first] propose|study ... [and present]" + what follows; "focus on" and "take a look
# at" take a topic.
CONTRIB = re.compile(
    rf"{SUBJECT}{_FILLER}\s+(?:(?:{_ANY_VERB})\s+and\s+)?"
    rf"(?P<verb>{_CONTRIB_VERB}|focus(?:es|ed)?\s+on"
    r"|take[sn]?\s+a\s+(?:\w+\s+)?look\s+(?:at|into))\s+(?P<rest>.+)"
)
# 1a. "we propose VoxNeuS, a ...", 'we present "DRNet", a novel ...', "We introduce
# PyTorch-Direct, which ...", "We introduce Merlin - a 3D VLM ...", "we propose Deep Incubation,
# a novel approach ..." (capitalised words), "we propose band-split RNN (BSRNN), a ..." (the
# name in brackets, the words before it spell it out).
NAMED_FIRST = re.compile(
    rf"(?P<det>the\s+|our\s+)?[\"“]?(?P<name>{TOKEN}(?:\s+[\w-]+){{0,3}}?)[\"”]?"
    r"(?:\s*\((?P<paren>[^()]*)\))?"
    r"(?P<tail>\s*(?:,|:|\s-+).*)"
)
NAMED_FIRST_DESC = re.compile(r"\s*(?:,|:|\s-+)\s*(?:an?|the|which)\s")
# 1b. "<object>, called|named|dubbed|termed (as) X" or "<object>, namely Expansion Words
# (TFDMNet)"
NAMED_AFTER = re.compile(
    rf"(?P<obj>.*?),?\s+(?P<key>called|named|dubbed|termed|coined|namely)(?:\s+as)?\s+[\"“]?"
    rf"(?:(?P<exp>(?:[\w-]+\s+){{1,6}})\((?P<name2>{TOKEN})\)"
    rf"|(?P<name>{TOKEN}(?:\s+[A-Z][\w-]*){{0,3}})\b)[\"”]?(?P<tail>.*)"
)
# 1c. An appositive: "a novel learning framework, ActiveNeRF, ...",
# "the framework GETA, which ..."
APPOS_NAME = re.compile(rf"[\"“]?(?P<name>{TOKEN})[\"”]?(?=\s*(?:[,:]|$))")
APPOS_OBJ = re.compile(r"(?:the|our|a|an)\s+[^,]*")
# 2. "... a novel Mixed-strategy Adversarial Training algorithm (MAT)": an acronym coined for
# the object itself, so nothing before it may start a clause of its own ("a method that uses
# LoRA (LoRA)").
ACRONYM = re.compile(rf"\((?P<name>{TOKEN})\)")
CLAUSE_WORD = re.compile(
    r"(?<!-)\b(?:that|which|where|who|to|using|uses?|by|via|based|through|leverag\w*)\b(?!-)"
)

# Survey cues, where the topic follows ("survey on X", "we review X"), and topics that
# say nothing.
SURVEY = re.compile(
    r"\b(?:surveys?|surveyed|overview)\b|\b[Ww]e\s+(?:\w+ly\s+|will\s+)*review\b|\b[Tt]his review\b"
)
TOPIC = [
    re.compile(r"\b(?:survey|overview|review|investigation)\s+(?:on|of|about|into)\s+(?P<t>.+)"),
    re.compile(rf"{SUBJECT}{_FILLER}\s+(?:review|survey|summarize|overview)s?\s+(?P<t>.+)"),
]
VAGUE_TOPIC = re.compile(
    r"^(?:this|the|that)\s+(?:\w+\s+)?(?:field|area|topic|direction|literature)\b"
)
# Survey topics also end before "by proposing ...", "especially ..." and at any comma.
TOPIC_END = re.compile(r"\s+(?:by|especially|with respect to|from the perspective)\b|,\s")

# Where a main clause ends: "; ", ": ", ", which/where/thereby ...", ", and <verb>", ", <verb>",
# a participle clause (", providing ..."), an apposition (", a ...", " - "), an enumeration "(i)".
_CLAUSE_END = re.compile(
    r"\s*;\s|:\s"
    r"|,\s+(?:which|that|where|who|whose|while|whereas|thereby|thus|hence|so|but|yet|although"
    r"|though|in which|such that|including|especially|respectively)\b|,\s+(?:i\.e\.|e\.g\.)"
    rf"|,\s+(?:and\s+)?(?:we\s+|then\s+|also\s+|{_ADVERBS})(?:design|{_ANY_VERB})\b"
    r"|,\s+\w+ing\b|,\s+an?\s|\s+(?:-{1,3}|–|—)\s+|\s+\((?:i|1|a)\)\s"
)
# ", which ..." / ", aiming ..." / ", a ..." after a bare "a learning framework": go on,
# it says what it is.
_SHORT_HEAD_GOES_ON = re.compile(
    r",\s+(?:(?P<rel>which|that)\s+|(?P<where>where)\s+|(?P<appos>(?=an?\s))|(?=\w+ing\b))"
)
# In a noun-phrase title, "and <verb>" starts a second predicate:
# "... (PBGD) algorithm and establish ...".
AND_VERB = re.compile(rf"\s+and\s+{_ADVERBS}(?:{_ANY_VERB})\b")
# Pointers back into the abstract read oddly in a title: "of aforementioned artifacts".
_DEICTIC = re.compile(r"\b(?:these|those|aforementioned|above-mentioned)\s+", re.I)
# "the problem of X" / "the challenges of X": the title is X.
PROBLEM_OF = re.compile(
    r"^(?:the\s+)?(?:\w+\s+)?(?:problem|task|question|challenges?|issue)s?\s+of\s+", re.I
)
# A first sentence's scene-setting lead-in: "As deep learning evolves, ...",
# "Recent work has shown that ...".
LEAD_IN = re.compile(
    r"^(?:(?:As|With|While|Although|Though|Despite|Since|Given|Recently|Nowadays|Currently"
    r"|In recent years|Over the past|Due to)\b[^,]{0,120},\s+"
    r"|(?:Recent|Previous|Prior) (?:work|works|studies|research) "
    r"(?:has|have) (?:shown|demonstrated|found) that\s+)"
)
# "Our developed FSCNN is ..." right after an unnamed contribution sentence names it.
OUR_NAME = re.compile(
    r"^(?:Our|The proposed|The resulting)(?:\s+(?:developed|proposed|new))?"
    rf"\s+(?P<name>{TOKEN})\s+"
    r"(?:is|was|achieves|outperforms|consists|uses|employs|can|has|combines)\b"
)

# Labels that open an abstract or a structured abstract's first section.
LABEL = re.compile(
    r"^\s*(?:abstract|objectives?|background|purpose|motivation|context|aims?|introduction)"
    r"\s*[:.]\s*",
    re.I,
)
# Sentence ends: . ! ? then a capital/digit/quote; an abbreviation ("e.g.", "et al.") is no end.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[]?[A-Z0-9$])")
_ABBREV_END = re.compile(
    r"\b(?:e\.g|i\.e|et al|vs|cf|Fig|Figs|Eq|Eqs|approx|resp|w\.r\.t|Sec|No|[A-Z])\.$"
)

# --- grammar ---------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        if out and _ABBREV_END.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s.strip().rstrip(".!?").strip() for s in out if s.strip()]


def is_name(token: str) -> bool:
    return any(_NAMEY_PART.search(part) for part in re.split(r"[-.]", token))


def gerund(verb: str) -> str:
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


def gerund_phrase(text: str, conjugated: bool = False) -> str:
    """'strongly bias our guesses' -> 'strongly biasing our guesses' (the first verb after
    any adverbs)."""
    m = re.match(rf"({_ADVERBS})(\S+)(.*)", text, re.S)
    if not m:
        return text
    verb = _infinitive(m[2]) if conjugated else m[2]
    return f"{m[1]}{gerund(verb)}{m[3]}"


def main_clause(
    phrase: str, stop: re.Pattern | None = None, named: bool = False, go_on: bool = True
) -> str:
    """Cut a phrase where its main clause ends (and at `stop`); drop back-references.

    A head of three words or fewer goes on into what follows: "weight selection, a method for ..."
    -> "weight selection: a method for ..." (", a method" when it already follows a name); once.
    """
    phrase = re.sub(r"\bin order to\b", "to", phrase)
    m = _CLAUSE_END.search(phrase)
    on = (
        go_on
        and m
        and len(phrase[: m.start()].split()) <= 3
        and _SHORT_HEAD_GOES_ON.match(phrase, m.start())
    )
    if on:
        joint = (
            " that "
            if on["rel"]
            else ", where "
            if on["where"]
            else (", " if named else ": ")
            if on["appos"] is not None
            else " "
        )
        assert m is not None  # `on` is a match within the phrase `m` cut
        return (
            main_clause(phrase[: m.start()], stop, go_on=False)
            + joint
            + main_clause(phrase[on.end() :], stop, go_on=False)
        )
    phrase = phrase[: m.start()] if m else phrase
    if stop is not None:
        phrase = stop.split(phrase, maxsplit=1)[0]
    return _DEICTIC.sub("", phrase).strip(" ,;:")


def expand_acronyms(topic: str, text: str) -> str:
    """AICA -> affective image content analysis, where the abstract defines it as "... (AICA)"."""

    def expand(m: re.Match) -> str:
        found = re.search(r"((?:[\w-]+ ){1,8})\(" + re.escape(m[0]) + r"\)", text)
        words, letters = (found[1].split() if found else []), re.sub(r"s$", "", m[0]).lower()
        for k in range(1, len(words) + 1):
            if "".join(p[0] for w in words[-k:] for p in w.split("-") if p).lower() == letters:
                return " ".join(words[-k:])
        return m[0]

    return re.sub(r"\b[A-Z]{2,}s?\b", expand, topic)

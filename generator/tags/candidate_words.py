"""The word lists keyphrase candidates are cut by (keyphrase_candidates.py): stop words of our
own on top of scikit-learn's English list, and -ing words that begin a term."""

from __future__ import annotations

import re

# Ours, on top of scikit-learn's English list (the one KeyBERT's CountVectorizer uses).
OWN_STOP_WORDS = frozenset(
    {
        "paper",
        "propose",
        "proposed",
        "proposes",
        "present",
        "presents",
        "presented",
        "show",
        "shows",
        "shown",
        "demonstrate",
        "demonstrates",
        "achieve",
        "achieves",
        "achieved",
        "achieving",
        "introduce",
        "introduces",
        "use",
        "uses",
        "used",
        "using",
        "based",
        "improve",
        "improves",
        "improved",
        "outperform",
        "outperforms",
        "require",
        "requires",
        "required",
        "enable",
        "enables",
        "enabling",
        "provide",
        "provides",
        "provided",
        "allow",
        "allows",
        "make",
        "makes",
        "made",
        "called",
        "named",
        "dubbed",
        "termed",
        "leads",
        "lead",
        "obtain",
        "obtained",
        "study",
        "studies",
        "studied",
        "consider",
        "considered",
        "existing",
        "various",
        "different",
        "novel",
        "new",
        "recent",
        "recently",
        "approach",
        "approaches",
        "method",
        "methods",
        "results",
        "result",
        "work",
        "works",
        "problem",
        "problems",
        "way",
        "ways",
        "able",
        "given",
        "furthermore",
        "moreover",
        "however",
        "thus",
        "therefore",
        "respectively",
        "significantly",
        "extensive",
        "experiments",
        "experimental",
        "state-of-the-art",
        "art",
        "effectiveness",
        "performance",
        "superior",
        "comparable",
        "compared",
        "previous",
        "prior",
        "simple",
        "effective",
        "efficiently",
        "key",
        "main",
        "large",
        "high",
        "low",
        "better",
        "best",
        "good",
        "several",
        "many",
        "multiple",
        "number",
        "et",
        "al",
        "e",
        "g",
        "i",
        "vs",
        "ii",
        "iii",
        "code",
        "available",
        "publicly",
        "github",
        "com",
        "https",
        "http",
        "www",
        "like",
        "unlike",
        "via",
        "toward",
        "towards",
        "upon",
        "whereas",
    }
)

# -ing words that, before a noun, begin a term rather than take it as the verb's object:
# "spiking neural networks", "floating point", "sliding mode control", "bounding boxes". Generic
# ones ("leading", "emerging", "resulting") stay cut: "leading publishers" is no term.
ADJECTIVAL_GERUNDS = frozenset(
    {
        "bounding",
        "floating",
        "gating",
        "hashing",
        "missing",
        "receding",
        "rolling",
        "sliding",
        "spiking",
    }
)

# After these, a word that can be a verb's base form is that verb: "could save computational
# resources" names no "save computational resources".
MODALS = frozenset(
    {"can", "cannot", "could", "may", "might", "must", "shall", "should", "will", "would"}
)

# -ly adverbs that belong to the term they begin: "fully connected layers", "weakly supervised
# learning", "partially observable", "strongly convex" (cut at the adverb, "supervised learning"
# names another thing). Other adverbs cut: "potentially harmful" is no term.
TERM_ADVERBS = frozenset(
    {"densely", "doubly", "fully", "partially", "sparsely", "strongly", "weakly"}
)
_TERM_WORDS = tuple(sorted(ADJECTIVAL_GERUNDS | TERM_ADVERBS))
TERM_WORD = re.compile(rf"\b(?:{'|'.join(_TERM_WORDS)})\b")


def term_word_in(lowered: str) -> bool:
    """Whether a lower-cased text holds a term word (a word of it: `fully`, not `usefully`).
    The substring test first: one text in twenty holds one."""
    return any(word in lowered for word in _TERM_WORDS) and TERM_WORD.search(lowered) is not None

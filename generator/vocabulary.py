"""A shared tag vocabulary folded from every paper's keyphrases.

Case, plurals and hyphens fold together; an acronym and its expansion are one tag
(`GNN` / `graph neural networks`); a phrase only one paper has gives way to a broader
phrase it ends with that other papers share (`sparse voxel grid` -> `voxel grid`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from .keyphrases import word_class

ACRONYM_DEFINITION = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,6})\(\s*([A-Z][A-Za-z0-9-]*[A-Z][a-z]?s?)\s*\)")
# Too broad to group anything: they would land on most papers of a machine-learning digest.
GENERIC = frozenset(
    "model network method approach framework algorithm system task data dataset performance result learning "
    "training paper work problem technique application analysis study experiment accuracy efficiency benchmark "
    "information process architecture structure scheme strategy solution issue challenge field area domain "
    "design setting feature representation image paradigm subset constraint estimation approximation parameter "
    "annotation baseline objective metric module component mechanism pipeline scenario capability variant "
    "operation version level quality property manner aspect factor query success".split())
MAX_SHARE = 0.2  # a tag on more than a fifth of the papers says little
# English word frequency (wordfreq's Zipf scale): a lone word at or above this is everyday
# English ("cost", "game", "scene"), below it technical ("quantization", "encoder").
SPECIFIC_WORD_ZIPF = 3.7
POPULARITY_WEIGHT = 0.15  # how much a tag's corpus frequency counts against its rank in the paper
NEIGHBOR_SUPPORT = 2  # a tag carried by this many of a paper's nearest papers, and in its text, fits it


@dataclass(frozen=True)
class TagSettings:
    min_tags: int = 3
    max_tags: int = 7


@lru_cache(maxsize=100_000)
def specific(key: str) -> bool:
    """A tag must say something: several words, or one technical word or acronym."""
    if key in GENERIC:
        return False
    if " " in key:
        return True
    return sum(ch.isalpha() for ch in key) >= 3 and zipf_frequency(key, "en") < SPECIFIC_WORD_ZIPF


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def fold(phrase: str) -> str:
    """Key of a phrase: lowercase, hyphens as spaces, each word singular. Spellings that differ
    only in spacing (`pre-trained` / `pretrained`) are joined by the vocabulary's aliases."""
    return " ".join(singular(word) for word in phrase.lower().replace("-", " ").split())


def compact(key: str) -> str:
    return key.replace(" ", "")


def _initials(words: list[str]) -> str:
    return "".join(part[0] for word in words for part in word.split("-") if part).lower()


def _most_common(counts: Counter, key_of) -> dict:
    """key_of(item) -> the item seen most often (ties: the smallest), over `counts`."""
    best: dict = {}
    for item, _ in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        best.setdefault(key_of(item), item)
    return best


def _expansion(acronym: str, words: list[str]) -> str | None:
    """The words before `(ACRONYM)` whose initials spell it, if they form a noun phrase."""
    if not words or word_class(words[-1]) != "N":
        return None  # "differentially private (DP)": not a noun phrase, not a tag
    letters = "".join(ch for ch in acronym if ch.isupper() or ch.isdigit()).lower()
    for size in range(1, len(words) + 1):
        if _initials(words[-size:]) == letters and all(word_class(w) != "X" for w in words[-size:]):
            return " ".join(words[-size:])
    return None


def find_acronyms(texts: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """One pass over every `long form (ACRONYM)` in the texts. Returns the definitions
    (`{'gnn': 'graph neural network'}`, the most common expansion wins) and how each acronym
    is written (`{'nerf': 'NeRF'}`, the most common spelling, singular)."""
    definitions: Counter = Counter()
    spellings: Counter = Counter()
    for text in texts:
        for match in ACRONYM_DEFINITION.finditer(text):
            written = match.group(2)
            singular_form = written[:-1] if written.endswith("s") and written[:-1].isupper() else written
            spellings[singular_form] += 1
            acronym = written[:-1] if written.endswith("s") else written
            if expansion := _expansion(acronym, match.group(1).split()):
                definitions[(fold(acronym), fold(expansion))] += 1
    return ({acronym: expansion for acronym, (_, expansion) in _most_common(definitions, lambda pair: pair[0]).items()},
            _most_common(spellings, fold))


@dataclass(frozen=True)
class Vocabulary:
    document_frequency: dict[str, int]
    labels: dict[str, str]
    acronyms: dict[str, str]  # folded acronym -> folded expansion
    paper_count: int
    aliases: dict[str, str]  # key without spaces -> the key used for it

    def key(self, phrase: str) -> str:
        key = expand(fold(phrase), self.acronyms)
        return self.aliases.get(compact(key), key)

    def usable(self, key: str) -> bool:
        share = self.document_frequency.get(key, 0)
        too_common = self.paper_count >= 20 and share > MAX_SHARE * self.paper_count
        return share >= 2 and specific(key) and not too_common

    def shared_form(self, key: str) -> str | None:
        """The key itself if other papers share it, else the longest shared phrase it ends with."""
        words = key.split()
        for start in range(len(words)):
            if self.usable(tail := " ".join(words[start:])):
                return tail
        return None


def expand(key: str, acronyms: dict[str, str]) -> str:
    """Acronyms spelled out word by word: `offline rl` -> `offline reinforcement learning`."""
    return " ".join(acronyms.get(word, word) for word in key.split())


def tails(key: str) -> list[str]:
    """A phrase and the broader phrases it ends with: `sparse voxel grid`, `voxel grid`, `grid`."""
    words = key.split()
    return [" ".join(words[start:]) for start in range(len(words))]


def surface(phrase: str) -> str:
    """Title-case words lowercased (`Graph Neural Networks`), others kept (`NeRF`, `GNNs`)."""
    return " ".join(word.lower() if word.istitle() else word for word in phrase.split())


def spacing_aliases(keys: Counter) -> dict[str, str]:
    """`pre trained model` and `pretrained model` are one key: the most frequent spelling."""
    aliases: dict[str, str] = {}
    for key, _ in sorted(keys.items(), key=lambda item: (-item[1], item[0])):
        aliases.setdefault(compact(key), key)
    return aliases


def build_vocabulary(keyphrases: dict[str, list[str]], texts: list[str]) -> Vocabulary:
    """Document frequency of every phrase and of every broader phrase it ends with."""
    acronyms, spellings = find_acronyms(texts)
    spelled = Counter(expand(fold(p), acronyms) for phrases in keyphrases.values() for p in phrases)
    aliases = spacing_aliases(Counter({t: n for k, n in spelled.items() for t in tails(k)}))
    key_of = lambda phrase: aliases.get(compact(k := expand(fold(phrase), acronyms)), k)  # noqa: E731
    frequency = Counter(tail for phrases in keyphrases.values()
                        for tail in {aliases.get(compact(t), t) for p in phrases for t in tails(key_of(p))})
    labels = _labels(keyphrases, acronyms, spellings, key_of)
    return Vocabulary(dict(frequency), labels, acronyms, len(keyphrases), aliases)


def _labels(keyphrases: dict[str, list[str]], acronyms: dict[str, str], spellings: dict[str, str], key_of) -> dict[str, str]:
    """Most frequent surface form per key (ties: alphabetical); acronyms shown beside expansions."""
    forms = Counter(surface(p) for phrases in keyphrases.values() for p in phrases)
    labels: dict[str, str] = {}
    ranked = sorted(forms.items(), key=lambda item: (-item[1], item[0]))
    for size in (None, 3, 2, 1):  # whole phrases first, then the broader phrases they end with
        for form, _ in ranked:
            words = form.split()
            tail = " ".join(words[-size:]) if size else form
            if (size and len(words) <= size) or fold(tail) in acronyms:
                continue  # seen whole already, or an acronym: its expansion names the tag
            labels.setdefault(key_of(tail), tail)
    for acronym, expansion in sorted(acronyms.items()):
        base, written = labels.get(expansion, expansion), spellings.get(acronym, acronym.upper())
        labels[expansion] = base if written.upper() in base.upper().split() else f"{base} ({written})"
    return labels


def _without_redundant(keys: list[str]) -> list[str]:
    """`backbone` is redundant beside `image backbone`: keep the more specific one."""
    return [k for k in keys if not any(o != k and o.endswith(" " + k) for o in keys)]


def _contains(folded_text: str, key: str) -> bool:
    return f" {key} " in folded_text


def candidate_tags(keyphrases: dict[str, list[str]], vocabulary: Vocabulary, texts: dict[str, str],
                   neighbors: dict[str, tuple[str, ...]]) -> dict[str, dict[str, float]]:
    """Per paper, the shared tags that fit it, scored: its own keyphrases' shared forms by rank,
    then tags its nearest papers share that also occur in its text; common tags score higher."""
    primary = {pid: list(dict.fromkeys(k for k in (vocabulary.shared_form(vocabulary.key(p)) for p in phrases) if k))
               for pid, phrases in keyphrases.items()}
    scored: dict[str, dict[str, float]] = {}
    for pid in keyphrases:
        folded_text = f" {expand(fold(re.sub(r'[^A-Za-z0-9 -]', ' ', texts[pid])), vocabulary.acronyms)} "
        support = Counter(k for other in neighbors.get(pid, ()) for k in primary.get(other, ()))
        borrowed = [k for k, n in support.items() if n >= NEIGHBOR_SUPPORT and _contains(folded_text, k)]
        ranks = {k: r for r, k in enumerate(primary[pid])} | {k: len(primary[pid]) + 5 for k in borrowed if k not in primary[pid]}
        scored[pid] = {k: 1 / (1 + r / 5) + POPULARITY_WEIGHT * math.log(vocabulary.document_frequency.get(k, 1))
                       for k, r in ranks.items()}
    return scored


def _pick(scores: dict[str, float], limit: int) -> list[str]:
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    return _without_redundant(ranked)[:limit]


def choose_tags(keyphrases: dict[str, list[str]], vocabulary: Vocabulary, settings: TagSettings,
                texts: dict[str, str], neighbors: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Up to max_tags tags per paper from its candidates; a second pass drops tags no other
    paper ended up with, so tags group papers; then each paper is topped up to min_tags with
    its own best specific phrases. Returns labels."""
    candidates = candidate_tags(keyphrases, vocabulary, texts, neighbors)
    first = {pid: _pick(scores, settings.max_tags) for pid, scores in candidates.items()}
    carried = Counter(k for keys in first.values() for k in keys)
    tags = {}
    for pid, phrases in keyphrases.items():
        kept = {k: v for k, v in candidates[pid].items() if carried[k] >= 2}
        chosen = _pick(kept, settings.max_tags)
        own = [k for k in dict.fromkeys(map(vocabulary.key, phrases)) if k not in chosen and specific(k)]
        chosen += own[: max(0, settings.min_tags - len(chosen))]
        tags[pid] = tuple(vocabulary.labels.get(k, k) for k in chosen)
    return tags

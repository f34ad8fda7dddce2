"""A shared tag vocabulary folded from every paper's keyphrases.

Case, plurals and hyphens fold together; an acronym and its expansion are one tag
(`GNN` / `graph neural networks`); a phrase only one paper has gives way to a broader
phrase it ends with that other papers share (`sparse voxel grid` -> `voxel grid`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Iterable, Iterator, Sequence

from .keyphrases import word_class

ACRONYM_WORDS = 6  # the most words a long form may have
ACRONYM_DEFINITION = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,%d})\(\s*([A-Z][A-Za-z0-9-]*[A-Z][a-z]?s?)\s*\)" % ACRONYM_WORDS)
# The `(ACRONYM)` part alone: cheap to find, so the long form is only looked for before one.
ACRONYM_PARENTHESES = re.compile(r"\(\s*[A-Z][A-Za-z0-9-]*[A-Z][a-z]?s?\s*\)")
NOT_PROSE = re.compile(r"[^A-Za-z0-9 -]")
# Words seen in one build: a corpus of 100k papers has some 10^5 distinct words, each folded once.
WORD_CACHE = 1 << 18
# A lexicon lookup that copies its entry each call; long forms repeat the same few words.
part_of_speech = lru_cache(maxsize=WORD_CACHE)(word_class)
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
    from wordfreq import zipf_frequency  # imported on first use: a rebuild that tags nothing skips its 0.15 s

    return sum(ch.isalpha() for ch in key) >= 3 and zipf_frequency(key, "en") < SPECIFIC_WORD_ZIPF


@lru_cache(maxsize=WORD_CACHE)
def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def fold_text(text: str) -> str:
    """Lowercase, hyphens as spaces, each word singular."""
    return " ".join(map(singular, text.lower().replace("-", " ").split()))


# Key of a phrase (fold_text, remembered: each phrase and each of its tails is folded several
# times a build). Spellings that differ only in spacing (`pre-trained` / `pretrained`) are
# joined by the vocabulary's aliases.
fold = lru_cache(maxsize=WORD_CACHE)(fold_text)


def compact(key: str) -> str:
    return key.replace(" ", "")


def _initials(words: list[str]) -> str:
    return "".join(part[0] for word in words for part in word.split("-") if part).lower()


def by_count(counts: dict) -> list[tuple]:
    """(item, count) pairs, most frequent first, ties in item order: two sorts in C, as
    sorted(key=lambda pair: (-pair[1], pair[0])) orders them but twice as fast (a stable
    sort by count keeps the item order of equal counts, reverse=True included)."""
    pairs = sorted(counts.items())
    pairs.sort(key=itemgetter(1), reverse=True)
    return pairs


def _most_common(counts: Counter, key_of) -> dict:
    """key_of(item) -> the item seen most often (ties: the smallest), over `counts`."""
    best: dict = {}
    for item, _ in by_count(counts):
        best.setdefault(key_of(item), item)
    return best


def _expansion(acronym: str, words: list[str]) -> str | None:
    """The words before `(ACRONYM)` whose initials spell it, if they form a noun phrase."""
    if not words or part_of_speech(words[-1]) != "N":
        return None  # "differentially private (DP)": not a noun phrase, not a tag
    letters = "".join(ch for ch in acronym if ch.isupper() or ch.isdigit()).lower()
    for size in range(1, len(words) + 1):
        if _initials(words[-size:]) == letters and all(part_of_speech(w) != "X" for w in words[-size:]):
            return " ".join(words[-size:])
    return None


def definitions_in(text: str):
    """What ACRONYM_DEFINITION.finditer(text) finds, without trying it at every character: from
    each `(ACRONYM)`, the search starts ACRONYM_WORDS whitespace-separated chunks back (a long
    form cannot start earlier, nor span a parenthesis)."""
    after_previous = 0
    for parentheses in ACRONYM_PARENTHESES.finditer(text):
        before = text[after_previous:parentheses.start()].rsplit(maxsplit=ACRONYM_WORDS)
        start = after_previous + (len(before[0]) if len(before) > ACRONYM_WORDS else 0)
        if match := ACRONYM_DEFINITION.search(text, start, parentheses.end()):
            yield match
        after_previous = parentheses.end()


def acronym_definitions(text: str) -> Iterator[tuple[str, str]]:
    """Each `long form (ACRONYM)` in the text: the acronym as written, and the long form if its
    initials spell it as a noun phrase (else "")."""
    for match in definitions_in(text):
        written = match.group(2)
        acronym = written[:-1] if written.endswith("s") else written
        yield written, _expansion(acronym, match.group(1).split()) or ""


def count_acronyms(found: Iterable[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """What acronym_definitions found in every text, counted. Returns the definitions
    (`{'gnn': 'graph neural network'}`, the most common expansion wins) and how each acronym
    is written (`{'nerf': 'NeRF'}`, the most common spelling, singular)."""
    definitions: Counter = Counter()
    spellings: Counter = Counter()
    for written, expansion in found:
        singular_form = written[:-1] if written.endswith("s") and written[:-1].isupper() else written
        spellings[singular_form] += 1
        if expansion:
            acronym = written[:-1] if written.endswith("s") else written
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
    known_keys: dict[str, str] = field(default_factory=dict)  # every keyphrase seen -> its key, worked out once

    def key(self, phrase: str) -> str:
        if phrase in self.known_keys:
            return self.known_keys[phrase]
        key = expand(fold(phrase), self.acronyms)
        return self.aliases.get(compact(key), key)

    def usable_keys(self) -> set[str]:
        """The keys a tag can be: shared by other papers, specific, and not on most papers."""
        most = MAX_SHARE * self.paper_count if self.paper_count >= 20 else math.inf
        return {key for key, share in self.document_frequency.items() if 2 <= share <= most and specific(key)}

    def shared_form(self, key: str, usable: set[str] | None = None) -> str | None:
        """The key itself if other papers share it, else the longest shared phrase it ends with.
        `usable`: usable_keys(), when the caller asks for many keys."""
        return next(filter((usable if usable is not None else self.usable_keys()).__contains__, tails(key)), None)


def expand(key: str, acronyms: dict[str, str]) -> str:
    """Acronyms spelled out word by word: `offline rl` -> `offline reinforcement learning`.
    `key` is folded: words joined by single spaces, so most keys come back as they are."""
    words = key.split()
    if acronyms.keys().isdisjoint(words):
        return key
    return " ".join([acronyms.get(word, word) for word in words])


@lru_cache(maxsize=WORD_CACHE)
def tails(key: str) -> tuple[str, ...]:
    """A phrase and the broader phrases it ends with: `sparse voxel grid`, `voxel grid`, `grid`."""
    words = key.split()
    if not key or " ".join(words) != key:  # not single-spaced words: rejoined word by word
        return tuple(" ".join(words[start:]) for start in range(len(words)))
    found, space = [key], key.find(" ")  # a key is single-spaced: each tail is a slice of it
    while space >= 0:
        found.append(key[space + 1:])
        space = key.find(" ", space + 1)
    return tuple(found)


@lru_cache(maxsize=WORD_CACHE)
def surface(phrase: str) -> str:
    """Title-case words lowercased (`Graph Neural Networks`), others kept (`NeRF`, `GNNs`)."""
    if phrase.islower():  # no capital letter, so no title-case word: most phrases
        return " ".join(phrase.split())
    return " ".join(word.lower() if word.istitle() else word for word in phrase.split())


def spacing_aliases(keys: dict[str, int]) -> dict[str, str]:
    """`pre trained model` and `pretrained model` are one key: the most frequent spelling
    (ties: the smallest). One pass: few spellings share a compact form, so no sort."""
    aliases: dict[str, str] = {}
    for key, count in keys.items():
        joined = key.replace(" ", "")  # compact(key), inline: called for every tail
        best = aliases.get(joined)
        if best is None or count > keys[best] or (count == keys[best] and key < best):
            aliases[joined] = key
    return aliases


def _spelled(occurrences: Counter, folded: dict[str, str], acronyms: dict[str, str]) -> tuple[dict[str, str], Counter]:
    """Each distinct phrase spelled out once; and how often each spelling occurs, in order of
    first occurrence (the order spacing_aliases' input was always built in)."""
    spelling = {phrase: expand(folded[phrase], acronyms) for phrase in occurrences}
    spelled: Counter = Counter()
    for phrase, count in occurrences.items():
        spelled[spelling[phrase]] += count
    return spelling, spelled


@dataclass(frozen=True)
class TextFacts:
    """What the vocabulary and tag choice read from one paper, worked out once per text (the
    tag stage keeps them in its cache: a new process does not fold every text and phrase again)."""

    prose: str  # the text through fold_prose
    folds: tuple[str, ...]  # fold() of each keyphrase, in order
    surfaces: tuple[str, ...]  # surface() of each keyphrase, in order
    definitions: tuple[tuple[str, str], ...]  # acronym_definitions(text)


def text_facts(text: str, phrases: Sequence[str]) -> TextFacts:
    return TextFacts(fold_prose(text), tuple(map(fold, phrases)), tuple(map(surface, phrases)),
                     tuple(acronym_definitions(text)))


def build_vocabulary(keyphrases: dict[str, list[str]], facts: dict[str, TextFacts]) -> Vocabulary:
    """Document frequency of every phrase and of every broader phrase it ends with. `facts`:
    text_facts() of each paper's text and keyphrases."""
    acronyms, spellings = count_acronyms(found for pid in keyphrases for found in facts[pid].definitions)
    occurrences = Counter(p for phrases in keyphrases.values() for p in phrases)  # in order of first occurrence
    folded, surfaces = {}, {}
    for pid, phrases in keyphrases.items():
        folded.update(zip(phrases, facts[pid].folds))
        surfaces.update(zip(phrases, facts[pid].surfaces))
    spelling, spelled = _spelled(occurrences, folded, acronyms)
    # Last one wins, as it always has: a tail gets the count of the last spelling ending with it.
    tail_counts = {t: n for k, n in spelled.items() for t in tails(k)}
    aliases = spacing_aliases(tail_counts)
    # Every spelled key, and every tail of one, is a tail_counts key: each aliased once here.
    alias = {tail: aliases[tail.replace(" ", "")] for tail in tail_counts}
    known_keys = {phrase: alias.get(k, k) for phrase, k in spelling.items()}  # "" has no tails
    broader = {key: {alias[t] for t in tails(key)} for key in set(known_keys.values())}
    frequency = Counter(tail for phrases in keyphrases.values()
                        for tail in set().union(*[broader[known_keys[p]] for p in phrases]))
    labels = _labels(occurrences, folded, surfaces, acronyms, spellings, aliases, known_keys)
    return Vocabulary(dict(frequency), labels, acronyms, len(keyphrases), aliases, known_keys)


def _labels(occurrences: Counter, folded: dict[str, str], surfaces: dict[str, str], acronyms: dict[str, str],
            spellings: dict[str, str], aliases: dict[str, str], known_keys: dict[str, str]) -> dict[str, str]:
    """Most frequent surface form per key (ties: alphabetical); acronyms shown beside expansions.
    `folded` and `surfaces`: each phrase's fold and surface form (the fold is the form's too)."""
    forms: Counter = Counter()
    key_of_form: dict[str, str] = {}
    acronym_forms = set()  # forms that fold to an acronym: the acronym's expansion names their tag
    for phrase, count in occurrences.items():
        forms[form := surfaces[phrase]] += count
        key_of_form[form] = known_keys[phrase]
        if folded[phrase] in acronyms:
            acronym_forms.add(form)
    labels: dict[str, str] = {}
    ranked = [form for form, _ in by_count(forms)]
    for form in ranked:  # whole phrases first
        if form not in acronym_forms:
            labels.setdefault(key_of_form[form], form)
    seen = set(ranked)  # a tail met again can only name a key it already named
    split = [words for words in map(str.split, ranked) if len(words) > 1]
    for size in (3, 2, 1):  # then the broader phrases they end with
        for tail in dict.fromkeys(" ".join(words[-size:]) for words in split if len(words) > size):
            if tail not in seen and (tail_fold := fold(tail)) not in acronyms:
                key = expand(tail_fold, acronyms)
                labels.setdefault(aliases.get(compact(key), key), tail)
            seen.add(tail)
    for acronym, expansion in sorted(acronyms.items()):
        base, written = labels.get(expansion, expansion), spellings.get(acronym, acronym.upper())
        labels[expansion] = base if written.upper() in base.upper().split() else f"{base} ({written})"
    return labels


def _without_redundant(keys: list[str]) -> list[str]:
    """`backbone` is redundant beside `image backbone`: keep the more specific one. (Keys are
    single-spaced words, so "another key ends with ' backbone'" is "it is a proper tail of one".)"""
    broader = {tail for key in keys for tail in tails(key)[1:]}
    return [k for k in keys if k not in broader]


def fold_prose(text: str) -> str:
    """A paper's text as folded words (letters, digits, hyphens), where a tag its neighbours
    share is looked for. Folding every text is most of what tag choice does per paper, so
    the tag stage keeps the result in its cache rather than fold them all each build."""
    return fold_text(NOT_PROSE.sub(" ", text))


def _contains(folded_text: str, key: str) -> bool:
    return f" {key} " in folded_text


def phrase_keys(keyphrases: dict[str, list[str]], vocabulary: Vocabulary) -> dict[str, str]:
    """Every distinct keyphrase -> its key."""
    return {phrase: vocabulary.key(phrase) for phrases in keyphrases.values() for phrase in phrases}


def candidate_tags(keyphrases: dict[str, list[str]], vocabulary: Vocabulary, prose: dict[str, str],
                   neighbors: dict[str, tuple[str, ...]], key_of: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per paper, the shared tags that fit it, scored: its own keyphrases' shared forms by rank,
    then tags its nearest papers share that also occur in its text (`prose`: each paper's
    text through fold_prose); common tags score higher. `key_of`: phrase_keys()."""
    usable = vocabulary.usable_keys()
    shared_forms = {key: vocabulary.shared_form(key, usable) for key in set(key_of.values())}
    shared = {phrase: shared_forms[key] for phrase, key in key_of.items()}
    primary = {pid: list(dict.fromkeys(k for k in map(shared.get, phrases) if k)) for pid, phrases in keyphrases.items()}
    scored: dict[str, dict[str, float]] = {}
    for pid in keyphrases:
        support = Counter(k for other in neighbors.get(pid, ()) for k in primary.get(other, ()))
        own = primary[pid]
        supported = [k for k, n in support.items() if n >= NEIGHBOR_SUPPORT and k not in own]
        folded_text = f" {expand(prose[pid], vocabulary.acronyms)} " if supported else ""
        borrowed = [k for k in supported if _contains(folded_text, k)]
        ranks = {k: r for r, k in enumerate(own)} | {k: len(own) + 5 for k in borrowed}
        scored[pid] = {k: 1 / (1 + r / 5) + POPULARITY_WEIGHT * math.log(vocabulary.document_frequency.get(k, 1))
                       for k, r in ranks.items()}
    return scored


def _pick(scores: dict[str, float], limit: int) -> list[str]:
    """The best `limit` keys, highest score first (ties: alphabetical), none beside a more
    specific one. Two sorts in C, as by_count does."""
    ranked = sorted(scores)
    ranked.sort(key=scores.__getitem__, reverse=True)
    return _without_redundant(ranked)[:limit]


def choose_tags(keyphrases: dict[str, list[str]], vocabulary: Vocabulary, settings: TagSettings,
                prose: dict[str, str], neighbors: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Up to max_tags tags per paper from its candidates; a second pass drops tags no other
    paper ended up with, so tags group papers; then each paper is topped up to min_tags with
    its own best specific phrases. `prose`: each paper's text through fold_prose. Returns labels."""
    key_of = phrase_keys(keyphrases, vocabulary)
    candidates = candidate_tags(keyphrases, vocabulary, prose, neighbors, key_of)
    first = {pid: _pick(scores, settings.max_tags) for pid, scores in candidates.items()}
    carried = Counter(k for keys in first.values() for k in keys)
    tags = {}
    for pid, phrases in keyphrases.items():
        kept = {k: v for k, v in candidates[pid].items() if carried[k] >= 2}
        chosen = _pick(kept, settings.max_tags)
        own = [k for k in dict.fromkeys(map(key_of.__getitem__, phrases)) if k not in chosen and specific(k)]
        chosen += own[: max(0, settings.min_tags - len(chosen))]
        tags[pid] = tuple(vocabulary.labels.get(k, k) for k in chosen)
    return tags

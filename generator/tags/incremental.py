"""The corpus-wide tag result carried forward when papers only arrive: each new paper joins the
topic whose centre is nearest and gets its related papers, and an older paper's related list
takes a new paper in where it is nearer than its fifth; topics keep their papers and names.
A full pass (clustering, naming) runs when the papers placed this way since the last one
reach DRIFT_LIMIT of the corpus it clustered, when a paper is changed or gone, when the
number of topics the corpus allows changes, or on `digest build --full`.

Related papers are the same as a full pass's wherever that pass is exact (up to
related.EXACT_RELATED_UP_TO papers): a paper's nearest among old and new papers are among its
nearest old ones and the new ones. Tags grow alike (tag_growth.py): the kept vocabulary counts
the new papers, and only they and the older papers they touch choose tags. Of the analyses,
only the new papers' and every paper's vector are read back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from generator.model import Paper
from generator.state.codec import kind_of, require
from generator.tags.corpus_result import (
    KeptCorpus,
    KeptRow,
    kept_row,
    restored_head,
    restored_rows,
)
from generator.tags.related import RELATED_COUNT, cosines, top_columns, unit_rows
from generator.tags.tag_growth import TagChoice
from generator.tags.topics import Topic, topic_count

DRIFT_LIMIT = 0.05  # papers placed since the last full pass, as a share of what it clustered
# A kept list stands where every new paper is farther than its last by this much; nearer ones
# (ties: reprints) are ranked again exactly, so a rounding step never decides.
TIE_MARGIN = 1e-5
# A float32 cosine of two unit vectors of d dimensions is within d * 2^-24 of the exact one
# (2.3e-5 for the model's 384): screening with float32 first ranks exactly only the rows that
# can be nearest, and never converts the whole matrix to float64 (300 MB at 100k papers).
SCREEN = 1e-4  # at least; more for a model of more than 838 dimensions (_screen)
DOT_BLOCK = 8192  # rows gathered at once (_row_dots)


@dataclass(frozen=True)
class Carried:
    """What the last corpus result leaves the next build, by paper id (old papers only)."""

    keys: dict[str, str]  # each paper's text key (tag.cache_key)
    labels: dict[str, int]  # topic label
    topics: dict[str, str]  # raw topic slug ("" for none)
    related: dict[str, tuple[str, ...]]
    named: list[Topic]  # the topics as the last pass named them
    placed: int  # papers placed since the last full pass
    # What the corpus-wide steps read from each analysis but its vector: kept with the result,
    # so a build that places papers reads back only the new papers' analyses.
    keyphrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    compact: dict[str, str] = field(default_factory=dict)  # compact vectors (compact.py)
    choice: TagChoice | None = None  # the tags chosen, what tag choice grows from


def carried_forward(papers: list[Paper], latest: dict | None, basis: str) -> Carried | None:
    """What the kept corpus result (`latest`, as the cache stores it) leaves a build of
    `papers` (sorted by id); None when there is none, another code or settings worked it
    out, or a paper in it is gone. Raises on a stored result it cannot read (codec.decoded)."""
    if latest is None or latest["basis"] != basis:
        return None
    kept_ids = set(kind_of(latest["papers"], dict))
    ids = [paper.id for paper in papers if paper.id in kept_ids]
    if len(ids) != len(kept_ids):
        return None
    return _carried(ids, restored_head(latest), restored_rows(ids, latest))


def carried_from(papers: list[Paper], kept: KeptCorpus, basis: str) -> Carried | None:
    """carried_forward of a result this process made: from the result, not its stored form
    (decoding 100k stored rows cost 0.7 s a build)."""
    if kept.basis != basis:
        return None
    rows = {p.id: p for p in kept.tagged.papers}
    ids = [paper.id for paper in papers if paper.id in rows]
    if len(ids) != len(rows):
        return None
    return _carried(ids, kept, {pid: kept_row(rows[pid], kept.subjects) for pid in ids})


def _carried(ids: list[str], kept: KeptCorpus, rows: dict[str, KeptRow]) -> Carried | None:
    if kept.vocabulary is None:
        return None
    require(len(kept.keys) == len(kept.labels) == len(ids), "one key and label per paper")
    return Carried(
        dict(zip(ids, kept.keys, strict=True)),
        dict(zip(ids, kept.labels, strict=True)),
        {pid: row.topic for pid, row in rows.items()},
        {pid: row.related for pid, row in rows.items()},
        kept.tagged.topics,
        kept.placed,
        {pid: row.keyphrases for pid, row in rows.items()},
        {pid: row.summary for pid, row in rows.items()},
        {pid: row.compact_vector for pid, row in rows.items()},
        TagChoice(
            {pid: row.tags for pid, row in rows.items()},
            kept.tagged.spellings,
            kept.vocabulary,
            {pid: row.subjects for pid, row in rows.items()},
        ),
    )


def new_papers(carried: Carried, keys: dict[str, str]) -> list[str] | None:
    """The ids to place (sorted), or None where a full pass is due: a kept paper gone or its
    text changed, too many placed since the last pass, or another topic count."""
    if not carried.labels or any(keys.get(pid) != key for pid, key in carried.keys.items()):
        return None
    new = sorted(set(keys) - set(carried.keys))
    if not new:
        return None  # the same papers: clustering from other topics (tag.py) decides
    clustered = len(carried.keys) - carried.placed
    if carried.placed + len(new) > DRIFT_LIMIT * clustered:
        return None
    if topic_count(len(keys)) != topic_count(len(carried.keys)):
        return None
    return new


def place(
    carried: Carried, ids: list[str], vectors: np.ndarray, new: list[str]
) -> tuple[dict[str, int], dict[str, tuple[str, ...]], list[Topic]]:
    """(topic label of every paper, related papers of every paper, the topics) with `new`
    placed; `ids` sorted, `vectors` in their order."""
    unit = unit_rows(vectors.astype(np.float32, copy=False))
    row = {pid: index for index, pid in enumerate(ids)}
    labels = dict(carried.labels)
    centres, names = _centres(carried, unit, row)
    nearest = np.argmax(unit[[row[pid] for pid in new]] @ centres.T, axis=1)
    labels.update((pid, names[int(at)]) for pid, at in zip(new, nearest, strict=True))
    related = _related(carried.related, ids, unit, row, new)
    return labels, related, _topics(carried, labels, new)


def _centres(carried: Carried, unit: np.ndarray, row: dict[str, int]):
    """Each topic label's centre (unit mean of its papers' unit vectors), and the labels in
    order."""
    members: dict[int, list[int]] = defaultdict(list)
    for pid, label in carried.labels.items():
        members[label].append(row[pid])
    names = sorted(members)
    return unit_rows(np.stack([unit[members[label]].mean(axis=0) for label in names])), names


def _related(
    kept: dict[str, tuple[str, ...]],
    ids: list[str],
    unit: np.ndarray,
    row: dict[str, int],
    new: list[str],
) -> dict[str, tuple[str, ...]]:
    """A new paper's nearest among all; an old paper's among its kept nearest and the new
    ones, worked out again only where a new paper is at least as near as its last. Ties go
    to the paper earlier in `ids`, as related.exact_related has them."""
    take = min(RELATED_COUNT, len(ids) - 1)
    new_rows = np.array([row[pid] for pid in new])
    related = dict(kept)
    screen = _screen(unit)
    rough = unit[new_rows] @ unit.T  # float32: within `screen` of the exact cosines
    rough[np.arange(len(new)), new_rows] = -np.inf  # not itself
    for at, pid in enumerate(new):
        nearest = _nearest(unit, new_rows[at], rough[at], take, screen)
        related[pid] = tuple(ids[j] for j in nearest)
    old = [pid for pid in ids if pid in kept and len(kept[pid]) == take]
    old_rows = np.array([row[pid] for pid in old], dtype=int)
    last = np.array([row[kept[pid][-1]] for pid in old], dtype=int)
    last_cosine = _row_dots(unit, old_rows, last)
    nearest_new = rough.T[old_rows].max(axis=1, initial=-np.inf)  # cosines are symmetric
    # farther by the margin in exact cosines too: both rough values are within `screen`
    farther = nearest_new < last_cosine - TIE_MARGIN - 2 * screen
    stands = set(np.array(old)[farther].tolist()) if old else set()
    for pid in (pid for pid in ids if pid in kept and pid not in stands):
        index = row[pid]
        candidates = np.array(sorted({row[other] for other in kept[pid]} | set(new_rows.tolist())))
        scores = cosines(unit[index : index + 1], unit[candidates].T)[0]
        order = np.lexsort((candidates, -scores))[:take]
        related[pid] = tuple(ids[j] for j in candidates[order])
    return related


def _row_dots(unit: np.ndarray, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """unit[rows[i]] · unit[others[i]] for each i, a block at a time: gathering all the rows
    at once made two 150 MB arrays at 100k papers, 0.5 s of page faults every build."""
    blocks = [slice(at, at + DOT_BLOCK) for at in range(0, len(rows), DOT_BLOCK)]
    return np.concatenate(
        [np.zeros(0, unit.dtype)]
        + [np.einsum("ij,ij->i", unit[rows[block]], unit[others[block]]) for block in blocks]
    )


def _screen(unit: np.ndarray) -> float:
    """How far a float32 cosine of these rows may be from the exact one, with room to spare."""
    return max(SCREEN, 2 * unit.shape[1] * 2.0**-24)


def _nearest(
    unit: np.ndarray, index: int, rough: np.ndarray, take: int, screen: float
) -> np.ndarray:
    """The `take` rows nearest row `index` by exact cosines (related.cosines), ties to the
    lower row: ranked among the rows whose `rough` cosine (float32, within `screen` of the
    exact one) is within twice `screen` of the take-th rough one, which hold every exact
    nearest."""
    if take <= 0:
        return np.zeros(0, dtype=int)
    floor = np.partition(rough, -take)[-take] - 2 * screen
    candidates = np.flatnonzero(rough >= floor)
    exact = cosines(unit[index : index + 1], unit[candidates].T)
    return top_columns(exact, candidates, take)[0]


def _topics(carried: Carried, labels: dict[str, int], new: list[str]) -> list[Topic]:
    """The named topics with the new papers added to theirs (ids sorted, as make_topics has
    them), ordered as make_topics orders them."""
    slug_of = {carried.labels[pid]: slug for pid, slug in carried.topics.items() if slug}
    joining: dict[str, list[str]] = defaultdict(list)
    for pid in new:
        if slug := slug_of.get(labels[pid], ""):
            joining[slug].append(pid)
    topics = [
        Topic(t.slug, t.label, tuple(sorted((*t.paper_ids, *joining[t.slug]))))
        for t in carried.named
    ]
    return sorted(topics, key=lambda topic: (-len(topic.paper_ids), topic.slug))

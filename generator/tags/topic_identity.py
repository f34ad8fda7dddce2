"""Topic identity across builds: a topic keeps its slug, so its URL and feed, when clusters are
computed again (new papers, another topic count, a new label).

The clustering names each cluster from its tags and slugs it from that name, so a label that
moves by one word would move the topic's address, and a bookmark or feed subscription with it.
keep_slugs matches this build's clusters to the previous build's topics by their papers
(Jaccard overlap), and a matched cluster takes the slug of the topic it continues.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from generator.model import Paper
from generator.tags.topics import Topic

# A cluster continues a previous topic when at least this share of their papers (Jaccard,
# counting only the old topic's papers still in the corpus) is common to both: a topic split
# in three keeps its slug on the largest part, and one that tripled in size still keeps it.
MIN_JACCARD = Fraction(1, 4)


def keep_slugs(
    topics: Sequence[Topic], previous: Mapping[str, Collection[str]], retired: Collection[str] = ()
) -> list[Topic]:
    """`topics` (in their order) with the slugs of the previous build's topics they continue.

    `previous`: the previous build's topics, slug -> paper ids. Each cluster and each old topic
    are matched at most once, greedily by highest Jaccard overlap (ties: more papers in common,
    then the smaller old slug, then the smaller new slug), so a split keeps the slug on its
    larger part and a merge keeps the slug of the larger topic it took in. A cluster that
    continues no topic keeps its own slug, made from its label, unless that slug is taken or
    was a previous topic's, or is `retired` (an address answered by a pointer page): then it
    gets the first free `-2`, `-3`, ... after it, so an old address never shows another topic.
    """
    matched = _match(topics, previous)
    kept = set(matched.values())
    reserved = kept | set(previous) | set(retired)
    own = {topic.slug for index, topic in enumerate(topics) if index not in matched}
    out, taken = [], set(kept)
    for index, topic in enumerate(topics):
        slug = matched.get(index) or _fresh(topic.slug, reserved | taken, own - {topic.slug})
        taken.add(slug)
        out.append(topic if slug == topic.slug else replace(topic, slug=slug))
    return out


def _match(topics: Sequence[Topic], previous: Mapping[str, Collection[str]]) -> dict[int, str]:
    """Index of a cluster -> the old slug it continues."""
    present = {pid for topic in topics for pid in topic.paper_ids}
    old_of = {pid: slug for slug, ids in previous.items() for pid in ids if pid in present}
    old_size = Counter(old_of.values())
    pairs = []
    for index, topic in enumerate(topics):
        common = Counter(old_of[pid] for pid in topic.paper_ids if pid in old_of)
        for slug, shared in common.items():
            jaccard = Fraction(shared, len(topic.paper_ids) + old_size[slug] - shared)
            if jaccard >= MIN_JACCARD:
                pairs.append((-jaccard, -shared, slug, topic.slug, index))
    matched: dict[int, str] = {}
    used: set[str] = set()
    for _, _, slug, _, index in sorted(pairs):
        if index not in matched and slug not in used:
            matched[index] = slug
            used.add(slug)
    return matched


def _fresh(slug: str, unavailable: set[str], others: set[str]) -> str:
    """`slug`, else the first `slug-N` (N >= 2) that is neither unavailable nor another
    unmatched cluster's own slug (which that cluster may still keep)."""
    if slug not in unavailable:
        return slug
    number = 2
    while f"{slug}-{number}" in unavailable or f"{slug}-{number}" in others:
        number += 1
    return f"{slug}-{number}"


def with_topics(papers: Sequence[Paper], topics: Sequence[Topic]) -> list[Paper]:
    """Each paper's `topic` set to the slug of the topic that holds it ("" for none), as the
    tag stage sets it: after keep_slugs renamed topics, pages and feeds must agree."""
    topic_of = {pid: topic.slug for topic in topics for pid in topic.paper_ids}
    return [
        paper if paper.topic == (slug := topic_of.get(paper.id, "")) else replace(paper, topic=slug)
        for paper in papers
    ]

"""Topics (clusters of paper vectors, named from their tags) and related papers (nearest vectors)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from slugify import slugify

RELATED_COUNT = 5
ROW_BLOCK = 2048  # rows of the similarity matrix computed at once: memory stays flat at 100k papers


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    paper_ids: tuple[str, ...]


def topic_count(papers: int) -> int:
    """About sqrt(n/2) topics: 14 for the 398 seed papers, capped so topics stay browsable."""
    return max(1, min(60, round(math.sqrt(papers / 2))))


def cluster(vectors: np.ndarray, count: int) -> np.ndarray:
    """KMeans with a fixed seed over rows in a fixed order: the same input, the same topics."""
    from sklearn.cluster import KMeans

    if len(vectors) <= count:
        return np.arange(len(vectors))
    return KMeans(n_clusters=count, n_init=4, random_state=0).fit_predict(vectors.astype(np.float64))


def name_topic(member_tags: list[tuple[str, ...]], tag_frequency: Counter, papers: int) -> str:
    """The tags most typical of the topic: frequent inside it, rarer outside (count x idf)."""
    inside = Counter(tag for tags in member_tags for tag in tags)
    typical = lambda item: item[1] * math.log(1 + papers / tag_frequency[item[0]]) * (1 + 0.3 * item[0].count(" "))  # noqa: E731
    scored = sorted(inside.items(), key=lambda item: (-typical(item), item[0]))
    names: list[str] = []
    for tag, count in scored:
        words = set(re.findall(r"[a-z0-9]+", tag.lower()))
        if count >= 2 and not any(words <= set(re.findall(r"[a-z0-9]+", n.lower())) or
                                  set(re.findall(r"[a-z0-9]+", n.lower())) <= words for n in names):
            names.append(tag)
    return " · ".join(names[:2] or [tag for tag, _ in scored[:1]]) or "miscellaneous"


def make_topics(ids: list[str], vectors: np.ndarray, tags: dict[str, tuple[str, ...]]) -> list[Topic]:
    labels = cluster(vectors, topic_count(len(ids)))
    frequency = Counter(tag for pid in ids for tag in tags[pid])
    topics, slugs = [], set()
    for cluster_id in sorted(set(labels.tolist())):
        members = tuple(pid for pid, label in zip(ids, labels) if label == cluster_id)
        label = name_topic([tags[pid] for pid in members], frequency, len(ids))
        slug = base = slugify(re.sub(r"\([^)]*\)", "", label), max_length=50, word_boundary=True) or "topic"
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        topics.append(Topic(slug, label, members))
    return sorted(topics, key=lambda topic: (-len(topic.paper_ids), topic.slug))


def related_papers(ids: list[str], vectors: np.ndarray, count: int = RELATED_COUNT) -> dict[str, tuple[str, ...]]:
    """Each paper's nearest papers by cosine similarity, computed a block of rows at a time."""
    related: dict[str, tuple[str, ...]] = {}
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    take = min(count, len(ids) - 1)
    for start in range(0, len(ids), ROW_BLOCK):
        block = unit[start:start + ROW_BLOCK] @ unit.T
        for offset, row in enumerate(block):
            row[start + offset] = -np.inf
            nearest = np.argpartition(-row, take)[:take] if take > 0 else []
            ordered = sorted(nearest, key=lambda j: (-row[j], ids[j]))
            related[ids[start + offset]] = tuple(ids[j] for j in ordered)
    return related

"""For you: what compact vectors (tags/compact.py) keep of the full ones, with the real model,
on the seeds plus the arXiv sample day. The baseline of every row is the full float vectors.

- category agreement: of each sample-day paper's 10 nearest day papers, the share with its
  arXiv primary category (the external gold);
- the NeRF query: three NeRF seed papers saved, the share of the 20 papers the page's scoring
  ranks first with the full vectors that it also ranks first with the compact ones;
- the test's ranking: the share of (NeRF/3D paper, language-model paper) pairs of the sample
  day ranked the right way round;
- each interest its share: two NeRF papers and an optimizer paper saved, how many of the first
  20 are there for the optimizer paper, by the page's order (each saved paper's nearest in
  turn) against the closest cosine alone;
- bytes a paper in for-you/papers.json.

    python bench/run.py --only for-you
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
from sections import real_embedder, row, seed_papers
from synthetic import SAMPLE  # the arXiv sample day, as the repository holds it

NERF_SEEDS = ("ActiveNeRF:", "CaesarNeRF:", "DistGrid:")  # titles begin so (the test's three)
MIXED = ("ActiveNeRF:", "CaesarNeRF:", "4-bit Shampoo")
THREE_D = re.compile(
    r"radiance field|\bnerf|gaussian splatting|3d reconstruction|scene reconstruction"
    r"|novel[- ]view",
    re.I,
)
LANGUAGE_MODEL = re.compile(r"language model|\bllms?\b", re.I)


def sample_day() -> list:
    from generator.read.dedup import merge_duplicates
    from generator.read.dumps import read_papers

    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(SAMPLE, Path(folder) / SAMPLE.name)
        papers, _ = merge_duplicates(read_papers(Path(folder)))
    return papers


def units(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def compacted(vectors: np.ndarray, axes: int) -> np.ndarray:
    """The shipped compact vectors (128 axes), or the same fit's first `axes` axes, decoded."""
    from generator.tags.compact import compact_vectors, decoded_vector, projection_for

    mean, learned = projection_for("all-MiniLM-L6-v2", vectors.shape[1])
    texts = compact_vectors(vectors, (mean, learned[:, :axes]))
    return units(np.stack([decoded_vector(text).astype(np.float64) for text in texts]))


def category_agreement(vectors: np.ndarray, categories: list[str]) -> float:
    closeness = vectors @ vectors.T
    np.fill_diagonal(closeness, -9)
    nearest = np.argsort(-closeness, axis=1)[:, :10]
    labels = np.array(categories)
    return float((labels[nearest] == labels[:, None]).mean())


def closeness(vectors: np.ndarray, saved: list[int], in_turn: bool = True) -> np.ndarray:
    """(papers, saved): the cosines; as the page orders (for_you.js, `in_turn`): minus the
    paper's rank among each saved paper's nearest, the cosine breaking ties."""
    cosines = vectors @ vectors[saved].T
    if not in_turn:
        return cosines
    ranks = np.argsort(np.argsort(-cosines, axis=0, kind="stable"), axis=0)
    return -ranks + cosines / 4  # a cosine moves a paper less than one rank


def scores(vectors: np.ndarray, saved: list[int], in_turn: bool = True) -> np.ndarray:
    return closeness(vectors, saved, in_turn).max(axis=1)


def pairs_right(score: np.ndarray, first: list[int], second: list[int]) -> float:
    return float(np.mean([[score[a] > score[b] for b in second] for a in first]))


def for_you_bench(args) -> list[dict]:
    from generator.publish.for_you import for_you_data
    from generator.tags.compact import compact_vectors, projection_for
    from generator.tags.tagged_text import tagging_text

    seeds, day = seed_papers(), sample_day()
    papers = seeds + day
    embedder = real_embedder()
    full = units(embedder.embed([tagging_text(paper) for paper in papers]).astype(np.float64))
    kinds = {"128 axes (shipped)": compacted(full, 128), "32 axes": compacted(full, 32)}
    on_day = list(range(len(seeds), len(papers)))
    primary = [paper.categories[0] if paper.categories else "" for paper in day]
    saved, mixed = (
        [next(i for i, p in enumerate(seeds) if p.title.startswith(start)) for start in starts]
        for starts in (NERF_SEEDS, MIXED)
    )
    text = [paper.title + " " + paper.abstract for paper in papers]
    three_d = [i for i in on_day if THREE_D.search(text[i])]
    language = [
        i
        for i in on_day
        if LANGUAGE_MODEL.search(text[i]) and primary[i - len(seeds)] == "cs.CL"
        and i not in three_d
    ]  # fmt: skip
    others = [i for i in range(len(papers)) if i not in saved]

    def top20(vectors: np.ndarray) -> set[int]:
        score = scores(vectors, saved)
        return {others[k] for k in np.argsort(-score[others])[:20]}

    def for_the_lone_interest(vectors: np.ndarray, in_turn: bool) -> int:
        near = closeness(vectors, mixed, in_turn)
        rest = np.setdiff1d(np.arange(len(vectors)), mixed)
        first = rest[np.argsort(-near[rest].max(axis=1))[:20]]
        return int((near[first].argmax(axis=1) == 2).sum())

    rows = []
    base_agreement = category_agreement(full[on_day], primary)
    base_top = top20(full)
    base_pairs = pairs_right(scores(full, saved), three_d, language)
    for name, vectors in kinds.items():
        rows += [
            row(f"for you: arXiv category agreement, {name}",
                category_agreement(vectors[on_day], primary), base_agreement,
                "sample day, 10 nearest; baseline: full float vectors", True),
            row(f"for you: NeRF query top-20 kept, {name}",
                len(top20(vectors) & base_top) / 20, 1.0,
                "3 NeRF seeds saved; share of the full vectors' top 20", True),
            row(f"for you: 3D above language-model pairs, {name}",
                pairs_right(scores(vectors, saved), three_d, language), base_pairs,
                f"{len(three_d)} x {len(language)} sample-day pairs", True),
        ]  # fmt: skip
    shipped = kinds["128 axes (shipped)"]
    rows += [
        row("for you: 3D above language-model pairs, closest cosine alone",
            pairs_right(scores(shipped, saved, False), three_d, language),
            pairs_right(scores(shipped, saved), three_d, language),
            "128 axes; baseline: the page's order", True),
        row("for you: first 20 for the lone optimizer paper saved",
            for_the_lone_interest(shipped, True), for_the_lone_interest(shipped, False),
            "2 NeRF + 1 optimizer saved; baseline: closest cosine alone", True),
    ]  # fmt: skip
    texts = compact_vectors(full, projection_for(embedder.name, full.shape[1]))
    arrived = [replace(p, arrived="2026-06-29T21:00:00Z", compact_vector=t)
               for p, t in zip(papers, texts, strict=True)]  # fmt: skip
    size = len(for_you_data(arrived, 14)) / len(papers)
    rows.append(row("for you: bytes a paper in for-you/papers.json", round(size), note="raw"))
    return rows

"""Tag and topic quality, from one run of the real model: tags against Inspec's gold phrases,
topics and tags against arXiv primary categories on the seeds plus one arXiv day, how spread
out the tags are, and how much adding that day changes what the seeds were given.

    python bench/run.py --only quality [--inspec-limit 300]
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from sections import ROOT, SEEDS, real_embedder, row

SAMPLE = ROOT.parent / "shared" / "samples" / "arxiv-daily-2026-06-29.jsonl"
TOP_TAGS = 15


def inspec_papers(rows: list[dict]) -> list:
    """Inspec abstracts as papers. They come without titles, so the title is derived and marked
    so, as the reader does: tagging then reads the abstract alone."""
    from generator.model import Paper
    from generator.read.titles import derive_title

    return [
        Paper(
            id=r["id"],
            title=derive_title(r["abstract"]),
            title_derived=True,
            abstract=r["abstract"],
            slug=r["id"],
        )
        for r in rows
    ]


def inspec_gold(r: dict) -> list[str]:
    """The gold phrases: `keyphrases` holds controlled and uncontrolled terms together; should a
    copy keep them apart, both lists count."""
    return [
        *(r.get("keyphrases") or ()),
        *(r.get("controlled") or ()),
        *(r.get("uncontrolled") or ()),
    ]


def inspec_rows(args, embedder) -> list[dict]:
    """F1@5 of the tags vs F1@5 of the keyphrases they are chosen from, with all the abstracts
    tagged as one corpus: tags are the shared vocabulary, so this is what choosing them costs
    (or gains) against the gold."""
    import inspec

    from generator.tags.cache import AnalysisCache
    from generator.tags.tag import tag_papers

    rows = inspec.load(limit=args.inspec_limit)
    gold = {r["id"]: inspec_gold(r) for r in rows}
    tagged = tag_papers(inspec_papers(rows), embedder, AnalysisCache()).papers
    truth = [gold[p.id] for p in tagged]
    # A label names its acronym beside the phrase (`graph neural networks (GNN)`): the phrase is
    # the tag.
    tags = inspec.f1_at_k([[re.sub(r" \([^()]*\)$", "", t) for t in p.tags] for p in tagged], truth)
    phrases = inspec.f1_at_k([list(p.keyphrases) for p in tagged], truth)
    print(f"Inspec F1@5: tags {tags}, keyphrases {phrases}", flush=True)
    mean_tags = sum(len(p.tags) for p in tagged) / len(tagged)
    note = (
        f"{len(rows)} Inspec tuning abstracts as one corpus; {mean_tags:.1f} tags a paper; "
        "gold = controlled + uncontrolled"
    )
    return [
        row(
            "tag F1@5 on Inspec (vs keyphrases F1@5)",
            tags["f1"],
            phrases["f1"],
            note,
            higher_is_better=True,
        )
    ]


def read_corpus(*dumps: Path) -> list:
    """The papers of these dumps (files or folders of them), read and merged as a build reads
    its sources folder."""
    from generator.read.dedup import merge_duplicates
    from generator.read.dumps import read_papers

    with tempfile.TemporaryDirectory() as tmp:
        for dump in dumps:
            for path in sorted(dump.iterdir()) if dump.is_dir() else [dump]:
                shutil.copy(path, Path(tmp) / path.name)
        papers, _ = merge_duplicates(read_papers(Path(tmp)))
    return papers


def tag_counts(papers) -> Counter:
    return Counter(tag for paper in papers for tag in set(paper.tags))


def spread(papers) -> tuple[float, float]:
    """(% of papers the most used tag is on, % of papers sharing at least one tag with another):
    a tag on too many papers browses like no tag; a paper sharing none links to nothing."""
    counts = tag_counts(papers)
    largest = 100 * max(counts.values(), default=0) / len(papers)
    linked = 100 * sum(any(counts[t] >= 2 for t in p.tags) for p in papers) / len(papers)
    return largest, linked


def category_purity(papers) -> tuple[float, int]:
    """Mean share of a tag's categorized papers in its majority category, weighted by those
    papers, over tags on >= 2 of them; and how many tags that is."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        for tag in set(paper.tags) if paper.category else ():
            by_tag[tag].append(paper.category)
    groups = [cats for cats in by_tag.values() if len(cats) >= 2]
    total = sum(len(cats) for cats in groups)
    majority = sum(Counter(cats).most_common(1)[0][1] for cats in groups)
    return (100 * majority / total if total else 0.0), len(groups)


def homogeneity(corpus) -> tuple[float, int]:
    """Homogeneity of topics w.r.t. arXiv primary category, over papers that have one: 1.0 when
    each topic holds one category (topics may split a category; that costs nothing here)."""
    from sklearn.metrics import homogeneity_score

    known = [p for p in corpus.papers if p.category]
    return homogeneity_score([p.category for p in known], [p.topic for p in known]), len(known)


def churn(before, after) -> tuple[int, int, int, int, int]:
    """What adding papers did to the seeds' build: seed papers whose tag set changed (and of how
    many), seed tag slugs and topic slugs gone (and of how many)."""
    from generator.publish.indexes import TAG_PAGE_LEAST, tag_slug
    from generator.tags.topic_identity import keep_slugs

    now = {p.id: set(p.tags) for p in after.papers}
    changed = sum(set(p.tags) != now.get(p.id) for p in before.papers)

    # Tags with a page: those TAG_PAGE_LEAST papers carry. Topics as the build names them: new
    # clusters keep the slugs of the seed topics they continue (topic_identity.keep_slugs).
    def slugs(corpus) -> set[str]:
        return {tag_slug(t) for t, n in tag_counts(corpus.papers).items() if n >= TAG_PAGE_LEAST}

    def topics(found) -> set[str]:
        return {t.slug for t in found}

    kept = keep_slugs(after.topics, {t.slug: t.paper_ids for t in before.topics})
    return (
        changed,
        len(before.papers),
        len(slugs(before) - slugs(after)),
        len(slugs(before)),
        len(topics(before.topics) - topics(kept)),
    )


def show(corpus) -> None:
    """Every topic with its size and the most used tags, for a reader to judge."""
    print(f"topics ({len(corpus.topics)}) of seeds + sample:")
    for topic in sorted(corpus.topics, key=lambda t: -len(t.paper_ids)):
        print(f"  {len(topic.paper_ids):4}  {topic.label}")
    print(f"top {TOP_TAGS} tags:")
    for tag, count in tag_counts(corpus.papers).most_common(TOP_TAGS):
        print(f"  {count:4}  {tag}")


def corpus_rows(embedder) -> list[dict]:
    """Seeds, then seeds + the arXiv sample day, tagged with one cache (the second run embeds
    only the sample)."""
    from generator.tags.cache import AnalysisCache
    from generator.tags.tag import tag_papers

    seeds, both = read_corpus(SEEDS), read_corpus(SEEDS, SAMPLE)
    cache = AnalysisCache()
    alone = tag_papers(seeds, embedder, cache)
    # As a build of the site does: clustering starts from the topics the site had.
    full = tag_papers(
        both, embedder, cache, previous_topics={t.slug: t.paper_ids for t in alone.topics}
    )
    show(full)
    n = len(full.papers)
    score, known = homogeneity(full)
    purity, tags = category_purity(full.papers)
    categories = Counter(p.category for p in full.papers if p.category)
    (seed_largest, seed_linked), (largest, linked) = spread(alone.papers), spread(full.papers)
    changed, of, tags_gone, seed_tags, topics_gone = churn(alone, full)
    records = sum(1 for line in SAMPLE.read_text().splitlines() if line.strip())
    corpus = f"{len(seeds)} seeds + {n - len(seeds)} sample papers (from {records} records)"
    return [
        row(
            "topic homogeneity vs arXiv primary category",
            score,
            note=f"{known} categorized papers ({len(categories)} categories) of {corpus}; "
            f"{len(full.topics)} topics, sqrt(n/2) = {math.sqrt(n / 2):.1f}",
        ),
        row(
            "tag category purity %",
            purity,
            note=f"majority-category share, weighted, over {tags} tags on >= 2 categorized papers",
        ),
        row("largest tag share % (seeds + sample vs seeds)", largest, seed_largest, "target <= 8"),
        row(
            "papers sharing a tag % (seeds + sample vs seeds)",
            linked,
            seed_linked,
            "target >= 70",
            higher_is_better=True,
        ),
        row(
            "seed papers whose tags changed % after adding the sample",
            100 * changed / of,
            note=f"{changed} of {of}",
        ),
        row(
            "seed tag pages gone after adding the sample",
            tags_gone,
            note=f"of {seed_tags}; each answers as a pointer page in a real build",
        ),
        row(
            "seed topic slugs gone after adding the sample",
            topics_gone,
            note=f"of {len(alone.topics)}, after matching by membership;"
            " a gone one answers as a pointer page",
        ),
    ]


def quality_bench(args) -> list[dict]:
    """Inspec tag F1, then topics and tags on the seeds plus one arXiv day: all with one model."""
    embedder = real_embedder()
    started = time.perf_counter()
    rows = inspec_rows(args, embedder)
    print(f"Inspec: {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    rows += corpus_rows(embedder)
    print(f"seeds + sample: {time.perf_counter() - started:.0f} s", flush=True)
    return rows

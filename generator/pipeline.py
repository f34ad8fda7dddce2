"""The build, as its named phases: read, tag, publish, write, assemble and land. Each phase
returns values the next one reads; nothing is written before every input has been read."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from generator.config import Config
from generator.errors import StrictError, WarningCount
from generator.model import Paper, build_date
from generator.publish.indexes import newest_first
from generator.publish.memo import OutputMemo
from generator.publish.report import BuildReport, build_report, log_rejections
from generator.publish.retired import previous_data_dir, read_previous
from generator.publish.stage import Digest, publish
from generator.read.stage import read_corpus
from generator.site.assemble import SiteStats, build_site
from generator.site.budget import check_landed
from generator.site.chrome import shell_docs
from generator.site.owned import sync_docs
from generator.site.patch import recover_landing
from generator.site.site import clean_leftovers, inspecting
from generator.state.lock import build_lock
from generator.state.memory import collector_paused
from generator.tags.embedders import Embedder, SentenceTransformerEmbedder
from generator.tags.stage import tag_corpus
from generator.tags.topics import Topic

logger = logging.getLogger("generator")


@dataclass(frozen=True)
class BuildResult:
    papers: list[Paper]  # newest first
    report: BuildReport
    topics: list[Topic]
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    embedded: int = 0  # texts the model embedded this build
    pages_written: int = 0  # docs_dir files rewritten (unchanged ones are left alone)
    new_papers: int = 0  # papers not in the previous build's papers.json
    feeds_made: int = 0  # feeds made by this build; the others were the previous build's
    site: SiteStats | None = None  # None when the site was not built


def build(
    config: Config,
    *,
    embedder: Embedder | None = None,
    strict: bool = False,
    site: bool = True,
    full: bool = False,
    progress=None,
) -> BuildResult:
    """`strict`: any warning, rejected line, broken link or repaired file fails the build;
    `full`: parse every dump and render every page and feed again, whatever was kept;
    `progress(done)` as new texts are embedded. One build at a time per project (lock.py)."""
    warnings = WarningCount()
    logger.addHandler(warnings)
    try:
        with build_lock(config.cache_dir), collector_paused():
            recover_landing(config.site_dir)  # a landing a stopped build left half done
            clean_leftovers(config.site_dir)
            return _build(config, embedder, strict, site, full, progress, warnings)
    finally:
        logger.removeHandler(warnings)


def _build(config, embedder, strict, site, full, progress, warnings) -> BuildResult:
    timings: dict[str, float] = {}
    inspected = inspecting(config.site_dir) if site else None  # site/ as this build finds it
    with _timed(timings, "read"):
        corpus = read_corpus(config, fresh=full)
    published = previous_data_dir(config.site_dir, config.docs_dir)  # the last build's data
    previous = read_previous(published)  # and so the papers it published
    with _timed(timings, "tag"):
        embedder = embedder or SentenceTransformerEmbedder(str(config.model_path or ""))
        topics = (previous.topic_members(), previous.retired_slugs("topics"))
        tagged = tag_corpus(config, corpus.papers, embedder, *topics, progress, full)
    papers = newest_first(tagged.papers)
    report = build_report(corpus.dumps, papers, corpus.merged, corpus.near, build_date(papers))
    log_rejections(report, logger)
    digest = Digest(
        papers, tagged.topics, report, previous, tagged.spellings,
        corpus.curation.affiliation_handles(),
    )  # fmt: skip
    outputs = config.site_dir if site else config.docs_dir  # where feeds and data are published
    memo = OutputMemo(config.cache_dir / "outputs.json", outputs, fresh=full)
    with _timed(timings, "publish"):
        output = publish(config, digest, memo)
    if strict and warnings.count:
        raise StrictError(
            f"--strict: {warnings.count} warning(s), {len(report.rejected)} rejected input "
            "line(s); site/ left as it was"
        )
    with _timed(timings, "write"):  # with a site, its feeds and data go to site/ alone
        docs = shell_docs(output) | ({} if site else output.data)
        written, _ = sync_docs(config.docs_dir, docs, frozenset(() if site else memo.kept))
    stats = None
    if site:
        with _timed(timings, "site"):
            stats = build_site(config, output, papers, strict, full, inspected)
    memo.save()  # once the outputs are in place: a failed build leaves the last one's memo
    if stats:  # repairs, then the size: warnings, or --strict failures, of the landed site
        check_landed(stats.manifest, stats.repaired, config, strict)
    return BuildResult(
        papers, report, tagged.topics, timings, tagged.embedded, written,
        len({paper.id for paper in papers} - previous.paper_ids), memo.made, stats,
    )  # fmt: skip


@contextmanager
def _timed(timings: dict[str, float], phase: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[phase] = round(time.perf_counter() - start, 3)

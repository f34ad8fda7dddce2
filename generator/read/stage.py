"""The read stage: every dump parsed (or taken from the dump memo), the papers merged across
dumps, curated and given their slugs, and each paper's arrival from git."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from generator.config import Config
from generator.errors import InputError
from generator.model import DuplicateNote, Paper, ReadDump, build_date
from generator.read.curate import Curation, apply_curation, load_curation
from generator.read.dedup import find_near_duplicates, merge_duplicates
from generator.read.dumps import DumpMemo, read_dumps
from generator.read.normalize import SlugCollision, assign_slugs
from generator.state import files


@dataclass(frozen=True)
class ReadCorpus:
    """What the read stage made: the papers to publish and how every record was used."""

    dumps: list[ReadDump]
    papers: list[Paper]
    merged: list[DuplicateNote]  # duplicates merged into a paper, and papers curation hid
    near: list[DuplicateNote]  # near-duplicates kept apart, reported
    curation: Curation


def read_corpus(config: Config, fresh: bool = False) -> ReadCorpus:
    """Everything that can fail on bad input, with no output written. `fresh`: parse every
    dump again rather than take the dump memo's (`--full`)."""
    if not config.sources_dir.is_dir():
        raise InputError(f"sources folder not found: {config.sources_dir}")
    memo = DumpMemo(config.cache_dir / "dumps.sqlite", fresh)
    try:
        dumps = read_dumps(config.sources_dir, memo)
    finally:
        memo.close()
    papers, merged = merge_duplicates([paper for dump in dumps for paper in dump.papers])
    near = find_near_duplicates(papers)
    curation = load_curation(config.curation_file)
    visible, curated = apply_curation(papers, curation)
    try:
        slugged = assign_slugs(visible)
    except SlugCollision as error:
        raise InputError(
            f"{error} (merge, retitle or hide one in {config.digest.curation_file})"
        ) from error
    arrived = with_arrival(slugged, files.git_added_times(config.sources_dir), build_date(slugged))
    return ReadCorpus(dumps, arrived, merged + curated, near, curation)


def with_arrival(papers: list[Paper], added: dict[str, int], fallback: datetime) -> list[Paper]:
    """Each paper's arrival: when the first of its dumps was first committed (a dump git does
    not hold yet arrives at the build date), and the line it arrived by. Feeds, the home page
    and the /new/ pages order and date papers by it, so it never moves on a rebuild."""
    fallback_stamp = int(fallback.timestamp())

    def arrival(paper: Paper) -> Paper:
        stamp, ref = min((added.get(ref.file, fallback_stamp), ref) for ref in paper.sources)
        arrived, first_seen = _arrival_texts(stamp)
        return paper.amended(arrived=arrived, arrived_from=ref, first_seen=first_seen)

    return [arrival(paper) if paper.sources else paper for paper in papers]


@functools.lru_cache(maxsize=4096)  # a stamp per commit: a thousand papers share one
def _arrival_texts(stamp: int) -> tuple[str, str]:
    """When a paper arrived (ISO UTC) and its day, from the commit's time."""
    when = datetime.fromtimestamp(stamp, tz=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ"), when.date().isoformat()

"""One notion of "new": papers arrive with the commit that adds their dump. The home page,
/new/, feed.xml and atom.xml put the newest arrival first, whatever the papers' own dates,
and a paper's feed entry (guid and date) never changes between builds."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import INGEST_FIXTURES, SEEDS
from fake_embedder import HashingEmbedder
from test_build import project

from generator.pipeline import build

pytestmark = pytest.mark.slow
SAMPLE_DAY = INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"
SEED_COMMIT, DAY_COMMIT, LATER_COMMIT = (
    "2026-11-23T14:52:51Z",
    "2026-11-30T07:00:00Z",
    "2026-12-01T07:00:00Z",
)


def commit(sources: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "add", "-A", "."], cwd=sources, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", when], cwd=sources, check=True, env=env)


def entries(site: Path, name: str) -> list:
    parsed = feedparser.parse((site / name).read_bytes())
    assert parsed.bozo == 0
    return parsed.entries


def titles_in_order(dump: Path) -> list[str]:
    import json

    return [json.loads(line)["title"] for line in dump.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def arrivals(tmp_path_factory):
    """Two seed dumps committed, then the sample day, then one more dump: the site after each."""
    tmp = tmp_path_factory.mktemp("arrival")
    config = project(tmp, {name: SEEDS / name for name in sorted(os.listdir(SEEDS))[:3]})
    subprocess.run(["git", "init", "-q", str(config.sources_dir)], check=True)
    commit(config.sources_dir, SEED_COMMIT)
    snapshots = []

    def built() -> dict:
        build(config, embedder=HashingEmbedder(), strict=True)
        site = config.site_dir
        return {
            "rss": entries(site, "feed.xml"),
            "atom": entries(site, "atom.xml"),
            "new": (site / "new" / "index.html").read_text(),
            "home": (site / "index.html").read_text(),
        }

    snapshots.append(built())
    shutil.copy(SAMPLE_DAY, config.sources_dir / "005_arxiv-2026-06-29.jsonl")
    commit(config.sources_dir, DAY_COMMIT)
    snapshots.append(built())
    later = config.sources_dir / "006_later.txt"
    later.write_text(
        "Abstract: We study sparse attention for long documents and show that a learned "
        "block pattern keeps the accuracy of dense attention while cutting memory use by a "
        "factor of four on three long-context benchmarks, with no date of its own and no "
        "title, added a day after the arXiv day.\n"
    )
    commit(config.sources_dir, LATER_COMMIT)
    snapshots.append(built())
    return snapshots


def test_a_new_day_comes_first_in_both_feeds_in_its_dumps_order(arrivals):
    titles = titles_in_order(SAMPLE_DAY)
    for fmt in ("rss", "atom"):
        first = arrivals[1][fmt][:10]
        assert [e.title for e in first] == titles[:10], fmt
        assert all(e.published_parsed[:6] == (2026, 11, 30, 7, 0, 0) for e in first)


def test_new_and_home_show_the_new_day(arrivals):
    new, home = arrivals[1]["new"], arrivals[1]["home"]
    assert "arrived on <strong>2026-11-30</strong>" in new
    assert "arrived on 2026-11-23" not in new
    first = titles_in_order(SAMPLE_DAY)[0].split(" (")[0]
    assert first in home and home.index(first) < home.index("Newest arrivals") + 2000


def test_a_later_dump_comes_first_again(arrivals):
    for fmt in ("rss", "atom"):
        newest = arrivals[2][fmt][0]
        assert "sparse attention" in newest.summary
        assert newest.published_parsed[:6] == (2026, 12, 1, 7, 0, 0)
    assert "arrived on <strong>2026-12-01</strong>" in arrivals[2]["new"]


def test_an_entry_keeps_its_guid_and_date_across_builds(arrivals):
    for fmt in ("rss", "atom"):
        seen: dict[str, tuple] = {}
        for snapshot in arrivals:
            for entry in snapshot[fmt]:
                stamp = (entry.id, entry.published_parsed[:6])
                assert seen.setdefault(entry.link, stamp) == stamp, entry.link

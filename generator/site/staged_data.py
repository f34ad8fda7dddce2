"""The data files of a site (feeds, JSON) staged beside the pages: only those whose bytes
differ from what site/ holds; a feed the memo kept is in site/ already."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.publish.stage import SiteFiles
from generator.site.site import Manifest
from generator.state.fingerprint import Held, of_bytes

# Data files' digests, from one build to the next: most groups' papers.json are the very
# bytes the last build made (followed.HELD_DATA), looked up rather than hashed again.
DIGESTS = Held(of_bytes)


def stale_data(
    site: SiteFiles, site_dir: Path, previous: Manifest, present: dict[str, int]
) -> set[str]:
    """Data files the previous manifest claims with these bytes that site/ does not hold so:
    this build writes them again. `present`: the files site/ held as the build began (a stat
    each of thousands of groups' data cost 0.2 s at 100k papers)."""
    return {
        name
        for name, content in site.data.items()
        if previous.files.get(name) == _digest(site, name, content)
        and not _holds(site_dir, name, content, name in site.digests, present)
    }


def stage_changed_data(
    staging: Path, site: SiteFiles, site_dir: Path, previous: Manifest | None
) -> dict[str, str]:
    """Each data file's fingerprint; those that differ from the previous build's are written
    to staging (a feed no new paper reached is left as it is: feeds are dated by their newest
    entry). A feed the memo kept is copied into staging only when site/ is replaced whole."""
    digests = {}
    for name, content in site.data.items():
        digests[name] = digest = _digest(site, name, content)
        if previous is None or previous.files.get(name) != digest:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
    for name in sorted(site.kept):
        digests[name] = digest = site.digests[name]
        if previous is None or previous.files.get(name) != digest:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(site_dir / name, staging / name)  # with its time: the memo keeps it
    return digests


def _digest(site: SiteFiles, name: str, content: bytes) -> str:
    return site.digests.get(name) or DIGESTS.of(content)


def _holds(site_dir: Path, name: str, content: bytes, made: bool, present: dict) -> bool:
    """Whether site/ holds `content` as `name`: compared byte for byte for an output the memo
    `made` (a few; one edited in site/ is then put back), else only there (in `present`)."""
    if not made:
        return name in present
    try:
        return (site_dir / name).read_bytes() == content
    except OSError:
        return False

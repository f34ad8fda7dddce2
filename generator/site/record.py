"""Where the manifest of site/ lives: beside it (`.site.digest-manifest.json`), so that site/
holds only what is served. Landing writes it last (patch.py). Versions that landed by
exchanging folders wrote it as pending first and the old site's as retired; a build of theirs
stopped in between is settled by this one (settle_record).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.config.folders import record_path
from generator.site.owned import walk_files
from generator.state import files

# Where older versions kept the manifest, inside site/ (and so inside an old site they left
# beside it): still read there, and gone from site/ with the next landing.
IN_FOLDER = ".digest-manifest.json"


def pending_path(site_dir: Path) -> Path:
    """The manifest of a site about to land: the record once it has (land, settle_record)."""
    record = record_path(site_dir)
    return record.with_name(record.name + ".pending")


def retired_path(site_dir: Path) -> Path:
    """What the site being replaced holds, kept until its folder is gone (clean_leftovers)."""
    record = record_path(site_dir)
    return record.with_name(record.name + ".retired")


class HeldRecord:
    """The manifest this process last wrote, as data, by its file's path and signature (size,
    time, inode: each landing writes a new file): the next build in this process takes it
    without parsing it again (45 MB of JSON at 100k papers). A file changed since, or another
    process's, is read."""

    held: tuple[str, tuple[int, int, int] | None, Any] | None = None

    @classmethod
    def keep(cls, path: Path, data: Any) -> None:
        """`data`: what `path` now holds, as json.loads gives it back."""
        cls.held = (str(path), files.file_signature(path), data)

    @classmethod
    def read(cls, path: Path) -> Any:
        """The JSON in `path`; None where it is missing or unreadable."""
        if cls.held and cls.held[0] == str(path) and cls.held[1] == files.file_signature(path):
            return cls.held[2]
        return files.load_json(path, None)

    @classmethod
    def cache_clear(cls) -> None:
        cls.held = None


def served_files(site_dir: Path) -> dict[str, int]:
    """The files of site/ and their sizes, less a manifest an older version kept in it."""
    present = walk_files(site_dir)
    present.pop(IN_FOLDER, None)
    return present


def settle_record(site_dir: Path) -> dict | None:
    """After a build that stopped while landing: a pending manifest becomes the record if site/
    holds exactly the files it lists (site/ was exchanged); otherwise site/ was not, and it
    goes with the retired one. Returns the retired manifest still to act on, if any."""
    pending, retired = pending_path(site_dir), retired_path(site_dir)
    if pending.exists():
        data = files.load_json(pending, None)
        if isinstance(data, dict) and data.get("sizes") == served_files(site_dir):
            os.replace(pending, record_path(site_dir))
        else:
            pending.unlink()
            retired.unlink(missing_ok=True)
    kept = files.load_json(retired, None)
    return kept if isinstance(kept, dict) else None

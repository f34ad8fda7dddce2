"""The folders of the previous site, kept empty for the next build to stage into.

Where the disk is mounted with online discard (ext4 `discard`), removing a folder costs a few
milliseconds: a site has a folder per page, so removing the old site's folders took longer than
the rest of a one-paper rebuild. So landing deletes the old site's files but keeps its empty
folders beside site/ as `.site.spare`; the next build stages into them (almost every page keeps
its folder) and removes only the few its site no longer has. The spare never holds a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.site.owned import walk_files


def spare_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.spare"


def new_staging(site_dir: Path) -> Path:
    """A private folder beside site/ holding no file, to assemble a site in: the spare's
    folders when it holds no file, else a new empty folder."""
    staging = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}.new-"))
    spare = spare_path(site_dir)
    if spare.is_dir() and not spare.is_symlink() and not walk_files(spare):
        try:
            os.rename(spare, staging)  # onto the empty folder mkdtemp made
            staging.chmod(0o700)
        except OSError:
            pass  # staging is still the new empty folder (or the spare, whole)
    return staging


def keep_as_spare(folder: Path, site_dir: Path) -> bool:
    """Make `folder`, which holds no file, the spare; False where there is one already or the
    rename fails (the caller removes the folder)."""
    spare = spare_path(site_dir)
    if spare.exists() or spare.is_symlink():
        return False
    try:
        os.rename(folder, spare)
    except OSError:
        return False
    return True


def recycle_staging(staging: Path, site_dir: Path) -> None:
    """A staging folder that will not land (site/ holds its site already): its files, all this
    build's, are deleted and its folders become the spare."""
    for name in walk_files(staging):
        (staging / name).unlink()
    if not keep_as_spare(staging, site_dir):
        shutil.rmtree(staging)


def prune_empty_folders(root: Path) -> None:
    """Remove every folder under `root` that holds no file at any depth: the spare's folders
    of pages the new site does not have."""
    removed: set[str] = set()
    for parent, folders, names in os.walk(root, topdown=False):
        inside = (os.path.join(parent, folder) for folder in folders)
        if parent != str(root) and not names and all(path in removed for path in inside):
            os.rmdir(parent)
            removed.add(parent)

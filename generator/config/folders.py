"""The output folders a configuration names: each a folder of the build's own."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

# The manifest of site/ lies beside it, .site.digest-manifest.json (site/record.py writes it):
# named here, where the settings are checked against the folders earlier builds landed.
RECORD_SUFFIX = ".digest-manifest.json"

if TYPE_CHECKING:
    from generator.config import Config


def output_problems(config: Config) -> list[str]:
    """docs_dir and site_dir are emptied and refilled by every build: each must be a folder of
    its own inside the project, holding none of its inputs and not held by them."""
    root = Path(os.path.normpath(config.root))
    protected = {
        "the project folder": root,
        "content/": root / "content",
        ".git/": root / ".git",
        "extra.digest.sources_dir": config.sources_dir,
        "extra.digest.cache_dir": config.cache_dir,
        "extra.digest.curation_file": config.curation_file,
        "mkdocs.yml": config.config_file,
    }
    protected.update({f"theme input {path.name}": path for path in config.theme_inputs})
    problems = []
    for key, output in (("docs_dir", config.docs_dir), ("site_dir", config.site_dir)):
        where = f"{key}: {_shown(output, root)}"
        if output.is_symlink():
            problems.append(
                f"{where} is a symbolic link: the build swaps the folder itself; "
                "point the setting at the real folder"
            )
            continue
        if not _inside(output, root) or output == root:
            problems.append(
                f"{where} must be a folder inside the project ({root}), not the project "
                "itself or outside it: the build replaces what it holds"
            )
            continue
        if output.exists() and not output.is_dir():
            problems.append(f"{where} is a file, not a folder: name a folder for the build")
            continue
        if (built := _built_around(output, root)) is not None:
            problems.append(
                f"{where} is inside {_shown(built, root)}, a site an earlier build wrote "
                f"(its manifest is {_shown(record_path(built), root)}): give it a folder of "
                "its own"
            )
            continue
        for name, path in sorted(protected.items()):
            path = Path(os.path.normpath(path))
            if path != root and (_inside(path, output) or _inside(output, path)):
                problems.append(
                    f"{where} overlaps {name} ({_shown(path, root)}): the build replaces "
                    "what this folder holds; give it a folder of its own"
                )
    cache = config.cache_dir
    if cache.exists() and not cache.is_dir():
        problems.append(
            f"extra.digest.cache_dir: {_shown(cache, root)} is a file, not a folder: name a "
            "folder of its own inside the project"
        )
    elif (
        not _inside(cache, root)
        or cache == root
        or any(
            _inside(cache, path) or _inside(path, cache)
            for path in (
                root / "content",
                root / ".git",
                config.sources_dir,
                config.config_file,
                config.docs_dir,
                config.site_dir,
            )
        )
    ):
        problems.append(
            f"extra.digest.cache_dir: {_shown(cache, root)} must be a folder of its own "
            "inside the project (the build writes its databases and lock there)"
        )
    if _inside(config.docs_dir, config.site_dir) or _inside(config.site_dir, config.docs_dir):
        problems.append(
            f"docs_dir ({_shown(config.docs_dir, root)}) and site_dir "
            f"({_shown(config.site_dir, root)}) must not be or contain each other"
        )
    return problems


def record_path(site_dir: Path) -> Path:
    """The manifest of `site_dir`, beside it."""
    return site_dir.parent / f".{site_dir.name}{RECORD_SUFFIX}"


def _built_around(output: Path, root: Path) -> Path | None:
    """The folder above `output` (inside the project) that an earlier build landed a site in,
    known by the manifest beside it: a site built into it would be published inside that one."""
    for folder in Path(os.path.normpath(output)).parents:
        if folder == root or not _inside(folder, root):
            return None
        if record_path(folder).is_file():
            return folder
    return None


def _inside(path: Path, folder: Path) -> bool:
    """`path` is `folder` or below it (both normalized, symlinks resolved where they exist)."""
    real_path, real_folder = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real_path == real_folder or real_folder in real_path.parents


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return str(path)

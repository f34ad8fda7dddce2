"""The site/ folder between builds: what the previous build wrote, and how a new build lands.

Every build is assembled in a staging folder beside site/ and validated there (MkDocs
--strict, link check, shell markers, search index) before site/ is touched. A rebuild
renders only pages whose inputs changed and re-indexes only search shards whose papers
changed, so staging holds what changed; landing moves those files into site/ and deletes
the ones the new site lacks, journaled, all or nothing (patch.py).

The manifest, kept beside site/ (`.site.digest-manifest.json`: site/ holds only what is
served), records what the site holds: a fingerprint per page and search shard (of their
inputs) and per other file (of its bytes), the size of every file, and the chrome MkDocs
built (shell.py), so a rebuild whose chrome is unchanged runs no MkDocs. The sizes say which
files in site/ a build wrote (no other file is ever deleted: a foreign one stops the build)
and which are missing or changed (repaired by rebuilding them).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.site.owned import prune_empty_folders, walk_files
from generator.site.record import (
    IN_FOLDER,
    HeldRecord,
    record_path,
    retired_path,
    served_files,
    settle_record,
)
from generator.state import files
from generator.state.codec import decoded, require
from generator.state.fingerprint import of_bytes

logger = logging.getLogger(__name__)

MANIFEST_PARTS = ("pages", "bundles", "files", "chrome")
MANIFEST_FORMAT = 3  # 3: sizes of every file; 2: the chrome (shell.Chrome) kept here


@dataclass(frozen=True)
class Manifest:
    """What a site holds. pages: URL ("papers/x/") -> inputs fingerprint; bundles: search
    shard folder -> inputs fingerprint; files: any other file -> fingerprint of its bytes."""

    pages: dict[str, str] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    chrome: dict = field(default_factory=dict)  # shell.Chrome.to_json(): what MkDocs last built
    sizes: dict[str, int] = field(default_factory=dict)  # every file in the site -> its size

    def to_json(self) -> dict:
        return {
            "format": MANIFEST_FORMAT,
            "pages": dict(sorted(self.pages.items())),
            "bundles": dict(sorted(self.bundles.items())),
            "files": dict(sorted(self.files.items())),
            "chrome": self.chrome,
            "sizes": dict(sorted(self.sizes.items())),
        }

    def to_bytes(self) -> bytes:
        return record_bytes(self.to_json())

    def targets(self) -> list[str]:
        """The files of pages and other files (bundles are folders: see bundle_files)."""
        return [url + "index.html" for url in self.pages] + list(self.files)


def record_bytes(data: dict) -> bytes:
    """A manifest's file, from Manifest.to_json."""
    return json.dumps(data, separators=(",", ":")).encode() + b"\n"


def load_manifest(state: SiteState) -> Manifest | None:
    """What the previous build wrote, or None (no site, an older format)."""
    return decoded(manifest_from_json, state.record)


def manifest_from_json(data) -> Manifest:
    require(isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT, "a manifest")
    sizes = {str(name): int(size) for name, size in dict(data["sizes"]).items()}
    pages, bundles, files_, chrome = (dict(data[key]) for key in MANIFEST_PARTS)
    return Manifest(pages, bundles, files_, chrome, sizes)


@dataclass(frozen=True)
class SiteState:
    """site/ as this build found it: its files and sizes, and those the last build wrote."""

    present: dict[str, int]
    owned: dict[str, int | None]  # None: a size an older manifest did not record
    record: object = None  # the manifest as read, unchecked (load_manifest checks it)
    legacy_record: bool = False  # site/ holds the manifest, as older versions kept it

    @property
    def foreign(self) -> list[str]:
        return sorted(name for name in self.present if name not in self.owned)

    @property
    def damaged(self) -> list[str]:
        """Files the last build wrote that are gone or changed size since."""
        return sorted(
            name
            for name, size in self.owned.items()
            if name not in self.present or size not in (None, self.present[name])
        )


def inspecting(site_dir: Path) -> Future[SiteState]:
    """inspect_site in a thread of its own, started as a build starts and asked for at its
    site stage: nothing writes to site/ before then, and the walk is mostly system calls
    (a stat a file: 2 s at 100k papers) that run while the read and tag stages compute."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="digest-inspect")
    found = pool.submit(inspect_site, site_dir)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return found


def inspect_site(site_dir: Path) -> SiteState:
    present = served_files(site_dir)
    legacy = (site_dir / IN_FOLDER).is_file()
    record = HeldRecord.read(record_path(site_dir))
    if record is None and legacy:
        record = files.load_json(site_dir / IN_FOLDER, None)
    return SiteState(present, _owned(record, present), record, legacy)


def _owned(data, present: dict[str, int]) -> dict[str, int | None]:
    """The files the manifest says a build wrote; from an older manifest (format 2), its pages,
    files and whatever is in its search bundles (sizes unknown)."""
    if not isinstance(data, dict):
        return {}
    if data.get("format") == MANIFEST_FORMAT and isinstance(data.get("sizes"), dict):
        return {name: size for name, size in data["sizes"].items() if inside_name(name)}
    if data.get("format") != 2:
        return {}
    names = [f"{url}index.html" for url in data.get("pages", {})] + list(data.get("files", {}))
    folders = tuple(f"{folder}/" for folder in data.get("bundles", {}))
    return {name: None for name in [*names, *(n for n in present if n.startswith(folders))]}


def inside_name(name: object) -> bool:
    """A relative path that stays inside its folder (a manifest is a file a user can edit)."""
    return (
        isinstance(name, str)
        and bool(name)
        and not name.startswith("/")
        and ".." not in name.split("/")
    )


def without_files(previous: Manifest, names: set[str]) -> Manifest:
    """`previous` as if it had not written `names`: this build writes them again."""
    kept = {name: key for name, key in previous.files.items() if name not in names}
    return replace(previous, files=kept)


def repairs(previous: Manifest, damaged: list[str]) -> Manifest:
    """`previous` without what `damaged` files came from: their pages, files and bundles are
    made again by this build (a damaged chrome file makes MkDocs run: see chrome.py)."""
    damaged_set = set(damaged)
    pages = {
        url: key for url, key in previous.pages.items() if url + "index.html" not in damaged_set
    }
    kept = {name: key for name, key in previous.files.items() if name not in damaged_set}
    bundles = {
        folder: key
        for folder, key in previous.bundles.items()
        if not any(name.startswith(folder + "/") for name in damaged_set)
    }
    return Manifest(pages, bundles, kept, previous.chrome, previous.sizes)


def hash_files(
    staging: Path, skip_pages: set[str], skip_folders: set[str], skip_files: set[str]
) -> dict[str, str]:
    """Fingerprints of the staged files other than rendered pages, search bundles and the
    files fingerprinted already (`skip_files`)."""
    found, root = {}, str(staging)
    for folder, subfolders, names in os.walk(root):  # strings: staging holds a folder per page
        prefix = folder[len(root) + 1 :].replace(os.sep, "/") + "/" if folder != root else ""
        subfolders[:] = sorted(name for name in subfolders if prefix + name not in skip_folders)
        for name in names:
            if (
                not (name == "index.html" and prefix in skip_pages)
                and prefix + name not in skip_files
            ):
                found[prefix + name] = of_bytes(Path(folder, name).read_bytes())
    return found


def remove_site(folder: Path, owned: dict) -> None:
    """Delete the files a build wrote in `folder` (an old site), then the folder if it holds no
    other file. A file no build wrote stays, with
    the manifest, and a warning. Only names found inside the folder (links not followed) are
    deleted, whatever the manifest says."""
    present, root = walk_files(folder), str(folder)
    for name in sorted(set(owned) & set(present), reverse=True):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{root}/{name}")
    left = walk_files(folder)
    if set(left) <= {IN_FOLDER}:
        (folder / IN_FOLDER).unlink(missing_ok=True)
        shutil.rmtree(folder)
        return
    prune_empty_folders(folder)
    logger.warning(
        "left %s in place: it holds %d file(s) no digest build wrote", folder, len(left) - 1
    )


def clean_leftovers(site_dir: Path) -> None:
    """Folders an interrupted build left beside site/ (the build lock is held, so no other
    build uses them): a staging folder that never landed is all the build's; an old site an
    older version exchanged out goes by its manifest (the retired one beside site/, or one
    kept in it). A landing this version stopped is undone first (patch.recover_landing)."""
    retired = settle_record(site_dir)
    made = re.compile(rf"\.{re.escape(site_dir.name)}\.((new|old)-[A-Za-z0-9_]+|old|spare)")
    for path in sorted(site_dir.parent.glob(f".{site_dir.name}.*")):
        if not made.fullmatch(path.name) or not path.is_dir() or path.is_symlink():
            continue  # only folders builds name so (mkdtemp; older versions' exchange)
        try:
            if retired and path.name.endswith(f"-{retired.get('suffix')}"):
                remove_site(path, _owned(retired, walk_files(path)))
            elif (path / IN_FOLDER).is_file():
                remove_site(path, _owned(files.load_json(path / IN_FOLDER, None), walk_files(path)))
            elif path.name.startswith(f".{site_dir.name}.new-") or not walk_files(path):
                shutil.rmtree(path)  # staging, or empty folders (an older version's spare)
        except OSError as error:  # costs disk space, not the build
            logger.warning("could not remove %s, left by an earlier build: %s", path, error)
    if retired and not list(site_dir.parent.glob(f".{site_dir.name}.*-{retired.get('suffix')}")):
        retired_path(site_dir).unlink(missing_ok=True)

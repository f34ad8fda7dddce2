"""The site/ folder between builds: what the previous build wrote, and how a new build lands.

Every build is assembled in a staging folder beside site/ and validated there (MkDocs
--strict, link check, shell markers, search index) before site/ is touched, so a failed
build leaves the previous site as it was. A first build (or `--full`) is swapped in whole.
A rebuild renders only pages whose inputs changed and re-indexes only search shards whose
papers changed; the staging folder then holds just those (plus MkDocs' few files) and is
merged into site/: changed files replaced one rename each, stale ones deleted.

`site/.digest-manifest.json` records what the site holds: a fingerprint per page and
search shard (of their inputs) and per other file (of its bytes), and the chrome MkDocs
built (shell.py), so a rebuild whose chrome is unchanged runs no MkDocs. It is removed while a
merge runs and written last, so a merge cut short makes the next build a full one.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import files
from .fingerprint import of_bytes

MANIFEST = ".digest-manifest.json"
MANIFEST_FORMAT = 2  # 2: the chrome (shell.Chrome) kept here


@dataclass
class Manifest:
    pages: dict[str, str] = field(default_factory=dict)  # page URL ("papers/x/") -> inputs fingerprint
    bundles: dict[str, str] = field(default_factory=dict)  # search shard folder -> inputs fingerprint
    files: dict[str, str] = field(default_factory=dict)  # any other file -> fingerprint of its bytes
    chrome: dict = field(default_factory=dict)  # shell.Chrome.to_json(): what MkDocs last built

    def to_bytes(self) -> bytes:
        data = {"format": MANIFEST_FORMAT, "pages": dict(sorted(self.pages.items())),
                "bundles": dict(sorted(self.bundles.items())), "files": dict(sorted(self.files.items())),
                "chrome": self.chrome}
        return json.dumps(data, separators=(",", ":")).encode() + b"\n"


def load_manifest(site_dir: Path) -> Manifest | None:
    """What the previous build wrote, or None (no site, an older format, a merge cut short)."""
    data = files.load_json(site_dir / MANIFEST, None)
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    try:
        return Manifest(dict(data["pages"]), dict(data["bundles"]), dict(data["files"]), dict(data["chrome"]))
    except (KeyError, TypeError, ValueError):
        return None


def hash_files(staging: Path, skip_pages: set[str], skip_folders: set[str], skip_files: set[str]) -> dict[str, str]:
    """Fingerprints of the staged files other than rendered pages, search bundles and the
    files fingerprinted already (`skip_files`)."""
    found = {}
    for folder, subfolders, names in os.walk(staging):
        relative = Path(folder).relative_to(staging).as_posix()
        prefix = "" if relative == "." else relative + "/"
        subfolders[:] = sorted(name for name in subfolders if prefix + name not in skip_folders)
        for name in names:
            if not (name == "index.html" and prefix in skip_pages) and prefix + name not in skip_files:
                found[prefix + name] = of_bytes((Path(folder) / name).read_bytes())
    return found


def land(staging: Path, site_dir: Path, new: Manifest, previous: Manifest | None) -> None:
    """Put a validated staging folder in place: whole (first build) or merged (rebuild)."""
    if previous is None:
        files.write_atomic(staging / MANIFEST, new.to_bytes())
        staging.chmod(0o755)  # mkdtemp made it private; a site is served
        files.swap_into_place(staging, site_dir)
        return
    (site_dir / MANIFEST).unlink(missing_ok=True)
    _move_changed(staging, site_dir, new, previous)
    _delete_stale(site_dir, new, previous)
    files.write_atomic(site_dir / MANIFEST, new.to_bytes())
    shutil.rmtree(staging, ignore_errors=True)


def _move_changed(staging: Path, site_dir: Path, new: Manifest, previous: Manifest) -> None:
    for name, digest in new.files.items():
        if previous.files.get(name) != digest or not os.path.isfile(os.path.join(site_dir, name)):
            _replace(staging / name, site_dir / name)
    for url, digest in new.pages.items():
        if previous.pages.get(url) != digest:
            _replace(staging / url / "index.html", site_dir / url / "index.html")
    for folder, digest in new.bundles.items():
        if previous.bundles.get(folder) != digest:
            old = site_dir / f".{folder}.old"
            shutil.rmtree(old, ignore_errors=True)
            if (site_dir / folder).exists():
                os.replace(site_dir / folder, old)
            os.replace(staging / folder, site_dir / folder)
            shutil.rmtree(old, ignore_errors=True)


def _replace(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except FileNotFoundError:  # a new folder: made only then (a mkdir per file cost more than the rename)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def _delete_stale(site_dir: Path, new: Manifest, previous: Manifest) -> None:
    """Pages, files and bundles the previous build wrote and this one did not."""
    stale = [site_dir / url / "index.html" for url in previous.pages.keys() - new.pages.keys()]
    stale += [site_dir / name for name in previous.files.keys() - new.files.keys()]
    for path in sorted(stale, reverse=True):
        path.unlink(missing_ok=True)
        _remove_empty_parents(path.parent, site_dir)
    for folder in sorted(previous.bundles.keys() - new.bundles.keys()):
        shutil.rmtree(site_dir / folder, ignore_errors=True)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

"""Landing in place: a new site reaches site/ as the files that changed, not as a whole new tree.

A rebuild stages only what changed (a day's papers touch a few hundred of a site's files), so
landing moves those files into site/ and deletes the ones the new site no longer has. Before
the first change, a journal beside site/ (`.site.digest-landing.json`) names every file the
landing adds, replaces and removes, and each file it replaces or removes is hard-linked into
a backup folder beside site/ (`.site.kept-*`). Then, in this order: new files (so no link of a
replaced page leads nowhere), replaced files (each one rename: a reader never gets half a
file), removed files, the manifest. Whatever fails before the manifest is written is rolled
back from the backups, in this process or, after a crash, by the next build
(recover_landing): site/ is the previous site, file for file, or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError, InputError
from generator.site.owned import remove_empty_parents, walk_files
from generator.site.record import IN_FOLDER, HeldRecord, record_path
from generator.site.site import Manifest, SiteState, inside_name, record_bytes
from generator.state import files
from generator.state.fingerprint import of_bytes

logger = logging.getLogger(__name__)

JOURNAL_FORMAT = 1


@dataclass(frozen=True)
class Patch:
    """What landing does to site/: files moved in from staging that site/ lacks (added) or
    holds (replaced), and files of the previous site the new one does not have (removed)."""

    added: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    # added where site/ has a file on its path or a folder at its name: moved in once the
    # removed files are gone (a page `notes/` where the old site had a file `notes`)
    after_removal: tuple[str, ...] = ()


def journal_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.digest-landing.json"


def plan_patch(
    staging: Path, site_dir: Path, new: Manifest, previous: Manifest | None, state: SiteState
) -> tuple[Patch, Manifest]:
    """The patch that turns site/ into the new site, and the new manifest with every file's
    size. A staged file with the bytes site/ holds stays unmoved (its time and inode stay, as
    for a file never rewritten); a file kept from site/ that is gone stops the build."""
    staged = walk_files(staging)
    indexed = {name.split("/", 1)[0] for name in staged}  # bundles this build indexed
    kept_bundles = tuple(f"{folder}/" for folder in new.bundles if folder not in indexed)
    kept = [name for name in new.targets() if name not in staged]
    kept += [name for name in state.present if name.startswith(kept_bundles)]
    for name in kept:
        if name not in state.present:
            raise FileNotFoundError(
                errno.ENOENT, "kept from the previous site but gone", str(site_dir / name)
            )
    same = {
        name
        for name, digest in new.files.items()
        if name in staged
        and previous
        and previous.files.get(name) == digest
        and state.present.get(name) == staged[name]
        and previous.sizes.get(name) == staged[name]
    }
    moved = sorted(name for name in staged if name not in same)
    sizes = {**{name: state.present[name] for name in kept}, **staged}
    removed = sorted(name for name in state.present if name not in sizes)
    if state.legacy_record:
        removed.append(IN_FOLDER)  # where an older version kept the manifest, inside site/
    added = [name for name in moved if name not in state.present]
    patch = Patch(
        tuple(added),
        tuple(name for name in moved if name in state.present),
        tuple(removed),
        tuple(name for name in added if _in_the_way(site_dir, name, state.present)),
    )
    sizes = dict(sorted(sizes.items()))
    return patch, Manifest(new.pages, new.bundles, new.files, new.chrome, sizes)


def _in_the_way(site_dir: Path, name: str, present: dict[str, int]) -> bool:
    parts = name.split("/")
    ancestors = ("/".join(parts[:end]) for end in range(1, len(parts)))
    return any(folder in present for folder in ancestors) or (site_dir / name).is_dir()


def land_in_place(staging: Path, site_dir: Path, patch: Patch, manifest: Manifest) -> None:
    """Apply `patch` to site/ from staging and record `manifest`, all or nothing (see above).
    Removing the backups afterwards may fail at a warning's cost: the next build does it."""
    _same_file_system(staging, site_dir)
    data, old = manifest.to_json(), record_path(site_dir)
    record = record_bytes(data)
    backup = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}.kept-"))
    journal = {
        "format": JOURNAL_FORMAT,
        "backup": backup.name,
        "made_site": not site_dir.exists(),
        "lands": of_bytes(record),
        "was": of_bytes(old.read_bytes()) if old.is_file() else None,
        **{part: list(getattr(patch, part)) for part in ("added", "replaced", "removed")},
    }
    files.write_atomic(journal_path(site_dir), json.dumps(journal).encode())
    try:
        site_dir.mkdir(mode=0o755, exist_ok=True)
        _back_up(site_dir, backup, [*patch.replaced, *patch.removed])
        later = set(patch.after_removal)
        _move_in(staging, site_dir, [name for name in patch.added if name not in later])
        _move_in(staging, site_dir, list(patch.replaced))
        for name in patch.removed:
            os.unlink(f"{site_dir}/{name}")
            remove_empty_parents((site_dir / name).parent, site_dir)
        _move_in(staging, site_dir, list(patch.after_removal))
        files.write_atomic(old, record)
        HeldRecord.keep(old, data)
    except BaseException as error:
        try:
            roll_back(site_dir, journal)
        except OSError as undo:
            raise BuildError(
                f"landing in {site_dir} failed ({error}) and could not be undone ({undo}); "
                "the next build undoes it"
            ) from error
        raise
    _finish(site_dir, backup)


def _same_file_system(staging: Path, site_dir: Path) -> None:
    """Files move between staging (beside site/) and site/ by rename, which cannot cross
    file systems: a site_dir that is a link to, or the mount point of, another one stops the
    build before anything changes."""
    if site_dir.exists() and os.stat(staging).st_dev != os.stat(site_dir).st_dev:
        raise InputError(
            f"site_dir {site_dir} is on another file system than the folder it is in (a link "
            "or a mount point), so a build cannot land in it file by file: set site_dir to "
            "the folder itself; nothing was changed"
        )


def _back_up(site_dir: Path, backup: Path, names: list[str]) -> None:
    root, kept = str(site_dir), str(backup)
    for name in names:
        files.link_or_copy(f"{root}/{name}", f"{kept}/{name}")


def _move_in(staging: Path, site_dir: Path, names: list[str]) -> None:
    root, staged, folders = str(site_dir), str(staging), {""}
    for name in names:
        folder = name.rpartition("/")[0]
        if folder not in folders:
            os.makedirs(f"{root}/{folder}", exist_ok=True)
            folders.add(folder)
        os.replace(f"{staged}/{name}", f"{root}/{name}")


def roll_back(site_dir: Path, journal: dict) -> None:
    """Undo a landing that did not finish: every replaced or removed file with a backup goes
    back (one without a backup was never touched: every backup is made before the first
    change), every added file goes, then the backups and the journal."""
    backup, root = site_dir.parent / journal["backup"], str(site_dir)
    for name in journal["added"]:  # first: a file restored may go where an added folder is
        if not os.path.isdir(f"{root}/{name}"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{root}/{name}")
        remove_empty_parents((site_dir / name).parent, site_dir)
    for name in [*journal["replaced"], *journal["removed"]]:
        if os.path.lexists(f"{backup}/{name}"):
            os.makedirs(os.path.dirname(f"{root}/{name}"), exist_ok=True)
            os.replace(f"{backup}/{name}", f"{root}/{name}")
    if journal["made_site"] and site_dir.is_dir() and not any(site_dir.iterdir()):
        site_dir.rmdir()
    _finish(site_dir, backup)


def _finish(site_dir: Path, backup: Path) -> None:
    """The backups, then the journal (its last trace): a failure costs a warning, and the next
    build, finding the journal, completes it (recover_landing)."""
    try:
        if backup.exists():
            shutil.rmtree(backup)
        journal_path(site_dir).unlink()
    except OSError as error:
        logger.warning("could not remove %s (%s); the next build will", backup, error)


def recover_landing(site_dir: Path) -> None:
    """After a build stopped while landing: roll its changes back, or, where the manifest it
    was landing is the record already, only remove what is left of it. Then an empty backup
    folder no journal names (a build stopped before writing its journal) goes too."""
    path = journal_path(site_dir)
    journal = files.load_json(path, None)
    if path.exists():
        if not _readable(site_dir, journal):
            raise InputError(
                f"{path} is a landing journal this version cannot read, so {site_dir} may be "
                "half landed; nothing was changed: move both aside, then build again"
            )
        try:
            if _landed(site_dir, journal):
                _finish(site_dir, site_dir.parent / journal["backup"])
            else:
                roll_back(site_dir, journal)
        except OSError as error:
            raise BuildError(
                f"could not undo the landing a stopped build left in {site_dir}: {error}"
            ) from error
    for temporary in site_dir.parent.glob(f"..{site_dir.name}.digest-*.json.*.tmp"):
        temporary.unlink()  # what write_atomic leaves of the journal or the record when killed
    for folder in site_dir.parent.glob(f".{site_dir.name}.kept-*"):
        if folder.is_dir() and not folder.is_symlink() and not walk_files(folder):
            shutil.rmtree(folder)


def _landed(site_dir: Path, journal: dict) -> bool:
    """Whether the record is the manifest the journal's landing wrote last: where that is the
    manifest the site had before, nothing tells, and rolling back leaves the two agreeing."""
    record = record_path(site_dir)
    written = of_bytes(record.read_bytes()) if record.is_file() else None
    return written == journal["lands"] != journal["was"]


def _readable(site_dir: Path, journal: object) -> bool:
    return (
        isinstance(journal, dict)
        and journal.get("format") == JOURNAL_FORMAT
        and isinstance(journal.get("backup"), str)
        and journal["backup"].startswith(f".{site_dir.name}.kept-")
        and "/" not in journal["backup"]
        and isinstance(journal.get("lands"), str)
        and isinstance(journal.get("was"), (str, type(None)))
        and isinstance(journal.get("made_site"), bool)
        and all(
            isinstance(journal.get(part), list) and all(map(inside_name, journal[part]))
            for part in ("added", "replaced", "removed")
        )
    )

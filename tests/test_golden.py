"""Golden output: the seed site, file for file, as it was when the tree was last accepted.

A change that alters any published byte fails here with the files it changed. If the
change is meant, accept the new tree: `UPDATE_GOLDEN=1 pytest tests/test_golden.py`, and
review the diff of tests/golden/seed-site.sha256 in the commit.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden" / "seed-site.sha256"
pytestmark = pytest.mark.slow


def site_tree(site: Path) -> dict[str, str]:
    """Path -> sha256 of every published file (build state, kept beside site/, is not)."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def read_golden() -> dict[str, str]:
    rows = (line.split("  ", 1) for line in GOLDEN.read_text().splitlines() if line)
    return {name: digest for digest, name in rows}


def test_the_seed_site_is_the_golden_tree(seed_site):
    built = site_tree(seed_site["site"])
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(f"{digest}  {name}\n" for name, digest in built.items()))
    golden = read_golden()
    changed = sorted(name for name in golden.keys() & built.keys() if golden[name] != built[name])
    report = {
        "missing": sorted(golden.keys() - built.keys())[:20],
        "new": sorted(built.keys() - golden.keys())[:20],
        "changed": changed[:20],
    }
    assert built == golden, f"the seed site differs from {GOLDEN.name}: {report}"

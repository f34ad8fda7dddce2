"""The shape of the package: stages import only earlier stages, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Earlier to later: a module may import its own part, an earlier one, or the shared base.
# The pipeline runs the stages; serve runs the pipeline (watch); the command runs them all.
ORDER = ["state", "read", "tags", "publish", "site", "pipeline", "serve", "cli"]
BASE = {"config", "model", "errors"}  # shared by every stage; import nothing but the base
MAX_LINES, MAX_PIPELINE_LINES = 300, 119  # pipeline.py: under 120 lines


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def part_of(module: str) -> str:
    """`generator.tags.vocabulary` -> `tags`; `generator.config` -> `config`."""
    return module.split(".")[1] if module.count(".") else ""


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("generator.")}


def allowed(importer: str, target: str) -> bool:
    if importer in BASE:
        return target in BASE
    if target in BASE or importer == target:
        return True
    return target in ORDER and ORDER.index(target) < ORDER.index(importer)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_only_to_earlier_stages(path):
    importer = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    wrong = sorted(t for t in imported(path) if not allowed(importer, part_of(t)))
    assert not wrong, f"{importer} must not import {wrong}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_are_short(path):
    limit = MAX_PIPELINE_LINES if path.name == "pipeline.py" else MAX_LINES
    assert len(path.read_text(encoding="utf-8").splitlines()) <= limit


def test_every_module_belongs_to_a_stage_or_the_base():
    parts = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()}
    assert parts <= set(ORDER) | BASE | {"__init__"}


def test_a_backward_import_is_caught():
    assert not allowed("read", "publish")
    assert not allowed("config", "tags")
    assert not allowed("pipeline", "serve")
    assert allowed("publish", "tags") and allowed("site", "state") and allowed("cli", "pipeline")

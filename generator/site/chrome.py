"""The page chrome: taken from the previous build when nothing it is built from changed,
else built by MkDocs (the shells in docs_dir, the theme, mkdocs.yml) into staging."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.publish.stage import SiteFiles
from generator.site.shell import Chrome, chrome_markdown, chrome_urls, load_chrome
from generator.site.site import Manifest
from generator.state.codec import decoded
from generator.state.fingerprint import code_version, fingerprint, of_bytes


def shell_docs(site: SiteFiles) -> dict[str, bytes]:
    """The Markdown shells MkDocs builds (docs_dir): one per depth and one per nav page."""
    return {path: text.encode() for path, text in chrome_markdown(site.nav).items()}


def chrome_for(
    config: Config,
    site: SiteFiles,
    staging: Path,
    previous: Manifest | None,
    strict: bool,
    pagefind: bool,
    damaged: set[str],
) -> tuple[Chrome, bool]:
    """The chrome, and whether MkDocs built it: the previous build's when nothing it is built
    from changed, its files are still in site/ as written, and it was built --strict if this
    build is."""
    key = chrome_key(config, site, pagefind)
    kept = (
        decoded(Chrome.from_json, previous.chrome)
        if previous and previous.chrome and config.chrome_keepable
        else None
    )
    if (
        kept
        and kept.key == key
        and (kept.strict or not strict)
        and set(kept.shells) == set(chrome_urls(site.nav))
        and damaged.isdisjoint(kept.files)
    ):
        return kept, False
    run_mkdocs(config, staging, strict, pagefind)
    return load_chrome(staging, key, site.nav_urls, strict, config.site_name), True


def chrome_key(config: Config, site: SiteFiles, pagefind: bool) -> str:
    """What the chrome is built from: mkdocs.yml, the theme folder and hooks as they are now,
    the shells, the code and library versions. The same project in another folder has the
    same chrome: absolute paths into it count as relative."""
    theme = []
    for path in config.theme_inputs:  # a missing one is left to MkDocs to report
        if path.is_dir():
            theme += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            theme.append(path)

    def relative(text: str) -> str:
        return text.replace(str(config.root), ".")

    return fingerprint(
        "chrome",
        code_version(),
        config.site_url,
        str(pagefind),
        relative(config.config_file.read_text(encoding="utf-8")),
        *(relative(f"{path}:{of_bytes(path.read_bytes())}") for path in theme),
        *(f"{path}:{of_bytes(data)}" for path, data in sorted(shell_docs(site).items())),
    )


def run_mkdocs(config: Config, site_dir: Path, strict: bool, pagefind: bool) -> None:
    """`mkdocs build` of docs_dir into `site_dir`: the shells and static files (the chrome).
    `pagefind`: the search box is answered by Pagefind, not lunr."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    mkdocs_config = load_mkdocs_config(
        str(config.config_file),
        docs_dir=str(config.docs_dir),
        site_dir=str(site_dir),
        site_url=config.site_url,  # DIGEST_SITE_URL's where set (config.load_config)
        strict=strict,
    )
    mkdocs_config.extra["pagefind"] = pagefind  # read by mkdocs_hooks.py and theme/main.html
    mkdocs_config.extra["digest_build"] = True  # mkdocs_hooks.py: data files are ours to copy
    mkdocs_config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(mkdocs_config)
    finally:
        mkdocs_config.plugins.on_shutdown()

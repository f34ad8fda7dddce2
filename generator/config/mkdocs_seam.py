"""MkDocs settings the page shells cannot honour, refused when the configuration is read.

MkDocs renders only the chrome (the shells and the nav pages); paper, tag and topic pages
are stamped into the shells (generator/site/shell.py) without passing through MkDocs. A
setting that changes each page MkDocs renders would change only some of the site's pages.
"""

from __future__ import annotations

from typing import Any

# Material's search plugin draws the header's search box; Pagefind answers it (search.py).
PLUGINS_KEPT = ("search", "material/search")


def seam_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    if raw.get("use_directory_urls") is False:
        problems.append(
            "use_directory_urls: false is not supported: every page of the digest is published "
            "as folder/index.html so that its address stays put as papers arrive; remove it"
        )
    others = [name for name in _plugin_names(raw.get("plugins")) if name not in PLUGINS_KEPT]
    if others:
        problems.append(
            f"plugins: {', '.join(others)}: paper, tag and topic pages are stamped into the "
            "chrome MkDocs builds, never rendered by MkDocs, so a plugin would change only "
            f"some pages; remove it (kept: {PLUGINS_KEPT[0]})"
        )
    return problems


def _plugin_names(plugins: Any) -> list[str]:
    """The names in a `plugins:` list or mapping (MkDocs accepts both)."""
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    if not isinstance(plugins, list):
        return []
    return [str(next(iter(item))) if isinstance(item, dict) else str(item) for item in plugins]

"""MkDocs hooks: sanitize every page MkDocs renders with nh3 (defense in depth); keep
Material's lunr index unbuilt (Pagefind answers the search box: generator/publish/search.py); and
when the generator runs MkDocs (`config.extra.digest_build`), leave docs_dir's data files
(feeds, JSON) to it, which copies only changed ones.

MkDocs renders only the nav pages and the shells (shell.py); paper and group pages are
rendered by the generator and sanitized there with the same allow-list.
"""

from __future__ import annotations

import os

# A hooks file is loaded by path, not as a package module: absolute imports.
from generator.publish.sanitize import sanitize
from generator.site.shell import CANONICAL, FOLDER


def on_page_content(html, page, config, files):
    return sanitize(html)


def on_page_context(context, page, config, nav):
    """Every page MkDocs renders for the digest is generated: no edit button (edit_uri would
    point at docs_dir). A depth shell's canonical URL is a marker: each page stamped into it
    puts its own URL wherever the theme wrote it (a link, og:url ...)."""
    if config.extra.get("digest_build"):
        page.edit_url = None
    if page.file.src_uri.startswith(f"{FOLDER}/"):
        page.canonical_url = CANONICAL
    return context


def on_config(config):
    """Keep Material's search plugin *loaded*, so the header still renders its search box
    (partials/header.html shows it only while the plugin is enabled), but unhook the two events
    that collect pages and write search/search_index.json: the big file is never built, and
    theme/assets/javascripts/pagefind-search.js answers the box with Pagefind instead."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [
            handler for handler in handlers if getattr(handler, "__self__", None) is not search
        ]


def on_files(files, config):
    """The generator publishes docs_dir's data files itself (site/staged_data.py): copied
    here they would be hundreds of feeds rewritten on every build. Links to them are checked
    by the generator's link check, not MkDocs' (the templates write them as HTML)."""
    if not config.extra.get("digest_build"):
        return files
    docs_dir = os.path.abspath(config.docs_dir)
    for file in list(files):
        if (
            not file.is_documentation_page()
            and file.abs_src_path
            and file.abs_src_path.startswith(docs_dir + os.sep)
        ):
            files.remove(file)
    return files

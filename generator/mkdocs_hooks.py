"""MkDocs hooks: sanitize every rendered page body with nh3 (defense in depth), and in
Pagefind mode (`config.extra.pagefind`, set by build.run_mkdocs) swap lunr for Pagefind.

render.py already escapes dump text; this catches anything that slips through, so no
`<script>`, `on*=` handler or `javascript:` URL from content reaches a reader.
"""

from __future__ import annotations

import nh3
from mkdocs.exceptions import PluginError

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title"}, "a": {"href"}}

# Material's page body (base.html); Pagefind indexes only elements marked data-pagefind-body.
ARTICLE = '<article class="md-content__inner md-typeset">'


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None)


def on_page_content(html, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return sanitize(html)


def on_config(config):
    """Pagefind mode: keep Material's search plugin *loaded*, so the header still renders its
    search box (partials/header.html shows it only while the plugin is enabled), but unhook the
    two events that collect pages and write search/search_index.json: the big file never gets
    built, and theme/assets/javascripts/pagefind-search.js answers the box instead."""
    if not config.extra.get("pagefind"):
        return
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not search]


def on_post_page(output, page, config):
    """Pagefind mode: mark paper pages as the searchable body, like lunr's index where the
    index pages are excluded (render.front_matter): a search should land on papers."""
    if not (config.extra.get("pagefind") and page.file.src_uri.startswith("papers/")):
        return output
    if ARTICLE not in output:
        # Without a marked body Pagefind would silently index every page whole, chrome included.
        raise PluginError(f"{page.file.src_uri}: no {ARTICLE} to mark for Pagefind (Material template changed?)")
    return output.replace(ARTICLE, ARTICLE[:-1] + " data-pagefind-body>", 1)

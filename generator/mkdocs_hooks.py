"""MkDocs hook: sanitize every rendered page body with nh3 (defense in depth).

render.py already escapes dump text; this catches anything that slips through, so no
`<script>`, `on*=` handler or `javascript:` URL from content reaches a reader.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title"}, "a": {"href"}}


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel=None)


def on_page_content(html, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return sanitize(html)

"""The last line of defense for HTML: every page body, whoever rendered it, passes through
nh3 with this allow-list, so no `<script>`, `on*=` handler or `javascript:` URL from a dump
reaches a reader even if escaping upstream missed something."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
# data-vector: a paper page's compact vector (For you reads it of a saved paper)
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title"}, "a": {"href"}, "p": {"data-vector"}}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )

"""Lean paper and group pages: each carries its head and its article; the rest of Material's
chrome (header, tabs, drawer, search box, footer and scripts: about 14 KB, on every one of
100k pages) is in one script per folder depth, which the browser fetches once and caches. The
script writes the chrome in place (document.write) while the page is parsed, so a reader's
browser builds the same document as from a full page, before Material's scripts run. Without
JavaScript the article shows on its own, under a link to the home page.

theme/main.html marks the article in a shell with LEAN on both sides.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

LEAN = "DIGESTSHELLLEAN"
FOLDER = "assets/digest"
_BODY_TAG = re.compile(r"<body\b[^>]*>")
END = "<script>digestChromeEnd()</script>"
_SCOPE = re.compile(r"<script>(__md_scope=.*?)</script>\n?", re.S)  # its code has `e<<5`
_GENERATOR = re.compile(r'<meta name="generator"[^>]*>\n?')  # 70 bytes a page, read by none
# Material's palette attributes at their CSS defaults (`:root` holds the same values): the
# script sets every body attribute, the tag keeps the others (`dir`: Material's CSS selects
# `[dir=ltr]`), so a page without JavaScript looks the same (90 bytes on each of 100k pages).
_BODY_DEFAULTS = {
    "data-md-color-scheme": "default",
    "data-md-color-primary": "indigo",
    "data-md-color-accent": "indigo",
}
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_SCRIPT = """(function () {{
  {attributes}.forEach(function (a) {{ document.body.setAttribute(a[0], a[1]); }});
  var script = document.currentScript;
  var title = (script && script.getAttribute("data-title")) || "";
  var text = title.replace(/[&<>"']/g, function (c) {{ return "&#" + c.charCodeAt(0) + ";"; }});
  window.digestChromeEnd = function () {{
    // The article is parsed: its sections get the permalink Material gives headings ("¶",
    // shown on hover), here rather than in every page's bytes.
    document.querySelectorAll("article h2[id]").forEach(function (heading) {{
      if (heading.querySelector(".headerlink")) return;
      var link = document.createElement("a");
      link.className = "headerlink";
      link.href = "#" + heading.id;
      link.title = "Permanent link";
      link.textContent = "\u00b6";
      heading.appendChild(link);
    }});
    document.write({after});
  }};
  document.write({before}.split({marker}).join(text));
}})();
"""


class LeanError(ValueError):
    """The shell is not shaped as theme/main.html makes it."""


def without_lean_marks(text: str) -> str:
    """A nav page's shell keeps its whole chrome."""
    return text.replace(LEAN, "")


def lean_shell(
    text: str, depth: int, title: str, site_name: str, page_markers: tuple[str, ...]
) -> tuple[str, str, str]:
    """(the lean page: the shell's head, a script tag, the article and the closing tags, its
    markers kept; the script's path in the site; the script). `title`: the marker the page's
    title replaces in the header, which the script takes from its tag's data-title;
    `page_markers`: markers that must stay in the page itself."""
    pieces = text.split(LEAN)
    body = _BODY_TAG.search(pieces[0])
    close = pieces[-1].rfind("</body>")
    if len(pieces) != 3 or body is None or close < 0:
        raise LeanError(
            f"the page shell lacks its {LEAN} marks (found {len(pieces) - 1}, want 2) or a body"
        )
    attributes = [(n, html.unescape(v)) for n, v in _ATTRIBUTE.findall(body.group(0))]
    kept = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in attributes
        if _BODY_DEFAULTS.get(name) != value
    )
    head = _compact(pieces[0][: body.start()]) + f"\n<body{kept}>"
    before = pieces[0][body.end() :]
    scope = _SCOPE.search(head)  # Material's storage scope, needed before its chrome runs
    head = _GENERATOR.sub("", _SCOPE.sub("", head, count=1), count=1)
    after, tail = pieces[-1][:close], pieces[-1][close:]
    if strays := [marker for marker in page_markers if marker in before + after]:
        raise LeanError(f"the page shell has {', '.join(strays)} outside its head and article")
    script = (f"{scope.group(1)};\n" if scope else "") + _SCRIPT.format(
        attributes=json.dumps(attributes),
        before=json.dumps(before),
        after=json.dumps(after),
        marker=json.dumps(title),
    )
    name = f"{FOLDER}/chrome-{depth}.{hashlib.sha256(script.encode()).hexdigest()[:10]}.js"
    up = "../" * depth
    page = (
        f'{head}\n<script src="{up}{name}" data-title="{title}"></script>\n'
        f'<noscript><p class="digest-noscript"><a href="{up}">{html.escape(site_name)}</a>'
        f"</p></noscript>\n{pieces[1]}\n{END}\n{tail}"
    )
    return page, name, script


def _compact(head: str) -> str:
    """The head without its template's blank lines and indentation (a tenth of a lean page):
    a line break between tags is all the whitespace a head needs."""
    return "\n".join(line.strip() for line in head.splitlines() if line.strip())

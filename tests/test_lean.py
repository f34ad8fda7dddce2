"""Lean pages: the chrome around a paper or group page's article comes from a cached script
that writes it while the page parses; the page itself holds its head and its article."""

from __future__ import annotations

import html
import shutil

import pytest
from conftest import CHROMIUM

from generator.site.lean import END, LEAN, LeanError, lean_shell, without_lean_marks
from generator.site.shell import BODY, CANONICAL, TITLE, parse_shell

SHELL = (
    "<!doctype html><html><head><title>DIGESTSHELLTITLE - Digest</title></head>"
    '<body class="site"><header><span class="topic">DIGESTSHELLTITLE</span></header>'
    f"<main>{LEAN}<article>{BODY}</article>{LEAN}</main><footer>Made here</footer>"
    '<script>document.body.dataset.ran = "yes"</script></body></html>'
)
# Material's storage scope, as its base.html writes it (its code has a `<`)
MATERIAL_SCOPE = (
    '__md_scope=new URL("../..",location),'
    "__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=e=>e"
)
MATERIAL_HEAD = (
    '<!doctype html>\n<html>\n  <head>\n    \n      <meta charset="utf-8">\n\n'
    '    <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">\n'
    f"    <script>{MATERIAL_SCOPE}</script>\n"
    "    <title>DIGESTSHELLTITLE - Digest</title>\n  </head>\n"
)
SCOPED_SHELL = MATERIAL_HEAD + SHELL.split("</head>", 1)[1].replace(
    'dataset.ran = "yes"', "dataset.ran = __md_scope.pathname"
)
HOSTILE_TITLE = '<b>"Fish & Chips"</b> </script><img src=x onerror=alert(1)>'


def test_the_page_keeps_its_head_and_article_and_the_script_the_rest():
    page, name, script = lean_shell(SHELL, 2, TITLE, "A & B", (BODY,))
    assert page.startswith("<!doctype html><html><head><title>DIGESTSHELLTITLE - Digest")
    assert f'<script src="../../{name}" data-title="{TITLE}"></script>' in page
    assert f"<article>{BODY}</article>" in page and page.endswith(f"{END}\n</body></html>")
    assert '<a href="../../">A &amp; B</a>' in page  # the link home, without JavaScript
    assert "<header>" not in page and "<footer>" not in page and LEAN not in page
    assert "<header>" in script and "Made here" in script and "dataset.ran" in script
    assert name.startswith("assets/digest/chrome-2.") and name.endswith(".js")
    assert lean_shell(SHELL, 2, TITLE, "A & B", (BODY,)) == (page, name, script)
    other, other_name, _ = lean_shell(SHELL.replace("Made here", "Made there"), 2, TITLE, "", ())
    assert other_name != name  # another chrome, another address: no stale cached copy
    parse_shell(page.replace("</head>", '<meta name="digest-extra-head"></head>'), True)


def test_the_head_loses_its_blank_lines_and_indents_and_materials_scope_moves_to_the_script():
    page, _, script = lean_shell(SCOPED_SHELL, 2, TITLE, "Digest", (BODY,))
    head = page.split("<body", 1)[0]
    assert head == (
        '<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        "<title>DIGESTSHELLTITLE - Digest</title>\n</head>\n"
    )
    assert script.startswith(MATERIAL_SCOPE + ";\n")


def test_a_shell_without_its_marks_or_with_a_page_marker_in_the_chrome_is_refused():
    with pytest.raises(LeanError, match="LEAN marks"):
        lean_shell(without_lean_marks(SHELL), 2, TITLE, "", ())
    with pytest.raises(LeanError, match="LEAN marks"):
        lean_shell(SHELL.replace("</body>", ""), 2, TITLE, "", ())
    with pytest.raises(LeanError, match=CANONICAL):
        lean_shell(SHELL.replace("Made here", CANONICAL), 2, TITLE, "", (BODY, CANONICAL))


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="BROWSER TESTS SKIPPED: no chromium")
def test_the_browser_builds_the_whole_page_and_shows_a_hostile_title_as_text(browser, tmp_path):
    page, name, script = lean_shell(SCOPED_SHELL, 2, TITLE, "Digest", (BODY,))
    stamped = page.replace(TITLE, html.escape(HOSTILE_TITLE)).replace(BODY, "<p>The body.</p>")
    (tmp_path / "papers" / "x").mkdir(parents=True)
    (tmp_path / "papers" / "x" / "index.html").write_text(stamped)
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(script)
    url = (tmp_path / "papers" / "x" / "index.html").as_uri()
    with_js = browser.new_page()
    alerts: list[str] = []
    with_js.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    with_js.goto(url)
    assert with_js.locator("header .topic").inner_text() == HOSTILE_TITLE
    assert with_js.locator("header b, header img").count() == 0 and not alerts
    assert with_js.locator("main > article > p").inner_text() == "The body."
    assert with_js.locator("main + footer").inner_text() == "Made here"
    # Material's scope, set by the chrome script before the chrome it writes runs
    assert with_js.evaluate("document.body.dataset.ran").endswith(str(tmp_path.name) + "/")
    bare = browser.new_context(java_script_enabled=False).new_page()
    bare.goto(url)
    assert bare.locator("body > article > p").inner_text() == "The body."
    assert bare.locator("header").count() == 0
    assert bare.locator("noscript a").count() == 1

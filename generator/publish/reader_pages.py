"""The pages a reader's own browser fills (theme/assets/javascripts/follow.js and
reader.js): what they follow and what they saved. The built pages hold a box and say what
it needs JavaScript for; nothing personal."""

from __future__ import annotations

from generator.publish.pages import HtmlPage
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer


def reader_pages(renderer: PageRenderer) -> list[HtmlPage]:
    """/my/ (My digest) and /saved/, in nav order."""
    return [
        HtmlPage("my/", "My digest", "", sanitize(renderer.render("my.html.j2")), nav=True),
        HtmlPage("saved/", "Saved", "", sanitize(renderer.render("saved.html.j2")), nav=True),
    ]

"""The pages a reader's own browser fills (theme/assets/javascripts/follow.js, for_you.js and
saved.js): what they follow, what is like what they saved, and what they saved. The built
pages hold a box and say what it needs JavaScript for; nothing personal."""

from __future__ import annotations

from generator.publish.pages import HtmlPage
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer


def reader_pages(renderer: PageRenderer, for_you_days: int) -> list[HtmlPage]:
    """/map/, /my/ (My digest), /for-you/ and /saved/, in nav order."""
    return [
        HtmlPage("map/", "Map", "", sanitize(renderer.render("map.html.j2", base="../")), nav=True),
        HtmlPage("my/", "My digest", "", sanitize(renderer.render("my.html.j2")), nav=True),
        HtmlPage("for-you/", "For you", "", for_you_page(renderer, for_you_days), nav=True),
        HtmlPage("saved/", "Saved", "", sanitize(renderer.render("saved.html.j2")), nav=True),
    ]


def for_you_page(renderer: PageRenderer, days: int) -> str:
    return sanitize(renderer.render("for_you.html.j2", days=days, base="../"))

"""The issue pages: /new/ (the newest issue, and every issue by day) and one page a day, the
papers that arrived that day grouped by topic."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from generator.publish.indexes import Issue, IssueSection
from generator.publish.pages import PAPER_ID, HtmlPage, PageSource
from generator.publish.sanitize import sanitize
from generator.publish.templating import PageRenderer
from generator.state.fingerprint import fingerprint


def _section_anchor(section: IssueSection) -> str:
    return f"topic-{section.slug}" if section.slug else "other-papers"


def latest_issue(renderer: PageRenderer, issues: list[Issue]) -> HtmlPage:
    """/new/: the newest issue, and every issue by day."""
    latest = issues[0] if issues else None
    body = renderer.render(
        "issue.html.j2",
        issue=latest,
        latest=True,
        earlier=issues,
        base="../",
        anchor=_section_anchor,
    )
    description = f"{latest.count} papers arrived on {latest.day}" if latest else ""
    return HtmlPage("new/", "New papers", description, sanitize(body), nav=True)


def issue_pages(
    renderer: PageRenderer, line_of: dict[str, str], issues: list[Issue]
) -> Iterator[PageSource]:
    """Each day's issue, with its inputs: its place, its sections and their papers' lines."""
    for issue in issues:
        inputs = fingerprint(
            "issue",
            issue.day,
            str(issue.count),
            repr((issue.newer, issue.older)),
            *(
                part
                for section in issue.sections
                for part in (
                    section.slug,
                    section.label,
                    str(section.total),
                    *map(line_of.__getitem__, map(PAPER_ID, section.papers)),
                )
            ),
        )
        yield PageSource(issue.path, inputs, functools.partial(_issue_page, renderer, issue))


def _issue_page(renderer: PageRenderer, issue: Issue) -> HtmlPage:
    body = renderer.render(
        "issue.html.j2",
        issue=issue,
        latest=False,
        earlier=[],
        base="../../",
        anchor=_section_anchor,
    )
    return HtmlPage(
        issue.path,
        f"New on {issue.day}",
        f"{issue.count} papers arrived on {issue.day}",
        sanitize(body),
    )

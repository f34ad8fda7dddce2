"""A group's list in pages: its newest papers at its own address, the older ones in numbered
pages of fixed runs counted from the oldest, and which pages each page links to."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Paper
from generator.publish.indexes import Group

NEWEST = 0  # the number of a group's first page, its newest papers


@dataclass(frozen=True)
class GroupPage:
    """One page of a group's list: NEWEST (the group's own address), or a numbered page that
    holds a fixed run of `page_size` papers counted from the group's oldest."""

    number: int
    url: str
    papers: tuple[Paper, ...]


def pages_of(group: Group, page_size: int) -> list[GroupPage]:
    """The group's pages in reading order: its newest papers at `kind/slug/` (from page_size
    up to twice as many, or all of a short list), then `page-N/` down to `page-1/`, the oldest.
    A numbered page keeps its papers as papers arrive, so a new paper re-renders the first
    page of each of its groups, not every page after it."""
    papers = group.papers  # newest first
    numbered = max(len(papers) // page_size - 1, 0)
    pages = [GroupPage(NEWEST, f"{group.path}/", papers[: len(papers) - numbered * page_size])]
    for number in range(numbered, 0, -1):
        end = len(papers) - (number - 1) * page_size
        pages.append(
            GroupPage(number, f"{group.path}/page-{number}/", papers[end - page_size : end])
        )
    return pages


def shown_pages(number: int, numbered: int, around: int = 3, ends: int = 2) -> list[int | None]:
    """The pages a group page links to, newest first, None for a gap ("…"): NEWEST, then of the
    numbered pages every one of a short list; of a long one the oldest `ends` and `around` on
    each side of page `number` (the first page: the `around` newest). Not the newest numbered
    page, which changes as papers arrive: a page's links stay put but near the newest end.
    All of them would make each page's links grow with the list: quadratic bytes, 74 KB of
    links on each of 1,476 pages of one category at 100k papers."""
    if numbered <= (around + ends) * 2:
        near = set(range(1, numbered + 1))
    else:
        middle = number if number != NEWEST else numbered + 1
        near = {*range(1, ends + 1), *range(middle - around, middle + around + 1)}
    shown: list[int | None] = [NEWEST]
    newer = NEWEST
    for page in sorted((n for n in near if 1 <= n <= numbered), reverse=True):
        skipped = range(numbered if newer == NEWEST else newer - 1, page, -1)
        shown.extend(skipped if len(skipped) == 1 else [None] if skipped else [])  # no "…" for one
        shown.append(page)
        newer = page
    return shown

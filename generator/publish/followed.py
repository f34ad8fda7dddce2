"""What a reader's browser fetches for the groups it follows (theme follow.js, the My digest
page): each topic's, tag's, category's and author's newest papers as a small JSON file beside
its page, so that following works at any corpus size without downloading the corpus. Nothing
about a reader is in them; what a reader follows stays in their browser."""

from __future__ import annotations

from generator.publish.cite import plain_title
from generator.publish.indexes import KINDS, Group
from generator.state.files import dump_json

FOLLOWABLE = ("topics", "tags", "categories", "authors")
GROUP_DATA = "papers.json"


def group_data(groups: dict[str, list[Group]], length: int) -> dict[str, bytes]:
    """Path -> bytes of each followable group's `<kind>/<slug>/papers.json`: its label, whether
    it has a feed, its size and its newest `length` papers, newest arrival first, each as
    [slug, title as text, arrival]."""
    found = {}
    for kind in FOLLOWABLE:
        for group in groups.get(kind, ()):
            body = {
                "label": f"{KINDS[kind].singular}: {group.label}",
                "feed": group.feed,
                "count": len(group.papers),
                "papers": [
                    [paper.slug, plain_title(paper.title), paper.arrived or ""]
                    for paper in group.papers[:length]
                ],
            }
            found[f"{group.path}/{GROUP_DATA}"] = dump_json(body, compact=True)
    return found

"""What a reader's browser fetches for the groups it follows (theme follow.js, the My digest
page): each topic's, tag's, category's and author's newest papers as a small JSON file beside
its page, so that following works at any corpus size without downloading the corpus. Nothing
about a reader is in them; what a reader follows stays in their browser."""

from __future__ import annotations

from generator.publish.cite import plain_title
from generator.publish.indexes import KINDS, Group
from generator.state.files import dump_json
from generator.state.fingerprint import Held

FOLLOWABLE = ("topics", "tags", "categories", "authors")
GROUP_DATA = "papers.json"


def group_data(groups: dict[str, list[Group]], length: int) -> dict[str, bytes]:
    """Path -> bytes of each followable group's `<kind>/<slug>/papers.json`: its label, whether
    it has a feed, its size and its newest `length` papers, newest arrival first, each as
    [slug, title as text, arrival]."""
    found = {}
    for kind in FOLLOWABLE:
        for group in groups.get(kind, ()):
            shown = tuple((p.slug, p.title, p.arrived or "") for p in group.papers[:length])
            label = f"{KINDS[kind].singular}: {group.label}"
            key = (label, group.feed, len(group.papers), shown)
            found[f"{group.path}/{GROUP_DATA}"] = HELD_DATA.of(key)
    return found


def _group_json(key: tuple) -> bytes:
    label, feed, count, shown = key
    papers = [[slug, plain_title(title), arrived] for slug, title, arrived in shown]
    body = {"label": label, "feed": feed, "count": count, "papers": papers}
    return dump_json(body, compact=True)


HELD_DATA = Held(_group_json)  # each group's data, from one build to the next

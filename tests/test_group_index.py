"""Index pages a reader can scan: a big index is split A–Z with jump links, every group once."""

from __future__ import annotations

import re

from generator.model import Paper
from generator.publish import render
from generator.publish.indexes import Group
from generator.publish.render import HeldIndexes, _group_index
from generator.publish.templating import PageRenderer


def group(label: str, size: int) -> Group:
    papers = tuple(
        Paper(id=f"{label}{n}", title="t", title_derived=False, abstract="a") for n in range(size)
    )
    return Group("tags", label.lower().replace(" ", "-"), label, papers)


def test_a_big_tag_index_has_letters_jump_links_and_every_tag_once():
    labels = [f"{first}{n} tag" for first in "abcxyz" for n in range(10)] + ["3d vision", "élan"]
    groups = sorted(
        (group(label, 1 + n % 7) for n, label in enumerate(labels)), key=lambda g: g.label
    )
    body = _group_index(PageRenderer(), "tags", groups).body
    jumps = re.findall(r'<a href="#(letter-[^"]+)">', body)
    assert jumps == [
        "letter-a",
        "letter-b",
        "letter-c",
        "letter-x",
        "letter-y",
        "letter-z",
        "letter-other",
    ]
    assert all(f'id="{anchor}"' in body for anchor in jumps)
    linked = re.findall(r'<li><a href="([^"]+)/">', body)
    assert sorted(linked) == sorted(g.slug for g in groups)
    assert body.count('class="digest-size-4"') >= 1 and "Largest" in body


def test_a_small_index_stays_one_list():
    groups = [group(label, 2) for label in ("alpha", "beta")]
    body = _group_index(PageRenderer(), "tags", groups).body
    assert "Jump to" not in body and body.count("<li>") == 2


def test_an_index_is_rendered_again_only_when_what_it_shows_of_a_group_changed(monkeypatch):
    HeldIndexes.cache_clear()
    rendered: list[str] = []
    real = render._group_index
    counted = lambda r, kind, groups: rendered.append(kind) or real(r, kind, groups)  # noqa: E731
    monkeypatch.setattr(render, "_group_index", counted)
    groups = [group("graphs", 2), group("fields", 3)]
    first = render._held_index(PageRenderer(), "tags", groups)
    again = render._held_index(PageRenderer(), "tags", [group("graphs", 2), group("fields", 3)])
    assert again is first and rendered == ["tags"]
    grown = render._held_index(PageRenderer(), "tags", [group("graphs", 3), group("fields", 3)])
    assert rendered == ["tags", "tags"]
    assert grown.body == real(PageRenderer(), "tags", [group("graphs", 3), group("fields", 3)]).body
    HeldIndexes.cache_clear()


def test_an_index_page_counts_its_groups_by_their_own_name():
    from generator.publish.indexes import KINDS

    months = [f"2024-{n:02d}" for n in range(1, 10)]
    assert KINDS["archive"].count([*months, "undated"]) == "9 months"
    assert KINDS["archive"].count(["2024-01", "undated"]) == "1 month"
    assert KINDS["tags"].count(f"tag {n}" for n in range(424)) == "424 tags"
    assert KINDS["categories"].count(["cs.LG"]) == "1 category"
    assert KINDS["tags"].count(["undated", "graphs"]) == "2 tags"  # only the archive's is no month

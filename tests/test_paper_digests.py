"""Papers' digests for a build (generator/publish/pages.PaperDigests): each paper looked up
once a build, each digest worked out once while an equal paper comes back."""

from __future__ import annotations

from dataclasses import replace

from generator.model import Paper, SourceRef
from generator.publish.pages import PaperDigests, item_digest, page_digest
from generator.state.fingerprint import Held, repr_digest

WORKED: list[str] = []


def counted_digest(paper: Paper) -> str:
    WORKED.append(paper.id)
    return repr_digest((paper.id, paper.title))


def paper(pid: str, title: str = "A title") -> Paper:
    return Paper(
        id=pid, title=title, title_derived=False, abstract="An abstract.", slug=pid,
        sources=(SourceRef("dump.txt", 1),),
    )  # fmt: skip


def test_an_equal_paper_keeps_its_digest_from_one_build_to_the_next():
    WORKED.clear()
    first = PaperDigests([paper("p1"), paper("p2")]).of(counted_digest)
    assert sorted(WORKED) == ["p1", "p2"]
    Held.start_build()
    again = PaperDigests([paper("p1"), paper("p2", "Retitled")]).of(counted_digest)  # new objects
    assert sorted(WORKED) == ["p1", "p2", "p2"]  # the changed paper alone worked out again
    assert again["p1"] == first["p1"] and again["p2"] != first["p2"]


def test_a_builds_digests_of_one_kind_are_worked_out_once():
    WORKED.clear()
    digests = PaperDigests([paper("p3")])
    assert digests.of(counted_digest) is digests.of(counted_digest)
    assert WORKED == ["p3"]


def test_a_page_digest_leaves_out_the_arrival_and_a_line_digest_what_the_line_hides():
    base = paper("p4")
    arrived = replace(base, first_seen="2026-07-01", arrived="2026-07-01T06:00:00Z")
    topical = replace(base, topic="graphs")
    Held.start_build()
    digests = PaperDigests([base])
    assert PaperDigests([arrived]).of(page_digest) == digests.of(page_digest)
    assert PaperDigests([topical]).of(item_digest) == digests.of(item_digest)
    assert PaperDigests([topical]).of(page_digest) != digests.of(page_digest)

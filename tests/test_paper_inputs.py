"""A paper page's inputs held from one build to the next (generator/publish/paper_inputs.py):
the fingerprint an equal paper keeps is the one working it out again gives, and a label that
moves to another slug, a new topic or a changed related line changes it."""

from __future__ import annotations

import pytest

from generator.model import Paper, SourceRef
from generator.publish import paper_inputs
from generator.publish.pages import PaperDigests, page_digest
from generator.publish.paper_inputs import LastPages, PaperInputs, moved_labels
from generator.state.fingerprint import Held

SLUGS = {
    "authors": {"Ann Lee": "ann-lee"},
    "affiliations": {},
    "categories": {"cs.LG": "cs.LG"},
    "tags": {"graphs": "graphs", "fields": "fields"},
    "sources": {"dump.txt": "dump-txt"},
}


def paper(pid: str = "p1", tags: tuple[str, ...] = ("graphs", "fields")) -> Paper:
    return Paper(
        id=pid, title="A title", title_derived=False, abstract="An abstract.", slug=pid,
        sources=(SourceRef("dump.txt", 1),), authors=("Ann Lee", "Bo Chen"), tags=tags,
        category="cs.LG",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _nothing_held():
    LastPages.cache_clear()
    yield
    LastPages.cache_clear()


def inputs_of(papers: list[Paper], slugs=SLUGS, topic=("t", "T"), items=("a",)) -> dict:
    """One build's page inputs of `papers`, as render._paper_pages asks for them."""
    Held.start_build()
    digests = PaperDigests(papers)
    pages, held = digests.of(page_digest), PaperInputs(slugs, digests.facts)
    return {p.id: held.of(p, pages[p.id], topic, items) for p in papers}


def worked_out(papers: list[Paper], **build) -> dict:
    """The same inputs worked out with nothing held."""
    LastPages.cache_clear()
    return inputs_of(papers, **build)


def test_an_equal_paper_keeps_its_inputs_and_they_are_what_working_them_out_gives():
    first = inputs_of([paper()])
    assert inputs_of([paper()]) == first == worked_out([paper()])


@pytest.mark.parametrize(
    "change",
    [
        {"slugs": {**SLUGS, "tags": {"graphs": "graphs-2", "fields": "fields"}}},  # moved
        {"slugs": {**SLUGS, "authors": {"Ann Lee": "ann-lee", "Bo Chen": "bo-chen"}}},  # gained
        {"slugs": {**SLUGS, "categories": {}}},  # lost its page
        {"topic": ("u", "U")},
        {"items": ("b",)},
    ],
)
def test_a_moved_label_a_new_topic_or_a_changed_related_line_changes_them(change):
    first = inputs_of([paper()])
    again = inputs_of([paper()], **change)
    assert again != first
    assert again == worked_out([paper()], **change)


def test_a_label_moving_elsewhere_leaves_a_paper_without_it_alone(monkeypatch):
    inputs_of([paper("p1"), paper("p2", tags=("fields",))])
    worked: list[str] = []
    real = paper_inputs.linked_labels
    monkeypatch.setattr(paper_inputs, "linked_labels", lambda p: worked.append(p.id) or real(p))
    inputs_of(
        [paper("p1"), paper("p2", tags=("fields",))],
        slugs={**SLUGS, "tags": {"graphs": "g", "fields": "fields"}},
    )
    assert worked == ["p1"]


def test_moved_labels_are_those_whose_slug_differs():
    before = {"tags": {"a": "a", "b": "b"}, "authors": {"X": "x"}}
    after = {"tags": {"a": "a", "b": "b-2", "c": "c"}, "authors": {"X": "x"}}
    assert moved_labels(before, after) == {("tags", "b"), ("tags", "c")}
    assert moved_labels(after, after) == set()


def test_a_changed_paper_works_its_labels_out_again():
    inputs_of([paper(tags=("graphs",))])
    assert inputs_of([paper(tags=("fields",))]) == worked_out([paper(tags=("fields",))])

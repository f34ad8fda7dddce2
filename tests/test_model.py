"""The paper record: its amended copies."""

from __future__ import annotations

import dataclasses

import pytest

from generator.model import Paper, SourceRef


def test_an_amended_paper_is_the_one_replace_makes_and_leaves_the_original_as_it_was():
    original = Paper("p1", "Title", False, "Abstract.", sources=(SourceRef("a", 1),))
    changes = {"slug": "title", "tags": ("x", "y"), "arrived": "2026-01-02T00:00:00Z"}
    amended = original.amended(**changes)
    assert amended == dataclasses.replace(original, **changes)
    assert hash(amended) == hash(dataclasses.replace(original, **changes))
    assert type(amended) is Paper and original.slug == "" and original.tags == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        amended.slug = "other"  # type: ignore[misc]


def test_amending_a_field_a_paper_lacks_raises_as_replace_does():
    with pytest.raises(TypeError, match="'colour'"):
        Paper("p1", "Title", False, "Abstract.").amended(colour="red")

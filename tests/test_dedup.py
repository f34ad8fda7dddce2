"""Dedup and curation: one page per paper, renamed versions reported, hand fixes validated."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from generator.curate import Curation, CurationError, apply_curation, parse_curation
from generator.dedup import find_near_duplicates, merge_duplicates
from generator.ingest import read_sources
from generator.model import Paper, SourceRef
from generator.normalize import normalize_all


def seed_papers() -> list[Paper]:
    return normalize_all([r for s in read_sources(SEEDS) for r in s.records])


def test_same_dump_twice_is_one_paper_with_both_provenances():
    papers = seed_papers()
    doubled = papers + [p.__class__(**{**p.__dict__, "sources": (SourceRef("copy.txt", i + 1),)})
                        for i, p in enumerate(papers)]
    merged, notes = merge_duplicates(doubled)
    assert len(merged) == 398 and len(notes) == 398
    assert all(len(p.sources) == 2 for p in merged)


def test_a_titled_copy_gives_its_title_to_an_untitled_one():
    untitled = Paper(id="x", title="Derived", title_derived=True, abstract="A b.", sources=(SourceRef("a", 1),))
    titled = Paper(id="x", title="Real Title", title_derived=False, abstract="A b.", authors=("Ann Lee",),
                   sources=(SourceRef("b", 2),))
    [paper], _ = merge_duplicates([untitled, titled])
    assert paper.title == "Real Title" and not paper.title_derived and paper.authors == ("Ann Lee",)


def test_renamed_version_in_the_seeds_is_reported_not_merged():
    papers = seed_papers()
    notes = find_near_duplicates(papers)
    titles = {p.id: p.title for p in papers}
    assert [(titles[n.kept], titles[n.other]) for n in notes] in (
        [("Boosting Offline Reinforcement Learning via Data Rebalancing", "Decoupled Prioritized Resampling for Offline RL")],
        [("Decoupled Prioritized Resampling for Offline RL", "Boosting Offline Reinforcement Learning via Data Rebalancing")],
    )
    assert not notes[0].merged


def paper(pid: str, title: str = "T") -> Paper:
    return Paper(id=pid, title=title, title_derived=True, abstract=f"Abstract {pid}.", sources=(SourceRef("f", 1),))


def test_curation_sets_titles_merges_and_hides():
    curation = parse_curation("titles: {a: Real A}\nmerge: [[a, b]]\nhide: [c]\n")
    papers, notes = apply_curation([paper("a"), paper("b"), paper("c"), paper("d")], curation)
    assert [p.id for p in papers] == ["a", "d"]
    assert papers[0].title == "Real A" and not papers[0].title_derived
    assert len(papers[0].sources) == 1 and notes[0].merged


def test_curation_reports_every_problem_at_once():
    with pytest.raises(CurationError) as error:
        parse_curation("titels: {}\nmerge: [a]\nhide: nope\n")
    assert len(error.value.problems) == 3


def test_curation_naming_an_unknown_id_fails():
    with pytest.raises(CurationError, match="unknown paper id 'zzz'"):
        apply_curation([paper("a")], Curation(hidden=frozenset({"zzz"})))


def test_slugs_fail_on_one_title_twice_and_disambiguate_long_prefixes():
    from generator.normalize import SlugCollision, assign_slugs

    long = "A Very Long Title About Sparse Training of Deep Neural Networks on Many Devices At Once"
    a = Paper(id="aaaa1111", title=long + " (v1)", title_derived=False, abstract="x", sources=(SourceRef("f", 1),))
    b = Paper(id="bbbb2222", title=long + " (v2)", title_derived=False, abstract="y", sources=(SourceRef("f", 2),))
    slugs = [p.slug for p in assign_slugs([a, b])]
    assert slugs[0] != slugs[1] and slugs[1].endswith("bbbb2222") and ".." not in "".join(slugs)
    same = Paper(id="cccc3333", title=a.title, title_derived=False, abstract="z", sources=(SourceRef("g", 9),))
    with pytest.raises(SlugCollision, match="f:1 and g:9"):
        assign_slugs([a, same])
    derived = Paper(id="dddd4444", title=a.title, title_derived=True, abstract="w", sources=(SourceRef("h", 3),))
    assert assign_slugs([a, derived])[1].slug.endswith("dddd4444"), "a derived title never fails the build"

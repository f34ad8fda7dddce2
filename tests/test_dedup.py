"""Dedup and curation: one page per paper, renamed versions reported, hand fixes validated."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SEEDS

from generator.model import Paper, SourceRef
from generator.read.curate import (
    Curation,
    CurationError,
    apply_curation,
    parse_curation,
)
from generator.read.dedup import earlier_date, find_near_duplicates, merge_duplicates
from generator.read.dumps import read_papers


def seed_papers() -> list[Paper]:
    return read_papers(SEEDS)


def test_same_dump_twice_is_one_paper_with_both_provenances():
    papers = seed_papers()
    doubled = papers + [
        p.__class__(**{**p.__dict__, "sources": (SourceRef("copy.txt", i + 1),)})
        for i, p in enumerate(papers)
    ]
    merged, notes = merge_duplicates(doubled)
    assert len(merged) == 398 and len(notes) == 398
    assert all(len(p.sources) == 2 for p in merged)


def test_a_titled_copy_gives_its_title_to_an_untitled_one():
    untitled = Paper(
        id="x", title="Derived", title_derived=True, abstract="A b.", sources=(SourceRef("a", 1),)
    )
    titled = Paper(
        id="x",
        title="Real Title",
        title_derived=False,
        abstract="A b.",
        authors=("Ann Lee",),
        sources=(SourceRef("b", 2),),
    )
    [paper], _ = merge_duplicates([untitled, titled])
    assert paper.title == "Real Title" and not paper.title_derived and paper.authors == ("Ann Lee",)


def test_renamed_version_in_the_seeds_is_reported_not_merged():
    papers = seed_papers()
    notes = find_near_duplicates(papers)
    titles = {p.id: p.title for p in papers}
    assert [(titles[n.kept], titles[n.other]) for n in notes] in (
        [
            (
                "Boosting Offline Reinforcement Learning via Data Rebalancing",
                "Decoupled Prioritized Resampling for Offline RL",
            )
        ],
        [
            (
                "Decoupled Prioritized Resampling for Offline RL",
                "Boosting Offline Reinforcement Learning via Data Rebalancing",
            )
        ],
    )
    assert not notes[0].merged


def paper(pid: str, title: str = "T") -> Paper:
    return Paper(
        id=pid,
        title=title,
        title_derived=True,
        abstract=f"Abstract {pid}.",
        sources=(SourceRef("f", 1),),
    )


def test_curation_sets_titles_merges_and_hides():
    curation = parse_curation("titles: {a: Real A}\nmerge: [[a, b]]\nhide: [c]\n")
    papers, notes = apply_curation([paper("a"), paper("b"), paper("c"), paper("d")], curation)
    assert [p.id for p in papers] == ["a", "d"]
    assert papers[0].title == "Real A" and not papers[0].title_derived
    assert len(papers[0].sources) == 1 and notes[0].merged


def test_curation_names_affiliation_handles_and_their_pages_keep_the_handles_urls():
    """Listing pages give handles (`pku`, `tsinghua`): the seeds' curation.yaml names them,
    and /affiliations/pku/ still answers, now titled Peking University."""
    from generator.publish.indexes import build_groups

    curation = parse_curation((SEEDS.parent / "curation.yaml").read_text())
    assert curation.affiliations["pku"] == "Peking University"
    listed = [replace(paper(pid), affiliations=("tsinghua", "pku")) for pid in ("a", "b")]
    papers, _ = apply_curation(listed, curation)
    assert papers[0].affiliations == ("Tsinghua University", "Peking University")
    groups = build_groups(papers, [], handles=curation.affiliation_handles())["affiliations"]
    assert {(g.slug, g.label) for g in groups} == {
        ("pku", "Peking University"),
        ("tsinghua", "Tsinghua University"),
    }
    with pytest.raises(CurationError, match="two handles name one institution"):
        parse_curation("affiliations: {pku: Peking University, PKU: Peking University}")


def test_a_heading_papers_are_listed_under_is_named_and_grouped_but_not_an_affiliation():
    from generator.publish.indexes import build_groups

    curation = parse_curation("affiliations: {pku: Peking University}")
    headed = replace(paper("a"), listed_under=("pku",))
    own = replace(paper("b"), affiliations=("pku",), listed_under=("pku",))
    papers, _ = apply_curation([headed, own], curation)
    assert (papers[0].affiliations, papers[0].listed_under) == ((), ("Peking University",))
    groups = build_groups(papers, [], handles=curation.affiliation_handles())["affiliations"]
    assert [(g.slug, len(g.papers)) for g in groups] == [("pku", 2)]
    merged = merge_duplicates([headed, replace(headed, listed_under=("mit",))])[0][0]
    assert merged.listed_under == ("pku", "mit")


def test_curation_reports_every_problem_at_once():
    with pytest.raises(CurationError) as error:
        parse_curation("titels: {}\nmerge: [a]\nhide: nope\n")
    assert len(error.value.problems) == 3


def test_curation_naming_an_unknown_id_fails():
    with pytest.raises(CurationError, match="unknown paper id 'zzz'"):
        apply_curation([paper("a")], Curation(hidden=frozenset({"zzz"})))


def test_slugs_fail_on_one_title_twice_and_disambiguate_long_prefixes():
    from generator.read.normalize import SlugCollision, assign_slugs

    long = "A Very Long Title About Sparse Training of Deep Neural Networks on Many Devices At Once"
    a = Paper(
        id="aaaa1111",
        title=long + " (v1)",
        title_derived=False,
        abstract="x",
        sources=(SourceRef("f", 1),),
    )
    b = Paper(
        id="bbbb2222",
        title=long + " (v2)",
        title_derived=False,
        abstract="y",
        sources=(SourceRef("f", 2),),
    )
    slugs = [p.slug for p in assign_slugs([a, b])]
    assert slugs[0] != slugs[1] and slugs[1].endswith("bbbb2222") and ".." not in "".join(slugs)
    same = Paper(
        id="cccc3333",
        title=a.title,
        title_derived=False,
        abstract="z",
        sources=(SourceRef("g", 9),),
    )
    with pytest.raises(SlugCollision, match="f:1 and g:9"):
        assign_slugs([a, same])
    derived = Paper(
        id="dddd4444", title=a.title, title_derived=True, abstract="w", sources=(SourceRef("h", 3),)
    )
    assert assign_slugs([a, derived])[1].slug.endswith("dddd4444"), (
        "a derived title never fails the build"
    )
    other = Paper(
        id="eeee5555",
        title="Short",
        title_derived=False,
        abstract="v",
        sources=(SourceRef("k", 1),),
    )
    again = replace(other, id="ffff6666", abstract="u", sources=(SourceRef("k", 7),))
    with pytest.raises(SlugCollision, match=r"f:1 and g:9 \(and 1 more: .*'Short': k:1 and k:7\)"):
        assign_slugs([a, same, other, again])  # every pair at once, not one per build


def version(pid: str, abstract: str, authors: tuple[str, ...], line: int = 1) -> Paper:
    return Paper(
        id=pid,
        title=f"T {pid}",
        title_derived=False,
        abstract=abstract,
        authors=authors,
        sources=(SourceRef("f", line),),
    )


OPENING = "We study sparse attention for long inputs with linear memory in transformers."
RENAMED = "We study sparse attention for very long inputs with linear memory in transformer models."


def test_a_first_sentence_shared_by_many_is_one_group_not_all_pairs():
    papers = [version(f"p{n}", f"{OPENING} Rest {n}.", (f"Author {n}",), n) for n in (3, 1, 4, 2)]
    notes = find_near_duplicates(papers)
    assert [(n.kept, n.other) for n in notes] == [("p1", "p2"), ("p1", "p3"), ("p1", "p4")], (
        "n - 1 notes, not n(n-1)/2"
    )
    assert {n.reason for n in notes} == {"same first sentence"}
    assert notes[1].refs == (SourceRef("f", 3), SourceRef("f", 1)), (
        "the paper read first is listed first"
    )


def test_copies_of_one_abstract_meet_a_renamed_version_once():
    authors = ("Ann Lee", "Bo Chen", "Cy Diaz")
    copies = [version(f"c{n}", f"{OPENING} Same rest.", authors) for n in range(1, 6)]
    renamed = version("r1", f"{RENAMED} Other rest.", authors[:2])
    notes = find_near_duplicates([*copies, renamed])
    fuzzy = [(n.kept, n.other) for n in notes if "alike" in n.reason]
    assert fuzzy == [("c1", "r1")], "compared through the first copy only"
    assert len(notes) == 4 + 1


UNRELATED = (
    "Graph coloring bounds.",
    "Quantum error codes for qubits.",
    "Protein folding with diffusion.",
)


def test_an_author_too_prolific_to_pair_up_proposes_no_pairs(monkeypatch):
    import generator.read.dedup as dedup

    prolific = ("Pat Prolific", "Quinn Prolific")
    papers = [
        version("a1", f"{OPENING} A.", prolific),
        version("a2", f"{RENAMED} B.", prolific),
        *(version(f"z{n}", text, prolific) for n, text in enumerate(UNRELATED)),
    ]
    assert [(n.kept, n.other) for n in find_near_duplicates(papers)] == [("a1", "a2")]
    monkeypatch.setattr(dedup, "PROLIFIC_AUTHOR", 4)
    assert find_near_duplicates(papers) == [], "five papers each: neither author pairs them up"
    shared_third = [
        replace_authors(papers[0], prolific + ("Rare Author",)),
        replace_authors(papers[1], prolific + ("Rare Author",)),
        *papers[2:],
    ]
    assert [(n.kept, n.other) for n in find_near_duplicates(shared_third)] == [("a1", "a2")], (
        "a less prolific shared author still proposes the pair; all shared authors count"
    )


def replace_authors(paper: Paper, authors: tuple[str, ...]) -> Paper:
    return Paper(**{**paper.__dict__, "authors": authors})


def test_a_paper_naming_an_author_twice_is_not_its_own_near_duplicate():
    twice = version("x1", OPENING, ("Ann Lee", "Ann Lee", "Bo Chen"))
    assert (
        find_near_duplicates([twice, version("y1", "Something else entirely.", ("Cy Diaz",))]) == []
    )


# --- merge_duplicates: linear, and identical to merging copies one by one -------------------


def pairwise_merge(first: Paper, other: Paper) -> Paper:
    """merge() as it was before merge_duplicates grouped copies (the reference)."""
    take_title = first.title_derived and not other.title_derived
    whole = [(len(p.authors), not p.authors_truncated) for p in (first, other)]
    fuller = other if whole[1] > whole[0] else first
    return replace(
        first,
        title=other.title if take_title else first.title,
        title_derived=first.title_derived and other.title_derived,
        authors=fuller.authors,
        authors_truncated=fuller.authors_truncated,
        affiliations=tuple(dict.fromkeys(first.affiliations + other.affiliations)),
        category=first.category or other.category,
        categories=tuple(dict.fromkeys(first.categories + other.categories)),
        date=earlier_date(first.date, other.date),
        links=tuple(sorted(set(first.links) | set(other.links))),
        sources=tuple(sorted(set(first.sources) | set(other.sources))),
        comment=first.comment or other.comment,
    )


def pairwise_merge_duplicates(papers: list[Paper]):
    """merge_duplicates as it was: each copy merged into the kept paper as it comes (n^2)."""
    from generator.model import DuplicateNote

    by_id: dict[str, Paper] = {}
    notes = []
    for paper in papers:
        if paper.id in by_id:
            kept = by_id[paper.id]
            refs = (kept.sources[0], *paper.sources)
            notes.append(DuplicateNote(kept.id, paper.id, refs, "same paper", True))
            by_id[paper.id] = pairwise_merge(kept, paper)
        else:
            by_id[paper.id] = paper
    return list(by_id.values()), notes


def random_paper(rng, line: int) -> Paper:
    from generator.model import Link

    def pick(pool, most):
        return tuple(rng.choice(pool) for _ in range(rng.randint(0, most)))

    derived = rng.random() < 0.5
    links = tuple(Link(kind, f"https://x.org/{n}") for kind in ("code", "pdf") for n in range(3))
    refs = tuple(SourceRef(name, n) for name in "eh" for n in range(4))  # before "f" and after
    return Paper(
        id=rng.choice("abcd"),
        title=f"{'Derived' if derived else 'Title'} {rng.randint(1, 3)}",
        title_derived=derived,
        abstract="An abstract.",
        authors=pick(("Ann", "Bo", "Cy"), 2),
        authors_truncated=rng.random() < 0.3,
        affiliations=pick(("MIT", "ETH", "INRIA"), 3),
        category=rng.choice(("", "cs.LG", "cs.CV")),
        categories=pick(("cs.LG", "cs.CV", "hep"), 3),
        date=rng.choice((None, "", "2023", "2023-01", "2023-01-02", "2023-03", "2024-05-06")),
        links=pick(links, 3),
        sources=(SourceRef(rng.choice("fg"), line), *pick(refs, 2)),
        comment=rng.choice(("", "", "10 pages", "ICML")),
    )


def test_merging_copies_gives_what_merging_them_one_by_one_gave():
    import random

    rng = random.Random(19)
    for case in range(300):
        papers = [random_paper(rng, line) for line in rng.sample(range(1, 40), rng.randint(1, 12))]
        assert merge_duplicates(papers) == pairwise_merge_duplicates(papers), f"case {case}"
    seeds = seed_papers()
    again = [replace(p, sources=(SourceRef("copy.txt", 500 - i),)) for i, p in enumerate(seeds)]
    for corpus in (seeds, seeds + again, again[::-1] + seeds + again):
        assert merge_duplicates(corpus) == pairwise_merge_duplicates(corpus)


class CountedRef(SourceRef):
    """A SourceRef that counts how often it is hashed: work done per provenance."""

    hashed = 0

    def __hash__(self) -> int:
        CountedRef.hashed += 1
        return super().__hash__()


@pytest.mark.parametrize(
    "dates, earliest",
    [
        (["2023-08-02", "2017-06-12"], "2017-06-12"),  # a revision's date and v1's
        (["2017", "2017-06-12"], "2017-06-12"),  # a year and a day within it
        (["2017-06-12", "2017-06"], "2017-06-12"),
        (["2017-06", "2017", "2017-03"], "2017-03"),
        (["2018", "2017-12-30"], "2017-12-30"),
        ([None, "", "2020"], "2020"),
    ],
)
def test_a_merged_paper_takes_the_earliest_date_and_the_most_precise_within_it(dates, earliest):
    from functools import reduce

    for order in (dates, dates[::-1]):
        assert reduce(earlier_date, order) == earliest


def test_a_merged_paper_keeps_the_longest_author_list_whichever_file_came_first():
    eight = tuple(f"Author {n}" for n in range(8))
    sheet = Paper(
        "x",
        "Attention",
        False,
        "We propose the Transformer.",
        authors=eight[:3],
        date="2023-08-02",
        sources=(SourceRef("a.csv", 2),),
    )
    arxiv = replace(sheet, authors=eight, date="2017-06-12", sources=(SourceRef("b.jsonl", 1),))
    cut = replace(sheet, authors=eight[:3], authors_truncated=True, sources=(SourceRef("c", 1),))
    merged = merge_duplicates([sheet, arxiv, cut])[0][0]
    assert (merged.authors, merged.authors_truncated, merged.date) == (eight, False, "2017-06-12")
    whole = merge_duplicates([cut, sheet])[0][0]
    assert (whole.authors, whole.authors_truncated) == (eight[:3], False)


def test_merging_n_copies_of_one_abstract_is_linear_work():
    n = 3000
    copies = [
        Paper(
            id="x",
            title="T",
            title_derived=True,
            abstract="A b.",
            sources=(CountedRef("big.txt", line),),
        )
        for line in range(1, n + 1)
    ]
    CountedRef.hashed = 0
    [paper], notes = merge_duplicates(copies)
    assert len(paper.sources) == n and len(notes) == n - 1
    assert sum(len(note.refs) for note in notes) == 2 * (n - 1)
    assert CountedRef.hashed <= 4 * n, f"{CountedRef.hashed} hashes for {n} copies: n^2"


def test_a_paper_read_many_times_does_not_repeat_all_its_sources_in_every_near_note():
    n = 300
    big = Paper(
        id="a0",
        title="T",
        title_derived=True,
        abstract=f"{OPENING} Rest.",
        sources=tuple(SourceRef("big.txt", line) for line in range(1, 501)),
    )
    others = [version(f"b{k}", f"{OPENING} Rest {k}.", (), k) for k in range(n)]
    notes = find_near_duplicates([big, *others])
    assert len(notes) == n and all(note.kept == "a0" for note in notes)
    assert sum(len(note.refs) for note in notes) <= 20 * n, "each note held all 500 sources"
    assert notes[0].refs[:2] == (SourceRef("big.txt", 1), SourceRef("big.txt", 2))


def test_a_copy_without_an_id_joins_the_arxiv_paper_with_its_title_and_first_author():
    """A spreadsheet row whose abstract was edited (v2) but whose title and first author are
    the arXiv record's: one paper. A derived title never matches this way."""
    from generator.read.normalize import paper_id

    arxiv = Paper(
        id="arxiv-2606.27646",
        title="VLM-Aware Meta-Optic Front-End Design",
        title_derived=False,
        abstract="Version one of the abstract.",
        authors=("Chanik Kang", "Haejun Chung"),
        arxiv_id="2606.27646",
        sources=(SourceRef("day.jsonl", 3),),
    )
    row = replace(
        arxiv,
        id=paper_id("", "Version two, edited."),
        abstract="Version two, edited.",
        arxiv_id="",
        title="VLM-aware meta-optic front-end design",
        authors=("C. Kang",),
        sources=(SourceRef("sheet.csv", 2),),
    )
    derived = replace(
        row, id=paper_id("", "Another text."), abstract="Another text.", title_derived=True
    )
    merged, _ = merge_duplicates([arxiv, row, derived])
    assert [(p.id, len(p.sources)) for p in merged] == [("arxiv-2606.27646", 2), (derived.id, 1)]


def test_abstracts_without_latin_letters_are_different_papers():
    """Two abstracts in other scripts had one id (the hash of an empty text) and merged; nor
    does a pasted one join an arXiv paper for that reason."""
    from generator.read.normalize import paper_id

    chinese, russian = "我们提出了一种新的方法。", "Мы предлагаем новый метод."
    assert paper_id("", chinese) != paper_id("", russian)
    arxiv = Paper(
        id="arxiv-2401.00001",
        title="Метод",
        title_derived=False,
        abstract=russian,
        arxiv_id="2401.00001",
        sources=(SourceRef("a.jsonl", 1),),
    )
    pasted = Paper(
        id=paper_id("", chinese),
        title="方法",
        title_derived=True,
        abstract=chinese,
        sources=(SourceRef("b.txt", 1),),
    )
    assert len(merge_duplicates([arxiv, pasted])[0]) == 2


def test_a_byline_two_arxiv_papers_share_or_another_first_name_joins_nothing():
    first = Paper(
        id="arxiv-2401.00001",
        title="A Survey on Large Language Models",
        title_derived=False,
        abstract="One.",
        authors=("Wei Zhang",),
        arxiv_id="2401.00001",
        sources=(SourceRef("a", 1),),
    )
    other_author = replace(
        first,
        id="p-min",
        arxiv_id="",
        abstract="Two.",
        authors=("Min Zhang",),
        sources=(SourceRef("b", 1),),
    )
    assert len(merge_duplicates([first, other_author])[0]) == 2
    twin = replace(
        first,
        id="arxiv-2402.00002",
        arxiv_id="2402.00002",
        abstract="Three.",
        sources=(SourceRef("a", 2),),
    )
    pasted = replace(other_author, id="p-wei", authors=("Wei Zhang",), abstract="Four.")
    assert len(merge_duplicates([first, twin, pasted])[0]) == 3


# --- mutation testing (bench/mutation.py): what a slip in dedup would change -----------------


def test_a_merged_paper_keeps_every_copys_keywords_and_notes_say_not_merged():
    first = version("x", "A b.", ())
    other = replace(first, keywords=("graphs", "coloring"), sources=(SourceRef("g", 2),))
    [merged], [note] = merge_duplicates([replace(first, keywords=("graphs",)), other])
    assert merged.keywords == ("graphs", "coloring")
    assert note.merged is True
    [near] = find_near_duplicates([version("p1", f"{OPENING} A.", ()), version("p2", OPENING, ())])
    assert near.merged is False, "build-report.json says false, not null"


def test_a_shared_first_sentence_says_whether_the_authors_are_shared_too():
    papers = [
        version("p1", f"{OPENING} A.", ("Ann Lee", "Bo Chen")),
        version("p2", f"{OPENING} B.", ("Bo Chen",)),
        version("p3", f"{OPENING} C.", ("Cy Diaz",)),
    ]
    assert [(n.other, n.reason) for n in find_near_duplicates(papers)] == [
        ("p2", "same first sentence, shared authors"),
        ("p3", "same first sentence"),
    ]


def test_two_copies_in_one_first_sentence_group_still_meet_a_renamed_version():
    authors = ("Ann Lee", "Bo Chen")
    papers = [
        version("c1", f"{OPENING} One rest.", authors),
        version("c2", f"{OPENING} Another rest.", authors),
        version("r1", f"{RENAMED} Other rest.", authors),
    ]
    fuzzy = [(n.kept, n.other) for n in find_near_duplicates(papers) if "alike" in n.reason]
    assert fuzzy == [("c1", "r1"), ("c2", "r1")], "the pair already grouped skips only itself"


def test_prolific_authors_pair_papers_only_with_a_second_shared_author(monkeypatch):
    import generator.read.dedup as dedup

    prolific = ("Pat Prolific", "Quinn Prolific")
    five_each = [
        version("a1", f"{OPENING} A.", prolific),
        version("a2", f"{RENAMED} B.", prolific),
        *(version(f"z{n}", text, prolific) for n, text in enumerate(UNRELATED)),
    ]
    monkeypatch.setattr(dedup, "PROLIFIC_AUTHOR", 5)
    assert [(n.kept, n.other) for n in find_near_duplicates(five_each)] == [("a1", "a2")], (
        "five papers each is not more than five: the two authors still pair them"
    )

    def corpus(a1: tuple[str, ...], a2: tuple[str, ...]) -> list[Paper]:
        fillers = [
            version(f"z{n}{who[0]}", f"Unrelated work {n} of {who}. More.", (who,))
            for who in prolific
            for n in range(4)
        ]
        return [version("a1", f"{OPENING} A.", a1), version("a2", f"{RENAMED} B.", a2), *fillers]

    monkeypatch.setattr(dedup, "PROLIFIC_AUTHOR", 4)
    pairs = find_near_duplicates(corpus(("Pat Prolific", "Rare"), ("Pat Prolific", "Rare")))
    assert [(n.kept, n.other) for n in pairs] == [("a1", "a2")], (
        "two shared authors, one of them prolific, is two shared authors"
    )
    one_shared = corpus(("Pat Prolific", "Rare"), ("Quinn Prolific", "Rare"))
    assert find_near_duplicates(one_shared) == [], "each has a prolific author, one is shared"


def test_a_pasted_copy_matches_by_surname_not_middle_name_and_any_script_is_read():
    from generator.read.normalize import paper_id

    arxiv = Paper(
        id="arxiv-2401.00003",
        title="Sparse Attention at Scale",
        title_derived=False,
        abstract="Version one.",
        authors=("Ann Marie Lee", "Bo Chen"),
        arxiv_id="2401.00003",
        sources=(SourceRef("a.jsonl", 1),),
    )
    pasted = replace(
        arxiv,
        id=paper_id("", "Version two."),
        abstract="Version two.",
        arxiv_id="",
        authors=("A. Lee",),
        sources=(SourceRef("b.csv", 2),),
    )
    assert [len(p.sources) for p in merge_duplicates([arxiv, pasted])[0]] == [2]
    chinese = replace(arxiv, authors=("李伟",))
    row = replace(pasted, authors=("李伟",))
    assert len(merge_duplicates([chinese, row])[0]) == 2, "no Latin name: no byline to match"


def problems(text: str) -> list[str]:
    with pytest.raises(CurationError) as error:
        parse_curation(text, "c.yaml")
    return error.value.problems


def test_each_curation_problem_is_named_with_its_section():
    known = "titles, merge, hide, affiliations"
    assert problems("titels: {}\nmerge: [a]\nhide: nope\n") == [
        f"c.yaml: unknown section 'titels' (known: {known})",
        "c.yaml: merge must be a list of [kept id, other id] pairs",
        "c.yaml: hide must be a list of paper ids",
    ]
    assert problems("titles: {a: ' '}\naffiliations: {pku: 3}\n") == [
        "c.yaml: titles must map paper ids to non-empty strings",
        "c.yaml: affiliations must map handles (as the dumps write them) to institution names",
    ]
    assert problems("titles: [a]\naffiliations: [pku]\nmerge: [[a, b, c]]\n") == [
        "c.yaml: titles must map paper ids to non-empty strings",
        "c.yaml: merge must be a list of [kept id, other id] pairs",
        "c.yaml: affiliations must map handles (as the dumps write them) to institution names",
    ]
    assert problems("titles: {a: 5}\nmerge: [a, b]\n") == [
        "c.yaml: titles must map paper ids to non-empty strings",
        "c.yaml: merge must be a list of [kept id, other id] pairs",
    ]
    assert problems("- a\n- b\n") == [f"c.yaml: expected a mapping with {known}"]
    [broken] = problems("titles: {a: [}\n")
    assert broken.startswith("c.yaml: while parsing a flow")
    assert parse_curation("") == Curation() == parse_curation("titles:\nmerge:\nhide:\n")
    assert parse_curation("titles: {1: ' One '}\nhide: [2]\nmerge: [[3, 4]]\n") == Curation(
        titles={"1": "One"}, merges=(("3", "4"),), hidden=frozenset({"2"})
    )


def test_a_curation_merge_is_noted_with_the_merged_sources_and_a_title_is_real():
    a = replace(paper("a"), sources=(SourceRef("f", 2),))
    b = replace(paper("b"), sources=(SourceRef("g", 1),))
    curation = parse_curation("merge: [[a, b]]\ntitles: {a: Real A}\n")
    [merged], [note] = apply_curation([a, b], curation)
    assert (note.kept, note.other, note.reason, note.merged) == (
        "a",
        "b",
        "merged by curation.yaml",
        True,
    )
    assert note.refs == merged.sources == (SourceRef("f", 2), SourceRef("g", 1))
    assert merged.title_derived is False and merged.title == "Real A"
    hidden_kept = parse_curation("merge: [[a, b]]\nhide: [a]\n")
    assert apply_curation([a, b], hidden_kept) == ([], [note])
    twice = parse_curation("merge: [[a, b], [c, b]]\n")
    papers, notes = apply_curation([a, b, paper("c")], twice)
    assert [(p.id, len(p.sources)) for p in papers] == [("a", 2), ("c", 1)]
    assert [(n.kept, n.other) for n in notes] == [("a", "b")], "b is merged once, into a"


def test_affiliations_without_a_name_keep_their_handle():
    curation = parse_curation("affiliations: {pku: Peking University}")
    listed = replace(paper("a"), affiliations=("mit", "pku", "PKU"))
    [named], _ = apply_curation([listed], curation)
    assert named.affiliations == ("mit", "Peking University", "PKU")


def test_a_paper_id_is_stable_and_sixteen_hex_digits_of_its_words():
    """Ids are in every URL and cache key: the same words give the same id in every build."""
    from generator.read.normalize import paper_id

    assert paper_id("", "We study Graphs!") == paper_id("", "we study graphs") == "4bc7ffcc7db45f2e"
    assert paper_id("2401.00001", "We study graphs.") == "arxiv-2401.00001"


AUTHORS = ("Ann Lee", "Bo Chen")


@pytest.mark.parametrize(
    "first, second, reason",
    [
        # first sentences exactly 80% alike (the bar), the rest unrelated
        (
            "We study sparse attention. Graph coloring bounds.",
            "We learn sparse attention. Protein folding with diffusion.",
            "shared authors, first sentences 80% alike",
        ),
        # different first sentences, whole abstracts exactly 85% alike (the bar)
        (
            "Memory grows with length. Our method keeps linear memory for long inputs. It is fast.",
            "We revisit attention. Our method keeps linear memory for long inputs. It is fast.",
            "shared authors, abstracts 85% alike",
        ),
    ],
)
def test_shared_authors_and_alike_first_sentences_or_abstracts_are_reported(first, second, reason):
    notes = find_near_duplicates([version("a1", first, AUTHORS), version("a2", second, AUTHORS)])
    assert [(n.kept, n.other, n.reason, n.merged) for n in notes] == [("a1", "a2", reason, False)]


def test_shared_authors_with_abstracts_below_the_bar_are_not_reported():
    first = "Memory grows with length. Our method keeps linear memory. It is fast."
    second = "We revisit attention. Our kernel keeps memory linear. It runs on phones."
    assert (
        find_near_duplicates([version("a1", first, AUTHORS), version("a2", second, AUTHORS)]) == []
    )

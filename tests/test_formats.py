"""Reference-manager exports and feeds (tests/fixtures/formats, made as Zotero, the arXiv API
and a spreadsheet make them; see its README): each read into exactly the papers expected.json
names, and each broken variant read or rejected with file:line reasons, never guessed."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace

import pytest
from conftest import FIXTURES

from generator.read.accounts import source_summary
from generator.read.dumps import read_dump
from generator.read.ingest import parse_bytes

FORMATS = FIXTURES / "formats"
EXPECTED = json.loads((FORMATS / "expected.json").read_text())
SHAPES = {
    "zotero.bib": "bibtex",
    "zotero.ris": "ris",
    "zotero-csl.json": "csl-json",
    "zotero.csv": "csv",
    "arxiv-api.xml": "feed",
    "spreadsheet.csv": "csv",
    "spreadsheet.tsv": "tsv",
}


def read(name: str, folder=FORMATS, as_name: str | None = None):
    return read_dump(as_name or name, (folder / name).read_bytes())


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_export_gives_exactly_its_papers(name):
    dump = read(name)
    assert dump.summary["format"] == SHAPES[name] and not dump.rejected
    got = [
        {
            "title": p.title,
            "authors": list(p.authors),
            "date": p.date,
            "arxiv_id": p.arxiv_id,
            "abstract_starts": p.abstract[:40],
        }
        for p in dump.papers
    ]
    assert got == [{key: paper[key] for key in got[0]} for paper in EXPECTED[name]]
    for paper, expected in zip(dump.papers, EXPECTED[name], strict=True):
        urls = {link.url for link in paper.links}
        assert f"https://arxiv.org/abs/{paper.arxiv_id}" in urls
        assert not expected["doi"] or f"https://doi.org/{expected['doi']}" in urls
        assert not any(
            url.startswith("http://arxiv.org") for url in urls
        )  # one abstract link, not three


def test_every_export_of_a_paper_is_one_paper():
    """The same three papers from seven files: the same ids and abstracts, so they merge."""
    from generator.read.dedup import merge_duplicates

    papers = [paper for name in SHAPES for paper in read(name).papers]
    merged, notes = merge_duplicates(papers)
    assert len(merged) == 3 and len(notes) == 18
    assert len({p.abstract for p in papers}) == 3


def test_notes_keywords_and_comments_carry_categories_and_the_authors_comment():
    bib, ris, feed = (
        read("zotero.bib").papers[0],
        read("zotero.ris").papers[0],
        read("arxiv-api.xml").papers[0],
    )
    assert bib.categories == ris.categories == ("cs.CV",) and feed.categories == (
        "cs.CV",
        "physics.optics",
    )
    assert bib.comment == ris.comment == feed.comment == "18 pages, 6 figures, 3 tables"


def test_excels_unicode_text_reads_as_the_same_sheet_saved_as_tsv():
    """Excel's "Unicode Text": the TSV in UTF-16 (little-endian, byte-order mark), as .txt."""
    dump, tsv = read("excel-unicode-text.txt"), read("spreadsheet.tsv")
    assert dump.summary["format"] == "tsv (decoded as UTF-16 by its byte-order mark)"
    assert not dump.rejected and dump.papers == tuple(
        replace(p, sources=tuple(replace(s, file=dump.summary["file"]) for s in p.sources))
        for p in tsv.papers
    )


@pytest.mark.parametrize("codec", ["utf-16", "cp1252"])
def test_a_feed_declaring_its_own_encoding_is_read_from_the_decoded_text(codec):
    """A feed saved as UTF-16 (or Latin-1) says so in its XML declaration; the text reaches
    feedparser decoded, as UTF-8, so the declaration must not send it back to that codec."""
    text = (FORMATS / "arxiv-api.xml").read_text(encoding="utf-8")
    declared = text.replace("encoding='UTF-8'", f"encoding='{codec.upper()}'", 1)
    assert declared != text
    data = declared.encode(codec, errors="replace")
    feed = read_dump("feed.xml", data)

    def saved(names):  # what the codec can hold of them (cp1252 has no `ī`)
        return tuple(name.encode(codec, errors="replace").decode(codec) for name in names)

    assert not feed.rejected and [(p.title, p.authors) for p in feed.papers] == [
        (p.title, saved(p.authors)) for p in read("arxiv-api.xml").papers
    ]


def test_a_month_is_kept_as_a_month_not_given_a_day():
    assert {p.date for p in read("zotero.bib").papers} == {"2026-06"}


def test_structured_files_are_known_by_their_content_whatever_their_name():
    for name, shape in SHAPES.items():
        if shape not in ("csl-json",):
            assert read(name, as_name="export.txt").summary["format"] == shape, name


BROKEN = FORMATS / "broken"


def rejected_lines(dump) -> dict[int, str]:
    return {int(note.split(":")[1]): note.split(": ", 1)[1] for note in dump.rejected}


def test_a_bibtex_entry_with_unbalanced_braces_is_rejected_on_its_lines_and_the_rest_read():
    dump = read("unclosed-brace.bib", BROKEN)
    assert [p.arxiv_id for p in dump.papers] == ["2606.27646", "2606.27864"]
    lines = rejected_lines(dump)
    assert min(lines) == 17 and all("BibTeX syntax error" in reason for reason in lines.values())


def test_a_reference_without_an_abstract_is_rejected_by_name():
    dump = read("no-abstract.bib", BROKEN)
    assert len(dump.papers) == 1 and set(rejected_lines(dump).values()) == {
        "@misc{kang_vlm-aware_2026} has no abstract"
    }


def test_a_ris_record_without_its_end_is_rejected_and_the_next_read():
    dump = read("missing-er.ris", BROKEN)
    assert [p.arxiv_id for p in dump.papers] == ["2606.27760"]
    assert set(rejected_lines(dump).values()) == {"RIS record with no ER line"}


@pytest.mark.parametrize(
    "name, reason",
    [
        ("missing-comma.json", "invalid CSL-JSON (line 12, column 3): Expecting ',' delimiter"),
        (
            "no-abstract-column.csv",
            (
                "CSV header names no abstract column (found: title, authors, year); "
                "see the README's column names"
            ),
        ),
        ("unclosed-tag.xml", "invalid XML (line 50): mismatched tag"),
        ("colon-in-title.yaml", "invalid YAML/JSON (line 1): mapping values are not allowed here"),
    ],
)
def test_a_file_with_a_syntax_error_is_rejected_whole_with_its_line(name, reason):
    dump = read(name, BROKEN)
    assert not dump.papers and set(rejected_lines(dump).values()) == {reason}
    assert len(dump.rejected) == dump.summary["lines"]


def test_zoteros_csv_header_is_its_header_and_a_row_without_an_abstract_is_rejected_by_title():
    """Zotero's header (93 quoted column names, as long as an abstract) is the CSV header, not
    an abstract outside any entry; the older `arXiv: <id>` in Extra gives the id."""
    dump = read("zotero-empty-abstract.csv", BROKEN)
    assert [(p.arxiv_id, p.date, p.authors[0]) for p in dump.papers] == [
        ("2606.27646", "2026-06-29", "Chanik Kang")
    ]
    assert rejected_lines(dump) == {3: "row with an empty abstract (Attention Is All You Need)"}
    assert dump.summary["chrome"] == 1


def test_a_row_with_too_many_cells_is_rejected_not_shifted():
    dump = read("ragged.csv", BROKEN)
    assert [p.arxiv_id for p in dump.papers] == ["2606.27760", "2606.27864"]
    assert (
        set(rejected_lines(dump)) == {2, 3, 4}
        and "row has 8 cells, the header 7" in dump.rejected[0]
    )


@pytest.mark.parametrize(
    "name, shape",
    [
        ("bibtex-fields.txt", "looks like BibTeX"),
        ("saved-page.txt", "looks like an HTML page"),
        ("no-abstract-header.txt", "looks like CSV (header: title, authors, year, notes)"),
    ],
)
def test_text_shaped_like_another_format_is_never_read_line_by_line(name, shape):
    dump = read(name, BROKEN)
    assert not dump.papers and len(dump.rejected) == dump.summary["lines"]
    assert all(shape in note for note in dump.rejected)


def mutations(lines: list[str], rng: random.Random) -> list[str]:
    """The file with a few lines deleted, duplicated, wrapped in two or corrupted."""
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines))
        action = rng.choice(("delete", "duplicate", "wrap", "corrupt"))
        if action == "delete" and len(lines) > 1:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "wrap" and len(lines[at]) > 10:
            cut = rng.randrange(1, len(lines[at]))
            lines[at : at + 1] = [lines[at][:cut], lines[at][cut:]]
        else:
            chars = list(lines[at]) or [" "]
            chars[rng.randrange(len(chars))] = rng.choice('{}[]",<>@\t=-\\')
            lines[at] = "".join(chars)
    return lines


FIELD_LABEL = re.compile(r"^(?:[A-Z][A-Z0-9]  - |\s*[a-z]+ = [{\d]|\s*\"\w+\": |<\w)")


TEXT_SHAPES = (
    {
        name: FIXTURES / "ingest" / name
        for name in (
            "abstract-lines.txt",
            "affiliation-header.txt",
            "listing.txt",
            "titled-pairs.txt",
            "records.yaml",
            "arxiv-2026-06-29.jsonl",
        )
    }
    | {
        name: FIXTURES / "copies" / name
        for name in (
            "arxiv-listing.txt",
            "arxiv-new-listing.txt",
            "arxiv-abstract-page.txt",
            "hf-paper-page.txt",
            "hf-daily-papers.txt",
        )
    }
    | {"hard-wrapped.txt": FORMATS / "hard-wrapped.txt"}
)


@pytest.mark.parametrize("name", sorted(SHAPES) + sorted(TEXT_SHAPES))
def test_damaged_files_read_or_reject_with_every_line_accounted_for(name):
    """Seeded: 60 damaged copies of each supported shape. No exception, the accounting
    balances (source_summary raises otherwise), every rejection names a line of the file,
    and no paper is titled or begins its abstract with a field of a structured format."""
    text = TEXT_SHAPES.get(name, FORMATS / name).read_bytes().decode("utf-8-sig")
    rng = random.Random(name)
    for case in range(60):
        damaged = ("\n".join(mutations(text.splitlines(), rng)) + "\n").encode()
        parsed = parse_bytes(name, damaged)
        summary = source_summary(parsed)
        assert all(1 <= note.ref.line <= summary["lines"] for note in parsed.rejected), (
            case,
            parsed.rejected[:3],
        )
        papers = read_dump(name, damaged).papers
        assert not any(
            FIELD_LABEL.match(p.title) or FIELD_LABEL.match(p.abstract) for p in papers
        ), case


def test_a_pasted_abstract_is_the_arxiv_paper_it_copies():
    """Abstracts pasted into a text dump (no ids) and the arXiv API's records of the same
    papers: one paper each, with the arXiv id, the real title and every source."""
    from generator.read.dedup import merge_duplicates

    pasted, feed = read("pasted-abstracts.txt").papers, read("arxiv-api.xml").papers
    assert all(p.title_derived and not p.arxiv_id for p in pasted)
    merged, _ = merge_duplicates([*pasted, *feed])
    assert sorted(p.arxiv_id for p in merged) == ["2606.27646", "2606.27760", "2606.27864"]
    assert all(len(p.sources) == 2 and not p.title_derived and p.authors for p in merged)


def test_urls_in_a_comment_become_typed_links_with_or_without_a_scheme():
    from generator.model import RawRecord, SourceRef
    from generator.read.normalize import normalize

    record = RawRecord(
        SourceRef("day.jsonl", 1),
        (1,),
        "An abstract " * 30,
        title="T",
        arxiv_id="2606.27472",
        comment="12 pages. Code: github.com/Vrin-cloud/supersede; site https://a.github.io/p.",
    )
    links = {(link.kind, link.url) for link in normalize(record).links}
    assert links == {
        ("arxiv", "https://arxiv.org/abs/2606.27472"),
        ("code", "https://github.com/Vrin-cloud/supersede"),
        ("project", "https://a.github.io/p"),
    }


def test_hard_wrapped_abstracts_are_joined_under_their_titles():
    """Pasted from a PDF at 80 columns: rejected whole before (no line long enough to be an
    abstract). Each run of wrapped lines is one abstract again, the title above it kept, and
    every line is in a paper."""
    dump, feed = read("hard-wrapped.txt"), read("arxiv-api.xml")
    assert (
        dump.summary["format"] == "titled-abstracts (hard-wrapped lines joined)"
        and not dump.rejected
    )
    assert [(p.title, p.abstract) for p in dump.papers] == [
        (p.title, p.abstract) for p in feed.papers
    ]
    assert dump.summary["lines_in_papers"] + dump.summary["chrome"] == dump.summary["lines"]


def test_a_url_heading_or_acknowledgement_between_abstracts_is_reported_never_a_title():
    dump = read("stray-lines.txt")
    assert [p.title_derived for p in dump.papers] == [True, True, False]
    assert [note.split(": ", 1)[1] for note in dump.rejected] == [
        "a URL between abstracts, not a title",
        "a section heading between abstracts, not a title",
        "an acknowledgement between abstracts, not a title",
    ]
    assert not any(p.affiliations for p in dump.papers)


COPIES = FIXTURES / "copies"
COPIED = json.loads((COPIES / "expected.json").read_text())


@pytest.mark.parametrize(
    "name, shape",
    [
        ("arxiv-listing.txt", "arxiv-listing-page"),
        ("hf-paper-page.txt", "hf-paper-page"),
        ("hf-daily-papers.txt", "hf-daily-page"),
    ],
)
def test_copied_pages_give_their_papers_never_a_field_label_or_a_generated_summary(name, shape):
    """Before: papers titled from their own first sentence, the page's AI-generated summary
    read as a paper, every field (`Subjects: ...`) rejected or lost."""
    dump = read(name, COPIES)
    assert dump.summary["format"] == shape and not dump.rejected
    got = [
        {
            "title": p.title,
            "authors": list(p.authors),
            "arxiv_id": p.arxiv_id or None,
            "categories": list(p.categories),
            "comment": p.comment or None,
            "abstract_starts": p.abstract[:40],
        }
        for p in dump.papers
    ]
    assert got == COPIED[name]["papers"]


def test_a_listing_entry_without_its_abstract_is_rejected_on_its_lines():
    text = (COPIES / "arxiv-listing.txt").read_text()
    cut = (
        "\n".join(line for line in text.splitlines() if not line.startswith("Prosodic emphasis"))
        + "\n"
    )
    dump = read_dump("listing.txt", cut.encode())
    assert [p.arxiv_id for p in dump.papers] == ["2606.27379", "2606.27864", "2606.28308"]
    assert {note.split(": ", 1)[1] for note in dump.rejected} == {
        "arXiv listing entry without an abstract (copied from a listing that hides them?)"
    }


def test_the_sample_day_plus_ten_of_its_abstracts_pasted_is_still_166_papers():
    """Pasted abstracts have no ids: before, they were ten more papers (176)."""
    from generator.read.dedup import merge_duplicates

    day = FIXTURES / "ingest" / "arxiv-daily-2026-06-29.jsonl"
    records = [json.loads(line) for line in day.read_text().splitlines() if line.strip()]
    pasted = "\n".join(" ".join(r["summary"].split()) for r in records[:10]) + "\n"
    alone, _ = merge_duplicates(list(read_dump(day.name, day.read_bytes()).papers))
    both, _ = merge_duplicates(
        [
            *read_dump(day.name, day.read_bytes()).papers,
            *read_dump("pasted.txt", pasted.encode()).papers,
        ]
    )
    assert len(alone) == len(both) == 166


def test_a_file_with_no_abstract_says_what_an_abstract_line_needs():
    dump = read_dump("notes.txt", b"short line\nanother short one\n")
    assert dump.rejected[0] == (
        "notes.txt:1: unknown format: no line of this file reads as an abstract (the "
        "longest has 17 characters and 3 words; an abstract line has at least 250 and 30)"
    )


def test_arxiv_abstract_pages_pasted_in_a_row_are_one_paper_each():
    page = (COPIES / "arxiv-abstract-page.txt").read_text()
    dump = read_dump("abs.txt", (page + "\n" + page.replace("2606.27379", "2606.27380")).encode())
    assert dump.summary["format"] == "arxiv-abstract-page" and not dump.rejected
    first = dump.papers[0]
    assert [p.arxiv_id for p in dump.papers] == ["2606.27379", "2606.27380"]
    assert (first.title, first.authors, first.date, first.categories) == (
        COPIED["arxiv-listing.txt"]["papers"][0]["title"],
        ("Sangyeon Yoon", "Yeachan Jun", "Albert No"),
        "2026-06-26",
        ("cs.CL", "cs.AI", "cs.LG"),
    )
    assert first.comment.startswith("13 pages; ICML 2026") and first.abstract.startswith(
        "Large language models"
    )


def test_category_names_in_keywords_are_arxiv_categories():
    """Zotero's arXiv translator used to write category names, not codes, as keywords."""
    text = (
        (FORMATS / "zotero.bib")
        .read_text()
        .replace("note = {arXiv:2606.27646 [cs.CV]},\n", "")
        .replace(
            "keywords = {cs.CV}",
            "keywords = {Computer Science - Distributed, Parallel, and Cluster Computing, "
            "Computer Science - Machine Learning, Statistics - Machine Learning, Deep learning}",
        )
    )
    assert read_dump("old.bib", text.encode()).papers[0].categories == ("cs.DC", "cs.LG", "stat.ML")


def test_records_json_indented_with_tabs_is_read():
    """Valid JSON indented with tabs was rejected whole: YAML, which reads it, forbids tabs."""
    abstract = "We propose FooNet, a compact network that works well on many tasks. " * 5
    text = json.dumps([{"title": "FooNet: Compact Networks", "abstract": abstract}], indent="\t")
    dump = read_dump("records.json", text.encode())
    assert not dump.rejected and [p.title for p in dump.papers] == ["FooNet: Compact Networks"]


ABSTRACT = (
    "We propose a method, which works well, for segmenting, tracking, and captioning anything in "
    "videos. " * 4
)


def test_abstracts_outside_a_recognized_page_are_rejected_never_chrome():
    """A text dump with one arXiv abstract-page block in it: the block is its paper; the
    other abstracts are rejected with a reason (they were silently page chrome)."""
    page = (COPIES / "arxiv-abstract-page.txt").read_text()
    text = f"First Paper Title\n{ABSTRACT}\nSecond Paper Title\n{ABSTRACT} Two.\n{page}"
    dump = read_dump("mixed.txt", text.encode())
    assert [p.arxiv_id for p in dump.papers] == ["2606.27379"]
    assert [int(note.split(":")[1]) for note in dump.rejected if "an abstract outside" in note] == [
        2,
        4,
    ]


def test_several_entries_on_one_line_reject_the_file_rather_than_drop_all_but_one():
    items = [
        {"type": "article", "title": t, "abstract": ABSTRACT + t, "DOI": f"10.1/{t}"}
        for t in ("One", "Two")
    ]
    dump = read_dump("min.json", json.dumps(items).encode())
    assert not dump.papers and dump.rejected == (
        "min.json:1: several entries on line 1: put each on lines of its own",
    )


@pytest.mark.parametrize(
    "text",
    [
        "/etc/hostname",
        "http://127.0.0.1:9/feed",
        '<?xml version="1.0"?>\n<papers><paper><abstract>x</abstract></paper></papers>',
    ],
)
def test_a_feed_file_is_read_as_its_text_never_as_a_path_or_url_and_must_be_a_feed(text):
    dump = read_dump("dump.xml", (text + "\n").encode())
    assert not dump.papers and len(dump.rejected) == dump.summary["lines"]


def test_commas_in_a_title_and_its_abstract_are_no_table():
    text = (
        f"Segment, Track, and Caption Anything\n{ABSTRACT}\n"
        f"Second, Third, and Fourth\n{ABSTRACT} Two.\n"
    )
    dump = read_dump("titled.txt", text.encode())
    assert (
        dump.summary["format"] == "titled-abstracts" and len(dump.papers) == 2 and not dump.rejected
    )


def test_an_arxiv_id_mentioned_in_a_note_is_another_paper_not_this_one():
    bib = (
        (FORMATS / "zotero.bib")
        .read_text()
        .replace(
            "note = {arXiv:2606.27646 [cs.CV]}",
            "note = {arXiv admin note: text overlap with arXiv:2301.12345}",
        )
        .replace("doi = {10.48550/arXiv.2606.27646},\n", "")
        .replace("url = {http://arxiv.org/abs/2606.27646},\n", "")
    )
    assert read_dump("z.bib", bib.encode()).papers[0].arxiv_id == ""


def test_a_sentence_case_title_stays_above_its_hard_wrapped_abstract():
    import textwrap

    feed = read("arxiv-api.xml").papers
    text = "\n".join(
        line
        for p in feed
        for line in [
            "Sentence case title of a paper, sixty-odd chars long",
            *textwrap.wrap(p.abstract, 80),
            "",
        ]
    )
    dump = read_dump("wrapped.txt", text.encode())
    assert [(p.title, p.abstract) for p in dump.papers] == [
        (dump.papers[0].title, p.abstract) for p in feed
    ]
    assert dump.papers[0].title == "Sentence case title of a paper, sixty-odd chars long"


def test_spreadsheet_authors_written_last_first_read_first_last():
    from generator.read.ingest.table import _authors

    assert _authors("Kang, Chanik; Pestourie, Raphaël") == ("Chanik Kang", "Raphaël Pestourie")
    assert _authors("Pestourie, Raphaël") == ("Raphaël Pestourie",)
    assert _authors("Chanik Kang, Raphaël Pestourie") == ("Chanik Kang", "Raphaël Pestourie")


def test_a_year_or_month_alone_stays_one_and_year_zero_is_no_date():
    from generator.read.normalize import iso_date

    assert (iso_date("2026"), iso_date("2026-06"), iso_date("2026-13"), iso_date("0000")) == (
        "2026",
        "2026-06",
        None,
        None,
    )


def test_the_sources_own_keywords_are_kept_apart_from_categories():
    text = (
        (FORMATS / "zotero.bib")
        .read_text()
        .replace(
            "keywords = {cs.CV}",
            "keywords = {Computer Science - Machine Learning, graph neural networks, Molecules}",
        )
    )
    paper = read_dump("k.bib", text.encode()).papers[0]
    assert paper.keywords == ("graph neural networks", "Molecules") and "cs.LG" in paper.categories
    ris = (
        (FORMATS / "zotero.ris")
        .read_text()
        .replace("KW  - cs.CV", "KW  - cs.CV\r\nKW  - meta-optics", 1)
    )
    assert read_dump("k.ris", ris.encode()).papers[0].keywords == ("meta-optics",)


def test_an_abstract_in_several_ris_lines_is_read_whole():
    ris = (
        (FORMATS / "zotero.ris")
        .read_text()
        .replace("DA  - 2026/06/29/", "AB  - A second paragraph.\nDA  - 2026/06/29/", 1)
    )
    assert (
        read_dump("ab.ris", ris.encode())
        .papers[0]
        .abstract.endswith("criteria. A second paragraph.")
    )

"""Ingest: format detection and one parser per format, on named fixture files and the seeds."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from conftest import INGEST_FIXTURES, SEEDS

from generator.model import LineNote, ParsedSource, SourceRef
from generator.read.ingest import (
    detect_format,
    parse_bytes,
    parse_text,
    read_source,
    read_sources,
    source_files,
)
from generator.read.ingest.lines import split_lines
from generator.read.ingest.listing import (
    parse_listing_head,
    parse_score_line,
    split_glued_title,
)
from generator.read.normalize import normalize


def parse(name: str):
    return read_source(INGEST_FIXTURES / name, name)


def accounted(source) -> int:
    return sum(len(r.lines) for r in source.records) + len(source.chrome) + len(source.rejected)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("abstract-lines.txt", "abstract-lines"),
        ("affiliation-header.txt", "abstract-lines"),
        ("titled-pairs.txt", "titled-abstracts"),
        ("listing.txt", "listing"),
        ("title-without-abstract.txt", "titled-abstracts"),
        ("unknown-format.txt", "unknown"),
        ("only-chrome.txt", "unknown"),
        ("records.yaml", "records"),
        ("arxiv-2026-06-29.jsonl", "arxiv-jsonl"),
    ],
)
def test_detects_format(name, expected):
    text = (INGEST_FIXTURES / name).read_text(encoding="utf-8")
    assert detect_format(name, split_lines(text)) == expected


@pytest.mark.parametrize(
    "seed, expected, papers",
    [
        ("000_0d8328550656c12c.txt", "abstract-lines", 10),
        ("001_0737c99de07208bc.txt", "abstract-lines", 11),
        ("002_83346722b6145c5b.txt", "listing", 50),
        ("003_a150b59c08c925b7.txt", "abstract-lines", 10),
        ("004_63fa950dd581f500.txt", "titled-abstracts", 317),
    ],
)
def test_seed_formats_and_counts(seed, expected, papers):
    source = read_source(SEEDS / seed, seed)
    assert source.format == expected
    assert len(source.records) == papers
    assert accounted(source) == source.line_count
    assert not source.rejected


def test_seeds_give_398_records_and_every_line_is_accounted_for():
    sources = read_sources(SEEDS)
    assert sum(len(s.records) for s in sources) == 398
    assert all(accounted(s) == s.line_count for s in sources)


def test_an_institution_header_is_what_papers_are_listed_under_not_their_affiliation():
    source = read_source(SEEDS / "003_a150b59c08c925b7.txt", "003.txt")
    header = (
        "School of Civil and Environmental Engineering, Nanyang Technological University, Singapore"
    )
    assert all(r.listed_under == (header,) and not r.affiliations for r in source.records)
    assert [note.ref.line for note in source.chrome] == [1]
    assert not any(r.abstract.startswith("Abstract") for r in source.records)


def test_titled_pairs_strip_chrome_and_subscribe_glue():
    source = read_source(SEEDS / "004_63fa950dd581f500.txt", "004.txt")
    assert source.records[0].title == "Benchmarking Neural Network Training Algorithms"
    assert [n.reason for n in source.chrome] == ["page chrome", "page chrome"]
    assert all(r.title and not r.title.startswith("Subscribe") for r in source.records)


@pytest.mark.parametrize(
    "glued, title, author",
    [
        (
            "Decoupled Prioritized Resampling for Offline RLYang Yue",
            "Decoupled Prioritized Resampling for Offline RL",
            "Yang Yue",
        ),
        (
            "ExpeL: LLM Agents Are Experiential LearnersAndrew Zhao",
            "ExpeL: LLM Agents Are Experiential Learners",
            "Andrew Zhao",
        ),
        (
            "SiameseNorm: Breaking the Barrier to Reconciling Pre/Post-NormTianyu Li",
            "SiameseNorm: Breaking the Barrier to Reconciling Pre/Post-Norm",
            "Tianyu Li",
        ),
        (
            "ViT$^3$: Unlocking Test-Time Training in VisionDongchen Han",
            "ViT$^3$: Unlocking Test-Time Training in Vision",
            "Dongchen Han",
        ),
        (
            "Fine-Grained Skeleton-Based Action RecognitionSheng-Lan Liu",
            "Fine-Grained Skeleton-Based Action Recognition",
            "Sheng-Lan Liu",
        ),
    ],
)
def test_split_glued_title(glued, title, author):
    assert split_glued_title(glued) == (title, author)


def test_listing_head_with_commas_in_title_and_organizations():
    head = parse_listing_head(
        "Train Once, Get a Family: State-Adaptive Balances for Offline-to-Online "
        "Reinforcement LearningShenzhi Wang, Qisen Yang, Jiawei Gao et al. · tsinghua, pku"
    )
    assert (
        head.title == "Train Once, Get a Family: State-Adaptive Balances for Offline-to-Online"
        " Reinforcement Learning"
    )
    assert head.authors == ("Shenzhi Wang", "Qisen Yang", "Jiawei Gao")
    assert head.truncated is True
    assert head.organizations == ("tsinghua", "pku")


def test_listing_head_keeps_initials_in_names():
    head = parse_listing_head(
        "Provable Representation Learning in MDPsRui Lu, Andrew Zhao, Simon S. Du et al."
    )
    assert head.authors == ("Rui Lu", "Andrew Zhao", "Simon S. Du")


def test_score_line():
    assert parse_score_line("41.3CVNov 18, 2022") == ("CV", "Nov 18, 2022")
    assert parse_score_line("3.8LGNov 16, 2023") == ("LG", "Nov 16, 2023")
    assert parse_score_line("A Title Nov 18, 2022") is None


def test_all_50_listing_entries_match_the_reviewed_golden_file():
    """Golden file reviewed by hand against the dump: title, first author, et al., orgs,
    category, date."""
    golden = json.loads((INGEST_FIXTURES.parent / "golden" / "listing-002.json").read_text())
    source = read_source(SEEDS / "002_83346722b6145c5b.txt", "002.txt")
    papers = [normalize(record) for record in source.records]
    got = [
        {
            "title": p.title,
            "first_author": p.authors[0],
            "et_al": p.authors_truncated,
            "organizations": list(p.affiliations),
            "category": p.category or None,
            "date": p.date,
        }
        for p in papers
    ]
    assert got == golden
    assert sum(1 for entry in golden if entry["date"]) == 12


def test_score_line_belongs_to_the_paper_after_it():
    source = parse("listing.txt")
    assert source.records[0].categories == ("CV",) and source.records[0].lines == (1, 2, 3)
    assert source.records[1].categories == ()
    assert source.records[1].title == "Train Once, Get Two: Virtual Nodes for Graphs"
    assert source.records[1].authors_truncated is False


def test_title_without_abstract_is_rejected_with_its_line():
    source = parse("title-without-abstract.txt")
    assert len(source.records) == 1
    assert [(n.ref.line, n.reason) for n in source.rejected] == [(3, "title with no abstract")]


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty file"),
        ("binary.bin", "binary file"),
        ("unknown-format.txt", "unknown format"),
        ("truncated-line.txt", "unknown format"),
    ],
)
def test_unreadable_inputs_are_reported_not_dropped(name, reason):
    source = parse(name)
    assert not source.records
    assert source.rejected and all(reason in note.reason for note in source.rejected)


def test_file_of_only_chrome_gives_chrome_not_rejections():
    source = parse("only-chrome.txt")
    assert not source.records and not source.rejected
    assert [n.reason for n in source.chrome] == ["page chrome", "page chrome", "blank line"]


def test_latin1_file_is_decoded_not_rejected():
    source = parse("latin1.txt")
    assert len(source.records) == 1
    assert "Café résumé naïve" in source.records[0].abstract
    assert "Latin-1" in source.format


@pytest.mark.parametrize("name", ["utf16le-bom.txt", "utf16be-bom.txt"])
def test_a_utf16_file_with_its_byte_order_mark_reads_as_its_utf8_copy(name):
    """Notepad's "Unicode" (and its big-endian form): titled-pairs.txt saved so, CRLF."""
    source, utf8 = parse(name), parse("titled-pairs.txt")
    assert source.format == "titled-abstracts (decoded as UTF-16 by its byte-order mark)"
    assert [(r.title, r.abstract) for r in source.records] == [
        (r.title, r.abstract) for r in utf8.records
    ]
    assert (source.chrome, source.rejected) == (
        tuple(replace(note, ref=replace(note.ref, file=name)) for note in utf8.chrome),
        (),
    )


@pytest.mark.parametrize("name", ["utf16le-no-bom.txt", "utf16be-no-bom.txt"])
def test_a_utf16_file_without_a_byte_order_mark_is_rejected_whole_never_half_read(name):
    source = parse(name)
    assert not source.records and not source.chrome and len(source.rejected) == 5
    assert {note.reason for note in source.rejected} == {
        "looks like UTF-16 without a byte-order mark; save it as UTF-8"
    }
    assert source.format == "UTF-16 without byte-order mark"


def test_one_megabyte_line_is_one_abstract(tmp_path):
    sentence = "Sparse attention scales transformers to long inputs with linear memory. "
    path = tmp_path / "huge.txt"
    path.write_text(sentence * (1_048_576 // len(sentence)) + "\n")
    source = read_source(path, "huge.txt")
    assert len(source.records) == 1 and len(source.records[0].abstract) > 1_000_000


def test_lines_split_only_on_newline():
    assert split_lines("a\u2028b\u0085c\r\nd\n") == ["a\u2028b\u0085c", "d"]


def test_own_schema_records_with_line_numbers_and_rejections():
    source = parse("records.yaml")
    assert [r.title for r in source.records] == ["FooNet: Compact Networks"]
    record = source.records[0]
    assert record.ref.line == 2 and record.authors == ("Ann Lee", "Bo Chen")
    assert record.urls == ("https://github.com/example/foonet",)
    assert {n.reason for n in source.rejected} == {"record has no abstract"}
    assert accounted(source) == source.line_count


def test_arxiv_jsonl_takes_date_from_file_name_and_rejects_bad_json():
    source = parse("arxiv-2026-06-29.jsonl")
    assert len(source.records) == 2
    assert source.records[0].date == "2026-06-29"
    assert source.records[0].arxiv_id == "2606.00001"
    assert [n.ref.line for n in source.rejected] == [3]
    assert "invalid JSON" in source.rejected[0].reason


def test_real_arxiv_daily_file_gives_230_records_and_dedups_cross_listings():
    from generator.serve.ingest_view import ingest_paths

    output = ingest_paths([INGEST_FIXTURES / "arxiv-daily-2026-06-29.jsonl"])
    records = output["records"]
    assert len(records) == 230
    assert all(
        r["authors"] and r["categories"] and r["arxiv_id"] and r["date"] == "2026-06-29"
        for r in records
    )
    assert all(r["id"] == f"arxiv-{r['arxiv_id']}" for r in records)
    assert len(output["papers"]) == len({r["arxiv_id"] for r in records}) == 166
    assert output["report"]["duplicates_merged"] == 64
    assert not any("\\emph" in r["abstract"] for r in records)


def test_glued_name_at_the_end_of_a_long_line_is_found():
    title = " ".join(["Offline RL"] * 2000)
    assert split_glued_title(f"{title}Yang Ye Li Xu Wu") == (title, "Yang Ye Li Xu Wu")
    assert split_glued_title(f"{title}Yang Ye Li Xu Wu Qi") is None, "six tokens are no name"


def test_hidden_files_and_folders_are_not_dumps(tmp_path):
    """A sources folder kept as its own git repository (or holding editor files) gives only
    its dumps: `.git/HEAD` or `.git/objects/...` read as dumps would be rejected line by line."""
    (tmp_path / "day.txt").write_text(
        (INGEST_FIXTURES / "abstract-lines.txt").read_text(encoding="utf-8")
    )
    for hidden in (".git/HEAD", ".git/objects/ab/cdef", ".cache/notes.txt", "nested/.day.txt.swp"):
        (tmp_path / hidden).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / hidden).write_text("ref: refs/heads/main\n")
    (tmp_path / "nested" / "more.txt").write_text(
        (INGEST_FIXTURES / "titled-pairs.txt").read_text(encoding="utf-8")
    )
    assert [source.file for source in read_sources(tmp_path)] == ["day.txt", "nested/more.txt"]


def test_a_missing_dump_is_one_rejection_naming_it(tmp_path):
    source = read_source(tmp_path / "gone.txt", "day/gone.txt")
    assert source == ParsedSource(
        "day/gone.txt",
        "unreadable",
        0,
        rejected=(
            LineNote(
                SourceRef("day/gone.txt", 0), "cannot read this file: No such file or directory"
            ),
        ),
    )


def test_a_file_without_abstracts_keeps_its_chrome_and_rejects_each_other_line():
    source = parse_text("notes.txt", "Subscribe\n\nA short note\nAnother, longer note here\n")
    reason = (
        "unknown format: no line of this file reads as an abstract (the longest has 25 "
        "characters and 4 words; an abstract line has at least 250 and 30)"
    )
    assert source == ParsedSource(
        "notes.txt",
        "unknown",
        4,
        chrome=(
            LineNote(SourceRef("notes.txt", 1), "page chrome"),
            LineNote(SourceRef("notes.txt", 2), "blank line"),
        ),
        rejected=(
            LineNote(SourceRef("notes.txt", 3), reason),
            LineNote(SourceRef("notes.txt", 4), reason),
        ),
    )


def test_dumps_are_read_in_the_order_of_their_paths_as_text(tmp_path):
    """`a-b/` sorts before `a/` as text ("-" < "/"), though `a` is a shorter folder name."""
    text = (INGEST_FIXTURES / "abstract-lines.txt").read_text(encoding="utf-8")
    for name in ("a/x.txt", "a-b/y.txt", "a b/z.txt", "b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    assert [source.file for source in read_sources(tmp_path)] == [
        "a b/z.txt",
        "a-b/y.txt",
        "a/x.txt",
        "b.txt",
    ]


def test_a_link_back_up_the_tree_is_skipped_and_the_folders_after_it_are_read(tmp_path):
    (tmp_path / "a-loop").symlink_to(tmp_path)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "day.txt").write_bytes((INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    assert [source.file for source in read_sources(tmp_path)] == ["b/day.txt"]


def test_a_dangling_link_is_skipped_with_a_warning(tmp_path, caplog):
    (tmp_path / "day.txt").write_bytes((INGEST_FIXTURES / "abstract-lines.txt").read_bytes())
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert [source.file for source in read_sources(tmp_path)] == ["day.txt"]
    assert caplog.messages == [f"skipped {tmp_path / 'gone.txt'}: No such file or directory"]


ABSTRACT = " ".join(["Sparse attention lets transformers read long inputs."] * 8)


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        ([ABSTRACT, "", "Subscribe", ABSTRACT, ""], "abstract-lines"),  # blanks and chrome aside
        (["Graphs Made Easy", ABSTRACT], "titled-abstracts"),
        (["Example University", "Abstract: " + ABSTRACT], "abstract-lines"),  # a header
        (["Graphs Made EasyAnn Lee, Bo Chen", ABSTRACT], "listing"),
        (["Graphs Made EasyAnn Lee, Bo Chen", "", ABSTRACT], "listing"),  # blanks aside
    ],
)
def test_text_format_from_line_shapes(lines, kind):
    assert detect_format("dump.txt", lines) == kind


def test_hard_wrapped_dump_keeps_its_name_on_records_and_notes():
    text = (INGEST_FIXTURES.parent / "formats" / "hard-wrapped.txt").read_text(encoding="utf-8")
    source = parse_text("day/wrapped.txt", text)
    assert source.format == "titled-abstracts (hard-wrapped lines joined)"
    assert source.file == "day/wrapped.txt" and source.records
    notes = source.records + source.chrome + source.rejected
    assert {note.ref.file for note in notes} == {"day/wrapped.txt"}


def test_hard_wrapped_lines_that_join_into_no_abstract_are_an_unknown_format():
    lines = [
        "we study how sparse attention lets one transformer read very",
        "long inputs with memory that grows linearly in their length",
        "and we show that it matches full attention on all ten tasks",
        "at a third of the cost.",
    ]
    source = parse_text("short.txt", "\n".join(lines))
    assert source.format == "unknown" and source.line_count == 4 and not source.records
    assert [note.ref.line for note in source.rejected] == [1, 2, 3, 4]


def test_a_fifo_is_skipped_with_a_warning_never_opened(tmp_path, caplog):
    os.mkfifo(tmp_path / "pipe.txt")
    assert source_files(tmp_path) == []
    assert caplog.messages == [f"skipped {tmp_path / 'pipe.txt'}: not a regular file"]


def test_text_shaped_like_another_format_is_unknown_with_every_line_rejected():
    lines = ["<html>", "<body>", f"<p>{ABSTRACT}</p>", "</body>"]
    reason = (
        "looks like an HTML page (4 of 4 lines like '<html>') but does not read as one: "
        "save the page's text, or export the list from the site"
    )
    assert parse_text("page.txt", "\n".join(lines)) == ParsedSource(
        "page.txt",
        "unknown",
        4,
        rejected=tuple(LineNote(SourceRef("page.txt", n), reason) for n in (1, 2, 3, 4)),
    )


def test_a_binary_dump_rejects_each_of_its_lines_with_the_reason():
    reason = "binary file (not UTF-8 text: invalid start byte at byte 2)"
    assert parse_bytes("blob.txt", b"ab\xff\x00\ncd\nef\n") == ParsedSource(
        "blob.txt",
        "binary",
        3,
        rejected=tuple(LineNote(SourceRef("blob.txt", n), reason) for n in (1, 2, 3)),
    )
    one_line = parse_bytes("blob.bin", b"\xff\x00")  # no line break: still one line
    assert one_line.line_count == 1 and len(one_line.rejected) == 1


def test_an_empty_dump_is_one_rejection_naming_it():
    assert parse_bytes("day/empty.txt", b"") == ParsedSource(
        "day/empty.txt",
        "empty",
        0,
        rejected=(LineNote(SourceRef("day/empty.txt", 0), "empty file"),),
    )

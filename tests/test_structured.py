"""Records a user writes (YAML/JSON, generator/read/ingest/structured.py) and spreadsheet rows
(table.py): every field each gives its record, and every line accounted for."""

from __future__ import annotations

from conftest import INGEST_FIXTURES

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.structured import parse_own_schema
from generator.read.ingest.table import parse_table

STRUCTURE = "structure (brackets, keys, comments)"


def test_a_spreadsheet_row_gives_every_column_to_its_field():
    header = "title,abstract,authors,date,arxiv_id,categories,url,doi,comment,keywords"
    row = 'T,An abstract.,Ann Lee; Bo Chen,2024-01-02,2401.00001,"cs.LG, cs.CV",'
    row += "https://x.org/p,10.1/x,9 pages,graphs; trees"
    records, chrome, rejected = parse_table("t.csv", [header, row, ""], ",")
    assert records == [
        RawRecord(
            SourceRef("t.csv", 2),
            (2,),
            "An abstract.",
            title="T",
            authors=("Ann Lee", "Bo Chen"),
            date="2024-01-02",
            arxiv_id="2401.00001",
            categories=("cs.LG", "cs.CV"),
            urls=("https://x.org/p", "https://doi.org/10.1/x"),
            comment="9 pages",
            keywords=("graphs", "trees"),
        )
    ]
    assert [note.reason for note in chrome] == ["CSV header", "blank line"] and not rejected
    [bare], _, _ = parse_table("t.csv", ["abstract", "Only an abstract."], ",")
    assert bare == RawRecord(SourceRef("t.csv", 2), (2,), "Only an abstract.")


OWN = """\
papers:
- title: A Title
  abstract: An abstract.
  authors: [Ann Lee, Bo Chen]
  authors_truncated: true
  affiliations: [MIT]
  category: cs.LG
  date: "2024-01-02"
  arxiv_id: "2401.00001"
  links: [https://x.org/p]
  comment: 9 pages
# a comment
- {abstract: Second., categories: [cs.CV, cs.LG]}
- {title: no abstract}
"""


def test_an_own_record_gives_every_key_to_its_field():
    records, chrome, rejected = parse_own_schema("own.yaml", OWN.split("\n"))
    assert records == [
        RawRecord(
            SourceRef("own.yaml", 2),
            tuple(range(2, 12)),  # its own lines: the comment below it is structure
            "An abstract.",
            title="A Title",
            authors=("Ann Lee", "Bo Chen"),
            authors_truncated=True,
            affiliations=("MIT",),
            categories=("cs.LG",),
            date="2024-01-02",
            arxiv_id="2401.00001",
            urls=("https://x.org/p",),
            comment="9 pages",
        ),
        RawRecord(SourceRef("own.yaml", 13), (13,), "Second.", categories=("cs.CV", "cs.LG")),
    ]
    assert chrome == [LineNote(SourceRef("own.yaml", n), STRUCTURE) for n in (1, 12, 15)]
    assert rejected == [LineNote(SourceRef("own.yaml", 14), "record has no abstract")]


def test_records_indented_under_papers_keep_their_own_lines():
    text = "papers:\n  - title: A\n    abstract: x\n  - title: B\n    abstract: y\n"
    records = parse_own_schema("own.yaml", text.split("\n"))[0]
    assert [record.lines for record in records] == [(2, 3), (4, 5)]
    nested = "papers:\n  - abstract: x\n    authors:\n      - Ann\n      - Bo\n  - abstract: y\n"
    records = parse_own_schema("own.yaml", nested.split("\n"))[0]
    assert [record.lines for record in records] == [(2, 3, 4, 5), (6,)]


def test_a_list_at_the_top_is_read_and_other_keys_are_not_records():
    text = "- {abstract: One.}\n- {abstract: Two.}"
    assert [r.lines for r in parse_own_schema("own.yaml", text.split("\n"))[0]] == [(1,), (2,)]
    for text in ("other: [{abstract: One.}]", "papers: {abstract: One.}", "just text"):
        records, chrome, rejected = parse_own_schema("own.yaml", [text])
        assert not records and not chrome
        assert [note.reason for note in rejected] == [
            "expected a list of records or {papers: [...]}"
        ]


def test_a_bad_record_sharing_a_line_rejects_the_file_naming_it():
    records, chrome, rejected = parse_own_schema("own.json", ['[{"abstract": "A."}, {"t": 1}]'])
    assert not records and not chrome and len(rejected) == 1
    assert rejected[0].ref == SourceRef("own.json", 1)
    assert rejected[0].reason.startswith("line 1: ")
    assert rejected[0].reason.endswith(
        "(a record sharing a line with another: fix it, or put one record per line)"
    )


def test_a_tab_separated_file_names_itself_tsv_and_a_broken_quote_stops_the_rest():
    text = 'title\tabstract\nT\tAn abstract.\nU\t"broken\nV\tx\n'
    records, chrome, rejected = parse_table("t.tsv", text.split("\n"), "\t")
    assert [r.ref for r in records] == [SourceRef("t.tsv", 2)]
    assert chrome == [
        LineNote(SourceRef("t.tsv", 1), "TSV header"),
        LineNote(SourceRef("t.tsv", 5), "blank line"),
    ]
    reason = "invalid TSV after line 2: unexpected end of data (this row and the rest not read)"
    assert rejected == [LineNote(SourceRef("t.tsv", n), reason) for n in (3, 4)]


def test_a_file_that_is_no_list_of_records_is_rejected_on_every_line_of_it():
    rejected = parse_own_schema("own.yaml", ["a: 1", "b: 2"])[2]
    reason = "expected a list of records or {papers: [...]}"
    assert rejected == [LineNote(SourceRef("own.yaml", n), reason) for n in (1, 2)]


def test_one_abstract_under_a_header_is_a_file_with_an_affiliation_only_when_prefixed():
    from generator.read.ingest.abstracts import find_affiliation_header
    from generator.read.ingest.lines import has_abstract_prefix

    abstract = "We study sparse attention for long inputs in transformers. " * 6
    assert has_abstract_prefix("  abstract. We study") and not has_abstract_prefix("We study")
    assert find_affiliation_header(["MIT", f"Abstract: {abstract}"]) == 0
    assert find_affiliation_header(["MIT", abstract]) is None


def test_a_json_lines_record_gives_every_key_to_its_field():
    from generator.read.ingest.structured import parse_jsonl

    line = (
        '{"id": "2401.00001", "title": "T", "summary": "S.", "abstract": "A.", '
        '"authors": "Ann Lee, , Bo Chen", "categories": "cs.LG cs.AI", "comment": "9 pages", '
        '"abs": "https://arxiv.org/abs/2401.00001", "pdf": "", "updated": "2024-01-03", '
        '"published": "2024-01-02"}'
    )
    records, chrome, rejected = parse_jsonl("arxiv-2024-01-05.jsonl", ["", line])
    assert records == [
        RawRecord(
            SourceRef("arxiv-2024-01-05.jsonl", 2),
            (2,),
            "S.",
            title="T",
            authors=("Ann Lee", "Bo Chen"),
            categories=("cs.LG", "cs.AI"),
            date="2024-01-02",
            arxiv_id="2401.00001",
            urls=("https://arxiv.org/abs/2401.00001",),
            comment="9 pages",
        )
    ]
    assert chrome == [LineNote(SourceRef("arxiv-2024-01-05.jsonl", 1), "blank line")]
    assert rejected == []


def test_a_json_lines_record_without_a_date_takes_the_file_name_s():
    from generator.read.ingest.structured import parse_jsonl

    lines = ['{"abstract": "A.", "authors": ["Ann", " "], "categories": ["cs.LG stat.ML"]}']
    [dated], _, _ = parse_jsonl("day-2024-01-05.jsonl", lines)
    assert (dated.date, dated.authors, dated.categories) == (
        "2024-01-05",
        ("Ann",),
        ("cs.LG", "stat.ML"),
    )
    [undated], _, _ = parse_jsonl("day.jsonl", ['{"abstract": "A.", "pdf": "https://x.org/p"}'])
    assert (undated.date, undated.urls, undated.title, undated.authors) == (
        "",
        ("https://x.org/p",),
        "",
        (),
    )
    assert (undated.arxiv_id, undated.comment, undated.categories) == ("", "", ())


def test_a_line_of_the_kaggle_arxiv_snapshot_keeps_its_doi_journal_and_first_version_date():
    from generator.read.ingest.structured import parse_jsonl

    # The first line of Kaggle's arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json).
    lines = (INGEST_FIXTURES / "kaggle-arxiv-snapshot.jsonl").read_text().splitlines()
    [record], _, rejected = parse_jsonl("kaggle-arxiv-snapshot.jsonl", lines)
    assert rejected == []
    assert (record.arxiv_id, record.categories) == ("0704.0001", ("hep-ph",))
    assert record.date == "Mon, 2 Apr 2007 19:18:42 GMT"  # v1's: update_date is 2008-11-13
    assert record.urls == ("https://doi.org/10.1103/PhysRevD.76.013009",)
    assert record.comment == "37 pages, 15 figures; published version; Phys.Rev.D76:013009,2007"
    assert record.authors[-1] == "C.-P. Yuan"


def test_a_line_the_arxiv_package_dumps_and_a_mirrors_version_names_are_read():
    from generator.read.ingest.structured import parse_jsonl

    package = (
        '{"entry_id": "http://arxiv.org/abs/2406.01234v1", "published": "2024-06-03T17:59:59Z", '
        '"title": "T", "authors": ["Ann Lee"], "summary": "S.", "journal_ref": "J. 1 (2024)", '
        '"doi": "10.1/a 10.1/b", "primary_category": "cs.LG", "categories": ["cs.AI", "cs.LG"], '
        '"links": [{"href": "http://arxiv.org/abs/2406.01234v1"}], '
        '"pdf_url": "http://arxiv.org/pdf/2406.01234v1"}'
    )
    mirror = '{"id": "0704.0001", "abstract": "A.", "versions": ["v1", "v2"]}'
    (first, second), _, rejected = parse_jsonl("d.jsonl", [package, mirror])
    assert rejected == []
    assert first.urls == (
        "http://arxiv.org/abs/2406.01234v1",
        "http://arxiv.org/pdf/2406.01234v1",
        "https://doi.org/10.1/a",
        "https://doi.org/10.1/b",
    )
    assert (first.categories, first.comment) == (("cs.LG", "cs.AI"), "J. 1 (2024)")
    assert (second.arxiv_id, second.date) == ("0704.0001", "")


def test_a_json_lines_field_nobody_writes_rejects_its_line_naming_it():
    from generator.read.ingest.structured import parse_jsonl

    lines = ['{"id": "2406.33333", "titel": "Typo", "summary": "A."}', '{"summary": "B."}']
    records, _, rejected = parse_jsonl("d.jsonl", lines)
    assert [r.abstract for r in records] == ["B."]
    [note] = rejected
    assert note.ref == SourceRef("d.jsonl", 1)
    assert note.reason.startswith("unknown field: titel (known: abs, abstract, authors, ")


def test_a_bad_json_line_is_rejected_with_its_reason_and_the_rest_read():
    from generator.read.ingest.structured import parse_jsonl

    lines = [
        '{"abstract": "A."',
        "[" * 100_000,
        '{"summary": "' + "x" * (1024 * 1024) + '"}',
        '{"abstract": "B."}',
    ]
    records, _, rejected = parse_jsonl("d.jsonl", lines)
    assert [r.abstract for r in records] == ["B."]
    assert rejected == [
        LineNote(SourceRef("d.jsonl", 1), "invalid JSON: Expecting ',' delimiter at column 18"),
        LineNote(SourceRef("d.jsonl", 2), "invalid record: nested too deeply"),
        LineNote(SourceRef("d.jsonl", 3), "record longer than 1024 KiB"),
    ]


def test_invalid_yaml_is_rejected_whole_naming_its_line():
    text = "- abstract: A.\n- abstract: [B.\n"
    records, chrome, rejected = parse_own_schema("own.yaml", text.split("\n"))
    assert not records and not chrome and len(rejected) == 3
    assert rejected[0].reason.startswith("invalid YAML/JSON (line 3): ")
    assert {note.ref.file for note in rejected} == {"own.yaml"}
    aliased = parse_own_schema("own.yaml", ["- &a {abstract: A.}", "- *a"])[2]
    assert {note.reason for note in aliased} == {
        "invalid YAML/JSON (line 2): YAML aliases (*name) are not allowed in a dump"
    }


def test_json_records_may_be_indented_with_tabs_and_yaml_only_breaks_are_spaces():
    records = parse_own_schema("own.JSON", ['[\t{"abstract":\t"A.\u2028B."}]'])[0]
    assert [r.abstract for r in records] == ["A. B."]
    rejected = parse_own_schema("own.yaml", ['[\t{"abstract":\t"A."}]'])[2]
    assert rejected and rejected[0].reason.startswith("invalid YAML/JSON (line 1): ")


def test_a_bad_record_on_its_own_lines_is_rejected_on_each():
    text = "- abstract: A.\n- title: T\n  date: soon\n- abstract: B.\n"
    records, _, rejected = parse_own_schema("own.yaml", text.split("\n"))
    assert [r.lines for r in records] == [(1,), (4,)]
    assert rejected == [
        LineNote(SourceRef("own.yaml", n), "date: not a valid date: 'soon'") for n in (2, 3)
    ]


def test_a_json_lines_record_of_exactly_1_mib_is_read():
    from generator.read.ingest.structured import parse_jsonl

    start, end = '{"summary": "', '"}'
    line = start + "x" * (1024 * 1024 - len(start) - len(end)) + end
    records, _, rejected = parse_jsonl("d.jsonl", [line])
    assert len(records) == 1 and rejected == []


def test_a_records_file_over_the_limit_is_rejected_whole(monkeypatch):
    from generator.read.ingest import structured

    monkeypatch.setattr(structured, "MAX_STRUCTURED_BYTES", 1 << 20)
    exactly = ["\x07" + "x" * ((1 << 20) - 1)]  # at the limit: read (and found unreadable)
    [note] = parse_own_schema("own.yaml", exactly)[2]
    assert note.reason.startswith("invalid YAML/JSON: unacceptable character #x0007")
    over = ["- {abstract: A.}", "x" * ((1 << 20) - 16)]
    assert parse_own_schema("own.yaml", over) == (
        [],
        [],
        [LineNote(SourceRef("own.yaml", n), "records file over 1 MiB: split it") for n in (1, 2)],
    )


def test_yaml_that_cannot_be_read_at_all_is_rejected_whole_with_the_reason():
    records, chrome, rejected = parse_own_schema("own.yaml", ["- abstract: ok", "- title: \x07"])
    assert (
        not records
        and not chrome
        and [n.ref for n in rejected]
        == [
            SourceRef("own.yaml", 1),
            SourceRef("own.yaml", 2),
        ]
    )
    assert rejected[0].reason.startswith(
        "invalid YAML/JSON: unacceptable character #x0007: special characters are not allowed"
    )
    deep = parse_own_schema("own.yaml", ["[" * 400 + "]" * 400])
    assert deep == (
        [],
        [],
        [LineNote(SourceRef("own.yaml", 1), "invalid YAML/JSON: nested too deeply")],
    )


def test_a_block_scalar_ends_on_its_last_line():
    text = ["- abstract: |", "    text", "- abstract: B."]
    assert [r.lines for r in parse_own_schema("own.yaml", text)[0]] == [(1, 2), (3,)]

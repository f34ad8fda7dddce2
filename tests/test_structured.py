"""Records a user writes (YAML/JSON, generator/read/ingest/structured.py) and spreadsheet rows
(table.py): every field each gives its record, and every line accounted for."""

from __future__ import annotations

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

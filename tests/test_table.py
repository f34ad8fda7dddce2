"""Spreadsheets (generator/read/ingest/table.py): columns found by name, one paper per row,
and every other row and line accounted for with its reason."""

from __future__ import annotations

import pytest

from generator.model import LineNote, RawRecord, SourceRef
from generator.read.ingest.table import _authors, parse_table


def parse(*lines: str, delimiter: str = ","):
    return parse_table("t.csv", list(lines), delimiter)


def notes(*pairs: tuple[int, str]) -> list[LineNote]:
    return [LineNote(SourceRef("t.csv", n), reason) for n, reason in pairs]


def test_every_column_reaches_the_record():
    header = (
        "Paper_Title,ABSTRACT NOTE,Creators,Publication  Year,arXiv ID,Link,DOI,"
        "Primary Category,Notes,Manual Tags"
    )
    row = (
        ' A Title , An abstract. ,"Lee, Ann; Li, Bo",2024,2301.12345, https://x.org/p ,'
        '10.1/x,"cs.LG, stat.ML", 12 pages ,graphs; GNN'
    )
    [record], chrome, rejected = parse(header, row)
    assert record == RawRecord(
        ref=SourceRef("t.csv", 2),
        lines=(2,),
        abstract="An abstract.",
        title="A Title",
        authors=("Ann Lee", "Bo Li"),
        date="2024",
        arxiv_id="2301.12345",
        categories=("cs.LG", "stat.ML"),
        urls=("https://x.org/p", "https://doi.org/10.1/x"),
        comment="12 pages",
        keywords=("graphs", "GNN"),
    )
    assert chrome == notes((1, "CSV header")) and rejected == []


def test_the_first_name_of_a_field_wins_and_missing_columns_are_empty():
    [record], _, _ = parse("summary,abstract,title", "second,first,T")
    assert (record.abstract, record.title, record.authors, record.urls) == ("first", "T", (), ())


def test_tsv_reads_tabs_and_names_itself_in_its_reasons():
    [record], chrome, rejected = parse(
        "title\tabstract", "A, B\tAn abstract.", "x\ty\tz", delimiter="\t"
    )
    assert (record.title, record.abstract) == ("A, B", "An abstract.")
    assert chrome == [LineNote(SourceRef("t.csv", 1), "TSV header")]
    assert rejected == [LineNote(SourceRef("t.csv", 3), "row has 3 cells, the header 2")]


def test_blank_rows_ragged_rows_and_rows_without_an_abstract():
    _, chrome, rejected = parse("title,abstract", "", " , ", "A", "B,  ", "C,ok,extra")
    assert chrome == notes((1, "CSV header"), (2, "blank line"), (3, "CSV row of empty cells"))
    assert rejected == notes(
        (4, "row has 1 cells, the header 2"),
        (5, "row with an empty abstract (B)"),
        (6, "row has 3 cells, the header 2"),
    )


def test_a_csv_excel_saved_with_semicolons_is_read_cut_at_them():
    header, row = "Title;Authors;Abstract", 'A Title;"Lee, Ann";An abstract, with a comma.'
    [record], chrome, rejected = parse(header, row)
    assert (record.title, record.authors, record.abstract) == (
        "A Title",
        ("Ann Lee",),
        "An abstract, with a comma.",
    )
    assert chrome == notes((1, "CSV header")) and rejected == []
    [comma], _, _ = parse("title,abstract", "A; B,An abstract; with a semicolon.")
    assert (comma.title, comma.abstract) == ("A; B", "An abstract; with a semicolon.")


def test_a_quoted_cell_spans_its_lines():
    records, _, _ = parse("title,abstract", 'T,"line one', 'line two"', "U,second")
    assert [(r.ref.line, r.lines) for r in records] == [(2, (2, 3)), (4, (4,))]
    assert records[0].abstract == "line one\nline two"


def test_a_broken_quote_rejects_its_row_and_the_rest():
    records, _, rejected = parse("title,abstract", "A,ok", 'B,"x"y', "", "C,later")
    assert [r.title for r in records] == ["A"]
    reason = "invalid CSV after line 2: ',' expected after '\"' (this row and the rest not read)"
    assert rejected == notes((3, reason), (5, reason))


def test_a_header_without_an_abstract_column_rejects_the_file_naming_its_columns():
    reason = (
        "CSV header names no abstract column (found: title, year); see the README's column names"
    )
    assert parse("title, , year ", "A,,2024") == ([], [], notes((1, reason), (2, reason)))
    none = "CSV header names no abstract column (found: none); see the README's column names"
    assert parse(" ,") == ([], [], notes((1, none)))
    many = ",".join(f"column{n:03d}" for n in range(40))
    [note] = parse(many)[2]
    assert f"(found: {', '.join(f'column{n:03d}' for n in range(40))[:200]});" in note.reason


def test_an_empty_or_unreadable_header():
    assert parse() == ([], [], [])
    reason = "invalid CSV header: unexpected end of data"
    assert parse('"title,abstract', "x") == ([], [], notes((1, reason), (2, reason)))


@pytest.mark.parametrize(
    ("cell", "authors"),
    [
        ("", ()),
        ("Pestourie, Raphaël", ("Raphaël Pestourie",)),
        ("Pestourie, Raphaël Jean", ("Raphaël Jean Pestourie",)),
        ("Pestourie, Raphaël Jean Paul", ("Pestourie", "Raphaël Jean Paul")),
        ("Ann Lee, Bo Li", ("Ann Lee", "Bo Li")),
        ("Lee, ", ("Lee",)),
        ("Pestourie, Raphaël; Kang, Chanik", ("Raphaël Pestourie", "Chanik Kang")),
        ("Ann Lee and Bo Li, Jr., Sr.", ("Ann Lee", "Bo Li, Jr., Sr.")),
        ("Lee, Ann\nLi, Bo;x", ("Ann Lee", "Bo;x Li")),
        (" Ann Lee ; ; Bo Li ", ("Ann Lee", "Bo Li")),
    ],
)
def test_authors_split_and_turned_first_last(cell, authors):
    assert _authors(cell) == authors


@pytest.mark.parametrize(
    "cell, truncated",
    [
        ("Vaswani, Ashish; et al.", True),
        ("Vaswani, Ashish; others", True),
        ("Vaswani, Ashish", False),
    ],
)
def test_an_et_al_in_the_authors_cell_marks_the_list_truncated(cell, truncated):
    [record], _, _ = parse("authors,abstract", f'"{cell}",An abstract.')
    assert (record.authors, record.authors_truncated) == (("Ashish Vaswani",), truncated)


def test_a_header_as_long_as_an_abstract_is_the_header_not_a_rejected_abstract():
    names = [f"Column Name {n}" for n in range(40)] + ["Abstract Note"]
    header = ",".join(f'"{name}"' for name in names)
    assert len(header) > 250 and len(header.split()) > 30
    [record], chrome, rejected = parse(header, ",".join(['""'] * 40 + ['"An abstract."']))
    assert record.abstract == "An abstract." and rejected == []
    assert chrome == notes((1, "CSV header"))


def test_a_header_cell_over_two_lines_is_header_on_both():
    [record], chrome, rejected = parse('title,"abstract', '",comment', "T,An abstract.,c")
    assert record.abstract == "An abstract."
    assert chrome == notes((1, "CSV header"), (2, "CSV header")) and rejected == []


@pytest.mark.parametrize(
    "extra, arxiv, categories",
    [
        ("arXiv:2606.27646 [cs.CV]", "arXiv:2606.27646 [cs.CV]", ("cs.CV",)),
        ("arXiv: 1706.03762", "arXiv: 1706.03762", ()),
        ("Citation Key: lee2024", "", ()),
    ],
)
def test_zoteros_extra_gives_the_arxiv_id_and_category(extra, arxiv, categories):
    [record], _, _ = parse("Abstract Note,Extra", f'"An abstract.","{extra}"')
    assert (record.arxiv_id, record.categories) == (arxiv, categories)


def test_without_an_arxiv_column_the_id_comes_from_an_arxiv_doi_or_link():
    [record], _, _ = parse("abstract,doi,url", "A.,10.48550/arXiv.2401.00003,https://x.org")
    assert record.arxiv_id == "10.48550/arXiv.2401.00003"
    [record], _, _ = parse("abstract,arxiv_id,doi", "A.,2401.00001,10.48550/arXiv.2401.00003")
    assert record.arxiv_id == "2401.00001"


def test_a_tsv_header_names_itself_tsv_in_its_rejections():
    reason = "invalid TSV header: unexpected end of data"
    assert parse('"title\tabstract', delimiter="\t") == ([], [], notes((1, reason)))
    reason = "TSV header names no abstract column (found: title); see the README's column names"
    assert parse("title\t", delimiter="\t") == ([], [], notes((1, reason)))

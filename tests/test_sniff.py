"""Which reader a dump gets (generator/read/ingest/sniff.py): by its name, else by its first
lines; and the text files no reader may guess at, with the reason each is rejected."""

from __future__ import annotations

import pytest

from generator.read.ingest.sniff import foreign_text, structured_format

CSL = ['[{"type": "article", "DOI": "10.1/x", "abstract": "An abstract."}]']
ABSTRACT = " ".join(["word"] * 60)


@pytest.mark.parametrize(
    ("file", "kind"),
    [
        ("day.jsonl", "arxiv-jsonl"),
        ("refs.bib", "bibtex"),
        ("refs.BibTeX", "bibtex"),
        ("refs.RIS", "ris"),
        ("sheet.csv", "csv"),
        ("sheet.tsv", "tsv"),
        ("records.yaml", "records"),
        ("records.YML", "records"),
        ("api.xml", "feed"),
        ("feed.atom", "feed"),
        ("feed.RSS", "feed"),
        ("notes.txt", ""),
    ],
)
def test_a_known_extension_names_the_format_whatever_the_text(file, kind):
    assert structured_format(file, ["plain text"]) == kind


def test_a_json_file_is_csl_when_its_items_are_csl_else_records():
    assert structured_format("refs.JSON", CSL) == "csl-json"
    assert structured_format("refs.json", ['[{"abstract": "An abstract."}]']) == "records"


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (["", '<?xml version="1.0"?>', '<feed xmlns="x">'], "feed"),
        (["% exported by JabRef", "", "@misc{key,", "title = {T}}"], "bibtex"),
        (["  @Article ( key ,", "}"], "bibtex"),
        (["  % a comment", "@misc{key,"], "bibtex"),
        (["  " + CSL[0]], "csl-json"),
        (["@misc{key", "}"], ""),
        (["TY  - JOUR", "AB  - An abstract.", "ER  - "], "ris"),
        (["AU  - Lee, Ann", "TY  - JOUR"], ""),
        (CSL, "csl-json"),
        (['  [{"abstract": "An abstract."}]'], ""),
        (["title\tabstract", "T\tA"], "tsv"),
        (["Title,Abstract", "T,A"], "csv"),
        (['"Paper Title","Abstract_Note"', "T,A"], "csv"),
        (["  abstract  ,  summary "], "csv"),
        (["abstract,ABSTRACT"], ""),
        (["abstract"], ""),
        (["title,notes", "T,A"], ""),
        (["title;abstract"], ""),
        (["Xabstract,Title", "A,T"], ""),  # only spaces and quotes around a name are cut
    ],
)
def test_a_text_file_is_named_by_its_first_content_line(lines, kind):
    assert structured_format("dump.txt", lines) == kind


def test_only_the_first_200_lines_and_the_first_400_for_a_feed_are_looked_at():
    assert structured_format("dump.txt", [""] * 199 + ["@misc{key,"]) == "bibtex"
    assert structured_format("dump.txt", [""] * 200 + ["@misc{key,"]) == ""
    assert structured_format("dump.txt", ["%"] * 399 + ["<rss>"]) == ""
    assert structured_format("dump.txt", [" "] * 398 + ["<rss>"]) == "feed"
    assert structured_format("dump.txt", [" "] * 400 + ["<rss>"]) == ""


def test_a_json_file_of_one_object_a_line_is_json_lines_as_kaggles_arxiv_snapshot_is():
    record = '{"id": "0704.0001", "abstract": "An abstract."}'
    assert structured_format("arxiv-metadata-oai-snapshot.json", [record, record]) == (
        "arxiv-jsonl"
    )
    assert structured_format("one.json", [record]) == "records"
    snapshot = '{"id": "0704.0001", "abstract": "An abstract.", "update_date": "2008-11-13"}'
    assert structured_format("head-1.json", [snapshot]) == "arxiv-jsonl"
    assert structured_format("list.json", ["[", record + ",", record, "]"]) == "records"


def test_json_split_over_lines_is_read_whole_to_tell_csl():
    # keys written with escapes: only the parsed JSON shows them as CSL's
    lines = ['[{"\\u0074ype": "article",', '"DO\\u0049": "10.1/x"}]']
    assert structured_format("refs.json", lines) == "csl-json"
    assert structured_format("refs.txt", lines) == "csl-json"


def test_text_with_no_content_line_is_not_foreign():
    assert foreign_text([]) == ""
    assert foreign_text(["", "  "]) == ""
    assert foreign_text([ABSTRACT, "A title"]) == ""


@pytest.mark.parametrize(
    ("field", "name", "fix"),
    [
        (
            "<div class='x'>",
            "an HTML page",
            "save the page's text, or export the list from the site",
        ),
        ("  title = {A}", "BibTeX", "export it whole as .bib (each entry starting @type{key,)"),
        ("TI  - A title", "RIS", "export it whole as .ris (each record from TY  - to ER  - )"),
    ],
)
def test_a_fifth_of_lines_shaped_like_another_format_rejects_the_text(field, name, fix):
    lines = [field, field + " 2", field + " 3"] + [ABSTRACT] * 12  # 3 of 15: exactly a fifth
    example = field.strip()[:40]
    assert foreign_text(["", *lines]) == (
        f"looks like {name} (3 of 15 lines like {example!r}) but does not read as one: {fix}"
    )
    assert foreign_text([field] * 3 + [ABSTRACT] * 13) == ""  # 3 of 16: less than a fifth
    assert foreign_text([field] * 2) == ""  # fewer than three such lines


def test_the_example_line_is_cut_at_40_characters():
    field = "<p>" + "x" * 60
    reason = foreign_text([field] * 3)
    assert f"(3 of 3 lines like {field[:40]!r})" in reason


def test_a_headed_table_without_an_abstract_column_is_rejected_naming_its_header():
    lines = ['title, "authors", year', "A, B, 2024", '"C, D", E, 2023', "F, G, 2022", "H, I, 2021"]
    assert foreign_text(lines) == (
        "looks like CSV (header: title, authors, year) but the header names no abstract "
        "column: name one `abstract` (see the README's column names)"
    )
    tsv = ["title\tauthors\tyear", "A\tB\t2024"]
    assert foreign_text(tsv).startswith("looks like TSV (header: title, authors, year) ")


def test_rows_must_mostly_have_as_many_cells_as_the_header():
    header = "title,authors,year"
    rows = ["A,B,2024"] * 4 + ["one, cell, too, many"]  # 4 of 5: 80%
    assert foreign_text([header, *rows]).startswith("looks like CSV")
    rows = ["A,B,2024"] * 3 + ["one, cell, too, many"] * 2  # 3 of 5
    assert foreign_text([header, *rows]) == ""
    assert foreign_text([header]) == ""  # a header and no row is no table


@pytest.mark.parametrize(
    "header",
    [
        "title,authors",  # fewer than three columns
        "A title, with commas, and more words than any column name would have in it",
        "title,authors,year!",  # not a column name
        "title,,year",  # an empty cell
    ],
)
def test_a_first_line_that_is_no_header_is_no_table(header):
    assert foreign_text([header, "A,B,2024", "C,D,2023"]) == ""


def test_the_header_is_cut_at_120_characters():
    cells = [f"column {n:02d} name" for n in range(12)]
    reason = foreign_text([",".join(cells), ",".join("x" * 12)])
    assert f"(header: {', '.join(cells)[:120]}) but" in reason


def test_a_column_named_x_is_a_column_name():
    lines = ["title,authors,X", "A,B,1", "C,D,2"]
    assert foreign_text(lines).startswith("looks like CSV (header: title, authors, X) ")

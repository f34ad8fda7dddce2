"""Reference-manager exports (generator/read/ingest/references.py), BibTeX and RIS, on small
files written here: what each field gives a record, where the arXiv id comes from, and what
every other line of the file is said to be."""

from __future__ import annotations

import logging

import pytest

from generator.model import SourceRef
from generator.read.ingest.references import parse_bibtex, parse_ris

ABSTRACT = (
    "We study message passing on sparse graphs and show that a small change to the update rule "
    "removes the over-smoothing that deep graph networks suffer from, on six benchmarks."
)
OTHER = ABSTRACT.replace("sparse graphs", "dense hypergraphs")
SYNTAX = "BibTeX syntax error in this entry: "


def accounting(parsed) -> dict[int, str]:
    """Every line of the file: `paper` (in a record) or the reason given for it."""
    records, chrome, rejected = parsed
    lines = {n: "paper" for record in records for n in record.lines}
    for note in (*chrome, *rejected):
        assert note.ref.file in ("refs.bib", "refs.ris"), note
        assert note.ref.line not in lines, f"line {note.ref.line} accounted twice"
        lines[note.ref.line] = note.reason
    return dict(sorted(lines.items()))


def bib(text: str):
    return parse_bibtex("refs.bib", text.split("\n"))


def bib_record(*fields: str, key: str = "lee2024"):
    """The one record of an entry with an abstract and these `name = {value}` fields."""
    body = ",\n".join((f"  abstract = {{{ABSTRACT}}}", *(f"  {field}" for field in fields)))
    [record], _, rejected = bib(f"@article{{{key},\n{body}\n}}")
    assert not rejected
    return record


def ris(text: str):
    return parse_ris("refs.ris", text.split("\n"))


def ris_record(*tags: str):
    """The one record of a RIS record with an abstract and these `XX  - value` lines."""
    [record], _, rejected = ris("\n".join(("TY  - JOUR", f"AB  - {ABSTRACT}", *tags, "ER  - ")))
    assert not rejected
    return record


# --- BibTeX ---------------------------------------------------------------------------------


def test_every_field_of_a_bibtex_entry_reaches_the_record():
    found = bib_record(
        "title = {A {Graph} Title}",
        "author = {Lee, Ann and von Neumann, Jr. III, John and Bo Chen}",
        "doi = {10.1000/xyz}",
        "url = {https://example.org/p}",
        r"howpublished = {see \url{https://example.org/q} or \url {https://example.org/r}}",
        "year = {2024}, month = jun, day = {29}",
        "keywords = {graphs; cs.DM}",
        "annote = {Comment: 12 pages}",
    )
    assert (found.abstract, found.title) == (ABSTRACT, "A Graph Title")
    assert found.authors == ("Ann Lee", "John von Neumann, Jr. III", "Bo Chen")
    assert found.urls == (
        "https://example.org/p",
        "https://example.org/q",
        "https://example.org/r",
        "https://doi.org/10.1000/xyz",
    )
    assert (found.date, found.arxiv_id, found.comment) == ("2024-06-29", "", "12 pages")
    assert found.keywords == ("graphs", "cs.DM") and found.categories == ("cs.DM",)
    assert found.ref == SourceRef("refs.bib", 1) and found.lines == tuple(range(1, 12))


def test_field_names_are_read_in_any_case_and_missing_fields_are_empty():
    [found], _, _ = bib(f"@Article{{k,\n  ABSTRACT = {{{ABSTRACT}}},\n  Title = {{Upper}}\n}}")
    assert (found.abstract, found.title) == (ABSTRACT, "Upper")
    bare = bib_record()
    assert (bare.title, bare.authors, bare.date, bare.arxiv_id, bare.urls) == ("", (), "", "", ())
    assert (bare.comment, bare.keywords, bare.categories) == ("", (), ())


@pytest.mark.parametrize(
    "fields, date",
    [
        (["date = {2024-06-29}", "year = {2023}"], "2024-06-29"),
        (["year = {2024}"], "2024"),
        (["year = {2024}", "month = {6}"], "2024-06"),
        (["year = {2024}", "month = jun", "day = {3}"], "2024-06-03"),
    ],
)
def test_a_bibtex_date_is_its_date_field_or_else_year_month_and_day(fields, date):
    assert bib_record(*fields).date == date


@pytest.mark.parametrize(
    "fields, arxiv",
    [
        (["eprint = {2401.00001}"], "2401.00001"),
        (["eprint = {2401.00001}", "archivePrefix = {arXiv}"], "2401.00001"),
        (["eprint = {hal-0001}", "archivePrefix = {HAL}"], ""),
        (["eprint = {hal-0001}", "archivePrefix = {HAL}", "note = {arXiv:2401.00002}"], None),
        (["note = {arXiv:2401.00002 [cs.LG]}"], "arXiv:2401.00002 [cs.LG]"),
        (["note = {text overlap with arXiv:2401.00002}"], ""),
        (["doi = {10.48550/arXiv.2401.00003}"], "10.48550/arXiv.2401.00003"),
        (["url = {https://arxiv.org/abs/2401.00004}"], "https://arxiv.org/abs/2401.00004"),
        (
            ["eprint = {2401.00001}", "note = {arXiv:2401.00002}", "doi = {10.48550/arXiv.1}"],
            "2401.00001",
        ),
        (
            [
                "note = {arXiv:2401.00002}",
                "doi = {10.48550/arXiv.2401.00003}",
                "url = {https://arxiv.org/abs/2401.00004}",
            ],
            "arXiv:2401.00002",
        ),
        (
            ["doi = {10.48550/arXiv.2401.00003}", "url = {https://arxiv.org/abs/2401.00004}"],
            "10.48550/arXiv.2401.00003",
        ),
    ],
)
def test_the_arxiv_id_is_an_arxiv_eprint_else_the_note_the_doi_or_the_url(fields, arxiv):
    expected = "arXiv:2401.00002" if arxiv is None else arxiv
    assert bib_record(*fields).arxiv_id == expected


@pytest.mark.parametrize(
    "fields, categories",
    [
        (["primaryclass = {cs.LG}"], ("cs.LG",)),
        (["note = {arXiv:2401.00002 [cs.CV]}"], ("cs.CV",)),
        (["keywords = {Computer Science - Machine Learning}"], ("cs.LG",)),
        (
            ["keywords = {cs.DM}", "note = {arXiv:2401.00002 [cs.CV]}", "primaryClass = {cs.LG}"],
            ("cs.LG", "cs.CV", "cs.DM"),
        ),
    ],
)
def test_categories_come_from_the_primary_class_the_note_and_the_keywords(fields, categories):
    assert bib_record(*fields).categories == categories


@pytest.mark.parametrize(
    "field, key, value",
    [
        (
            "title = {Pruning by 50% Without Retraining}",
            "title",
            "Pruning by 50% Without Retraining",
        ),
        (
            'title = "Pruning by 50% Without Retraining"',
            "title",
            "Pruning by 50% Without Retraining",
        ),
        (
            r"title = {Pruning by 50\% Without Retraining}",
            "title",
            "Pruning by 50% Without Retraining",
        ),
        ("title = {100%}", "title", "100%"),
        ("title = {50%\n  Without Retraining}", "title", "50%\n  Without Retraining"),
        (r"title = {Sch{\"o}n at 50% {\em sparsity}}", "title", "Schön at 50% sparsity"),
        (r"title = {Line\\50% off}", "title", "Line\n50% off"),
        ("url = {https://example.org/a%20b}", "urls", ("https://example.org/a%20b",)),
        (
            "keywords = {attention, transformers, 50% off, C++ code}",
            "keywords",
            ("attention", "transformers", "50% off", "C++ code"),
        ),
    ],
)
def test_a_percent_sign_in_a_field_value_is_a_percent_sign_not_a_comment(field, key, value):
    """JabRef and Google Scholar write `%` unescaped: LaTeX would read the rest of the value as
    a comment and cut it off; `\\%` is a percent sign too."""
    assert getattr(bib_record(field), key) == value


def test_a_percent_sign_in_the_abstract_keeps_the_rest_of_it():
    [found], _, _ = bib(f"@article{{k,\n  abstract = {{Pruned to 50% sparsity. {ABSTRACT}}}\n}}")
    assert found.abstract == f"Pruned to 50% sparsity. {ABSTRACT}"


@pytest.mark.parametrize(
    "author, authors, truncated",
    [
        ("Ashish Vaswani and Noam Shazeer and others", ("Ashish Vaswani", "Noam Shazeer"), True),
        (
            "Vaswani, Ashish and Shazeer, Noam and {others}",
            ("Ashish Vaswani", "Noam Shazeer"),
            True,
        ),
        ("Vaswani, Ashish and Others", ("Ashish Vaswani",), True),
        ("Vaswani, Ashish and et al.", ("Ashish Vaswani",), True),
        ("Vaswani, Ashish and Shazeer, Noam", ("Ashish Vaswani", "Noam Shazeer"), False),
        ("Otherson, Ann", ("Ann Otherson",), False),
    ],
)
def test_and_others_marks_the_bibtex_author_list_truncated_and_is_no_author(
    author, authors, truncated
):
    found = bib_record(f"author = {{{author}}}")
    assert (found.authors, found.authors_truncated) == (authors, truncated)


def test_an_empty_author_name_is_left_out():
    assert bib_record("author = {Lee, Ann and ~ and Chen, Bo}").authors == ("Ann Lee", "Bo Chen")


def test_every_line_of_a_bibtex_file_is_a_paper_a_rejection_or_its_structure():
    text = "\n".join(
        [
            "% exported by Zotero",  # 1
            "",
            f"@misc{{a, abstract = {{{ABSTRACT}}}}}",
            "@misc{b,",
            "  title = {y",  # 5
            "X",
            "",
            "",
            "@misc{c, title = {No abstract}}",
            "@Misc{d,",  # 10
            f"  abstract = {{{OTHER}}}",
            "}",
            "@misc{a, abstract = {Again.}}",
            "",
        ]
    )
    parsed = bib(text)
    assert [(r.ref.line, r.lines) for r in parsed[0]] == [(3, (3,)), (10, (10, 11, 12))]
    assert accounting(parsed) == {
        1: "BibTeX comment or @string/@preamble",
        2: "blank line",
        3: "paper",
        **dict.fromkeys((4, 5, 6), SYNTAX + "unbalanced braces or quotes"),
        7: "blank line",
        8: "blank line",
        9: "@misc{c} has no abstract",
        **dict.fromkeys((10, 11, 12), "paper"),
        13: SYNTAX + "Duplicate entry key 'a'",
        14: "blank line",
    }


def test_blank_lines_after_a_broken_entry_are_blank_even_when_they_hold_spaces():
    """They were taken as the broken entry's last lines: a syntax error on a blank line."""
    parsed = bib(f"@misc{{b,\n  title = {{y\n  \n\t\n\n@misc{{c, abstract = {{{ABSTRACT}}}}}")
    broken = SYNTAX + "unbalanced braces or quotes"
    assert accounting(parsed) == {
        1: broken,
        2: broken,
        **dict.fromkeys((3, 4, 5), "blank line"),
        6: "paper",
    }


def test_a_broken_entry_is_rejected_with_the_library_message_cut_short():
    key = "k" * 200
    text = f"@misc{{{key}, abstract = {{{ABSTRACT}}}}}\n@misc{{{key},\n  title = {{again}}}}"
    parsed = bib(text)
    message = f"Duplicate entry key '{key}'"[:160]
    assert accounting(parsed) == {1: "paper", 2: SYNTAX + message, 3: SYNTAX + message}


@pytest.mark.parametrize(
    "text, reason",
    [
        ("% only a comment\n\nnothing else", "no BibTeX entry (@type{key, ...}) in this file"),
        ("@misc{b,\n  title = {y", SYNTAX + "unbalanced braces or quotes"),
    ],
)
def test_a_file_without_a_readable_entry_is_rejected_whole_with_the_reason(text, reason):
    parsed = bib(text)
    lines = len(text.split("\n"))
    assert not parsed[0] and not parsed[1]
    assert accounting(parsed) == dict.fromkeys(range(1, lines + 1), reason)


def test_bibtex_library_notes_become_rejections_and_other_warnings_still_show(caplog):
    caplog.set_level(logging.WARNING)
    logging.getLogger("bibtexparser").setLevel(logging.NOTSET)  # as in a fresh process
    bib("@misc{b,\n  title = {y\n\n@misc{c, title = {z}}")
    assert not caplog.records
    logging.getLogger("generator").warning("a warning of the site's own")
    assert [r.getMessage() for r in caplog.records] == ["a warning of the site's own"]


# --- RIS ------------------------------------------------------------------------------------


def test_every_tag_of_a_ris_record_reaches_the_record():
    found = ris_record(
        "TI  - A Title ",
        "AU  - Lee, Ann",
        "AU  - Bo Chen",
        "DA  - 2024/06/29/",
        "DO  - 10.1000/xyz",
        "UR  - https://example.org/p",
        "N1  - Comment: 12 pages",
        "KW  - graphs",
        "KW  - cs.DM",
    )
    assert (found.abstract, found.title, found.authors) == (
        ABSTRACT,
        "A Title",
        ("Ann Lee", "Bo Chen"),
    )
    assert found.urls == ("https://example.org/p", "https://doi.org/10.1000/xyz")
    assert (found.date, found.arxiv_id, found.comment) == ("2024-06-29", "", "12 pages")
    assert found.keywords == ("graphs", "cs.DM") and found.categories == ("cs.DM",)
    assert found.ref == SourceRef("refs.ris", 1) and found.lines == tuple(range(1, 13))


def test_missing_ris_tags_give_empty_fields():
    bare = ris_record()
    assert (bare.title, bare.authors, bare.date, bare.arxiv_id, bare.urls) == ("", (), "", "", ())
    assert (bare.comment, bare.keywords, bare.categories) == ("", (), ())


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["T1  - Primary"], "Primary"),
        (["TI  - Title", "T1  - Primary"], "Title"),
    ],
)
def test_the_title_is_ti_else_t1(tags, expected):
    assert ris_record(*tags).title == expected


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["A1  - Lee, Ann", "A1  - Chen, Bo"], ("Ann Lee", "Bo Chen")),
        (["AU  - Diaz, Cy", "A1  - Lee, Ann"], ("Cy Diaz",)),
    ],
)
def test_the_authors_are_au_else_a1(tags, expected):
    assert ris_record(*tags).authors == expected


@pytest.mark.parametrize(
    "tags, date",
    [
        (["DA  - 2024/06/29/other", "PY  - 2023"], "2024-06-29"),
        (["DA  - 2024//"], "2024"),
        (["DA  - 2024/06"], "2024-06"),
        (["DA  - 2024"], "2024"),
        (["Y1  - 2022/01/02", "PY  - 2023"], "2022-01-02"),
        (["PY  - 2023"], "2023"),
    ],
)
def test_a_ris_date_is_da_else_y1_else_py_as_far_as_it_goes(tags, date):
    assert ris_record(*tags).date == date


@pytest.mark.parametrize(
    "tags, arxiv",
    [
        (["DO  - 10.48550/arXiv.2401.00001"], "10.48550/arXiv.2401.00001"),
        (["UR  - https://arxiv.org/abs/2401.00002"], "https://arxiv.org/abs/2401.00002"),
        (["IS  - arXiv:2401.00003"], "arXiv:2401.00003"),
        (["N1  - arXiv:2401.00004 [cs.LG]"], "arXiv:2401.00004 [cs.LG]"),
        (["N1  - text overlap with arXiv:2401.00004"], ""),
        (
            [
                "DO  - 10.48550/arXiv.2401.00001",
                "UR  - https://arxiv.org/abs/2401.00002",
                "IS  - arXiv:2401.00003",
                "N1  - arXiv:2401.00004",
            ],
            "10.48550/arXiv.2401.00001",
        ),
        (
            [
                "UR  - https://arxiv.org/abs/2401.00002",
                "IS  - arXiv:2401.00003",
                "N1  - arXiv:2401.00004",
            ],
            "https://arxiv.org/abs/2401.00002",
        ),
        (["IS  - arXiv:2401.00003", "N1  - arXiv:2401.00004"], "arXiv:2401.00003"),
    ],
)
def test_the_ris_arxiv_id_is_the_doi_a_url_the_number_or_a_note(tags, arxiv):
    assert ris_record(*tags).arxiv_id == arxiv


def test_an_et_al_author_line_marks_the_ris_author_list_truncated():
    found = ris_record("AU  - Vaswani, Ashish", "AU  - et al.")
    assert (found.authors, found.authors_truncated) == (("Ashish Vaswani",), True)
    assert not ris_record("AU  - Vaswani, Ashish").authors_truncated


def test_an_abstract_over_several_lines_is_read_whole():
    first, second = ABSTRACT[:80], ABSTRACT[80:]
    assert ris_record().abstract == ABSTRACT
    [found], _, _ = ris(f"TY  - JOUR\nAB  - {first}\nAB  - {second}\nER  - ")
    assert found.abstract == f"{first} {second}"
    [found], _, _ = ris(f"TY  - JOUR\nN2  - {first}\nN2  - {second}\nER  - ")
    assert found.abstract == f"{first} {second}"
    [found], _, _ = ris(f"TY  - JOUR\nN2  - {OTHER}\nAB  - {ABSTRACT}\nER  - ")
    assert found.abstract == ABSTRACT


def test_categories_come_from_keywords_as_codes_or_category_names():
    found = ris_record("KW  - Computer Science - Machine Learning", "KW  - cs.CV", "KW  - graphs")
    assert found.categories == ("cs.LG", "cs.CV")
    assert found.keywords == ("Computer Science - Machine Learning", "cs.CV", "graphs")


def test_the_comment_is_the_note_that_says_so():
    found = ris_record("N1  - arXiv:2401.00004", "N1  - Comment: 9 pages, 2 figures")
    assert found.comment == "9 pages, 2 figures"


def test_every_line_of_a_ris_file_is_a_paper_or_a_rejection():
    text = "\n".join(
        [
            "stray text",  # 1
            "",
            "TY  - JOUR",
            f"AB  - {ABSTRACT}",
            "ER  -",  # 5
            "ER  - ",
            "TY  - JOUR",
            "TI  - Unfinished",
            "",
            "TY  - GEN",  # 10
            "TI  - No abstract",
            "ER  - ",
            "",
            "TY  - GEN",
            f"AB  - {OTHER}",  # 15
            "ER  - ",
            "TY  - GEN",
            "TI  - Cut off",
        ]
    )
    parsed = ris(text)
    assert [(r.ref, r.lines, r.abstract) for r in parsed[0]] == [
        (SourceRef("refs.ris", 3), (3, 4, 5), ABSTRACT),
        (SourceRef("refs.ris", 14), (14, 15, 16), OTHER),
    ]
    no_er = "RIS record with no ER line"
    assert accounting(parsed) == {
        1: "outside a RIS record (TY  - ... ER  - )",
        2: "blank line",
        **dict.fromkeys((3, 4, 5), "paper"),
        6: "outside a RIS record (TY  - ... ER  - )",
        **dict.fromkeys((7, 8, 9), no_er),
        **dict.fromkeys((10, 11, 12), "RIS record with no abstract (AB)"),
        13: "blank line",
        **dict.fromkeys((14, 15, 16), "paper"),
        **dict.fromkeys((17, 18), no_er),
    }


def test_a_record_the_library_cannot_read_is_rejected_with_its_message(monkeypatch):
    import rispy

    def unreadable(text, **options):
        raise ValueError("bad record " + "x" * 300)

    monkeypatch.setattr(rispy, "loads", unreadable)
    parsed = ris(f"TY  - JOUR\nAB  - {ABSTRACT}\nER  - ")
    reason = ("RIS record rispy cannot read: bad record " + "x" * 300)[:200]
    assert not parsed[0] and accounting(parsed) == dict.fromkeys((1, 2, 3), reason)

"""CSL-JSON items field by field (generator/read/ingest/csl.py): what each key gives a record,
where the arXiv id comes from, and every line of the file accounted for."""

from __future__ import annotations

import json

import pytest

from generator.model import LineNote, SourceRef
from generator.read.ingest.csl import looks_like_csl, parse_csl_json


def parse(*items, text: str | None = None):
    text = json.dumps(list(items), indent=1) if text is None else text
    return parse_csl_json("refs.json", text.split("\n"))


def record(**fields):
    [found], _, rejected = parse({"type": "article", "abstract": "An abstract.", **fields})
    assert not rejected
    return found


def test_every_field_of_an_item_reaches_the_record():
    found = record(
        title=" A Title ",
        DOI="10.1000/xyz",
        URL="https://example.org/paper",
        note="Comment: 12 pages\nComputer Science - Machine Learning",
        keyword="graphs; cs.DM",
        author=[{"family": "Lee", "given": "Ann"}],
        issued={"date-parts": [[2024, 6, 29]]},
    )
    assert (found.abstract, found.title, found.authors) == ("An abstract.", "A Title", ("Ann Lee",))
    assert found.urls == ("https://example.org/paper", "https://doi.org/10.1000/xyz")
    assert found.date == "2024-06-29" and found.arxiv_id == ""
    assert found.comment == "12 pages\nComputer Science - Machine Learning"
    assert found.categories == ("cs.LG", "cs.DM") and found.keywords == ("graphs", "cs.DM")
    assert found.ref == SourceRef("refs.json", 2) and found.lines == tuple(range(2, 26))


def test_a_field_that_is_not_text_is_empty():
    found = record(title=7, URL=["https://x.org"], DOI=None, note={"a": 1})
    assert (found.title, found.urls, found.comment) == ("", (), "")


@pytest.mark.parametrize(
    "fields, arxiv",
    [
        ({"number": "arXiv:2401.00001"}, "arXiv:2401.00001"),
        ({"DOI": "10.48550/arXiv.2401.00002"}, "10.48550/arXiv.2401.00002"),
        ({"URL": "https://arxiv.org/abs/2401.00003"}, "https://arxiv.org/abs/2401.00003"),
        ({"archive_location": "arXiv:2401.00004"}, "arXiv:2401.00004"),
        ({"note": "arXiv:2401.00005 [cs.CV]"}, "arXiv:2401.00005 [cs.CV]"),
        ({"note": "text overlap with arXiv:2401.00006"}, ""),
        (
            {
                "number": "arXiv:2401.00001",
                "DOI": "10.48550/arXiv.2401.00002",
                "URL": "https://arxiv.org/abs/2401.00003",
                "archive_location": "arXiv:2401.00004",
                "note": "arXiv:2401.00005",
            },
            "arXiv:2401.00001",
        ),
        (
            {
                "DOI": "10.48550/arXiv.2401.00002",
                "URL": "https://arxiv.org/abs/2401.00003",
                "archive_location": "arXiv:2401.00004",
            },
            "10.48550/arXiv.2401.00002",
        ),
        (
            {"URL": "https://arxiv.org/abs/2401.00003", "archive_location": "arXiv:2401.00004"},
            "https://arxiv.org/abs/2401.00003",
        ),
        ({"archive_location": "arXiv:2401.00004", "note": "arXiv:2401.00005"}, "arXiv:2401.00004"),
    ],
)
def test_the_arxiv_id_comes_from_the_first_field_naming_one(fields, arxiv):
    assert record(**fields).arxiv_id == arxiv


@pytest.mark.parametrize(
    "person, name",
    [
        ({"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"}, None),
        ({"given": "Martin", "family": "King", "suffix": "Jr."}, "Martin King Jr."),
        ({"literal": " The Consortium ", "family": "Ignored"}, "The Consortium"),
        ({"given": " ", "family": "Lee"}, "Lee"),
        ({"given": "Ann", "family": 3}, "Ann 3"),
        ({"given": "Ann", "family": ["Lee"]}, "Ann"),
        ("Ann Lee", None),
        ({}, None),
    ],
)
def test_a_csl_name_is_its_parts_in_order(person, name):
    if name is None and "family" in person:
        name = "Ludwig van Beethoven"
    assert record(author=[person]).authors == ((name,) if name else ())


@pytest.mark.parametrize(
    "author, truncated",
    [
        ([{"family": "Vaswani", "given": "Ashish"}, {"literal": "others"}], True),
        ([{"family": "Vaswani", "given": "Ashish"}, {"literal": "et al."}], True),
        ([{"family": "Vaswani", "given": "Ashish"}], False),
    ],
)
def test_an_others_or_et_al_name_marks_the_list_truncated_and_is_no_author(author, truncated):
    found = record(author=author)
    assert (found.authors, found.authors_truncated) == (("Ashish Vaswani",), truncated)


@pytest.mark.parametrize(
    "issued, date",
    [
        ({"date-parts": [[2024, 6, 29]]}, "2024-06-29"),
        ({"date-parts": [["2024", "6"]]}, "2024-06"),
        ({"date-parts": [[2024, 6, 29, 10]]}, "2024-06-29"),
        ({"date-parts": [[2024]], "raw": "spring"}, "2024"),
        ({"raw": "2024-06"}, "2024-06"),
        ({"date-parts": [], "raw": "2023"}, "2023"),
        ({"date-parts": [2024], "raw": "2022"}, "2022"),
        ({"date-parts": [["someday"]], "raw": "2021"}, "2021"),
        ({"date-parts": [[2024]], "raw": None}, "2024"),
        ({"raw": ""}, ""),
        ({}, ""),
        ("2024", ""),
    ],
)
def test_an_issued_date_is_its_parts_or_else_its_raw_text(issued, date):
    assert record(issued=issued).date == date


def test_every_line_is_a_record_a_rejection_or_structure():
    text = "\n".join(
        [
            "[",
            '  {"type": "article", "abstract": "One."},',
            '  "not an item",',
            "  {",
            '    "type": "article",',
            '    "title": "No abstract"',
            "  },",
            '  {"type": "article",',
            '   "abstract": "Two."}',
            "]",
        ]
    )
    records, chrome, rejected = parse(text=text)
    assert [(r.abstract, r.ref, r.lines) for r in records] == [
        ("One.", SourceRef("refs.json", 2), (2,)),
        ("Two.", SourceRef("refs.json", 8), (8, 9)),
    ]
    assert rejected == [
        LineNote(SourceRef("refs.json", 3), "a CSL item must be a JSON object"),
        *(LineNote(SourceRef("refs.json", n), "CSL item with no abstract") for n in (4, 5, 6, 7)),
    ]
    assert chrome == [LineNote(SourceRef("refs.json", n), "JSON structure") for n in (1, 10)]


@pytest.mark.parametrize(
    "text, reason",
    [
        ('[{"type": "article"}]\n[]', "invalid CSL-JSON (line 2, column 1): text after the array"),
        ('[{"type": "article"} {}]', "invalid CSL-JSON (line 1, column 22): expected ',' or ']'"),
        ('{"type": "article"}', "invalid CSL-JSON (line 1, column 1): expected a JSON array"),
        ("[" + "[" * 100_000 + "]" * 100_000 + "]", "invalid CSL-JSON: nested too deeply"),
    ],
)
def test_a_file_that_is_not_one_json_array_is_rejected_whole(text, reason):
    records, chrome, rejected = parse(text=text)
    lines = text.split("\n")
    assert not records and not chrome
    assert [note.ref for note in rejected] == [
        SourceRef("refs.json", n + 1) for n in range(len(lines))
    ]
    assert {note.reason.split(" after an item")[0].split(" of items")[0] for note in rejected} == {
        reason
    }


def test_csl_is_known_by_a_type_and_a_key_only_csl_has():
    item = {"type": "article", "abstract": "A."}
    assert looks_like_csl(json.dumps([{**item, "issued": {}}]))
    assert looks_like_csl(" \n" + json.dumps([{**item, "DOI": "10.1/x"}, 5]))
    assert not looks_like_csl(json.dumps([item]))
    assert not looks_like_csl(json.dumps([{"issued": {}}]))
    assert not looks_like_csl(json.dumps([["type", "issued"]]))
    assert not looks_like_csl("[]") and not looks_like_csl('{"type": 1, "DOI": 2}')
    broken = '[{"type": "article", "URL": "x",, }]'
    assert looks_like_csl(broken) and not looks_like_csl(broken.replace('"URL"', '"url"'))
    assert not looks_like_csl(" " + broken[1:]) and not looks_like_csl(broken.replace("type", "t"))


def test_an_empty_array_is_read_and_anything_after_an_array_rejected():
    assert parse(text="[]\n") == (
        [],
        [
            LineNote(SourceRef("refs.json", 1), "JSON structure"),
            LineNote(SourceRef("refs.json", 2), "blank line"),
        ],
        [],
    )
    assert parse(text="[ ]") == ([], [LineNote(SourceRef("refs.json", 1), "JSON structure")], [])
    for text, column in (("[]x", 3), ('[{"abstract": "A."}]x', 21)):
        [note] = parse(text=text)[2]
        assert note.reason == f"invalid CSL-JSON (line 1, column {column}): text after the array"


def test_items_written_without_indentation_keep_their_lines():
    text = '[\n{"abstract": "A."},\n{"abstract":\n"B."\n}\n]'
    records, chrome, rejected = parse(text=text)
    assert [(r.abstract, r.ref.line, r.lines) for r in records] == [
        ("A.", 2, (2,)),
        ("B.", 3, (3, 4, 5)),
    ]
    assert [note.ref.line for note in chrome] == [1, 6] and rejected == []


def test_two_items_on_one_line_reject_the_file_naming_the_line():
    _, _, rejected = parse(text='[\n{"abstract": "A."},{"abstract": "B."}\n]')
    assert {note.reason for note in rejected} == {
        "several entries on line 2: put each on lines of its own"
    }


def test_csl_is_known_by_its_first_item_alone():
    # keys written with escapes: only the decoded first item shows them as CSL's
    first = '[{"\\u0074ype": "article", "DO\\u0049": "10.1/x"}'
    assert looks_like_csl(first + ", {broken")
    assert looks_like_csl(first + "]")


def test_broken_json_is_csl_by_its_first_8192_characters_after_leading_space():
    broken = '[{"type": "article", "URL": "x",, }]'
    assert looks_like_csl("\n  " + broken)
    start = '[{"type": "article", "x": "'
    padded = start + "a" * (8192 - len(start) - len('", "DOI"')) + '", "DOI":, }]'
    assert padded.index(":,") == 8192
    assert not looks_like_csl(padded)
    assert looks_like_csl(padded.replace('"x": "a', '"x": "', 1))

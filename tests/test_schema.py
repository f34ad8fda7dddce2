"""What each field of a structured record takes (generator/read/ingest/schema.py): YAML
nodes checked as written, JSON Lines objects checked field by field, each misfit a reason."""

from __future__ import annotations

import pytest
import yaml

from generator.read.ingest.schema import (
    AliasRefused,
    NoAliasLoader,
    check_arxiv_record,
    check_own_record,
    date_node,
    flag_node,
    json_kind,
    names_node,
    text_node,
    urls_node,
)


def node(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=NoAliasLoader)


@pytest.mark.parametrize(
    ("text", "value"),
    [("yes", "yes"), ("3.10", "3.10"), ("~", ""), ("", ""), ("'A title'", "A title")],
)
def test_text_is_any_scalar_as_written(text, value):
    assert text_node(node(f"k: {text}").value[0][1]) == (value, "")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("[a]", "a list"), ("{a: 1}", "a mapping")],
)
def test_text_refuses_a_list_or_a_mapping(text, kind):
    assert text_node(node(text)) == ("", f"expected text, got {kind}")


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("Ann Lee, Bo Li", ("Ann Lee, Bo Li", "")),
        ("~", ("", "")),
        ("[Ann Lee, 'Bo Li']", (["Ann Lee", "Bo Li"], "")),
        ("[Ann, 3]", (None, "expected a list of names, got '3' in it")),
        ("[Ann, ~]", (None, "expected a list of names, got nothing in it")),
        ("[Ann, [Bo]]", (None, "expected a list of names, got a list in it")),
        ("[{a: b}]", (None, "expected a list of names, got a mapping in it")),
        ("true", (None, "expected a list of names or a string, got 'true'")),
        ("{a: b}", (None, "expected a list of names or a string, got a mapping")),
    ],
)
def test_names_are_a_list_of_strings_or_one_string(text, checked):
    assert names_node(node(text)) == checked


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("true", (True, "")),
        ("Yes", (True, "")),
        ("on", (True, "")),
        ("!!bool y", (True, "")),
        ("!!bool n", (False, "")),
        ("false", (False, "")),
        ("NO", (False, "")),
        ("off", (False, "")),
        ("~", (False, "")),
        ("'true'", (False, "expected true or false, got text")),
        ("1", (False, "expected true or false, got '1'")),
        ("[true]", (False, "expected true or false, got a list")),
    ],
)
def test_flags_are_yaml_booleans(text, checked):
    assert flag_node(node(text)) == checked


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("2024-02-29", ("2024-02-29", "")),
        ("Nov 18, 2022", ("Nov 18, 2022", "")),
        ("' '", (" ", "")),
        ("~", ("", "")),
        ("2024-02-30", ("2024-02-30", "not a valid date: '2024-02-30'")),
        ("[2024]", ("", "expected text, got a list")),
    ],
)
def test_dates_must_read_as_dates(text, checked):
    assert date_node(node(text)) == checked


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("https://x.org", (("https://x.org",), "")),
        ("~", ((), "")),
        ("[https://a.org, https://b.org]", (("https://a.org", "https://b.org"), "")),
        ("{code: https://a.org, pdf: https://b.org}", (("https://a.org", "https://b.org"), "")),
        (
            "[https://a.org, 3]",
            ((), "expected a URL, a list of URLs or a mapping of them, got a list"),
        ),
        (
            "{code: [https://a.org]}",
            ((), "expected a URL, a list of URLs or a mapping of them, got a mapping"),
        ),
        ("12", ((), "expected a URL, a list of URLs or a mapping of them, got '12'")),
    ],
)
def test_links_are_a_url_a_list_or_a_mapping_of_them(text, checked):
    assert urls_node(node(text)) == checked


def test_an_alias_is_refused_where_it_stands():
    with pytest.raises(AliasRefused) as error:
        node("a: &x text\nb: *x\n")
    assert error.value.problem == "YAML aliases (*name) are not allowed in a dump"
    assert str(error.value.args[0]) == "YAML aliases (*name) are not allowed in a dump"
    assert (error.value.problem_mark.line, error.value.problem_mark.column) == (1, 3)


def test_a_record_is_checked_field_by_field():
    values, problem = check_own_record(
        node("abstract: An abstract.\ntitle: yes\nauthors_truncated: true\nlinks: https://x.org")
    )
    assert problem == ""
    assert values == {
        "abstract": "An abstract.",
        "title": "yes",
        "authors_truncated": True,
        "links": ("https://x.org",),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- abstract: A.", "record is not a mapping of fields"),
        ("abstract: A.\nabstract: B.", "field abstract given twice"),
        ("abstract: A.\n[x]: 1", "unknown field: ? (known: abstract, affiliations, "),
        ("abstract: A.\ntitel: T", "unknown field: titel (known: abstract, affiliations, "),
        ("abstract: A.\ndate: 2024-13-01", "date: not a valid date: '2024-13-01'"),
        ("title: T", "record has no abstract"),
        ("abstract: ' '", "record has no abstract"),
        ("abstract: ~", "record has no abstract"),
    ],
)
def test_a_record_that_does_not_fit_says_why(text, problem):
    values, got = check_own_record(node(text))
    assert values == {} and got.startswith(problem)


def test_unknown_field_lists_every_known_one():
    _, problem = check_own_record(node("abstract: A.\nx: 1"))
    assert problem == (
        "unknown field: x (known: abstract, affiliations, arxiv_id, authors, authors_truncated, "
        "categories, category, comment, date, id, links, title)"
    )


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        ({"summary": "A."}, ""),
        ({"abstract": "A.", "authors": "Ann", "categories": ["cs.LG"]}, ""),
        ({"abstract": "A.", "title": None, "date": ""}, ""),
        ([], "record is not an object"),
        ({"abstract": "A.", "title": 3}, "title: expected text, got 3"),
        ({"abstract": "A.", "update_date": ["x"]}, "update_date: expected text, got a list"),
        ({"abstract": "A.", "pdf": {}}, "pdf: expected text, got an object"),
        (
            {"abstract": "A.", "authors": ["Ann", 1]},
            "authors: expected a list of names or a string, got a list",
        ),
        (
            {"abstract": "A.", "categories": 5},
            "categories: expected a list of names or a string, got 5",
        ),
        ({"summary": " ", "abstract": ""}, "record has no summary or abstract"),
        ({"title": "T"}, "record has no summary or abstract"),
        ({"summary": "A.", "published": "soon", "date": ""}, "not a valid date: 'soon'"),
        ({"summary": "A.", "updated": "2024-02-30", "update_date": "2024-01-01"}, None),
        ({"summary": "A.", "date": "2024-01-01", "published": "soon"}, ""),
        ({"summary": "A.", "update_date": "soon"}, "not a valid date: 'soon'"),
    ],
)
def test_a_json_lines_record_that_does_not_fit_says_why(obj, problem):
    expected = "not a valid date: '2024-02-30'" if problem is None else problem
    assert check_arxiv_record(obj) == expected


def test_json_kinds():
    assert (json_kind([1]), json_kind({}), json_kind(None), json_kind("x")) == (
        "a list",
        "an object",
        "None",
        "'x'",
    )

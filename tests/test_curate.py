"""curation.yaml read and checked (generator/read/curate.py): every problem named with the
file it is in."""

from __future__ import annotations

import pytest

from generator.read.curate import CurationError, parse_curation


def test_problems_name_the_curation_file_by_default_or_as_given():
    with pytest.raises(CurationError) as error:
        parse_curation("titels: {}\n")
    assert error.value.problems == [
        "curation.yaml: unknown section 'titels' (known: titles, merge, hide, affiliations)"
    ]
    with pytest.raises(CurationError) as error:
        parse_curation("- a\n", "fixes.yaml")
    assert error.value.problems == [
        "fixes.yaml: expected a mapping with titles, merge, hide, affiliations"
    ]


def test_a_curation_file_is_named_by_its_own_name(tmp_path):
    from generator.read.curate import Curation, load_curation

    path = tmp_path / "fixes.yaml"
    assert load_curation(path) == Curation()
    path.write_text("hide: [é]\nmerge: 3\n", encoding="utf-8")
    with pytest.raises(CurationError) as error:
        load_curation(path)
    assert error.value.problems == ["fixes.yaml: merge must be a list of [kept id, other id] pairs"]


def test_a_curation_file_is_read_as_utf8_whatever_the_locale(tmp_path):
    import locale

    from generator.read.curate import load_curation

    path = tmp_path / "curation.yaml"
    path.write_text('titles:\n  p1: "Café Networks"\n', encoding="utf-8")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # an ASCII locale
    try:
        titles = load_curation(path).titles
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert titles == {"p1": "Café Networks"}

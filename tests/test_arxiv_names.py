"""arXiv category names as reference managers write them (generator/read/ingest/arxiv_names.py):
each `Archive - Category name` found whole, commas and all, and mapped to its code."""

from __future__ import annotations

from generator.read.ingest.arxiv_names import named_codes, without_category_names

NOTE = (
    "Computer Science - Distributed, Parallel, and Cluster Computing; "
    "STATISTICS  -  machine learning, Mathematics - Statistics Theory, "
    "Electrical Engineering and Systems Science - Signal Processing, Physics - Optics"
)


def test_every_category_name_is_its_code_whatever_its_case_and_spacing():
    assert named_codes(NOTE) == ["cs.DC", "stat.ML", "math.ST", "eess.SP"]


def test_category_names_are_taken_out_whole_and_the_rest_kept():
    assert without_category_names(NOTE) == "; , , , Physics - Optics"
    assert without_category_names("graphs, Computer Science - Graphics") == "graphs, "


def test_an_archive_without_a_known_category_name_is_no_category():
    assert named_codes("Computer Science - Quantum Stuff") == []
    assert without_category_names("Computer Science - Quantum Stuff") == (
        "Computer Science - Quantum Stuff"
    )
    assert named_codes("Computer Science-Graphics") == []

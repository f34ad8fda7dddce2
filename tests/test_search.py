"""Search: the obsolete settings that chose lunr, the document Pagefind indexes per paper,
and the indexer itself."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import fields, replace

import pytest

from generator.config import ConfigError, load_config
from generator.model import Paper, SourceRef
from generator.publish import search
from generator.publish.search import (
    PART,
    indexed_text,
    pagefind_shards,
    result_authors,
    search_document,
    search_inputs,
    word_parts,
    write_shard,
)


def write_config(tmp_path, digest: str):
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: T\nsite_url: https://example.org/\nextra:\n  digest:\n{digest}")
    return path


@pytest.mark.parametrize(
    "settings",
    [
        "    search: pagefind\n    pagefind_above: 10\n",
        "    search: auto\n    pagefind_above: 1000\n",
    ],
)
def test_an_older_config_naming_pagefind_still_loads(tmp_path, settings):
    assert load_config(write_config(tmp_path, settings)).digest.feed_length == 50


def test_lunr_and_other_search_modes_are_refused_with_every_other_problem(tmp_path):
    for mode in ("lunr", "elastic", 3):
        path = write_config(tmp_path, f"    search: {mode}\n    feed_length: 0\n")
        with pytest.raises(ConfigError) as error:
            load_config(path)
        problems = "\n".join(error.value.problems)
        assert (
            f"extra.digest.search: every site is searched with Pagefind (lunr is gone); "
            f"remove the setting, got {mode!r}" in problems
        )
        assert "extra.digest.feed_length" in problems


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("LLMs/VLMs", ["VLMs"]),  # Pagefind's own parts of it: "ll", "ms", "vl", "ms"
        ('Discrimination"(S2D)', ["S2D)"]),
        ("Q-LoRA", ["LoRA"]),
        ("GPT-4o", ["4o"]),
        ("https://github.com/foo/BarNet", ["BarNet"]),
        ("(LoRA).", []),  # found by its start: Pagefind matches prefixes of words
        ("LoRA-based", []),  # Pagefind indexes "based" as it is
        ("Event-Driven", []),  # and "driven"
        ("ViT-B/16", []),  # "16", and one letter is no query
        ("e.g.,", []),
        ("state-of-the-art", []),
    ],
)
def test_word_parts_are_the_parts_pagefind_would_miss(word, parts):
    assert word_parts(word) == parts


def test_indexed_text_repeats_the_parts_marked_and_escapes():
    assert indexed_text("Q-LoRA <b>x</b> on\tLLMs/VLMs.") == (
        f"Q-LoRA {PART}LoRA{PART} &lt;b&gt;x&lt;/b&gt; on LLMs/VLMs. {PART}VLMs.{PART}"
    )
    assert indexed_text(f"a{PART}b") == "ab"  # a joiner in the text is not taken for a mark


def paper(**fields) -> Paper:
    values = {
        "id": "a",
        "title": "T",
        "title_derived": False,
        "abstract": "A.",
        "slug": "t",
        "sources": (SourceRef("d.txt", 1),),
    }
    return Paper(**(values | fields))


@pytest.mark.parametrize(
    ("authors", "truncated", "shown"),
    [
        ((), False, ""),
        (("A",), False, "A"),
        (("A", "B", "C"), False, "A, B, C"),
        (("A", "B", "C"), True, "A, B, C et al."),
        (("A", "B", "C", "D"), False, "A, B, C et al."),
    ],
)
def test_a_result_shows_three_authors(authors, truncated, shown):
    assert result_authors(paper(authors=authors, authors_truncated=truncated)) == shown


def test_the_search_document_has_a_plain_title_and_meta_for_the_result():
    document = search_document(
        paper(
            title="ViT$^3$: Test-Time, Training",
            tags=("peft",),
            authors=("A", "B", "C", "D"),
            abstract="Adapters (LoRA) and Q-LoRA.",
        )
    )
    assert "<title>ViT³: Test-Time, Training</title>" in document and "$" not in document
    assert 'data-pagefind-meta="title[data-title], authors[data-authors]"' in document
    assert 'data-title="ViT³: Test-Time, Training" data-authors="A, B, C et al."' in document
    assert f"<p>Adapters (LoRA) and Q-LoRA. {PART}LoRA.{PART}</p>" in document
    assert "<p>A, B, C, D</p>" in document and "<p>peft</p>" in document  # all searchable


def tiny_corpus():
    return [
        Paper(
            id=pid,
            title=title,
            title_derived=False,
            abstract=abstract,
            slug=slug,
            sources=(SourceRef("d.txt", 1),),
            authors=("Ann Lee",),
            tags=("graph learning",),
        )
        for pid, slug, title, abstract in [
            ("a", "zebra", "Zebra Networks", "Striped graph learning <b>for</b> zebras."),
            ("b", "okapi", "Okapi Transformers", "Attention for okapis."),
        ]
    ]


def varied(value):
    """Another value of a Paper field's type, or None for types search documents never read."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, str) or value is None:
        return f"{value or ''} Q-LoRA"
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return ("Q-LoRA", *value)
    return None


def test_a_shard_is_indexed_again_whenever_a_search_document_of_its_papers_changes():
    """Shards are fingerprinted by search_inputs, not by the documents: every field that
    changes a document changes the inputs too (a field added to the document but not to the
    inputs would leave a stale index)."""
    paper = tiny_corpus()[0]
    in_documents = set()
    for field in fields(Paper):
        other = varied(getattr(paper, field.name))
        if other is None:
            continue
        changed = replace(paper, **{field.name: other})
        if search_document(changed) != search_document(paper):
            in_documents.add(field.name)
            assert search_inputs(changed) != search_inputs(paper), field.name
    assert in_documents == {
        "title",
        "abstract",
        "authors",
        "authors_truncated",
        "keyphrases",
        "tags",
    }
    assert search_inputs(replace(paper, slug="other")) != search_inputs(paper)


def tree(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def index_with_pagefind(site_dir, papers) -> int:
    shards = pagefind_shards(papers)
    for shard in shards:
        write_shard(site_dir, shard)
    return len(shards)


def fragments(bundle):
    return [
        json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        for path in (bundle / "fragment").iterdir()
    ]


def test_index_with_pagefind_is_deterministic_and_holds_the_papers(tmp_path):
    pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")
    indexes = []
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        assert index_with_pagefind(tmp_path / run, tiny_corpus()) == 1
        indexes.append(tree(tmp_path / run / "pagefind"))
    assert indexes[0] == indexes[1]
    by_url = {fragment["url"]: fragment for fragment in fragments(tmp_path / "one" / "pagefind")}
    assert set(by_url) == {"/papers/zebra/", "/papers/okapi/"}
    assert by_url["/papers/zebra/"]["meta"] == {"title": "Zebra Networks", "authors": "Ann Lee"}
    zebra = by_url["/papers/zebra/"]["content"]
    assert (
        "Ann Lee" in zebra and "graph learning" in zebra and "learning <b>for</b> zebras" in zebra
    )  # text, as written


def test_big_corpora_are_indexed_in_shards(tmp_path, monkeypatch):
    pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")
    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    assert index_with_pagefind(tmp_path, tiny_corpus()) == 2
    assert [f["url"] for f in fragments(tmp_path / "pagefind")] == ["/papers/zebra/"]
    assert [f["url"] for f in fragments(tmp_path / "pagefind-2")] == ["/papers/okapi/"]
    assert (search.shard_count(0), search.shard_count(3)) == (1, 3)

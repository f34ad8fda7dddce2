"""Search mode: when Pagefind replaces lunr, the settings that choose it, and the indexer itself."""

from __future__ import annotations

import gzip
import json
import hashlib

import pytest

from generator.config import ConfigError, DigestSettings, load_config
from generator import search
from generator.search import pagefind_shards, uses_pagefind, write_shard


@pytest.mark.parametrize(("search", "papers", "expected"), [
    ("auto", 1000, False),      # up to the threshold: lunr's one file is still about 2 MB
    ("auto", 1001, True),
    ("lunr", 1_000_000, False),
    ("pagefind", 1, True),
])
def test_uses_pagefind(search, papers, expected):
    assert uses_pagefind(papers, DigestSettings(search=search)) is expected


def test_pagefind_above_moves_the_threshold():
    settings = DigestSettings(pagefind_above=100)
    assert not uses_pagefind(100, settings)
    assert uses_pagefind(101, settings)


def write_config(tmp_path, digest: str):
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: T\nsite_url: https://example.org/\nextra:\n  digest:\n{digest}")
    return path


def test_search_settings_default_to_auto_past_1000():
    assert (DigestSettings().search, DigestSettings().pagefind_above) == ("auto", 1000)


def test_search_settings_are_read(tmp_path):
    config = load_config(write_config(tmp_path, "    search: pagefind\n    pagefind_above: 10\n"))
    assert (config.digest.search, config.digest.pagefind_above) == ("pagefind", 10)


def test_bad_search_settings_are_all_reported_at_once(tmp_path):
    path = write_config(tmp_path, "    search: elastic\n    pagefind_above: lots\n    feed_length: 0\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    problems = "\n".join(error.value.problems)
    assert "extra.digest.search: must be one of auto, lunr, pagefind, got 'elastic'" in problems
    assert "extra.digest.pagefind_above: expected an integer" in problems
    assert "extra.digest.feed_length" in problems


def test_search_must_be_a_string(tmp_path):
    with pytest.raises(ConfigError, match="extra.digest.search: expected a string"):
        load_config(write_config(tmp_path, "    search: 3\n"))


def tiny_corpus():
    from generator.model import Paper, SourceRef

    return [Paper(id=pid, title=title, title_derived=False, abstract=abstract, slug=slug, sources=(SourceRef("d.txt", 1),),
                  authors=("Ann Lee",), tags=("graph learning",))
            for pid, slug, title, abstract in [("a", "zebra", "Zebra Networks", "Striped graph learning <b>for</b> zebras."),
                                               ("b", "okapi", "Okapi Transformers", "Attention for okapis.")]]


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def index_with_pagefind(site_dir, papers) -> int:
    shards = pagefind_shards(papers)
    for shard in shards:
        write_shard(site_dir, shard)
    return len(shards)


def fragments(bundle):
    return [json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):]) for path in (bundle / "fragment").iterdir()]


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
    assert by_url["/papers/zebra/"]["meta"]["title"] == "Zebra Networks"
    zebra = by_url["/papers/zebra/"]["content"]
    assert "Ann Lee" in zebra and "graph learning" in zebra and "learning <b>for</b> zebras" in zebra  # text, as written


def test_big_corpora_are_indexed_in_shards(tmp_path, monkeypatch):
    pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")
    monkeypatch.setattr(search, "SHARD_SIZE", 1)
    assert index_with_pagefind(tmp_path, tiny_corpus()) == 2
    assert [f["url"] for f in fragments(tmp_path / "pagefind")] == ["/papers/zebra/"]
    assert [f["url"] for f in fragments(tmp_path / "pagefind-2")] == ["/papers/okapi/"]
    assert (search.shard_count(0), search.shard_count(3)) == (1, 3)

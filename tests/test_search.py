"""Search mode: when Pagefind replaces lunr, the settings that choose it, and the indexer itself."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from generator.config import ConfigError, DigestSettings, load_config
from generator.search import index_with_pagefind, uses_pagefind


@pytest.mark.parametrize(("search", "papers", "expected"), [
    ("auto", 5000, False),      # up to the threshold: lunr's one file is still small
    ("auto", 5001, True),
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


def test_search_settings_default_to_auto_past_5000():
    assert (DigestSettings().search, DigestSettings().pagefind_above) == ("auto", 5000)


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


def tiny_site(root):
    page = ('<!doctype html><html lang="en"><head><title>{0}</title></head><body><nav>Chrome menu</nav>'
            '<article{1}><h1>{0}<a class="headerlink" href="#">¶</a></h1><p>{2}</p></article></body></html>')
    for slug, title, body, text in [("a", "Zebra Networks", " data-pagefind-body", "Striped graph learning."),
                                    ("b", "Okapi Transformers", " data-pagefind-body", "Attention for okapis."),
                                    ("", "Home", "", "Index page listing Zebra Networks.")]:
        (root / slug).mkdir(parents=True, exist_ok=True)
        (root / slug / "index.html").write_text(page.format(title, body, text))


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_with_pagefind_is_deterministic_and_indexes_bodies_only(tmp_path):
    pytest.importorskip("pagefind", reason="PAGEFIND TESTS SKIPPED: pagefind[bin] is not installed")
    indexes = []
    for run in ("one", "two"):
        tiny_site(tmp_path / run)
        index_with_pagefind(tmp_path / run)
        indexes.append(tree(tmp_path / run / "pagefind"))
    assert indexes[0] == indexes[1]
    entry = (tmp_path / "one" / "pagefind" / "pagefind-entry.json").read_text()
    assert '"page_count":2' in entry  # the two marked bodies; the home page stays out
    fragments = [gzip.decompress(path.read_bytes()).decode() for path in (tmp_path / "one" / "pagefind" / "fragment").iterdir()]
    assert len(fragments) == 2
    assert any('"title":"Zebra Networks"' in fragment for fragment in fragments)  # no "¶" from the permalink
    assert not any("Chrome menu" in fragment for fragment in fragments)

"""Untrusted dumps: nothing from content executes anywhere it lands (pages, feeds, data),
templates stay literal, and every unreadable input is named in the report."""

from __future__ import annotations

import shutil

import lxml.html
import pytest
from conftest import FIXTURES, make_project
from fake_embedder import HashingEmbedder
from lxml import etree

from generator.config import load_config
from generator.errors import BuildError
from generator.pipeline import build

HOSTILE = FIXTURES / "hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    sources = tmp / "sources"
    shutil.copytree(HOSTILE, sources)
    sentence = (
        "Sparse attention lets transformers read long inputs with linear memory and no loss. "
    )
    (sources / "one-megabyte-line.txt").write_text(sentence * (1_048_576 // len(sentence)) + "\n")
    config = load_config(make_project(tmp, sources))
    result = build(config, embedder=HashingEmbedder())
    return config, result


def html_pages(site):
    return sorted(site.rglob("*.html"))


def our_scripts_only(document) -> list[str]:
    """Scripts that are not the theme's own: inline scripts other than Material's config/boot."""
    bad = []
    for script in document.iter("script"):
        src = script.get("src") or ""
        text = script.text or ""
        if src and "assets/" not in src:
            bad.append(src)
        if not src and ("alert" in text):
            bad.append(text[:80])
    return bad


def test_no_script_handler_or_javascript_url_from_content(hostile_site):
    config, _ = hostile_site
    for page in html_pages(config.site_dir):
        document = lxml.html.fromstring(page.read_bytes())
        assert our_scripts_only(document) == [], page
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (page, element.tag, name)
                assert not value.strip().lower().startswith("javascript:"), (
                    page,
                    element.tag,
                    value,
                )
        assert b"<img src=x" not in page.read_bytes()


def test_templates_stay_literal(hostile_site):
    config, result = hostile_site
    paper = next(p for p in result.papers if "{{ 7*7 }}" in p.abstract)
    html = (config.site_dir / "papers" / paper.slug / "index.html").read_text()
    assert "{{ 7*7 }}" in html and "49" not in html.split("{{ 7*7 }}")[0][-20:]
    assert "{% raw %}" in html


def test_feeds_are_valid_xml_with_nothing_executable(hostile_site):
    config, _ = hostile_site
    for feed in sorted(config.site_dir.rglob("*.xml")) + [config.site_dir / "feeds.opml"]:
        if feed.name.startswith("sitemap"):
            continue
        root = etree.fromstring(feed.read_bytes())
        for text in root.itertext():
            fragment = (
                lxml.html.fragment_fromstring(text, create_parent="div") if "<" in text else None
            )
            if fragment is not None:
                assert not fragment.xpath("//script|//img|//*[@*[starts-with(name(), 'on')]]"), feed


def test_report_names_every_rejected_input_and_still_builds(hostile_site):
    config, result = hostile_site
    rejected = "\n".join(result.report.rejected)
    assert "binary.bin:1: binary file" in rejected
    assert "empty.txt:0: empty file" in rejected
    assert result.site is not None and (config.site_dir / "index.html").is_file()
    titles = {p.title for p in result.papers}
    assert any("Café" in p.abstract or "résumé" in p.abstract for p in result.papers)
    assert any(len(p.abstract) > 1_000_000 for p in result.papers)
    assert not any(ch in t for t in titles for ch in "\x00\x07\u0085\u2028")


def test_strict_build_fails_on_the_hostile_corpus(hostile_site):
    config, _ = hostile_site
    with pytest.raises(BuildError, match=r"2 rejected input line\(s\)"):
        build(config, embedder=HashingEmbedder(), strict=True)

"""The seam with MkDocs Material: the real chrome, built under the settings people change,
keeps every marker, and a stamped paper page is whole; settings the shells cannot honour are
refused when the configuration is read, saying why."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from conftest import INGEST_FIXTURES, ROOT, make_project
from fake_embedder import HashingEmbedder

from generator.config import ConfigError, load_config
from generator.pipeline import build

pytestmark = pytest.mark.slow

OG_HEAD = """{% block extrahead %}
  {{ super() }}
  <meta property="og:url" content="{{ page.canonical_url }}">
  <meta property="og:title" content="{{ page.title }}">
{% endblock %}"""

SETTINGS = {
    "one dark palette, German": {"theme": {"palette": {"scheme": "slate"}, "language": "de"}},
    "features and a user's extra_css": {
        "theme": {"features": ["navigation.sections", "toc.integrate", "content.code.copy"]},
        "extra_css": ["assets/stylesheets/mine.css"],
    },
    "an edit button for every page": {
        "repo_url": "https://github.com/example/digest",
        "edit_uri": "edit/main/docs/",
        "theme": {"features": ["content.action.edit", "content.action.view"]},
    },
    "a theme override that adds og: tags": {"og": True},
}


def project_with(tmp_path, settings: dict):
    """A one-dump project whose mkdocs.yml has `settings` merged in; `og`: its own copy of the
    theme folder, whose main.html also writes Open Graph tags from the page."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(INGEST_FIXTURES / "abstract-lines.txt", sources / "dump.txt")
    path = make_project(tmp_path, sources)
    config = yaml.safe_load(path.read_text())
    settings = dict(settings)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    config["theme"]["custom_dir"] = str(theme)
    (theme / "assets" / "stylesheets" / "mine.css").write_text("body { margin: 0 }\n")
    if settings.pop("og", False):
        main = theme / "main.html"
        main.write_text(main.read_text() + "\n" + OG_HEAD.replace("extrahead", "htmltitle"))
    for key, value in settings.items():
        if isinstance(value, dict):
            config[key] = {**config.get(key, {}), **value}
        else:
            config[key] = value
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return load_config(path)


@pytest.mark.parametrize("name", SETTINGS)
def test_the_real_chrome_keeps_its_markers_under_common_settings(tmp_path, name):
    config = project_with(tmp_path, SETTINGS[name])
    result = build(config, embedder=HashingEmbedder(), strict=True)
    paper = result.papers[0]
    page = (config.site_dir / paper.path / "index.html").read_text()
    url = f"{config.site_url}{paper.path}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert page.count("<h1") == 1 and paper.title.split()[0] in page.split("<h1", 1)[1]
    assert 'rel="edit"' not in page and "digest-shell" not in page
    leftovers = [p.name for p in config.site_dir.rglob("*.html") if "DIGESTSHELL" in p.read_text()]
    assert leftovers == []
    if "German" in name:
        assert re.search(r'<html lang="de"', page) and 'data-md-color-scheme="slate"' in page
    if "extra_css" in name:
        assert "assets/stylesheets/mine.css" in page
    if "og:" in name:
        assert f'<meta property="og:url" content="{url}">' in page


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ({"use_directory_urls": False}, "use_directory_urls: false is not supported"),
        ({"plugins": ["search", "social"]}, "plugins: social: paper, tag and topic pages"),
        ({"plugins": {"search": {}, "blog": {}}}, "plugins: blog:"),
    ],
)
def test_settings_the_shells_cannot_honour_are_refused_with_a_reason(tmp_path, setting, says):
    path = make_project(tmp_path, tmp_path)
    config = yaml.safe_load(path.read_text()) | setting
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    with pytest.raises(ConfigError, match=re.escape(says)):
        load_config(path)

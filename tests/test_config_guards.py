"""Settings that would cost a user's files, or end in a traceback, are refused up front: one
problem per line, exit 2, nothing written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import INGEST_FIXTURES, ROOT

from generator.config import ConfigError, load_config


def repository_copy(tmp_path: Path) -> Path:
    """The project as a fresh clone has it (mkdocs.yml, content/, generator/ not needed)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "content" / "sources").mkdir(parents=True)
    shutil.copy(INGEST_FIXTURES / "titled-pairs.txt", project / "content" / "sources" / "pairs.txt")
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return project


def set_key(project: Path, **values) -> Path:
    config = yaml.safe_load((project / "mkdocs.yml").read_text().replace("!!python", "#"))
    for key, value in values.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return project / "mkdocs.yml"


def digest(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "site_dir",
    [
        ".",
        "..",
        "content",
        "content/sources",
        ".git",
        "/tmp/elsewhere",
        ".cache/digest",
        "build/docs",
        "build",
    ],
)
def test_site_dir_over_the_project_or_its_inputs_is_refused_and_nothing_is_touched(
    tmp_path, site_dir
):
    project = repository_copy(tmp_path)
    set_key(project, site_dir=site_dir)
    before = files_of(tmp_path)
    result = digest("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "site_dir" in result.stderr and "Traceback" not in result.stderr
    assert files_of(tmp_path) == before


@pytest.mark.parametrize("docs_dir", ["content", ".", "content/sources/docs", "site", 5, ""])
def test_docs_dir_over_the_dumps_or_not_a_path_is_refused(tmp_path, docs_dir):
    project = repository_copy(tmp_path)
    set_key(project, docs_dir=docs_dir)
    before = files_of(tmp_path)
    result = digest("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "docs_dir" in result.stderr and "Traceback" not in result.stderr
    assert files_of(tmp_path) == before
    assert not (project / "5").exists()


def test_the_default_docs_dir_is_the_documented_one_and_a_users_docs_folder_is_left_alone(tmp_path):
    project = repository_copy(tmp_path)
    config = load_config(set_key(project, docs_dir=None, site_dir=None))
    assert config.docs_dir == project / "build" / "docs" and config.site_dir == project / "site"
    assert "default `build/docs`" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- site_name: a\n", "expected a mapping"),
        ("site_name: x\nsite_url: https://e.org/\nextra: 5\n", "extra: must be a mapping"),
        (
            "site_name: x\nsite_url: https://e.org/\n"
            "extra: {digest: {model_path: no/such/folder}}\n",
            "model_path: no/such/folder is not a folder",
        ),
        ("site_name: [\n", "mkdocs.yml"),
    ],
)
def test_bad_settings_are_one_clear_problem_each(tmp_path, text, expected):
    (tmp_path / "mkdocs.yml").write_text(text)
    with pytest.raises(ConfigError, match=expected):
        load_config(tmp_path / "mkdocs.yml")
    result = digest("build", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert expected.split(":")[0] in result.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    project = repository_copy(tmp_path)
    with pytest.raises(ConfigError) as error:
        load_config(set_key(project, site_dir=".", docs_dir="content", site_url="ftp://x"))
    text = str(error.value)
    assert "site_dir: ." in text and "docs_dir: content" in text and "site_url" in text


def test_a_symlinked_site_dir_and_a_cache_outside_the_project_are_refused(tmp_path):
    project = repository_copy(tmp_path)
    (project / "public").mkdir()
    (project / "site").symlink_to(project / "public")
    with pytest.raises(ConfigError, match="site_dir: site is a symbolic link"):
        load_config(project / "mkdocs.yml")
    (project / "site").unlink()
    config = yaml.safe_load((project / "mkdocs.yml").read_text().replace("!!python", "#"))
    config["extra"]["digest"]["cache_dir"] = str(tmp_path / "elsewhere")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    with pytest.raises(ConfigError, match="cache_dir"):
        load_config(project / "mkdocs.yml")


def test_a_site_dir_inside_an_earlier_builds_site_is_refused_and_nothing_is_touched(tmp_path):
    project = repository_copy(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("published")
    (project / ".site.digest-manifest.json").write_text("{}")
    set_key(project, site_dir="site/sub")
    before = files_of(tmp_path)
    result = digest("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "site_dir: site/sub is inside site, a site an earlier build wrote" in result.stderr
    assert "Traceback" not in result.stderr and files_of(tmp_path) == before


def test_a_cache_dir_or_site_dir_that_is_a_file_is_a_setting_to_fix(tmp_path):
    project = repository_copy(tmp_path)
    (project / "afile").write_text("notes")
    config = yaml.safe_load((project / "mkdocs.yml").read_text().replace("!!python", "#"))
    config["extra"]["digest"]["cache_dir"] = "afile"
    config["site_dir"] = "afile"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = digest("build", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "cache_dir: afile is a file, not a folder" in result.stderr
    assert "site_dir: afile is a file, not a folder" in result.stderr
    assert (project / "afile").read_text() == "notes"


def test_the_publish_workflows_pages_url_overrides_site_url_and_is_checked(tmp_path, monkeypatch):
    project = repository_copy(tmp_path)
    monkeypatch.setenv("DIGEST_SITE_URL", "https://ann.github.io/digest")
    assert load_config(project / "mkdocs.yml").site_url == "https://ann.github.io/digest/"
    monkeypatch.setenv("DIGEST_SITE_URL", "ann.github.io")
    with pytest.raises(ConfigError, match="DIGEST_SITE_URL .overriding site_url.: must be"):
        load_config(project / "mkdocs.yml")
    monkeypatch.setenv("DIGEST_SITE_URL", "")
    assert (
        load_config(project / "mkdocs.yml").site_url
        == yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))["site_url"]
    )
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    build = workflow.index("run: make site")
    assert workflow.index("DIGEST_SITE_URL: ${{ steps.pages.outputs.base_url }}/") < build
    assert workflow.index("id: pages") < build


def test_without_a_docs_dir_line_mkdocs_reads_the_documented_default(tmp_path):
    from fake_embedder import HashingEmbedder

    from generator.pipeline import build

    project = repository_copy(tmp_path)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# My own docs\n")
    text = (project / "mkdocs.yml").read_text().replace("docs_dir: build/docs", "")
    text = text.replace("custom_dir: theme", f"custom_dir: {ROOT / 'theme'}")
    text = text.replace(
        "- generator/site/mkdocs_hooks.py", f"- {ROOT / 'generator' / 'site' / 'mkdocs_hooks.py'}"
    )
    (project / "mkdocs.yml").write_text(text)
    build(load_config(project / "mkdocs.yml"), embedder=HashingEmbedder())
    assert (project / "build" / "docs" / "index.md").is_file()
    assert (project / "docs" / "index.md").read_text() == "# My own docs\n"
    assert "My own docs" not in (project / "site" / "index.html").read_text()


def test_distributed_without_dask_installed_is_a_configuration_error_naming_the_extra(
    tmp_path, monkeypatch
):
    """It was a raw ModuleNotFoundError traceback at the model pass."""
    import importlib.util

    project = repository_copy(tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text().replace("!!python", "#"))
    config.setdefault("extra", {}).setdefault("digest", {})["distributed"] = "local"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "dask" else real(name, *a)
    )
    with pytest.raises(
        ConfigError,
        match=r"needs Dask, which is not installed: pip install 'paper-digest\[distributed\]'",
    ):
        load_config(project / "mkdocs.yml")


def test_the_tag_count_defaults_agree_with_each_other_and_the_sites_setting():
    from generator.config import DigestSettings
    from generator.tags.vocabulary import TagSettings

    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))["extra"][
        "digest"
    ]
    assert (DigestSettings().tags_min, DigestSettings().tags_max) == (
        TagSettings().min_tags,
        TagSettings().max_tags,
    )
    assert (site["tags_min"], site["tags_max"]) == (TagSettings().min_tags, TagSettings().max_tags)

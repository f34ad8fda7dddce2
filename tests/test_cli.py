"""The `digest` command as a user runs it: help, ingest, build summary and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INGEST_FIXTURES, ROOT, make_project


def digest(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("command", [[], ["build"], ["ingest"], ["serve"]])
def test_every_command_has_help_with_examples(command):
    result = digest(*command, "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout


def test_a_file_rejected_whole_is_one_line_to_read():
    """147 lines rejected for one syntax error read as one line, with the range."""
    broken = ROOT / "tests" / "fixtures" / "formats" / "broken" / "missing-comma.json"
    result = digest("ingest", str(broken))
    rejected = [line for line in result.stdout.splitlines() if line.startswith("rejected:")]
    assert rejected == [
        "rejected: missing-comma.json:1-147: invalid CSL-JSON (line 12, column 3):"
        " Expecting ',' delimiter"
    ]


def test_ingest_json_prints_records_and_report():
    result = digest("ingest", str(INGEST_FIXTURES / "listing.txt"), "--json")
    assert result.returncode == 0
    output = json.loads(result.stdout)
    assert [r["title"] for r in output["records"]][0] == "FooNet: Compact Networks for Tiny Devices"
    assert (
        output["records"][0]["category"] == "cs.CV" and output["records"][0]["date"] == "2022-11-18"
    )
    assert output["report"]["lines_read"] == 5


@pytest.fixture
def small_project(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(INGEST_FIXTURES / "titled-pairs.txt", sources / "pairs.txt")
    return make_project(tmp_path, sources)


@pytest.mark.slow
def test_build_prints_summary_and_strict_rejection_exits_3(small_project, tmp_path):
    ok = digest("-f", str(small_project), "build", "--strict")
    assert ok.returncode == 0, ok.stderr
    summary = dict(line.rsplit(None, 1) for line in ok.stdout.splitlines() if line.strip())
    assert (
        summary["papers"] == "2"
        and summary["rejected lines"] == "0"
        and summary["newly embedded"] == "2"
    )
    assert summary["new since last build"] == "2" and summary["topics"] == "1"
    assert (tmp_path / "site" / "index.html").is_file()
    (tmp_path / "sources" / "bad.txt").write_text("A Title With No Abstract\n")
    strict = digest("-f", str(small_project), "build", "--strict")
    assert strict.returncode == 3
    assert "rejected: bad.txt:1: unknown format" in strict.stderr
    lenient = digest("-f", str(small_project), "build")
    assert lenient.returncode == 0
    again = dict(line.rsplit(None, 1) for line in lenient.stdout.splitlines() if line.strip())
    assert again["new since last build"] == "0" and again["newly embedded"] == "0"
    assert "rejected: bad.txt:1: unknown format" in lenient.stderr
    # Nothing new to tag: the rebuild imports none of the tagging libraries (a second or more).
    assert heavy_imports_of_build(small_project) == []


HEAVY = ("torch", "sentence_transformers", "sklearn", "wordfreq")


def heavy_imports_of_build(config: Path) -> list[str]:
    script = (
        "import json, sys; from generator.cli import main; "
        "code = main(['-f', sys.argv[1], 'build']); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        f" & set({HEAVY!r})) if code == 0 else code))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(config)],
        capture_output=True,
        text=True,
        timeout=600,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_ctrl_c_is_one_line_and_exit_1_not_a_traceback(monkeypatch, capsys, tmp_path):
    from generator import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "command_build", interrupted)
    assert cli.main(["-f", str(tmp_path / "mkdocs.yml"), "build"]) == 1
    err = capsys.readouterr().err
    assert err == "digest: interrupted; site/ holds the last complete build\n"


def test_invalid_config_reports_every_problem_and_exits_2(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: not-a-url\nextra:\n  digest:\n    feed_length: zero\n    colour: red\n"
    )
    result = digest("-f", str(config), "build")
    assert result.returncode == 2
    for problem in ("site_name", "site_url", "feed_length", "colour"):
        assert problem in result.stderr


def test_workflows_pass_zizmor():
    import shutil

    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is pinned in requirements.lock"
    result = subprocess.run(
        [zizmor, "--offline", "--persona=pedantic", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_serve_previews_the_site_under_the_site_url_path(tmp_path):
    import threading
    import urllib.request

    from generator.serve.preview import make_server

    (tmp_path / "papers" / "x").mkdir(parents=True)
    (tmp_path / "papers" / "x" / "index.html").write_text("paper x")
    (tmp_path / "index.html").write_text("home")
    httpd = make_server(tmp_path, "https://example.org/digest/", "127.0.0.1:0")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{httpd.server_address[1]}"
        assert urllib.request.urlopen(f"{root}/digest/papers/x/").read() == b"paper x"
        redirected = urllib.request.urlopen(
            f"{root}/papers/x/"
        )  # off the site's path: sent to its root
        assert redirected.url == f"{root}/digest/" and redirected.read() == b"home"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_serve_answers_head_like_get(tmp_path):
    import threading
    import urllib.request

    from generator.serve.preview import make_server

    (tmp_path / "index.html").write_text("home")
    httpd = make_server(tmp_path, "https://example.org/digest/", "127.0.0.1:0")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{httpd.server_address[1]}"
        head = urllib.request.urlopen(urllib.request.Request(f"{root}/digest/", method="HEAD"))
        assert head.status == 200 and head.headers["Content-Length"] == "4"
        moved = urllib.request.urlopen(urllib.request.Request(f"{root}/elsewhere", method="HEAD"))
        assert moved.url == f"{root}/digest/"  # redirected, not served from a mangled path
    finally:
        httpd.shutdown()
        httpd.server_close()

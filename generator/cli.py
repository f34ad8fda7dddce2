"""The `digest` command: build, ingest, serve."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import traceback
from pathlib import Path

from generator.config import load_config
from generator.errors import EXIT_FAILED, EXIT_OK, DigestError, describe_os_error, exit_code
from generator.publish.report import rejection_runs
from generator.site.budget import site_size

EPILOG_BUILD = """examples:
  digest build                 build site/ from content/sources
  digest build --strict        fail (exit 3) on any rejected input line or MkDocs warning
  digest build --no-site       only regenerate the Markdown, feeds and data in docs_dir
  digest build --full          parse every dump, cluster topics, render every page and feed again
"""
EPILOG_INGEST = """examples:
  digest ingest content/sources/002_*.txt          summary of what a dump gives
  digest ingest samples/arxiv-2026-06-29.jsonl --json   normalized records as JSON
"""


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="digest",
        description="Build a literature digest site from raw abstract dumps.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  digest build --strict\n  digest ingest dump.txt --json\n"
        "  digest serve",
    )
    main.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml holding the configuration"
    )
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="run the whole pipeline into site/",
        epilog=EPILOG_BUILD,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="rejected input, MkDocs warnings or broken generated links fail the build",
    )
    build.add_argument("--no-site", action="store_true", help="stop before running MkDocs")
    build.add_argument(
        "--full",
        action="store_true",
        help="ignore what earlier builds kept: parse every dump, cluster and name topics, "
        "render every page and feed, index every search shard",
    )
    build.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every rejected line; a traceback with any error",
    )
    ingest = commands.add_parser(
        "ingest",
        help="show what dumps give, without building",
        epilog=EPILOG_INGEST,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("paths", nargs="+", type=Path, help="dump files or folders")
    ingest.add_argument("--json", action="store_true", help="print records and report as JSON")
    ingest.add_argument("-v", "--verbose", action="store_true", help="a traceback with any error")
    serve = commands.add_parser(
        "serve",
        help="preview the built site/ on a local server (run build first, or --watch)",
        epilog="examples:\n  digest serve\n  digest serve --dev-addr 0.0.0.0:8000\n"
        "  digest serve --watch        build, serve, and build again on every change",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("-v", "--verbose", action="store_true", help="a traceback with any error")
    serve.add_argument(
        "--watch",
        action="store_true",
        help="build first, then build again in this process whenever the dumps, curation file, "
        "mkdocs.yml or theme change (the model stays loaded: a new dump shows in about a second)",
    )
    return main


def command_build(args: argparse.Namespace) -> int:
    from generator.pipeline import build

    config = load_config(args.config_file)
    gc.freeze()  # what this one-shot process imported stays: full collections need not walk it
    result = build(
        config, strict=args.strict, site=not args.no_site, full=args.full, progress=embedding_bar
    )
    print_summary(result)
    return EXIT_OK


def embedding_bar(total: int):
    """A progress bar on stderr while new papers are embedded (hidden when not a terminal)."""
    from tqdm import tqdm

    bar = tqdm(
        total=total, desc="embedding new papers", unit="paper", disable=None, file=sys.stderr
    )

    def advance(done: int) -> None:
        bar.update(done)
        if bar.n >= total:
            bar.close()

    return advance


def print_summary(result) -> None:
    """The build in figures; its rejected lines were logged as warnings while it ran."""
    report = result.report
    rows = [
        ("papers", report.papers),
        ("new since last build", result.new_papers),
        ("input lines", report.lines_read),
        ("duplicates merged", report.duplicates_merged),
        ("near-duplicates", len(report.near_duplicates)),
        ("rejected lines", report.lines.rejected),
        ("tags", len({t for p in result.papers for t in p.tags})),
        ("topics", len(result.topics)),
        ("newly embedded", result.embedded),
        ("docs files rewritten", result.pages_written),
    ]
    if result.site:
        rows.append(
            (
                "pages rendered",
                f"{result.site.rendered} of {result.site.pages}"
                + ("" if result.site.incremental else " (full build)"),
            )
        )
        rows.append(("site size", str(site_size(result.site.manifest))))
    rows += [(f"time: {stage}", f"{seconds:.1f}s") for stage, seconds in result.timings.items()]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def command_ingest(args: argparse.Namespace) -> int:
    from generator.serve.ingest_view import ingest_paths

    output = ingest_paths(args.paths)
    if args.json:
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        for source in output["report"]["sources"]:
            print(
                f"{source['file']}: {source['format']}, {source['lines']} lines, "
                f"{source['records']} records, {source['chrome']} chrome, "
                f"{source['rejected']} rejected"
            )
        report = output["report"]
        print(
            f"{report['records']} records, {report['papers']} papers, "
            f"{report['duplicates_merged']} duplicates merged, "
            f"{len(report['near_duplicates'])} near-duplicates, "
            f"{report['lines']['rejected']} rejected lines"
        )
        for line in rejection_runs(report["rejected"]):
            print(f"rejected: {line}")
    return EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    from generator.serve.preview import serve

    if args.watch:
        return serve_watching(args)
    config = load_config(args.config_file)
    if not (config.site_dir / "index.html").is_file():
        print(
            f"digest: no built site in {config.site_dir}: run `digest build` first", file=sys.stderr
        )
        return EXIT_FAILED
    serve(config.site_dir, config.site_url, args.dev_addr)
    return EXIT_OK


def serve_watching(args: argparse.Namespace) -> int:
    """`digest serve --watch`: build, serve, and build again on every change to the content."""
    import threading

    from generator.serve.preview import announce, serve_in_background
    from generator.serve.watch import Rebuilder, content_state, watch, watched_paths

    since = content_state(
        watched_paths(load_config(args.config_file))
    )  # a change during the first build counts
    rebuild = Rebuilder(Path(args.config_file), report=lambda line: print(line, flush=True))
    try:
        rebuild()
        config = rebuild.config
        if config is None or not (config.site_dir / "index.html").is_file():
            return EXIT_FAILED  # no site to serve: the first build said why
        with serve_in_background(config.site_dir, config.site_url, args.dev_addr) as httpd:
            announce(httpd, config.site_dir, config.site_url, ", building again on every change")
            watch(
                lambda: watched_paths(rebuild.config or config),
                rebuild,
                threading.Event(),
                since=since,
            )
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run a command; every failure a user can cause ends in one line (details before it)
    and its exit code (errors.py); a traceback only with --verbose."""
    args = parser().parse_args(argv)
    verbose = getattr(args, "verbose", False)
    logging.basicConfig(format="digest: %(levelname)s: %(message)s", level=logging.WARNING)
    logging.getLogger("generator").setLevel(logging.INFO if verbose else logging.WARNING)
    handlers = {"build": command_build, "ingest": command_ingest, "serve": command_serve}
    try:
        return handlers[args.command](args)
    except DigestError as error:
        return fail(str(error), exit_code(error), verbose, error.details)
    except OSError as error:
        return fail(describe_os_error(error, args.command), EXIT_FAILED, verbose)
    except KeyboardInterrupt:  # Ctrl-C: landing is journaled, so site/ is a whole build
        where = "; site/ holds the last complete build" if args.command == "build" else ""
        return fail(f"interrupted{where}", EXIT_FAILED, verbose)
    except (MemoryError, RecursionError) as error:
        return fail(
            f"{type(error).__name__}: the input is too large or too deeply nested",
            EXIT_FAILED,
            verbose,
        )
    except Exception as error:  # a bug: say so in one line; --verbose shows where
        return fail(
            f"internal error: {type(error).__name__}: {error} (run again with --verbose "
            "for the traceback, and please report it)",
            EXIT_FAILED,
            verbose,
        )


def fail(message: str, code: int, verbose: bool, details: list[str] | None = None) -> int:
    if verbose:
        traceback.print_exc()
    for line in details or []:
        print(line, file=sys.stderr)
    print(f"digest: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())

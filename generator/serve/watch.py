"""`digest serve --watch`: the site rebuilt in this process whenever the content changes.

One process keeps the model loaded (once a new text needs it) and what builds keep in
memory (folded phrases, feed entries, compiled templates), so adding a dump while
previewing shows it in about half a second, where a `digest build` command would first
spend seconds importing torch and loading the model.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.config import Config, load_config
from generator.errors import DigestError, describe_os_error
from generator.publish.report import rejection_runs

State = tuple[tuple[str, int, int], ...]


def watched_paths(config: Config) -> list[Path]:
    """What a build reads besides its caches: the dumps, the curation file, mkdocs.yml, the
    theme."""
    return [config.sources_dir, config.curation_file, config.config_file, *config.theme_inputs]


def content_state(paths: Iterable[Path]) -> State:
    """(path, size, modification time) of every file under `paths`, hidden ones aside and
    symlinked folders followed (as the build does): any change to the content changes it."""
    found, seen = [], set()
    for path in paths:
        if path.is_file():
            found.append(_entry(str(path)))
        for folder, subfolders, names in os.walk(
            path, followlinks=True
        ):  # nothing for a file or a missing path
            if os.path.realpath(folder) in seen:
                subfolders[:] = []
                continue
            seen.add(os.path.realpath(folder))
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            found += (
                _entry(os.path.join(folder, name))
                for name in sorted(names)
                if not name.startswith(".")
            )
    return tuple(entry for entry in found if entry)


def _entry(path: str) -> tuple[str, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:  # removed while looked at: the next look sees it gone
        return None
    return path, stat.st_size, stat.st_mtime_ns


def watch(
    paths: Callable[[], list[Path]],
    rebuild: Callable[[], None],
    stop: threading.Event,
    interval: float = 1.0,
    since: State | None = None,
) -> None:
    """Call rebuild() after each change to content_state(paths()), looked at every `interval`
    seconds, until `stop` is set. paths() is asked anew each time (mkdocs.yml may move the
    sources); `since`: the state to compare with first (default: as found on starting)."""
    last = content_state(paths()) if since is None else since
    while not stop.wait(interval):
        now = content_state(paths())
        if now != last:
            # a change made while it runs differs from `now`: the next look rebuilds again
            rebuild()
            last = now


class Rebuilder:
    """`digest build` again and again in one process: the config read anew each time, one
    embedder kept per model (loaded when a new text first needs it). `report` gets a line
    per build, then the rejected input lines (the first REJECTED_SHOWN) or why it failed."""

    REJECTED_SHOWN = 10

    def __init__(self, config_file: Path, embedder=None, report: Callable[[str], None] = print):
        self.config_file, self.report = config_file, report
        self.config: Config | None = None
        self.embedders: dict[str | None, Any] = {} if embedder is None else {None: embedder}
        self.builds = 0

    def __call__(self) -> None:
        from generator.pipeline import build

        try:
            self.config = load_config(self.config_file)
            result = build(self.config, embedder=self._embedder(self.config))
        except DigestError as error:
            for line in getattr(error, "details", []):
                self.report(line)
            self.report(f"digest: {error} (site/ left as it was)")
            return
        except OSError as error:
            self.report(f"digest: {describe_os_error(error)}")
            return
        except Exception as error:  # a watcher outlives a bad edit: say what broke, keep watching
            self.report(
                f"digest: build failed: {type(error).__name__}: {error} (site/ left as it was)"
            )
            return
        self.builds += 1
        self._summarize(result)

    def _summarize(self, result) -> None:
        seconds, rejected = sum(result.timings.values()), result.report.rejected
        self.report(
            f"built in {seconds:.2f} s: {result.report.papers} papers, {result.new_papers} new, "
            f"{result.embedded} embedded, "
            f"{result.site.rendered} of {result.site.pages} pages rendered, "
            f"{len(rejected)} rejected lines"
        )
        runs = rejection_runs(rejected)
        for line in runs[: self.REJECTED_SHOWN]:
            self.report(f"rejected: {line}")
        if len(runs) > self.REJECTED_SHOWN:
            self.report(
                f"... {len(runs) - self.REJECTED_SHOWN} more (digest build --verbose lists them)"
            )

    def _embedder(self, config: Config):
        if None in self.embedders:
            return self.embedders[None]
        from generator.tags.embedders import SentenceTransformerEmbedder

        path = str(config.model_path or "")
        return self.embedders.setdefault(path, SentenceTransformerEmbedder(path))

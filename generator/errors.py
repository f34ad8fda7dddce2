"""Every failure a user can cause, one class each; EXIT_CODES, the one place exit codes are
decided (the README lists them); and the warning count that makes `--strict` fail.

0 success; 1 the build failed (a file it could not read or write, the disk, a busy project);
2 a setting, the curation file or a folder's contents need the user's hand; 3 `--strict`.
"""

from __future__ import annotations

import errno
import logging

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3


class DigestError(Exception):
    """A failure with a message a user can act on; `details` are printed before it."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class ProblemsError(DigestError, ValueError):
    """Every problem found in one input, reported together rather than one per run."""

    heading = "invalid input"

    def __init__(self, problems: list[str]):
        super().__init__(f"{self.heading}:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


class ConfigError(ProblemsError):
    heading = "invalid configuration"


class InputError(DigestError):
    """An input the user must fix: the sources folder, a dump, the curation file."""


class ForeignFilesError(InputError):
    """An output folder holds files no build wrote: the build stops rather than delete them."""


class BuildError(DigestError):
    """The build failed; the previous site is left as it was."""


class StrictError(BuildError):
    """`--strict` found something to fail on (rejected lines, warnings, broken links, repairs)."""


class BusyError(BuildError):
    """Another build holds the project's lock."""


EXIT_CODES: dict[type[DigestError], int] = {
    StrictError: EXIT_STRICT,
    ProblemsError: EXIT_USAGE,  # ConfigError, CurationError
    InputError: EXIT_USAGE,  # ForeignFilesError
    DigestError: EXIT_FAILED,  # BuildError, BusyError
}


def exit_code(error: DigestError) -> int:
    """The exit code of the nearest class of `error` in EXIT_CODES."""
    return next(EXIT_CODES[cls] for cls in type(error).__mro__ if cls in EXIT_CODES)


class WarningCount(logging.Handler):
    """Counts the warnings logged while it is attached, as mkdocs counts them for `--strict`:
    a strict build fails on any."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def describe_os_error(error: OSError, command: str = "build") -> str:
    """One line for a disk or permission failure: what, where, and what to do."""
    where = f" {error.filename}" if error.filename else ""
    advice = {
        errno.ENOSPC: "free some disk space and try again",
        errno.EDQUOT: "free some disk space and try again",
        errno.EROFS: "the file system is read-only: build where you can write",
        errno.EACCES: "check the permissions of that path",
        errno.EPERM: "check the permissions (and attributes, chattr) of that path",
        errno.EADDRINUSE: "another program listens there: choose another --dev-addr",
    }
    hint = advice.get(error.errno or 0, "check that path and try again")
    kept = " (site/ left as it was)" if command == "build" else ""
    return f"cannot use{where}: {error.strerror or error}; {hint}{kept}"

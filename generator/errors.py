"""Every failure a user can cause, one class each, and the exit code the command returns
for it (the one place exit codes are decided; the README lists them).

0 success; 1 the build failed (a file it could not read or write, the disk, a busy project);
2 a setting, the curation file or a folder's contents need the user's hand; 3 `--strict`.
"""

from __future__ import annotations

import errno

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3


class DigestError(Exception):
    """A failure with a message a user can act on; `details` are printed before it."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


class ProblemsError(DigestError, ValueError):
    """Every problem found in one input, reported together rather than one per run."""

    heading = "invalid input"
    exit_code = EXIT_USAGE

    def __init__(self, problems: list[str]):
        super().__init__(f"{self.heading}:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


class ConfigError(ProblemsError):
    heading = "invalid configuration"


class ForeignFilesError(DigestError):
    """An output folder holds files no build wrote: the build stops rather than delete them."""

    exit_code = EXIT_USAGE


class BuildError(DigestError):
    """The build failed; the previous site is left as it was."""


class StrictError(BuildError):
    """`--strict` found something to fail on (rejected lines, warnings, broken links, repairs)."""

    exit_code = EXIT_STRICT


class BusyError(DigestError):
    """Another build holds the project's lock."""


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

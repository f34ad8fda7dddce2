"""Reading back what a build stored: cache rows, the output memo, the site manifest, the
chrome, the previous site's data. One rule for all of them, proven once (tests/test_codec.py):
a stored value this code cannot read (another version wrote it, the file was damaged or
edited by hand) counts as missing, and the build makes it again.

Each reader raises on what its writer did not write (`Unreadable`, or the ValueError,
TypeError, KeyError ... that reading it raises on its own); `decoded` turns that into None.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Unreadable(ValueError):
    """A stored value that is not what its writer writes."""


UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def decoded(read: Callable[..., T], *stored: Any) -> T | None:
    """`read(*stored)`, or None when the stored value cannot be read."""
    try:
        return read(*stored)
    except UNREADABLE:
        return None


def require(condition: bool, what: str) -> None:
    """Raise Unreadable unless `condition`: the stored value is not `what`."""
    if not condition:
        raise Unreadable(f"not {what}")


def typed(hint: Any) -> Callable[[Any], Any]:
    """A reader of a JSON value stored for a field of type `hint` (str, int, bool, X | None,
    tuple[X, ...], a dataclass stored as a list of its fields): the value as the field holds
    it, or Unreadable. bool is not an int here, and a list is read only as a tuple."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        item = typed(args[0])
        return lambda value: tuple(map(item, kind_of(value, list)))
    if origin in (types.UnionType, typing.Union):
        inner = typed(next(arg for arg in args if arg is not type(None)))
        return lambda value: None if value is None else inner(value)
    if dataclasses.is_dataclass(hint):
        return row_reader(hint)
    return lambda value: kind_of(value, hint)


def row_reader(cls: Any) -> Callable[[Any], Any]:
    """A reader of a dataclass stored as the list of its fields (dataclasses.astuple)."""
    readers = [typed(hint) for hint in typing.get_type_hints(cls).values()]

    def read(row: Any) -> Any:
        parts = kind_of(row, list)
        require(len(parts) == len(readers), f"a {cls.__name__} row")
        return cls(*(reader(part) for reader, part in zip(readers, parts, strict=True)))

    return read


def kind_of(value: Any, kind: type) -> Any:
    require(type(value) is kind, f"a {kind.__name__}")
    return value

"""Failures of structuring: the first problem, with the key path it is at, as one line."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator
from typing import Any

from attrs import frozen

KeyPath = tuple[str, ...]  # ("patterns", "x", "muscles", "[0]", "role")


class ShapeError(ValueError):
    """A value that does not fit its field; `path` is below the field (an array index, a key)."""

    def __init__(self, problem: str, path: KeyPath = ()) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path


@frozen
class Problem:
    """One thing wrong, and where."""

    path: KeyPath
    message: str


def show_path(path: KeyPath) -> str:
    """("patterns", "x", "muscles", "[0]", "role") -> "patterns.x.muscles[0].role"."""
    text = ""
    for part in path:
        text += part if part.startswith("[") or not text else "." + part
    return text


def unknown_key(key: str, allowed: Collection[str]) -> str:
    """An unknown key's message: the keys the format knows, and the closest one to a typo."""
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown key (expected one of: {', '.join(allowed)}){hint}"


def problems(error: BaseException, path: KeyPath = ()) -> Iterator[Problem]:
    """Every problem inside a cattrs error (a tree of exception groups), in field order."""
    import cattrs

    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        allowed = _keys_of(error.cl)
        for key in sorted(error.extra_fields):
            yield Problem((*path, str(key)), unknown_key(str(key), allowed))
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from problems(inner, (*path, *_step(inner)))
    elif isinstance(error, KeyError):
        yield Problem(path, "missing required key")
    elif isinstance(error, ShapeError):
        yield Problem((*path, *error.path), error.problem)
    else:  # another library's text may quote the value: never shown
        yield Problem(path, "not a valid value")


def first_problem(error: BaseException) -> Problem:
    """The problem to report: an unknown key first (a typo also makes its key "missing")."""
    found = list(problems(error))
    unknown = [problem for problem in found if problem.message.startswith("unknown key")]
    return (unknown or found or [Problem((), "not a valid value")])[0]


def _step(error: BaseException) -> KeyPath:
    """The key path cattrs noted on an inner error: an attribute's name or an index."""
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (f"[{note.index}]",)
    return ()


def _keys_of(cls: Any) -> tuple[str, ...]:
    from posture_tui.structuring.rules import written_keys

    return written_keys(cls)

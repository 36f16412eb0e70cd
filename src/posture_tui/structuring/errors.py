"""Failures of structuring: the first problem, with the key path it is at, as one line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from posture_tui.structuring.dialect import Dialect

KeyPath = tuple[str, ...]  # ("patterns", "x", "muscles", "[0]", "role")


class ShapeError(ValueError):
    """A value that does not fit its field; `path` is below the field (an array index, a key)."""

    def __init__(self, problem: str, path: KeyPath = ()) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path


class Problem(NamedTuple):
    """One thing wrong, and where."""

    path: KeyPath
    message: str
    unknown_key: bool = False


def show_path(path: KeyPath) -> str:
    """("patterns", "x", "muscles", "[0]", "role") -> "patterns.x.muscles[0].role"."""
    text = ""
    for part in path:
        text += part if part.startswith("[") or not text else "." + part
    return text


def problems(error: BaseException, dialect: Dialect, path: KeyPath = ()) -> Iterator[Problem]:
    """Every problem inside a cattrs error (a tree of exception groups), in field order."""
    import cattrs

    from posture_tui.structuring.rules import written_keys

    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        allowed = written_keys(error.cl)
        for key in sorted(error.extra_fields, key=str):
            at = (*path, str(key)) if dialect.unknown_at_key else path
            yield Problem(at, dialect.unknown_key(key, allowed), unknown_key=True)
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from problems(inner, dialect, (*path, *_step(inner)))
    elif isinstance(error, KeyError):
        yield Problem(path, dialect.missing)
    elif isinstance(error, ShapeError):
        yield Problem((*path, *error.path), error.problem)
    else:  # another library's text may quote the value: never shown
        yield Problem(path, "not a valid value")


def first_problem(error: BaseException, dialect: Dialect) -> tuple[Problem, int]:
    """The problem to report, an unknown key first (a typo also makes its key "missing"), and
    how many more there are."""
    found = list(problems(error, dialect)) or [Problem((), "not a valid value")]
    first = next((problem for problem in found if problem.unknown_key), found[0])
    return first, len(found) - 1


def _step(error: BaseException) -> KeyPath:
    """The key path cattrs noted on an inner error: an attribute's name or an index."""
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (f"[{note.index}]",)
    return ()

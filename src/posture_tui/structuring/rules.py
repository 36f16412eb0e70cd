"""What a field accepts beyond its type, written beside the field as `Annotated` metadata.

`Annotated[int, Range(1, 120)]` reads as an int from 1 to 120 wherever the class is structured
(knowledge TOML, a JSON document); code that only holds the value sees a plain int.
"""

from __future__ import annotations

from typing import Any

import attrs
from attrs import frozen

NOT_WRITTEN = {"not_written": True}
"""attrs metadata of a field no file writes (an id taken from the entry's key, a derived flag)."""


def written_keys(cls: Any) -> tuple[str, ...]:
    """The keys a file may write for an attrs class, in field order."""
    return tuple(
        field.alias
        for field in attrs.fields(cls)
        if field.init and not field.metadata.get("not_written")
    )


@frozen
class Range:
    """A number from `minimum` to `maximum`, both included (None: no bound)."""

    minimum: float | None = None
    maximum: float | None = None


@frozen
class OneOf:
    """Text that is one of `values` (each entry, for an array); `noun` names them in errors."""

    values: tuple[str, ...]
    noun: str = ""


@frozen
class Ref:
    """The id of a `kind` entry, checked once everything is read (e.g. "muscle", "region")."""

    kind: str


@frozen
class Text:
    """Text of a record: at most `max_length` characters, one line unless `multiline`, and
    something besides spaces where `required`."""

    max_length: int
    multiline: bool = False
    required: bool = False


@frozen
class Matches:
    """Text the whole of which matches `pattern`; `problem` says what it must be."""

    pattern: str
    problem: str


@frozen
class Items:
    """An array of at most `most` entries."""

    most: int


@frozen
class Blank:
    """Text that may be given empty (other text, once given, must say something)."""


@frozen
class AsTable:
    """Pairs written as a table, `{ key = value }`: a tuple of (key, value) in file order."""


BLANK = Blank()
AS_TABLE = AsTable()

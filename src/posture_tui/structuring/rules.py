"""What a field accepts beyond its type, written beside the field as `Annotated` metadata.

`Annotated[int, Range(1, 120)]` reads as an int from 1 to 120 wherever the class is structured
(knowledge TOML, a JSON document, the store) and wherever a record made in memory is checked;
code that only holds the value sees a plain int. What each rule means: `validate.py`.

The rules are plain slotted classes, not attrs classes: the client list imports them on its
way to the first screen, where eight attrs classes cost 2.5 ms to define. Each compares equal
only to a rule of its own kind, so two `Annotated` types never share a converter hook by chance.
"""

from __future__ import annotations

from typing import Any

import attrs

NOT_WRITTEN = {"not_written": True}
"""attrs metadata of a field no file writes (an id taken from the entry's key, a derived flag)."""


def written_keys(cls: Any) -> tuple[str, ...]:
    """The keys a file may write for an attrs class, in field order."""
    return tuple(
        field.alias
        for field in attrs.fields(cls)
        if field.init and not field.metadata.get("not_written")
    )


class _Rule:
    """A rule: immutable by convention, equal only to a rule of its kind with equal fields."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Rule)
            and type(self) is type(other)
            and (self._fields() == other._fields())
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._fields()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._fields()!r}"


class Range(_Rule):
    """A number from `minimum` to `maximum`, both included (None: no bound)."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, minimum: float | None = None, maximum: float | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum


class OneOf(_Rule):
    """Text that is one of `values` (each entry, for an array); `noun` names them in errors."""

    __slots__ = ("noun", "values")

    def __init__(self, values: tuple[str, ...], noun: str = "") -> None:
        self.values, self.noun = values, noun


class Ref(_Rule):
    """The id of a `kind` entry, checked once everything is read (e.g. "muscle", "region")."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind


class Text(_Rule):
    """Text of a record: at most `max_length` characters, one line unless `multiline`, and
    something besides spaces where `required`."""

    __slots__ = ("max_length", "multiline", "required")

    def __init__(self, max_length: int, multiline: bool = False, required: bool = False) -> None:
        self.max_length, self.multiline, self.required = max_length, multiline, required


class Matches(_Rule):
    """Text the whole of which matches `pattern`; `problem` says what it must be."""

    __slots__ = ("pattern", "problem")

    def __init__(self, pattern: str, problem: str) -> None:
        self.pattern, self.problem = pattern, problem


class Items(_Rule):
    """An array of at most `most` entries."""

    __slots__ = ("most",)

    def __init__(self, most: int) -> None:
        self.most = most


class Blank(_Rule):
    """Text that may be given empty (other text, once given, must say something)."""


class AsTable(_Rule):
    """Pairs written as a table, `{ key = value }`: a tuple of (key, value) in file order."""


BLANK = Blank()
AS_TABLE = AsTable()

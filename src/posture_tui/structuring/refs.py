"""The ids a structured value refers to, found through the `Ref` rules on its fields."""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Annotated, Any, get_args, get_origin

import attrs

from posture_tui.structuring.errors import KeyPath
from posture_tui.structuring.rules import Ref

Found = tuple[str, str, KeyPath]  # (kind, id, key path of the id)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str | None, bool], ...]:
    """(field name, the kind it refers to or None, whether it holds attrs values) per field."""
    hints = typing.get_type_hints(cls, include_extras=True)
    described = []
    for field in attrs.fields(cls):
        kind_of = hints[field.name]
        ref = None
        if get_origin(kind_of) is Annotated:
            ref = next((rule.kind for rule in get_args(kind_of)[1:] if isinstance(rule, Ref)), None)
        described.append((field.name, ref, _holds_attrs(kind_of)))
    return tuple(described)


def _holds_attrs(kind_of: Any) -> bool:
    if get_origin(kind_of) is Annotated:
        kind_of = get_args(kind_of)[0]
    if isinstance(kind_of, type) and attrs.has(kind_of):
        return True
    return any(_holds_attrs(arg) for arg in get_args(kind_of) if arg is not Ellipsis)


def refs(value: Any, path: KeyPath = ()) -> Iterator[Found]:
    """Every (kind, id, path) an attrs value refers to; an empty or absent id refers to none."""
    for name, ref, nested in _fields(type(value)):  # type: ignore[arg-type]  # a class hashes
        held = getattr(value, name)
        here = (*path, name)
        if ref is not None:
            if isinstance(held, str) and held:
                yield ref, held, here
            elif isinstance(held, tuple):
                for index, item in enumerate(held):
                    yield ref, item, (*here, f"[{index}]")
        elif nested:
            yield from _inside(held, here)


def _inside(held: Any, path: KeyPath) -> Iterator[Found]:
    """The references of the attrs values a field holds: itself, an array's or a table's."""
    if isinstance(held, tuple):
        for index, item in enumerate(held):
            yield from _inside(item, (*path, f"[{index}]"))
    elif isinstance(held, dict):
        for key, item in held.items():
            yield from _inside(item, (*path, str(key)))
    elif attrs.has(type(held)):
        yield from refs(held, path)

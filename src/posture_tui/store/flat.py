"""Decode flat records (index rows, store.json) without cattrs, as strictly as the converter.

A flat record is an attrs class whose fields are all text, integers, true/false, dates or
times, each perhaps optional. Opening the client list reads 2,000 index rows; building them
here takes a third of what the converter takes, and cattrs need not even be imported. Only a
document that is certainly valid is decoded here: anything else (a wrong type, an unknown or
missing field, a validator refusing a value) returns None and goes to the converter, which
says precisely what is wrong.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, Union, get_args, get_origin

import attrs

from posture_tui.structuring.scalars import READERS

T = TypeVar("T")

Reader = Callable[[Any, Any], Any]


class _Layout(NamedTuple):
    """How to read one flat class: the keys it requires and the reader of each key."""

    required: frozenset[str]
    fields: dict[str, tuple[str, Reader, bool]]  # key -> (init argument, reader, optional)


def _reader(kind: Any) -> tuple[Reader, bool] | None:
    """(reader, may be None) for a plain or optional plain field type; None if not flat."""
    if kind in READERS:
        return READERS[kind], False
    args = get_args(kind)
    if get_origin(kind) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = next(arg for arg in args if arg is not type(None))
        if inner in READERS:
            return READERS[inner], True
    return None


@functools.cache
def _layout(cls: type[Any]) -> _Layout | None:
    """How to read a flat attrs class, or None if the class is not flat."""
    try:
        fields = attrs.fields(attrs.resolve_types(cls))
    except (NameError, TypeError, attrs.exceptions.NotAnAttrsClassError):
        return None
    readers: dict[str, tuple[str, Reader, bool]] = {}
    for field in fields:
        found = _reader(field.type)
        if found is None or not field.init:
            return None
        readers[field.name] = (field.alias, *found)
    required = frozenset(f.name for f in fields if f.default is attrs.NOTHING)
    return _Layout(required, readers)


def decode(cls: type[T], body: dict[str, Any], skip: str = "") -> T | None:
    """`body` as a `cls` (ignoring the key `skip`, a schema_version), or None to use cattrs."""
    layout = _layout(cls)  # type: ignore[arg-type]  # a class is hashable
    if layout is None or not (layout.required <= body.keys()):
        return None
    fields = layout.fields
    kwargs: dict[str, Any] = {}
    try:
        for key, value in body.items():
            if key == skip:
                continue
            alias, read, optional = fields[key]  # an unknown key: KeyError, so cattrs says which
            kwargs[alias] = None if value is None and optional else read(value, None)
        return cls(**kwargs)
    except Exception:  # the converter decodes it again and names the problem
        return None

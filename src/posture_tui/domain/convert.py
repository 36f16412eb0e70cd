"""Attribute converters shared by the value classes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Freeze any iterable into a tuple.

    Typed with Any on purpose: the attrs mypy plugin cannot infer a generic converter, and the
    attribute's own annotation still gives readers the element type.
    """
    return tuple(value)

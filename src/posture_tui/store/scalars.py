"""Strict readers for the JSON scalars of stored documents: no coercion, one-line errors."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def kind(value: Any) -> str:
    """How an error names the JSON value it got."""
    if value is None:
        return "null"
    return {bool: "true/false", int: "an integer", float: "a decimal number", str: "text"}.get(
        type(value), type(value).__name__
    )


def to_int(value: Any, _: Any = None) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {kind(value)}")
    return value


def to_float(value: Any, _: Any = None) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise TypeError(f"expected a number, got {kind(value)}")
    return float(value)


def to_text(value: Any, _: Any = None) -> str:
    if type(value) is not str:
        raise TypeError(f"expected text, got {kind(value)}")
    return value


def to_bool(value: Any, _: Any = None) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, got {kind(value)}")
    return value


def to_datetime(value: Any, _: Any = None) -> datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 time, got {kind(value)}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("time has no time zone")
    return parsed


def to_date(value: Any, _: Any = None) -> date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise TypeError(f"expected a date YYYY-MM-DD, got {kind(value)}")
    return date.fromisoformat(value)


READERS: dict[type[Any], Callable[[Any, Any], Any]] = {
    int: to_int,
    float: to_float,
    str: to_text,
    bool: to_bool,
    datetime: to_datetime,
    date: to_date,
}
"""The reader of each plain field type (the converter registers the same functions)."""

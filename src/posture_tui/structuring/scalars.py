"""The strict readers of JSON and TOML scalars: no coercion, one-line errors.

A failure is a `ShapeError` whose message names what was expected and the kind of value it
got, never the value: a record or document may carry health data in any field. The converter
reads every plain field with these, and the store's fast path (store/flat.py) too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from posture_tui.domain.limits import ENGINE_TEXT_LENGTH
from posture_tui.domain.text import text_problem
from posture_tui.structuring.dialect import JSON, Dialect
from posture_tui.structuring.errors import ShapeError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_int(value: Any, _: Any = None, what: str = "an integer", dialect: Dialect = JSON) -> int:
    """A whole number: not true/false, not 2.0."""
    if type(value) is not int:
        raise ShapeError(f"expected {what}, got {dialect.kind(value)}")
    return value


def to_float(value: Any, _: Any = None, dialect: Dialect = JSON) -> float:
    if type(value) not in (int, float):
        raise ShapeError(f"expected a number, got {dialect.kind(value)}")
    if not math.isfinite(value):
        raise ShapeError("must be a finite number")
    return float(value)


def to_text(value: Any, _: Any = None) -> str:
    """Text that holds to the weakest rule every text of a record or document keeps (the
    engine's texts: no control character but line breaks, at most ENGINE_TEXT_LENGTH); a field
    with a `Text` rule is held to its own on top."""
    if type(value) is not str:
        raise ShapeError(f"expected a string, got {JSON.kind(value)}")
    if len(value) > ENGINE_TEXT_LENGTH or not value.isprintable():
        problem = text_problem(value, max_length=ENGINE_TEXT_LENGTH, multiline=True)
        if problem is not None:
            raise ShapeError(problem)
    return value


def to_bool(value: Any, _: Any = None, dialect: Dialect = JSON) -> bool:
    if type(value) is not bool:
        raise ShapeError(f"expected true or false, got {dialect.kind(value)}")
    return value


def to_datetime(value: Any, _: Any = None) -> datetime:
    if type(value) is not str:
        raise ShapeError(f"expected an ISO 8601 time, got {JSON.kind(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:  # its message repeats the text
        raise ShapeError("expected an ISO 8601 time, got a string that is not one") from None
    if parsed.tzinfo is None:
        raise ShapeError("time has no time zone")
    return parsed


def to_date(value: Any, _: Any = None) -> date:
    if type(value) is not str:
        raise ShapeError(f"expected a date YYYY-MM-DD, got {JSON.kind(value)}")
    if not _DATE.fullmatch(value):
        raise ShapeError("expected a date YYYY-MM-DD, got a string that is not one")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ShapeError("expected a date YYYY-MM-DD, got a day not in the calendar") from None


READERS: dict[type[Any], Callable[[Any, Any], Any]] = {
    int: to_int,
    float: to_float,
    str: to_text,
    bool: to_bool,
    datetime: to_datetime,
    date: to_date,
}
"""The reader of each plain field type (the converter registers the same functions)."""

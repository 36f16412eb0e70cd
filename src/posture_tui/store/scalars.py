"""Strict readers for the JSON scalars of stored documents: no coercion, one-line errors.

A failure is a `ScalarError`, whose message names what was expected and the JSON type it got,
never the value: a record import may carry health data in any field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from posture_tui.domain.limits import ENGINE_TEXT_LENGTH
from posture_tui.domain.text import text_problem

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScalarError(TypeError):
    """A value of the wrong type or shape; the message repeats no part of the value."""


def kind(value: Any) -> str:
    """How an error names the JSON value it got."""
    if value is None:
        return "null"
    return {bool: "true/false", int: "an integer", float: "a decimal number", str: "text"}.get(
        type(value), type(value).__name__
    )


def to_int(value: Any, _: Any = None) -> int:
    if type(value) is not int:
        raise ScalarError(f"expected an integer, got {kind(value)}")
    return value


def to_float(value: Any, _: Any = None) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ScalarError(f"expected a number, got {kind(value)}")
    return float(value)


def to_text(value: Any, _: Any = None) -> str:
    """Text that holds to the weakest rule the record checks apply to every text (the engine's
    texts: no control character but line breaks, at most ENGINE_TEXT_LENGTH): checked as each
    is read, so a load need not walk the texts again."""
    if type(value) is not str:
        raise ScalarError(f"expected text, got {kind(value)}")
    if len(value) > ENGINE_TEXT_LENGTH or not value.isprintable():
        problem = text_problem(value, max_length=ENGINE_TEXT_LENGTH, multiline=True)
        if problem is not None:
            raise ScalarError(problem)
    return value


def to_bool(value: Any, _: Any = None) -> bool:
    if type(value) is not bool:
        raise ScalarError(f"expected true or false, got {kind(value)}")
    return value


def to_datetime(value: Any, _: Any = None) -> datetime:
    if type(value) is not str:
        raise ScalarError(f"expected an ISO 8601 time, got {kind(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:  # its message repeats the text
        raise ScalarError("expected an ISO 8601 time, got text that is not one") from None
    if parsed.tzinfo is None:
        raise ScalarError("time has no time zone")
    return parsed


def to_date(value: Any, _: Any = None) -> date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise ScalarError(f"expected a date YYYY-MM-DD, got {kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ScalarError("expected a date YYYY-MM-DD, got a day not in the calendar") from None


READERS: dict[type[Any], Callable[[Any, Any], Any]] = {
    int: to_int,
    float: to_float,
    str: to_text,
    bool: to_bool,
    datetime: to_datetime,
    date: to_date,
}
"""The reader of each plain field type (the converter registers the same functions)."""

"""Strict readers for JSON values: failures name the field path and never echo health data."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import NoReturn

from posture_tui.domain.common import Side
from posture_tui.domain.text import shown as shown  # the one rule for values in errors
from posture_tui.domain.text import text_problem

SIDES = tuple(side.value for side in Side)


class DocumentError(ValueError):
    """A document that cannot be used; the message is one line: field path, then the problem."""


def fail(path: str, problem: str) -> NoReturn:
    raise DocumentError(f"{path}: {problem}" if path else problem)


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def read_object(
    value: object,
    path: str,
    allowed: Collection[str],
    required: Collection[str] = (),
) -> dict[str, object]:
    """An object with only `allowed` keys and every `required` key."""
    if not isinstance(value, dict):
        fail(path, f"must be an object, got {json_type(value)}")
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            fail(path, f"unknown key {shown(key)} (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        if key not in value:
            fail(join(path, key), "is required")
    return value


def read_list(value: object, path: str, *, max_items: int = 500) -> list[object]:
    if not isinstance(value, list):
        fail(path, f"must be an array, got {json_type(value)}")
    if len(value) > max_items:
        fail(path, f"has {len(value)} entries, at most {max_items} allowed")
    return value


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def read_text(
    value: object,
    path: str,
    *,
    max_length: int,
    multiline: bool = False,
    required: bool = False,
) -> str:
    """A string without control characters (newlines and tabs only where multiline)."""
    if not isinstance(value, str):
        fail(path, f"must be a string, got {json_type(value)}")
    problem = text_problem(value, max_length=max_length, multiline=multiline, required=required)
    if problem is not None:
        fail(path, problem)
    return value


def read_int(value: object, path: str, low: int, high: int) -> int:
    """A whole number (not true/false, not 2.0) in low..high."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(path, f"must be a whole number {low}-{high}, got {json_type(value)}")
    if not low <= value <= high:
        fail(path, f"must be {low}-{high}, got {value}")
    return value


def read_number(value: object, path: str, low: float | None, high: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(path, f"must be a number, got {json_type(value)}")
    number = float(value)
    if not math.isfinite(number):
        fail(path, "must be a finite number")
    if (low is not None and number < low) or (high is not None and number > high):
        lo = "" if low is None else f"{low:g}"
        hi = "" if high is None else f"{high:g}"
        fail(path, f"must be within {lo}..{hi}, got {number:g}")
    return number


def read_id(value: object, path: str, known: Mapping[str, object], what: str) -> str:
    """One of the `known` ids (a string)."""
    if not isinstance(value, str):
        fail(path, f"must be a {what} id (a string), got {json_type(value)}")
    if value not in known:
        fail(path, f"unknown {what} {shown(value)}")
    return value


def read_side(value: object, path: str) -> Side:
    if not isinstance(value, str) or value not in SIDES:
        got = shown(value) if isinstance(value, str) else json_type(value)
        fail(path, f"must be one of {', '.join(SIDES)}, got {got}")
    return Side(value)

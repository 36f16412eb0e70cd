"""Strict readers for JSON values: failures name the field path and never echo health data."""

from __future__ import annotations

from typing import NoReturn

from posture_tui.domain.text import shown as shown  # the one rule for values in errors
from posture_tui.structuring.dialect import JSON
from posture_tui.structuring.errors import ShapeError
from posture_tui.structuring.rules import Range, Text
from posture_tui.structuring.validate import check_rule


class DocumentError(ValueError):
    """A document that cannot be used; the message is one line: field path, then the problem."""


def fail(path: str, problem: str) -> NoReturn:
    raise DocumentError(f"{path}: {problem}" if path else problem)


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
    """A string held to a `Text` rule (what it means: structuring/validate.py)."""
    if not isinstance(value, str):
        fail(path, f"expected a string, got {JSON.kind(value)}")
    _hold(value, path, Text(max_length, multiline, required))
    return value


def read_int(value: object, path: str, low: int, high: int) -> int:
    """A whole number (not true/false, not 2.0) in low..high."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(path, f"expected a whole number {low}-{high}, got {JSON.kind(value)}")
    _hold(value, path, Range(low, high), whole=True)
    return value


def _hold(value: object, path: str, rule: Text | Range, whole: bool = False) -> None:
    try:
        check_rule(value, rule, JSON, whole)
    except ShapeError as error:
        fail(path, error.problem)

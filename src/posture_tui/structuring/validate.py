"""What each rule of `rules.py` means, in one place: the converter holds a value to its field's
rules as it reads it, and `check_rules` holds a value made in memory (a record to save or to
export) to the same rules."""

from __future__ import annotations

import functools
import re
import typing
from typing import Annotated, Any, get_args, get_origin

import attrs

from posture_tui.domain.text import text_problem
from posture_tui.structuring.dialect import JSON, Dialect
from posture_tui.structuring.errors import KeyPath, ShapeError
from posture_tui.structuring.rules import Items, Matches, OneOf, Range, Text

Rule = Range | OneOf | Matches | Text | Items


def in_range(value: float, rule: Range, whole: bool) -> None:
    low, high = rule.minimum, rule.maximum
    if (low is None or value >= low) and (high is None or value <= high):
        return
    if low is not None and high is not None:
        span = f"{low:g}-{high:g}" if whole else f"{low:g}..{high:g}"
        raise ShapeError(f"must be {'' if whole else 'within '}{span}, got {value:g}")
    if low is not None and value < low:
        raise ShapeError(f"must be at least {low:g}, got {value:g}")
    raise ShapeError(f"must be at most {high:g}, got {value:g}")


def check_rule(value: Any, rule: object, dialect: Dialect, whole: bool = False) -> None:
    """`value` (of its field's type already) against one rule; ShapeError if it breaks it."""
    if isinstance(rule, Range):
        in_range(value, rule, whole)
    elif isinstance(rule, OneOf):
        if value not in rule.values:
            raise ShapeError(dialect.not_one_of(value, rule.values, rule.noun))
    elif isinstance(rule, Matches):
        if not re.fullmatch(rule.pattern, value):
            raise ShapeError(rule.problem)
    elif isinstance(rule, Text):
        if not rule.multiline and "\n" in value:
            raise ShapeError("must be one line")
        problem = text_problem(
            value, max_length=rule.max_length, multiline=rule.multiline, required=rule.required
        )
        if problem is not None:
            raise ShapeError(problem)
    elif isinstance(rule, Items) and len(value) > rule.most:
        raise ShapeError(f"has {len(value)} entries, at most {rule.most} allowed")


# ---------------------------------------------------------------------------- values in memory
_Field = tuple[str, tuple[object, ...], tuple[object, ...], bool, bool]
# (name, the field's rules, each entry's rules, whole number, holds attrs values with rules)


def _split(kind: Any) -> tuple[Any, tuple[object, ...]]:
    """A type without its Optional and Annotated wrappers, and the rules those carried."""
    rules: tuple[object, ...] = ()
    while True:
        if get_origin(kind) is Annotated:
            kind, *more = get_args(kind)
            rules += tuple(more)
        elif type(None) in get_args(kind) and len(get_args(kind)) == 2:
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
        else:
            return kind, rules


@functools.cache
def ruled_fields(cls: type) -> tuple[_Field, ...]:
    """The fields of `cls` that carry rules (a `Ref` too) or hold values that do."""
    described = []
    for name, kind in typing.get_type_hints(cls, include_extras=True).items():
        base, rules = _split(kind)
        entry_rules: tuple[object, ...] = ()
        inner = base
        if get_origin(base) is tuple and get_args(base)[1:] == (Ellipsis,):
            inner, entry_rules = _split(get_args(base)[0])
            entry_rules += tuple(rule for rule in rules if isinstance(rule, OneOf))
            rules = tuple(rule for rule in rules if not isinstance(rule, OneOf))
        elif get_origin(base) is dict:
            inner = _split(get_args(base)[1])[0]
        nested = isinstance(inner, type) and attrs.has(inner) and _has_rules(inner)
        if rules or entry_rules or nested:
            described.append((name, rules, entry_rules, base is int, nested))
    return tuple(described)


_VISITING: set[type] = set()


def _has_rules(cls: type) -> bool:
    """Whether a class's fields, or the values they hold, carry any rule."""
    if cls in _VISITING:  # a class that holds itself: its other fields decide
        return False
    _VISITING.add(cls)
    try:
        return bool(ruled_fields(cls))
    finally:
        _VISITING.discard(cls)


def check_rules(value: Any, dialect: Dialect = JSON, path: KeyPath = ()) -> None:
    """Every rule the fields of an attrs value (and of the values it holds) carry."""
    for name, rules, entry_rules, whole, nested in ruled_fields(type(value)):  # type: ignore[arg-type]
        held = getattr(value, name)
        if held is None:
            continue
        here = (*path, name)
        try:
            for rule in rules:
                check_rule(held, rule, dialect, whole)
        except ShapeError as error:
            raise ShapeError(error.problem, (*here, *error.path)) from None
        if isinstance(held, dict):
            entries = [((*here, str(key)), item) for key, item in held.items()]
        elif isinstance(held, tuple):
            entries = [((*here, f"[{index}]"), item) for index, item in enumerate(held)]
        else:
            entries = []
        for at, item in entries:
            try:
                for rule in entry_rules:
                    check_rule(item, rule, dialect)
            except ShapeError as error:
                raise ShapeError(error.problem, at) from None
            if nested and attrs.has(type(item)):
                check_rules(item, dialect, at)
        if nested and attrs.has(type(held)):
            check_rules(held, dialect, here)

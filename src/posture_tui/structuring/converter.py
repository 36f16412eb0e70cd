"""The strict converter: no coercion, unknown keys refused, `rules` metadata applied.

Every hook raises `ShapeError` with a message that names what was expected and the kind of
value found, never the value itself (a document may carry health data in any field).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

import attrs

from posture_tui.domain.text import code_point, unsafe_char
from posture_tui.structuring.dialect import Dialect
from posture_tui.structuring.errors import ShapeError
from posture_tui.structuring.rules import AsTable, Blank, OneOf, Range

if TYPE_CHECKING:
    import cattrs

Hook = Callable[[Any, Any], Any]


def _plain(text: str) -> None:
    char = unsafe_char(text, multiline=True)
    if char is not None:
        raise ShapeError(f"contains a control character ({code_point(char)}), which is not allowed")


def _one_of(value: str, rule: OneOf) -> None:
    if value not in rule.values:
        listed = ", ".join(rule.values)
        where = f"{rule.noun} (one of: {listed})" if rule.noun else f"one of: {listed}"
        raise ShapeError(f"'{value}' is not {where}")


def _in_range(value: float, rule: Range) -> None:
    if rule.minimum is not None and value < rule.minimum:
        raise ShapeError(f"must be at least {rule.minimum:g}, got {value:g}")
    if rule.maximum is not None and value > rule.maximum:
        raise ShapeError(f"must be at most {rule.maximum:g}, got {value:g}")


class _Hooks:
    """The hooks of one dialect; `converter` builds cattrs around them."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def text(self, value: Any, blank_ok: bool = False) -> str:
        if type(value) is not str:
            raise ShapeError(f"expected a string, got {self.dialect.kind(value)}")
        if not blank_ok and not value.strip():
            raise ShapeError("must not be empty")
        _plain(value)
        return value

    def integer(self, value: Any, _: Any = None) -> int:
        if type(value) is not int:
            raise ShapeError(f"expected an integer, got {self.dialect.kind(value)}")
        return value

    def number(self, value: Any, _: Any = None) -> float:
        if type(value) not in (int, float) or value != value or abs(value) == float("inf"):
            raise ShapeError(f"expected a number, got {self.dialect.kind(value)}")
        return float(value)

    def flag(self, value: Any, _: Any = None) -> bool:
        if type(value) is not bool:
            raise ShapeError(f"expected true or false, got {self.dialect.kind(value)}")
        return value

    @functools.cache  # noqa: B019  (one per dialect and enum, kept for the process)
    def enum(self, cls: type[Enum]) -> Hook:
        rule = OneOf(tuple(str(member.value) for member in cls))

        def structure(value: Any, _: Any) -> Enum:
            _one_of(self.text(value), rule)
            return cls(value)

        return structure

    def table(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ShapeError(f"expected {self.dialect.table}, got {self.dialect.kind(value)}")
        return value


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def _is_array(cls: Any) -> bool:
    args = get_args(_bare(cls))
    return get_origin(_bare(cls)) is tuple and len(args) == 2 and args[1] is Ellipsis


def _bare(cls: Any) -> Any:
    return get_args(cls)[0] if _is_annotated(cls) else cls


def _is_annotated(cls: Any) -> bool:
    return get_origin(cls) is Annotated


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


@functools.cache
def converter(dialect: Dialect) -> cattrs.Converter:
    """The strict converter of a dialect (cattrs is imported on first use)."""
    import cattrs
    from cattrs.gen import make_dict_structure_fn

    hooks = _Hooks(dialect)
    built = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    def text(value: Any, cls: Any) -> Any:
        if cls is not str and _is_enum(cls):  # a StrEnum reaches the str hook first
            return hooks.enum(cls)(value, cls)
        return hooks.text(value)

    built.register_structure_hook(str, text)
    built.register_structure_hook(int, hooks.integer)
    built.register_structure_hook(float, hooks.number)
    built.register_structure_hook(bool, hooks.flag)
    built.register_structure_hook_factory(_is_enum, hooks.enum)

    def attrs_class(cls: Any) -> Hook:
        generated = make_dict_structure_fn(cls, built, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _: Any) -> Any:
            return generated(hooks.table(value), cls)

        return structure

    def optional(cls: Any) -> Hook:
        inner = next(arg for arg in get_args(cls) if arg is not type(None))
        handler = built.get_structure_hook(inner)
        return lambda value, _: None if value is None else handler(value, inner)

    def array(cls: Any, rules: tuple[Any, ...] = ()) -> Hook:
        inner = get_args(cls)[0]
        of_text = _bare(inner) is str or _is_enum(_bare(inner))
        of_tables = attrs.has(_bare(inner))
        handler = built.get_structure_hook(inner)
        element_rules = [rule for rule in rules if isinstance(rule, OneOf)]
        expected = "strings" if of_text else "tables" if of_tables else "values"

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise ShapeError(f"expected an array of {expected}, got {dialect.kind(value)}")
            items = []
            for index, item in enumerate(value):
                at = (f"[{index}]",)
                try:
                    if of_text and (type(item) is not str or not item):
                        raise ShapeError("expected a non-empty string")
                    read = handler(item, inner)
                    for rule in element_rules:
                        _one_of(read, rule)
                except ShapeError as error:
                    raise ShapeError(error.problem, at + error.path) from None
                except Exception as error:  # a table's own errors, paths noted by cattrs
                    raise _within(error, at) from None
                items.append(read)
            if _bare(inner) is str and len(set(items)) != len(items):  # ids, each once
                raise ShapeError("lists the same id twice")
            return tuple(items)

        return structure

    def as_table(cls: Any) -> Hook:
        pair = get_args(_bare(cls))[0]
        inner = get_args(pair)[1]
        handler = built.get_structure_hook(inner)

        def structure(value: Any, _: Any) -> tuple[tuple[str, Any], ...]:
            pairs = []
            for key, item in hooks.table(value).items():
                try:
                    pairs.append((key, handler(item, inner)))
                except ShapeError as error:
                    raise ShapeError(error.problem, (key, *error.path)) from None
            return tuple(pairs)

        return structure

    def annotated(cls: Any) -> Hook:
        base, *rules = get_args(cls)
        if any(isinstance(rule, AsTable) for rule in rules):
            return as_table(base)
        if _is_array(base):
            return array(base, tuple(rules))
        if base is str and any(isinstance(rule, Blank) for rule in rules):
            handler: Hook = lambda value, _: hooks.text(value, blank_ok=True)  # noqa: E731
        else:
            handler = built.get_structure_hook(base)

        def structure(value: Any, _: Any) -> Any:
            read = handler(value, base)
            if read is None:  # an optional field given null (JSON) says nothing more
                return None
            for rule in rules:
                if isinstance(rule, Range):
                    _in_range(read, rule)
                elif isinstance(rule, OneOf):
                    _one_of(read, rule)
            return read

        return structure

    built.register_structure_hook_factory(attrs.has, attrs_class)
    built.register_structure_hook_factory(_is_array, array)
    built.register_structure_hook_factory(_is_optional, optional)
    built.register_structure_hook_factory(_is_annotated, annotated)
    return built


def _within(error: Exception, at: tuple[str, ...]) -> Exception:
    """A nested table's error group, with the array index it sits at noted on it."""
    from cattrs.errors import IterableValidationNote

    note = IterableValidationNote(f"Structuring @ index {at[0]}", int(at[0][1:-1]), object)
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    import cattrs

    return cattrs.IterableValidationError("while structuring an array", [error], object)

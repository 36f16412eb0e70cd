"""The strict converter: no coercion, unknown keys refused, the fields' `rules` applied.

Every hook raises `ShapeError` with a message that names what was expected and the kind of
value found, repeating a value only as the dialect allows (a document may carry health data).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

import attrs

from posture_tui.domain.text import code_point, unsafe_char
from posture_tui.structuring.dialect import Dialect
from posture_tui.structuring.errors import ShapeError, first_problem
from posture_tui.structuring.rules import AsTable, Blank, Items, OneOf, Range, Text
from posture_tui.structuring.scalars import to_bool, to_date, to_datetime, to_float, to_int, to_text
from posture_tui.structuring.validate import check_rule

if TYPE_CHECKING:
    import cattrs

Hook = Callable[[Any, Any], Any]


def _whole_number(rules: tuple[Any, ...]) -> str:
    """How a wrong integer is named: with both bounds, "a whole number 0-3" (the range is the
    point); otherwise "an integer"."""
    for rule in rules:
        if isinstance(rule, Range) and rule.minimum is not None and rule.maximum is not None:
            return f"a whole number {rule.minimum:g}-{rule.maximum:g}"
    return "an integer"


class _Hooks:
    """The scalar hooks of one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def wrong(self, what: str, value: Any) -> ShapeError:
        return ShapeError(f"expected {what}, got {self.dialect.kind(value)}")

    def text(self, value: Any, rule: Text | None = None, blank_ok: bool = False) -> str:
        """Text with its field's `Text` rule; without one, a JSON text holds to the rule every
        record text keeps and a TOML text (a clinic's words) says something."""
        if rule is not None:
            if type(value) is not str:
                raise self.wrong("a string", value)
            check_rule(value, rule, self.dialect)
            return value
        if self.dialect.blank_text:
            return to_text(value)
        if type(value) is not str:
            raise self.wrong("a string", value)
        if not blank_ok and not value.strip():
            raise ShapeError("must not be empty")
        char = unsafe_char(value, multiline=True)
        if char is not None:
            raise ShapeError(
                f"contains a control character ({code_point(char)}), which is not allowed"
            )
        return value

    def integer(self, value: Any, what: str = "an integer") -> int:
        return to_int(value, None, what, self.dialect)

    def one_of(self, value: Any, rule: OneOf) -> None:
        check_rule(value, rule, self.dialect)

    @functools.cache  # noqa: B019  (one per dialect and enum, kept for the process)
    def enum(self, cls: type[Enum]) -> Hook:
        rule = OneOf(tuple(str(member.value) for member in cls))

        def structure(value: Any, _: Any) -> Enum:
            if type(value) is not str:
                raise ShapeError(self.dialect.not_one_of(value, rule.values))
            self.one_of(value, rule)
            return cls(value)

        return structure

    def table(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong(self.dialect.table, value)
        return value


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def _is_annotated(cls: Any) -> bool:
    return get_origin(cls) is Annotated


def _bare(cls: Any) -> Any:
    return get_args(cls)[0] if _is_annotated(cls) else cls


def _is_array(cls: Any) -> bool:
    args = get_args(_bare(cls))
    return get_origin(_bare(cls)) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping(cls: Any) -> bool:
    return get_origin(cls) in (dict,)


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


def _within(error: Exception, at: int | str) -> Exception:
    """An array entry's (or a table value's) own error group, noted with where it sits."""
    import cattrs
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    note: Exception | str
    if isinstance(at, int):
        note = IterableValidationNote(f"Structuring @ index {at}", at, object)
    else:
        note = AttributeValidationNote(f"Structuring key {at}", at, object)
    error.__notes__ = [*getattr(error, "__notes__", []), note]
    return cattrs.IterableValidationError("while structuring an array", [error], object)


@functools.cache
def converter(dialect: Dialect) -> cattrs.Converter:
    """The strict converter of a dialect, built once (cattrs is imported on first use)."""
    return build_converter(dialect)


def build_converter(dialect: Dialect) -> cattrs.Converter:
    """A new strict converter of a dialect, to which a caller may add hooks before first use
    (the store adds its own for measurements and for writing)."""
    import cattrs
    from cattrs.gen import make_dict_structure_fn

    hooks = _Hooks(dialect)
    built = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    # cattrs dispatches on the class hierarchy first: a StrEnum, being a str, would reach the
    # str hook but for its own registration, which is nearer in its MRO.
    plain_text = to_text if dialect.blank_text else lambda value, _: hooks.text(value)
    built.register_structure_hook(str, plain_text)

    def str_enum(value: Any, cls: type[StrEnum]) -> StrEnum:
        member = cls._value2member_map_.get(value) if value.__class__ is str else None
        return member if member is not None else hooks.enum(cls)(value, cls)  # type: ignore[return-value]

    built.register_structure_hook(StrEnum, str_enum)
    built.register_structure_hook(int, functools.partial(to_int, dialect=dialect))
    built.register_structure_hook(float, functools.partial(to_float, dialect=dialect))
    built.register_structure_hook(bool, functools.partial(to_bool, dialect=dialect))
    built.register_structure_hook(date, to_date)
    built.register_structure_hook(datetime, to_datetime)
    built.register_structure_hook_factory(_is_enum, hooks.enum)

    def attrs_class(cls: Any) -> Hook:
        generated = make_dict_structure_fn(cls, built, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _: Any) -> Any:
            if value.__class__ is not dict:
                raise hooks.wrong(dialect.table, value)
            return generated(value, cls)

        return structure

    def optional(cls: Any) -> Hook:
        inner = next(arg for arg in get_args(cls) if arg is not type(None))
        handler = built.get_structure_hook(inner)
        return lambda value, _: None if value is None else handler(value, inner)

    def array(cls: Any, rules: tuple[Any, ...] = ()) -> Hook:
        inner = get_args(_bare(cls))[0]
        of_text = _bare(inner) is str or _is_enum(_bare(inner))
        of_tables = attrs.has(_bare(inner))
        handler = built.get_structure_hook(inner)
        element_rules = [rule for rule in rules if isinstance(rule, OneOf)]
        most = next((rule.most for rule in rules if isinstance(rule, Items)), dialect.most_items)
        distinct = dialect.distinct_texts and _bare(inner) is str  # ids, each listed once
        non_empty = of_text and dialect.distinct_texts
        listed = "strings" if of_text else "tables" if of_tables else "values"
        expected = f"an array of {listed}" if dialect.quotes_values else "an array"

        def each(value: list[Any]) -> tuple[Any, ...]:
            """Entry by entry, to name the index of the first that fails."""
            items = []
            for index, item in enumerate(value):
                try:
                    if non_empty and (type(item) is not str or not item):
                        raise ShapeError("expected a non-empty string")
                    read = handler(item, inner)
                    for rule in element_rules:
                        hooks.one_of(read, rule)
                except ShapeError as error:
                    raise ShapeError(error.problem, (f"[{index}]", *error.path)) from None
                except Exception as error:  # a table's own errors, its paths noted by cattrs
                    raise _within(error, index) from None
                items.append(read)
            return tuple(items)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if value.__class__ is not list:
                raise hooks.wrong(expected, value)
            if most is not None and len(value) > most:
                raise ShapeError(f"has {len(value)} entries, at most {most} allowed")
            if non_empty or element_rules:
                items = each(value)
            else:
                try:  # the common case, a valid array, without the bookkeeping
                    items = tuple([handler(item, inner) for item in value])
                except Exception:
                    items = each(value)
            if distinct and len(set(items)) != len(items):
                raise ShapeError("lists the same id twice")
            return items

        return structure

    def mapping(cls: Any) -> Hook:
        """`dict[str, V]`: a table whose keys are the file's own (a login, an id)."""
        key_of, inner = get_args(cls)
        read_key = built.get_structure_hook(key_of)
        handler = built.get_structure_hook(inner)

        def structure(value: Any, _: Any) -> dict[str, Any]:
            read = {}
            for key, item in hooks.table(value).items():
                at = dialect.key(key)
                try:
                    read[read_key(key, key_of)] = handler(item, inner)
                except ShapeError as error:
                    raise ShapeError(error.problem, (at, *error.path)) from None
                except Exception as error:  # a table's own errors, its paths noted by cattrs
                    raise _within(error, at) from None
            return read

        return structure

    def as_table(cls: Any) -> Hook:
        inner = get_args(get_args(cls)[0])[1]  # tuple[tuple[str, V], ...] -> V
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
        kind = _bare(next((a for a in get_args(base) if a is not type(None)), base))
        optional = _is_optional(base)
        text_rule = next((rule for rule in rules if isinstance(rule, Text)), None)
        blank_ok = any(isinstance(rule, Blank) for rule in rules)
        handler: Hook
        if kind is str:
            handler = lambda value, _: hooks.text(value, text_rule, blank_ok)  # noqa: E731
        elif kind is int:
            what = _whole_number(tuple(rules))
            handler = lambda value, _: hooks.integer(value, what)  # noqa: E731
        else:
            handler = built.get_structure_hook(kind)

        whole = kind is int
        checked = [rule for rule in rules if not isinstance(rule, Text | Blank)]

        def structure(value: Any, _: Any) -> Any:
            if value is None and optional:
                return None
            read: Any = handler(value, kind)
            for rule in checked:
                check_rule(read, rule, dialect, whole)
            return read

        return structure

    built.register_structure_hook_factory(attrs.has, attrs_class)
    built.register_structure_hook_factory(_is_array, array)
    built.register_structure_hook_factory(_is_optional, optional)
    built.register_structure_hook_factory(_is_annotated, annotated)
    built.register_structure_hook_factory(_is_mapping, mapping)
    return built


def structure(data: Any, cls: type[Any], dialect: Dialect) -> Any:
    """`data` as `cls`; a failure is a `ShapeError` naming the first problem and its path."""
    try:
        return converter(dialect).structure(data, cls)
    except Exception as error:
        problem, _ = first_problem(error, dialect)
        raise ShapeError(problem.message, problem.path) from None

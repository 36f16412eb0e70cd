"""The one cattrs converter: strict types, schema versions and the migration chain.

cattrs is imported on first use: opening the client list decodes only flat records (index rows,
store.json), which store/flat.py reads as strictly without it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from datetime import date, datetime
from enum import Enum, StrEnum
from types import UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

from posture_tui.domain.limits import MAX_MEASUREMENTS
from posture_tui.domain.text import HIDDEN, shown
from posture_tui.store import flat
from posture_tui.store.api import ClientSummary
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import StoreMeta
from posture_tui.store.scalars import (
    ScalarError,
    to_bool,
    to_date,
    to_datetime,
    to_float,
    to_int,
    to_text,
)
from posture_tui.store.scalars import kind as _kind

if TYPE_CHECKING:
    import cattrs

    from posture_tui.domain.assessment import Measurements

T = TypeVar("T")

SCHEMA_VERSION = 2
"""Version written into every stored document; bump it and add a migration on layout change."""


class CodecError(ValueError):
    """A document that does not match the model; the message is one line naming the field."""

    def __init__(self, problem: str, path: str = "") -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem

    def within(self, prefix: str) -> str:
        """The message with the field path under `prefix` (e.g. "assessments[2]")."""
        if not self.path:
            return f"{prefix}: {self.problem}"
        joiner = "" if self.path.startswith("[") else "."
        return f"{prefix}{joiner}{self.path}: {self.problem}"


# ---------------------------------------------------------------------------- strict hooks
def _str(value: Any, cls: Any) -> str:
    if cls is not str and _is_enum(cls):  # a StrEnum reaches the str hook first
        return _enum_hook(cls)(value, cls)  # type: ignore[return-value]
    return to_text(value)


def _structure_measurements(value: Any, _: Any) -> Measurements:
    """A visit's measurements: an object of measurement id to a number or a choice's text
    (null, as records written before measurements were open-ended hold, is "not taken")."""
    from posture_tui.domain.assessment import Measurements, is_measurement_id

    if not isinstance(value, dict):
        raise ScalarError(f"expected an object, got {_kind(value)}")
    if len(value) > MAX_MEASUREMENTS:
        raise ScalarError(f"more than {MAX_MEASUREMENTS} measurements")
    taken: dict[str, float | str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not is_measurement_id(key):
            raise ScalarError(unknown_fields([key]) + " (a measurement id is lower case)")
        if item is None:
            continue
        if type(item) is str:
            try:
                taken[key] = to_text(item)
            except ScalarError as error:
                raise ScalarError(f"{key}: {error}") from None
        elif type(item) in (int, float):
            taken[key] = to_float(item)
        else:
            raise ScalarError(f"{key}: expected a number or a choice, got {_kind(item)}")
    return Measurements(taken)


def _unstructure_measurements(value: Measurements) -> dict[str, float | str]:
    return dict(value.values)


def _unstructure_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise CodecError("refusing to store a time without a time zone")
    return value.isoformat()


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Enum)


@functools.cache  # a StrEnum value reaches `_str` first, which asks for its hook each time
def _enum_hook(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    allowed = ", ".join(str(member.value) for member in cls)

    def structure(value: Any, _: Any) -> Enum:
        if type(value) is not str:
            raise ScalarError(f"expected one of {allowed}, got {_kind(value)}")
        try:
            return cls(value)
        except ValueError:
            raise ScalarError(f"expected one of {allowed}") from None

    return structure


def _enum_value(member: Enum) -> Any:
    return member._value_  # what .value gives, without the descriptor (a visit holds ~500)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    import cattrs
    from cattrs.errors import IterableValidationNote

    inner = get_args(cls)[0]
    handler = converter.get_structure_hook(inner)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ScalarError(f"expected a list, got {_kind(value)}")
        items = []
        errors = []
        for index, item in enumerate(value):
            try:
                items.append(handler(item, inner))
            except Exception as error:
                note = IterableValidationNote(f"Structuring @ index {index}", index, inner)
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                errors.append(error)
        if errors:
            group = cattrs.IterableValidationError("while structuring a list", errors, cls)
            raise group
        return tuple(items)

    return structure


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) in (Union, UnionType) and len(args) == 2 and type(None) in args


def _optional_hook(cls: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = next(arg for arg in get_args(cls) if arg is not type(None))
    handler = converter.get_structure_hook(inner)

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else handler(value, inner)

    return structure


@functools.cache
def converter() -> cattrs.Converter:
    """The converter, built (and cattrs imported) on first use."""
    try:
        from cattrs.preconf.json import make_converter
    except ModuleNotFoundError as error:
        package = (error.name or "cattrs").split(".")[0]
        raise StoreError(
            f"posture-tui is not installed completely: the Python package {package} is "
            "missing (reinstall posture-tui)"
        ) from None
    built = make_converter(forbid_extra_keys=True)
    built.register_structure_hook(int, to_int)
    built.register_structure_hook(float, to_float)
    built.register_structure_hook(str, _str)
    built.register_structure_hook(bool, to_bool)
    built.register_structure_hook(datetime, to_datetime)
    built.register_structure_hook(date, to_date)
    built.register_unstructure_hook(datetime, _unstructure_datetime)
    from posture_tui.domain.assessment import Measurements  # a record class: built on use

    built.register_structure_hook(Measurements, _structure_measurements)
    built.register_unstructure_hook(Measurements, _unstructure_measurements)
    built.register_structure_hook_factory(_is_enum, _enum_hook)
    # Plain strings in documents (cattrs would pass the StrEnum members themselves through).
    built.register_unstructure_hook(Enum, _enum_value)
    built.register_unstructure_hook(StrEnum, _enum_value)
    built.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda cls: _tuple_hook(cls, built)
    )
    # Registered last so it wins over cattrs' union passthrough, which lets "top" in as a Side.
    built.register_structure_hook_factory(_is_optional, lambda cls: _optional_hook(cls, built))
    return built


# ---------------------------------------------------------------------------- errors
def _describe(error: BaseException) -> tuple[str, str]:
    """(problem, field path) of the first failure, noting how many more there are."""
    import cattrs

    messages = cattrs.transform_error(error, path="", format_exception=_format)
    text, path = _split(messages[0]) if messages else (str(error), "")
    if len(messages) > 1:
        text += f" (and {len(messages) - 1} more)"
    return text, path


def _format(error: BaseException, kind: Any) -> str:
    """What went wrong, never the value: only our own readers' messages (ScalarError) are
    repeated; another error's text (datetime's, cattrs', a class's) may quote the value."""
    import cattrs

    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        return unknown_fields(error.extra_fields)
    if isinstance(error, ScalarError):
        return str(error).splitlines()[0][:120] if str(error) else "not a valid value"
    name = getattr(kind, "__name__", None)
    return f"not a valid {name}" if isinstance(name, str) else "not a valid value"


def unknown_fields(keys: Collection[object]) -> str:
    """Unknown keys named as the record check names values: a short plain key is shown, any
    other key (free text that may be health data) is only counted."""
    named = sorted(key for key in keys if isinstance(key, str) and shown(key) != HIDDEN)
    withheld = len(keys) - len(named)
    if withheld:
        named.append(f"{withheld} not shown" if named else f"{withheld} (names not shown)")
    return f"unknown field(s) {', '.join(named)}"


def _split(message: str) -> tuple[str, str]:
    """`bad value @ .findings[0].severity` -> (`bad value`, `findings[0].severity`)."""
    text, found, path = message.rpartition(" @ ")
    if not found:
        return message, ""
    return text, path.lstrip(".")


# ---------------------------------------------------------------------------- public API
def unstructure(value: Any) -> Any:
    """Value -> JSON-ready dicts, lists, strings and numbers."""
    return converter().unstructure(value)


def structure(data: Any, cls: type[T]) -> T:
    """JSON data -> value of `cls`; raises CodecError with a one-line message naming the field."""
    built = converter()
    try:
        return built.structure(data, cls)
    except Exception as error:
        raise CodecError(*_describe(error)) from None


# ---------------------------------------------------------------------------- versions
Kind = str  # "client", "assessment", "summary", "draft", "meta"
Step = Callable[[Kind, dict[str, Any]], dict[str, Any]]


def _rename_nprs(entries: Any) -> Any:
    if not isinstance(entries, list):
        return entries
    renamed = []
    for entry in entries:
        if isinstance(entry, dict) and "nprs" in entry and "score" not in entry:
            entry = {**entry, "score": entry["nprs"]}
            del entry["nprs"]
        renamed.append(entry)
    return renamed


def _v1_to_v2(kind: Kind, doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 stored pain as `nprs` and had no outcome measures or "from last visit" items."""
    doc = dict(doc)
    if kind in ("client", "assessment") and "pain" in doc:
        doc["pain"] = _rename_nprs(doc["pain"])
    if kind == "assessment":
        doc.setdefault("outcomes", {"ndi": None, "odi": None})
        doc.setdefault("unconfirmed", [])
        doc.setdefault("prefilled_from", None)
    if kind == "draft":
        for part in ("client", "assessment"):
            if isinstance(doc.get(part), dict):
                doc[part] = _v1_to_v2(part, doc[part])
    return doc


MIGRATIONS: tuple[tuple[int, Step], ...] = ((1, _v1_to_v2),)
"""Ordered steps: (version the step reads, step). Each step returns the next version's dict."""


def migrate(kind: Kind, doc: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring a document written at `version` up to SCHEMA_VERSION."""
    if type(version) is not int or version < 1:
        raise CodecError(f"expected a positive integer, got {_kind(version)}", "schema_version")
    if version > SCHEMA_VERSION:
        raise CodecError(
            f"schema_version {version} was written by a newer posture-tui "
            f"(this one reads up to {SCHEMA_VERSION}); upgrade posture-tui"
        )
    for reads, step in MIGRATIONS:
        if reads >= version:
            doc = step(kind, doc)
    return doc


_FLAT_KINDS: dict[Kind, type[Any]] = {"summary": ClientSummary, "meta": StoreMeta}


def _kind_class(kind: Kind) -> type[Any]:
    """The class of a kind; the records (and the engine classes in them) import on first use,
    so opening the client list, which reads only flat kinds, does not build them."""
    if kind in _FLAT_KINDS:
        return _FLAT_KINDS[kind]
    from posture_tui.domain.records import Assessment, Client, Draft

    return {"client": Client, "assessment": Assessment, "draft": Draft}[kind]


def to_document(kind: Kind, value: Any) -> dict[str, Any]:
    """A stored document: the value's fields plus `schema_version`."""
    data = unstructure(value)
    assert isinstance(data, dict)
    return {"schema_version": SCHEMA_VERSION, **data}


def from_document(kind: Kind, doc: Any) -> Any:
    """Stored document -> value, migrating older versions first."""
    if not isinstance(doc, dict):
        raise CodecError(f"expected an object, got {_kind(doc)}")
    if "schema_version" not in doc:
        raise CodecError("required field missing", "schema_version")
    version = doc["schema_version"]
    if type(version) is int and version == SCHEMA_VERSION:
        decoded = flat.decode(_kind_class(kind), doc, skip="schema_version")
        if decoded is not None:
            return decoded
    body = {key: value for key, value in doc.items() if key != "schema_version"}
    body = migrate(kind, body, version)
    return structure(body, _kind_class(kind))

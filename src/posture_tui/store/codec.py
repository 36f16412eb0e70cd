"""The one cattrs converter: strict types, schema versions and the migration chain.

cattrs is imported on first use: opening the client list decodes only flat records (index rows,
store.json), which store/flat.py reads as strictly without it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from posture_tui.domain.limits import MAX_MEASUREMENTS
from posture_tui.domain.text import shown
from posture_tui.store import flat
from posture_tui.store.api import ClientSummary
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import StoreMeta
from posture_tui.structuring.dialect import JSON, STORE
from posture_tui.structuring.errors import ShapeError, first_problem, show_path
from posture_tui.structuring.scalars import to_float, to_text

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


# ---------------------------------------------------------------------------- store hooks
def _structure_measurements(value: Any, _: Any) -> Measurements:
    """A visit's measurements: an object of measurement id to a number or a choice's text
    (null, as records written before measurements were open-ended hold, is "not taken")."""
    from posture_tui.domain.assessment import Measurements, is_measurement_id

    if not isinstance(value, dict):
        raise ShapeError(f"expected an object, got {JSON.kind(value)}")
    if len(value) > MAX_MEASUREMENTS:
        raise ShapeError(f"more than {MAX_MEASUREMENTS} measurements")
    taken: dict[str, float | str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not is_measurement_id(key):
            raise ShapeError(f"unknown key {shown(key)} (a measurement id is lower case)")
        try:
            if type(item) is str:
                taken[key] = to_text(item)
            elif type(item) in (int, float):
                taken[key] = to_float(item)
            elif item is not None:
                raise ShapeError(f"expected a number or a choice, got {JSON.kind(item)}")
        except ShapeError as error:
            raise ShapeError(error.problem, (key,)) from None
    return Measurements(taken)


def _unstructure_measurements(value: Measurements) -> dict[str, float | str]:
    return dict(value.values)


def _unstructure_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise CodecError("refusing to store a time without a time zone")
    return value.isoformat()


def _enum_value(member: Enum) -> Any:
    return member._value_  # what .value gives, without the descriptor (a visit holds ~500)


@functools.cache
def converter() -> cattrs.Converter:
    """The store's converter: the one strict JSON converter, with the store's own hooks for
    measurements and for writing (built, and cattrs imported, on first use)."""
    try:
        from posture_tui.structuring.converter import build_converter

        built = build_converter(STORE)
    except ModuleNotFoundError as error:
        package = (error.name or "cattrs").split(".")[0]
        raise StoreError(
            f"posture-tui is not installed completely: the Python package {package} is "
            "missing (reinstall posture-tui)"
        ) from None
    from posture_tui.domain.assessment import Measurements  # a record class: built on use

    built.register_structure_hook(Measurements, _structure_measurements)
    built.register_unstructure_hook(Measurements, _unstructure_measurements)
    built.register_unstructure_hook(datetime, _unstructure_datetime)
    built.register_unstructure_hook(date, date.isoformat)
    # Plain strings in documents (cattrs would pass the StrEnum members themselves through).
    built.register_unstructure_hook(Enum, _enum_value)
    built.register_unstructure_hook(StrEnum, _enum_value)
    return built


# ---------------------------------------------------------------------------- errors
def _describe(error: BaseException) -> tuple[str, str]:
    """(problem, field path) of the first failure, noting how many more there are."""
    first, more = first_problem(error, STORE)
    return first.message + (f" (and {more} more)" if more else ""), show_path(first.path)


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
        raise CodecError(f"expected a positive integer, got {JSON.kind(version)}", "schema_version")
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
        raise CodecError(f"expected an object, got {JSON.kind(doc)}")
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

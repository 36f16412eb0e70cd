"""One strict check of a stored record (a Client or an Assessment), whichever way it came in.

The record import (`posture-tui import` of a posture-tui-record) and the store, each time it
reads a client file, run these checks: the same rules as the document import (incoming/parse.py)
for ids, ranges, dates, control characters, sizes and a signed status. With a knowledge base
(the import) every id must also be known to it; without one (reading the store, which knows no
knowledge base) an id must at least look like an id. A failure raises DocumentError with one
line naming the field path and the problem: a character is named by its code point (U+001B),
never shown, and free text is never repeated.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

import attrs

from posture_tui.domain.assessment import Finding, is_measurement_id
from posture_tui.domain.common import DRAFT, SIGNED, Side
from posture_tui.domain.given import GivenStep, Outcome, Pressure
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry
from posture_tui.domain.limits import EARLIEST_BIRTH as EARLIEST_BIRTH
from posture_tui.domain.limits import ENGINE_TEXT_LENGTH as ENGINE_TEXT_LENGTH
from posture_tui.domain.limits import MAX_MEASUREMENTS
from posture_tui.domain.limits import NAME_LENGTH as NAME_LENGTH
from posture_tui.domain.limits import NOTE_LENGTH as NOTE_LENGTH
from posture_tui.domain.limits import PERSON_LENGTH as PERSON_LENGTH
from posture_tui.domain.limits import TEXT_LENGTH as TEXT_LENGTH
from posture_tui.domain.photos import Photo
from posture_tui.domain.records import Assessment, Client, Draft
from posture_tui.domain.text import unsafe_char
from posture_tui.incoming.values import fail, join, read_int, read_text, shown
from posture_tui.knowledge.model import Knowledge

_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
OUTCOME_SECTIONS = 10
OUTCOME_ITEM_MAX = 5
DERIVED_RED_FLAGS = frozenset({"suspected_dvt"})
DRAFT_PANES = ("", "intake", "checklist", "results", "plan")  # where a resumed draft opens
_CLIENT_TEXTS = ("contact", "complaints", "goals", "medications", "notes")


def check_client(
    client: Client,
    knowledge: Knowledge | None = None,
    *,
    today: date | None = None,
    decoded: bool = False,
) -> Client:
    """The client, or DocumentError naming the first field that breaks a rule (`decoded`: as
    for an assessment)."""
    day = today or date.today()
    if not decoded:
        _rules(client)
    _record_id(client.id, "id")
    read_text(client.name, "name", max_length=NAME_LENGTH, required=True)
    for key in _CLIENT_TEXTS:
        read_text(getattr(client, key), key, max_length=TEXT_LENGTH, multiline=True)
    if client.birth_date is not None:
        _date(client.birth_date, "birth_date", day)
    _pain(client.pain, "pain", knowledge)
    _contraindications(client.contraindications, "contraindications", knowledge, day)
    _engine_texts(client)  # and any text field added later
    return client


def check_assessment(
    item: Assessment,
    knowledge: Knowledge | None = None,
    *,
    today: date | None = None,
    decoded: bool = False,
) -> Assessment:
    """The assessment, or DocumentError naming the first field that breaks a rule.

    `decoded`: the store's codec read it, which held every field to its rules and every text
    to the engine-text rule, so neither is walked again."""
    day = today or date.today()
    if not decoded:
        _rules(item)
    _record_id(item.id, "id")
    _record_id(item.client_id, "client_id")
    read_text(item.therapist, "therapist", max_length=PERSON_LENGTH)
    _findings(item.findings, "findings", knowledge)
    _measurements(item, knowledge)
    _pain(item.pain, "pain", knowledge)
    _contraindications(item.contraindications, "contraindications", knowledge, day)
    for name in ("ndi", "odi"):
        _outcome(getattr(item.outcomes, name), f"outcomes.{name}")
    read_text(item.notes, "notes", max_length=TEXT_LENGTH, multiline=True)
    if item.status not in (DRAFT, SIGNED):
        fail("status", f"must be {DRAFT} or {SIGNED}, got {shown(item.status)}")
    if item.status == SIGNED:
        if item.signed_at is None:
            fail("signed_at", "is required for a signed assessment")
        if item.signed_by is None or not item.signed_by.strip():
            fail("signed_by", "is required for a signed assessment")
    for key in ("signed_by", "amended_by"):
        value = getattr(item, key)
        if value is not None:
            read_text(value, key, max_length=PERSON_LENGTH)
    if item.prefilled_from is not None:
        _record_id(item.prefilled_from, "prefilled_from")
    checklist = knowledge.checklist if knowledge else None
    for n, unconfirmed in enumerate(item.unconfirmed):
        _id(unconfirmed, f"unconfirmed[{n}]", checklist, "checklist item")
    _overrides(item.overrides, "overrides", knowledge)
    muscles = knowledge.muscles if knowledge else None
    for n, point in enumerate(item.trigger_points):
        _id(point.muscle, f"trigger_points[{n}].muscle", muscles, "muscle")
    _given(item.given, "given", knowledge)
    _photos(item.photos, "photos")
    if not decoded:
        _engine_texts(item)  # the analysis, the plan and any text field added later
    return item


def check_draft(draft: Draft) -> Draft:
    """Unsaved work (a name may still be empty, a text still long): no control character in
    any text, and no severity, pain score or questionnaire answer out of range."""
    _engine_texts(draft)
    if draft.id:
        _record_id(draft.id, "id")
    if draft.pane not in DRAFT_PANES:
        fail("pane", f"must be one of {', '.join(p for p in DRAFT_PANES if p)}")
    if draft.item and not _ID.fullmatch(draft.item):
        fail("item", "must be 1-64 letters, digits, '_', '.', ':' or '-'")
    for part, value in (("client", draft.client), ("assessment", draft.assessment)):
        if value is None:
            continue
        _pain(value.pain, f"{part}.pain", None)
        if isinstance(value, Assessment):
            _findings(value.findings, f"{part}.findings", None)
            for name in ("ndi", "odi"):
                _outcome(getattr(value.outcomes, name), f"{part}.outcomes.{name}")
            _photos(value.photos, f"{part}.photos")  # each names a file: only as a record may
    return draft


# ---------------------------------------------------------------------------- parts
def _rules(value: object) -> None:
    """The rules each field carries (a pain score 0-10, a note's size...), as a read holds it."""
    from posture_tui.structuring.errors import ShapeError, show_path
    from posture_tui.structuring.validate import check_rules

    try:
        check_rules(value)
    except ShapeError as error:
        fail(show_path(error.path), error.problem)


def _record_id(value: str, path: str) -> None:
    read_text(value, path, max_length=64)
    if not _RECORD_ID.fullmatch(value):
        fail(path, "must be 1-64 letters, digits, '-' or '_'")


def _id(value: str, path: str, known: Mapping[str, object] | None, what: str) -> None:
    """An id known to the knowledge base, or without one, shaped like an id."""
    read_text(value, path, max_length=64)
    if known is not None:
        if value not in known:
            fail(path, f"unknown {what} {shown(value)}")
    elif not _ID.fullmatch(value):
        fail(path, f"must be a {what} id (letters, digits, '_', '.', ':' or '-')")


def _date(value: date, path: str, today: date) -> None:
    if value > today:
        fail(path, "is in the future")
    if value < EARLIEST_BIRTH:
        fail(path, f"is before {EARLIEST_BIRTH.isoformat()}")


def _pain(entries: tuple[PainEntry, ...], path: str, knowledge: Knowledge | None) -> None:
    regions = knowledge.pain_regions if knowledge else None
    for n, entry in enumerate(entries):
        where = f"{path}[{n}]"
        _id(entry.region, join(where, "region"), regions, "pain region")


def _contraindications(
    entries: tuple[ContraindicationEntry, ...],
    path: str,
    knowledge: Knowledge | None,
    today: date,
) -> None:
    conditions = knowledge.contraindications if knowledge else None
    regions = knowledge.pain_regions if knowledge else None
    for n, entry in enumerate(entries):
        where = f"{path}[{n}]"
        _id(entry.id, join(where, "id"), conditions, "contraindication")
        if entry.region is not None:
            _id(entry.region, join(where, "region"), regions, "region")
        if entry.cleared_on is not None:
            _date(entry.cleared_on, join(where, "cleared_on"), today)


def _findings(findings: tuple[Finding, ...], path: str, knowledge: Knowledge | None) -> None:
    checklist = knowledge.checklist if knowledge else None
    for n, finding in enumerate(findings):
        where = f"{path}[{n}]"
        _id(finding.item, join(where, "item"), checklist, "checklist item")


def _measurements(item: Assessment, knowledge: Knowledge | None) -> None:
    """Each measurement by a measurement id; with a knowledge base, one of its measurements, a
    number within its range or one of its choices."""
    values = item.measurements.values
    if len(values) > MAX_MEASUREMENTS:
        fail("measurements", f"has {len(values)} entries, at most {MAX_MEASUREMENTS} allowed")
    for key, value in values.items():
        if not is_measurement_id(key):
            fail("measurements", "a key is not a measurement id")
        where = f"measurements.{key}"
        definition = knowledge.measurements.get(key) if knowledge else None
        if knowledge is not None and definition is None:
            fail(where, "is not a measurement of this knowledge base")
        if isinstance(value, str):
            read_text(value, where, max_length=NOTE_LENGTH)
            if definition is not None and value not in definition.choices:
                choices = ", ".join(definition.choices) or "none: it is a number"
                fail(where, f"must be one of {choices}")
            continue
        if not math.isfinite(value):
            fail(where, "must be a finite number")
        if definition is not None and definition.kind == "choice":
            fail(where, f"must be one of {', '.join(definition.choices)}")
        low = definition.minimum if definition else None
        high = definition.maximum if definition else None
        if (low is not None and value < low) or (high is not None and value > high):
            fail(
                where,
                f"must be within {'' if low is None else f'{low:g}'}.."
                f"{'' if high is None else f'{high:g}'}, got {value:g}",
            )


def _outcome(answers: tuple[int | None, ...] | None, path: str) -> None:
    if answers is None:
        return
    if len(answers) != OUTCOME_SECTIONS:
        fail(path, f"must have {OUTCOME_SECTIONS} sections, got {len(answers)}")
    for n, value in enumerate(answers):
        if value is not None:
            read_int(value, f"{path}[{n}]", 0, OUTCOME_ITEM_MAX)


def _overrides(overrides: tuple[Override, ...], path: str, knowledge: Knowledge | None) -> None:
    flags: dict[str, object] | None = None
    if knowledge is not None:
        flags = {k: c for k, c in knowledge.contraindications.items() if c.red_flag}
        flags.update(dict.fromkeys(DERIVED_RED_FLAGS))
    for n, override in enumerate(overrides):
        where = f"{path}[{n}]"
        _id(override.red_flag, join(where, "red_flag"), flags, "red flag")
        read_text(override.reason, join(where, "reason"), max_length=NOTE_LENGTH, multiline=True)
        read_text(override.by, join(where, "by"), max_length=PERSON_LENGTH)


def _choice(value: object, path: str, allowed: type[Outcome | Pressure | Side]) -> None:
    if value not in tuple(allowed):
        fail(path, f"must be one of {', '.join(allowed)}, got {shown(str(value))}")


def _photos(photos: tuple[Photo, ...], path: str) -> None:
    """A visit's photos: one per view (each field's own rules, a SHA-256 and suffix the store
    can name a file by, hold as they are read), finite measures and landmarks."""
    views: set[str] = set()
    for n, photo in enumerate(photos):
        where = f"{path}[{n}]"
        if photo.view in views:
            fail(join(where, "view"), "a visit keeps one photo of each view")
        views.add(photo.view)
        for m, measure in enumerate(photo.measures):
            at = f"{where}.measures[{m}]"
            _id(measure.id, join(at, "id"), None, "measure")
            for key in ("value", "confidence"):
                if not math.isfinite(getattr(measure, key)):
                    fail(join(at, key), "must be a finite number")
        for m, point in enumerate(photo.landmarks):
            at = f"{where}.landmarks[{m}]"
            _id(point.name, join(at, "name"), None, "landmark")
            for key in ("x", "y", "visibility"):
                if not math.isfinite(getattr(point, key)):
                    fail(join(at, key), "must be a finite number")


def _given(given: tuple[GivenStep, ...], path: str, knowledge: Knowledge | None) -> None:
    """The treatment given: known ids, one record per step, allowed words, sizes."""
    techniques = knowledge.techniques if knowledge else None
    muscles = knowledge.muscles if knowledge else None
    regions = {**knowledge.pain_regions, **knowledge.body_regions} if knowledge else None
    keys: set[object] = set()
    for n, step in enumerate(given):
        where = f"{path}[{n}]"
        _id(step.technique, join(where, "technique"), techniques, "technique")
        if step.muscle is not None:
            _id(step.muscle, join(where, "muscle"), muscles, "muscle")
        if step.region is not None:
            _id(step.region, join(where, "region"), regions, "region")
        if step.side is not None:
            _choice(step.side, join(where, "side"), Side)
        _choice(step.outcome, join(where, "outcome"), Outcome)
        if step.pressure is not None:
            _choice(step.pressure, join(where, "pressure"), Pressure)
        if step.key in keys:
            fail(where, "records a step already recorded")
        keys.add(step.key)


def _engine_text(text: str, path: str) -> None:
    read_text(text, path, max_length=ENGINE_TEXT_LENGTH, multiline=True)


def _engine_texts(value: object) -> None:
    """Every text inside an attrs value is one the engine may write (the analysis, the plan
    and any text field added later): checked together, and walked field by field only to name
    the first that breaks the rule (a stored assessment holds about 2,000 texts)."""
    texts = _texts(value)
    if not texts:
        return
    fine = max(map(len, texts)) <= ENGINE_TEXT_LENGTH and (
        "".join(texts).isprintable()
        or all(unsafe_char(text, multiline=True) is None for text in texts)
    )
    if not fine:
        _walk(value, "", _engine_text)


def _texts(value: object) -> list[str]:
    """The texts `_walk` visits, in no particular order and without their paths."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, tuple | list):
            stack.extend(item)
        elif attrs.has(kind := type(item)):
            stack.extend(getattr(item, name) for name in _field_names(cast(Any, kind)))
    return found


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(kind))


def _walk(value: object, path: str, visit: Callable[[str, str], None]) -> None:
    """Every text inside an attrs value (what the engine wrote, the therapist's plan)."""
    if isinstance(value, str):
        visit(value, path)
    elif isinstance(value, tuple | list):
        for n, item in enumerate(value):
            _walk(item, f"{path}[{n}]", visit)
    elif attrs.has(type(value)):
        kind: Any = type(value)
        for field in attrs.fields(kind):
            _walk(getattr(value, field.name), join(path, field.name), visit)

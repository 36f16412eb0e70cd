"""Parse an assessment document (the `analyze` / import format) into domain objects, strictly.

The document's shape (keys, types, ranges, text sizes) is its classes', structured by the one
strict converter; what needs the knowledge base (ids, sides, a condition's details) or today's
date is checked here once the shape is right.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from attrs import field, frozen

from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.intake import (
    MIN_REASON,
    SEVERITIES,
    ContraindicationEntry,
    Note,
    Override,
    PainEntry,
    TriggerPoint,
)
from posture_tui.domain.limits import EARLIEST_BIRTH as EARLIEST_BIRTH
from posture_tui.domain.limits import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES
from posture_tui.domain.limits import MAX_WEEKS as MAX_WEEKS
from posture_tui.domain.limits import NAME_LENGTH as NAME_LENGTH
from posture_tui.domain.limits import NOTE_LENGTH as NOTE_LENGTH
from posture_tui.domain.limits import TEXT_LENGTH as TEXT_LENGTH
from posture_tui.incoming.values import DocumentError, fail, join, shown
from posture_tui.knowledge.model import Knowledge
from posture_tui.structuring.rules import Matches, Range, Text

__all__ = ["SEVERITIES", "ClientDocument", "ParsedDocument", "load_json_text", "parse_document"]

SCHEMA_VERSION = 1
MAX_VISITS = 200
ClientText = Annotated[str, Text(TEXT_LENGTH, multiline=True)]


@frozen
class ClientDocument:
    """The client part of a document: identity, free text and the intake screen."""

    name: Annotated[str, Text(NAME_LENGTH, required=True)]
    id: Annotated[
        str | None,
        Text(64),
        Matches(r"[A-Za-z0-9_-]{1,64}", "must be 1-64 letters, digits, '-' or '_'"),
    ] = None
    birth_date: date | None = None
    contact: ClientText = ""
    complaints: ClientText = ""
    goals: ClientText = ""
    medications: ClientText = ""
    notes: ClientText = ""
    pain: tuple[PainEntry, ...] = field(factory=tuple, converter=to_tuple)
    contraindications: tuple[ContraindicationEntry, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class OverrideDocument:
    """A red flag gone ahead despite, as a document writes it (who and when come from the visit)."""

    red_flag: str
    reason: Note


@frozen
class AssessmentDocument:
    """The assessment part of a document."""

    findings: tuple[Finding, ...] = field(factory=tuple, converter=to_tuple)
    # measurement id -> a number or a choice (checked against the knowledge base's definitions)
    measurements: dict[str, Any] = field(factory=dict)
    session_minutes: Annotated[int, Range(MIN_SESSION_MINUTES, MAX_SESSION_MINUTES)] = 60
    notes: ClientText = ""
    overrides: tuple[OverrideDocument, ...] = field(factory=tuple, converter=to_tuple)
    trigger_points: tuple[TriggerPoint, ...] = field(factory=tuple, converter=to_tuple)
    visit_number: Annotated[int, Range(1, MAX_VISITS)] = 1
    planned_focus: tuple[str, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class _Document:
    """A whole document as written."""

    client: ClientDocument
    assessment: AssessmentDocument
    schema_version: int = SCHEMA_VERSION


@frozen
class ParsedDocument:
    """A whole valid document."""

    client: ClientDocument
    assessment: AssessmentInput
    assessment_notes: str = ""


def load_json_text(text: str) -> object:
    """JSON text to data; malformed JSON, duplicate keys and NaN give a one-line DocumentError."""

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                raise DocumentError(f"not valid JSON: duplicate key {shown(key)}")
            result[key] = value
        return result

    def no_constants(name: str) -> object:
        raise DocumentError(f"not valid JSON: {name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as error:
        raise DocumentError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise DocumentError("not valid JSON: nested too deeply") from None


def _without_nulls(value: object, depth: int = 0) -> object:
    """A document with every null member left out: null is "not given", as a key left out.

    Only as deep as a document goes: anything deeper is refused by its shape anyway."""
    if depth > 6:
        return value
    if isinstance(value, dict):
        return {
            key: _without_nulls(item, depth + 1) for key, item in value.items() if item is not None
        }
    if isinstance(value, list):
        return [_without_nulls(item, depth + 1) for item in value]
    return value


def parse_document(
    data: object, knowledge: Knowledge, *, today: date | None = None
) -> ParsedDocument:
    """Validate a decoded document against the knowledge base; raises DocumentError."""
    if isinstance(data, dict) and "schema_version" in data:
        version = data["schema_version"]
        if version != SCHEMA_VERSION or isinstance(version, bool):
            got = version if isinstance(version, int) and not isinstance(version, bool) else "?"
            fail("schema_version", f"this version reads schema {SCHEMA_VERSION}, got {got}")
    document: _Document = _structure(_without_nulls(data), _Document, "")
    client, written = document.client, document.assessment
    _check_client(client, knowledge, today or date.today())
    assessment = AssessmentInput(
        findings=_findings(written.findings, knowledge),
        measurements=_measurements(written.measurements, knowledge),
        session_minutes=written.session_minutes,
        overrides=_overrides(written.overrides, knowledge),
        trigger_points=_trigger_points(written.trigger_points, knowledge),
        visit_number=written.visit_number,
        planned_focus=_planned_focus(written.planned_focus, knowledge),
    )
    return ParsedDocument(client=client, assessment=assessment, assessment_notes=written.notes)


def _known(value: str, path: str, known: Mapping[str, object], what: str) -> str:
    if value not in known:
        fail(path, f"unknown {what} {shown(value)}")
    return value


def _check_client(client: ClientDocument, knowledge: Knowledge, today: date) -> None:
    if client.birth_date is not None:
        _past_date(client.birth_date, "client.birth_date", today)
    seen: set[tuple[str, Side | None]] = set()
    for n, entry in enumerate(client.pain):
        where = f"client.pain[{n}]"
        _known(entry.region, join(where, "region"), knowledge.pain_regions, "pain region")
        if (entry.region, entry.side) in seen:
            fail(where, f"pain in {entry.region} on that side is listed twice")
        seen.add((entry.region, entry.side))
    _contraindications(client.contraindications, knowledge, today)


_DETAIL_OF = {
    "region": "region",
    "side": "side",
    "weeks": "weeks",
    "severity": "severity",
    "cleared_by": "clearance",
    "cleared_on": "clearance",
}


def _contraindications(
    entries: tuple[ContraindicationEntry, ...], knowledge: Knowledge, today: date
) -> None:
    seen: set[tuple[str, str | None, Side | None]] = set()
    for n, entry in enumerate(entries):
        where = f"client.contraindications[{n}]"
        cid = _known(entry.id, join(where, "id"), knowledge.contraindications, "contraindication")
        condition = knowledge.contraindications[cid]
        details = {*condition.details, *(("region",) if condition.has_region else ())}
        for key, detail in _DETAIL_OF.items():
            given = getattr(entry, key)
            if given is not None and given != "" and detail not in details:
                fail(join(where, key), f"{cid} takes no {key.replace('_', ' ')}")
        if entry.region is not None:
            _known(entry.region, join(where, "region"), knowledge.pain_regions, "region")
        if entry.cleared_on is not None:
            _past_date(entry.cleared_on, join(where, "cleared_on"), today)
        if (cid, entry.region, entry.side) in seen:
            fail(where, f"{cid} is listed twice" + (f" for {entry.region}" if entry.region else ""))
        seen.add((cid, entry.region, entry.side))


def _past_date(when: date, path: str, today: date) -> None:
    if when > today:
        fail(path, "is in the future")
    if when < EARLIEST_BIRTH:
        fail(path, f"is before {EARLIEST_BIRTH.isoformat()}")


def _overrides(written: tuple[OverrideDocument, ...], knowledge: Knowledge) -> tuple[Override, ...]:
    flags = {key: c for key, c in knowledge.contraindications.items() if c.red_flag}
    overrides = []
    for n, override in enumerate(written):
        where = f"assessment.overrides[{n}]"
        _known(override.red_flag, join(where, "red_flag"), flags, "red flag")
        if len(override.reason.strip()) < MIN_REASON:
            fail(
                join(where, "reason"),
                f"must be a written reason of {MIN_REASON} characters or more",
            )
        overrides.append(Override(red_flag=override.red_flag, reason=override.reason))
    return tuple(overrides)


def _trigger_points(
    points: tuple[TriggerPoint, ...], knowledge: Knowledge
) -> tuple[TriggerPoint, ...]:
    for n, point in enumerate(points):
        where = f"assessment.trigger_points[{n}].muscle"
        _known(point.muscle, where, knowledge.muscles, "muscle")
    return points


def _planned_focus(regions: tuple[str, ...], knowledge: Knowledge) -> tuple[str, ...]:
    """Body regions a course planned for this visit (a follow-up starts from them)."""
    path = "assessment.planned_focus"
    most = len(knowledge.body_regions) or 1
    if len(regions) > most:
        fail(path, f"has {len(regions)} entries, at most {most} allowed")
    for n, region in enumerate(regions):
        _known(region, f"{path}[{n}]", knowledge.body_regions, "body region")
    return regions


def _findings(findings: tuple[Finding, ...], knowledge: Knowledge) -> tuple[Finding, ...]:
    sides_seen: dict[str, set[Side | None]] = {}
    for n, finding in enumerate(findings):
        where = f"assessment.findings[{n}]"
        item_id = _known(finding.item, join(where, "item"), knowledge.checklist, "checklist item")
        item, side = knowledge.checklist[item_id], finding.side
        if side is not None and not item.sided:
            fail(join(where, "side"), f"{item_id} takes no side (a midline item)")
        if side is None and item.sided and finding.severity > 0:
            fail(join(where, "side"), f"is required for {item_id}: left, right or bilateral")
        # An item is listed once, or once for the left and once for the right.
        earlier = sides_seen.setdefault(item_id, set())
        if (earlier and not (earlier | {side}) <= {Side.LEFT, Side.RIGHT}) or side in earlier:
            fail(where, f"{item_id} is listed twice for the same side")
        earlier.add(side)
    return findings


def _measurements(written: dict[str, Any], knowledge: Knowledge) -> Measurements:
    """Measurements by the knowledge base's ids: a number within its range, or one of its
    choices; null (or a key left out) is not taken."""
    path = "assessment.measurements"
    allowed = list(knowledge.measurements)
    taken: dict[str, float | str] = {}
    for key, raw in written.items():
        if key not in knowledge.measurements:
            fail(path, f"unknown key {shown(key)} (expected one of: {', '.join(allowed)})")
        definition = knowledge.measurements[key]
        where = join(path, key)
        if definition.kind == "choice":
            if not isinstance(raw, str) or raw not in definition.choices:
                fail(where, f"must be one of {', '.join(definition.choices)}")
            taken[key] = raw
        else:
            number = Annotated[float, Range(definition.minimum, definition.maximum)]
            taken[key] = _structure(raw, number, where)
    return Measurements(taken)


def _structure(data: object, cls: Any, path: str) -> Any:
    """`data` as `cls` (a document or one value of it); a failure names the path it is at."""
    from posture_tui.structuring.converter import structure
    from posture_tui.structuring.dialect import JSON
    from posture_tui.structuring.errors import ShapeError, show_path

    try:
        return structure(data, cls, JSON)
    except ShapeError as error:
        fail(show_path((path, *error.path) if path else error.path), error.problem)

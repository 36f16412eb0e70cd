"""Parse an assessment document (the `analyze` / import format) into domain objects, strictly."""

from __future__ import annotations

import json
import re
from datetime import date

from attrs import frozen

from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import MAX_PAIN, MAX_SEVERITY, Side
from posture_tui.domain.intake import (
    MIN_REASON,
    ContraindicationEntry,
    Override,
    PainEntry,
    TriggerPoint,
)
from posture_tui.domain.limits import EARLIEST_BIRTH as EARLIEST_BIRTH
from posture_tui.domain.limits import MAX_WEEKS as MAX_WEEKS
from posture_tui.domain.limits import NAME_LENGTH as NAME_LENGTH
from posture_tui.domain.limits import NOTE_LENGTH as NOTE_LENGTH
from posture_tui.domain.limits import TEXT_LENGTH as TEXT_LENGTH
from posture_tui.incoming.values import (
    DocumentError,
    fail,
    join,
    read_id,
    read_int,
    read_list,
    read_number,
    read_object,
    read_side,
    read_text,
    shown,
)
from posture_tui.knowledge.model import Knowledge

SCHEMA_VERSION = 1
MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 240
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLIENT_TEXTS = ("contact", "complaints", "goals", "medications", "notes")


@frozen
class ClientDocument:
    """The client part of a document: identity, free text and the intake screen."""

    name: str
    id: str | None = None
    birth_date: date | None = None
    contact: str = ""
    complaints: str = ""
    goals: str = ""
    medications: str = ""
    notes: str = ""
    pain: tuple[PainEntry, ...] = ()
    contraindications: tuple[ContraindicationEntry, ...] = ()


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


def parse_document(
    data: object, knowledge: Knowledge, *, today: date | None = None
) -> ParsedDocument:
    """Validate a decoded document against the knowledge base; raises DocumentError."""
    top = read_object(
        data, "", ("schema_version", "client", "assessment"), ("client", "assessment")
    )
    if "schema_version" in top and top["schema_version"] != SCHEMA_VERSION:
        version = top["schema_version"]
        got = version if isinstance(version, int) and not isinstance(version, bool) else "?"
        fail("schema_version", f"this version reads schema {SCHEMA_VERSION}, got {got}")
    client = _client(top["client"], knowledge, today or date.today())
    assessment, notes = _assessment(top["assessment"], knowledge)
    return ParsedDocument(client=client, assessment=assessment, assessment_notes=notes)


def _client(value: object, knowledge: Knowledge, today: date) -> ClientDocument:
    path = "client"
    allowed = ("id", "name", "birth_date", "pain", "contraindications", *_CLIENT_TEXTS)
    obj = read_object(value, path, allowed, ("name",))
    client_id: str | None = None
    if obj.get("id") is not None:
        raw = read_text(obj["id"], join(path, "id"), max_length=64)
        if not _CLIENT_ID.fullmatch(raw):
            fail(join(path, "id"), "must be 1-64 letters, digits, '-' or '_'")
        client_id = raw
    texts = {
        key: read_text(obj[key], join(path, key), max_length=TEXT_LENGTH, multiline=True)
        for key in _CLIENT_TEXTS
        if obj.get(key) is not None
    }
    return ClientDocument(
        id=client_id,
        name=read_text(obj["name"], join(path, "name"), max_length=NAME_LENGTH, required=True),
        birth_date=_birth_date(obj.get("birth_date"), join(path, "birth_date"), today),
        pain=_pain(obj.get("pain", []), join(path, "pain"), knowledge),
        contraindications=_contraindications(
            obj.get("contraindications", []), join(path, "contraindications"), knowledge, today
        ),
        **texts,
    )


def _birth_date(value: object, path: str, today: date) -> date | None:
    return None if value is None else _past_date(value, path, today)


def _optional_side(obj: dict[str, object], path: str) -> Side | None:
    value = obj.get("side")
    return None if value is None else read_side(value, join(path, "side"))


def _pain(value: object, path: str, knowledge: Knowledge) -> tuple[PainEntry, ...]:
    entries: list[PainEntry] = []
    seen: set[tuple[str, Side | None]] = set()
    for n, raw in enumerate(read_list(value, path)):
        where = f"{path}[{n}]"
        obj = read_object(raw, where, ("region", "side", "score"), ("region", "score"))
        region = read_id(
            obj["region"], join(where, "region"), knowledge.pain_regions, "pain region"
        )
        side = _optional_side(obj, where)
        score = read_int(obj["score"], join(where, "score"), 0, MAX_PAIN)
        if (region, side) in seen:
            fail(where, f"pain in {region} on that side is listed twice")
        seen.add((region, side))
        entries.append(PainEntry(region=region, score=score, side=side))
    return tuple(entries)


MAX_VISITS = 200
SEVERITIES = ("mild", "severe")
_CONDITION_KEYS = ("id", "region", "note", "side", "weeks", "severity", "cleared_by", "cleared_on")
_DETAIL_OF = {
    "region": "region",
    "side": "side",
    "weeks": "weeks",
    "severity": "severity",
    "cleared_by": "clearance",
    "cleared_on": "clearance",
}


def _contraindications(
    value: object, path: str, knowledge: Knowledge, today: date
) -> tuple[ContraindicationEntry, ...]:
    entries: list[ContraindicationEntry] = []
    seen: set[tuple[str, str | None, Side | None]] = set()
    for n, raw in enumerate(read_list(value, path)):
        where = f"{path}[{n}]"
        obj = read_object(raw, where, _CONDITION_KEYS, ("id",))
        cid = read_id(obj["id"], join(where, "id"), knowledge.contraindications, "contraindication")
        condition = knowledge.contraindications[cid]
        details = {*condition.details, *(("region",) if condition.has_region else ())}
        for key, detail in _DETAIL_OF.items():
            if obj.get(key) is not None and detail not in details:
                fail(join(where, key), f"{cid} takes no {key.replace('_', ' ')}")
        region: str | None = None
        if obj.get("region") is not None:
            region = read_id(obj["region"], join(where, "region"), knowledge.pain_regions, "region")
        side = _optional_side(obj, where)
        weeks = None
        if obj.get("weeks") is not None:
            weeks = read_int(obj["weeks"], join(where, "weeks"), 0, MAX_WEEKS)
        severity = None
        if obj.get("severity") is not None:
            severity = read_text(obj["severity"], join(where, "severity"), max_length=10)
            if severity not in SEVERITIES:
                fail(join(where, "severity"), f"must be one of {', '.join(SEVERITIES)}")
        cleared_by = ""
        if obj.get("cleared_by") is not None:
            cleared_by = read_text(obj["cleared_by"], join(where, "cleared_by"), max_length=200)
        cleared_on = None
        if obj.get("cleared_on") is not None:
            cleared_on = _past_date(obj["cleared_on"], join(where, "cleared_on"), today)
        note = ""
        if obj.get("note") is not None:
            note = read_text(
                obj["note"], join(where, "note"), max_length=NOTE_LENGTH, multiline=True
            )
        if (cid, region, side) in seen:
            fail(where, f"{cid} is listed twice" + (f" for {region}" if region else ""))
        seen.add((cid, region, side))
        entries.append(
            ContraindicationEntry(
                id=cid,
                region=region,
                note=note,
                side=side,
                weeks=weeks,
                severity=severity,
                cleared_by=cleared_by,
                cleared_on=cleared_on,
            )
        )
    return tuple(entries)


def _past_date(value: object, path: str, today: date) -> date:
    text = read_text(value, path, max_length=10)
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        when = date.fromisoformat(text)
    except ValueError:
        fail(path, "must be a date written YYYY-MM-DD")
    if when > today:
        fail(path, "is in the future")
    if when < EARLIEST_BIRTH:
        fail(path, f"is before {EARLIEST_BIRTH.isoformat()}")
    return when


def _overrides(value: object, path: str, knowledge: Knowledge) -> tuple[Override, ...]:
    overrides: list[Override] = []
    for n, raw in enumerate(read_list(value, path)):
        where = f"{path}[{n}]"
        obj = read_object(raw, where, ("red_flag", "reason"), ("red_flag", "reason"))
        flags = {k: c for k, c in knowledge.contraindications.items() if c.red_flag}
        flag = read_id(obj["red_flag"], join(where, "red_flag"), flags, "red flag")
        reason = read_text(
            obj["reason"], join(where, "reason"), max_length=NOTE_LENGTH, multiline=True
        )
        if len(reason.strip()) < MIN_REASON:
            fail(
                join(where, "reason"),
                f"must be a written reason of {MIN_REASON} characters or more",
            )
        overrides.append(Override(red_flag=flag, reason=reason))
    return tuple(overrides)


def _trigger_points(value: object, path: str, knowledge: Knowledge) -> tuple[TriggerPoint, ...]:
    points: list[TriggerPoint] = []
    for n, raw in enumerate(read_list(value, path)):
        where = f"{path}[{n}]"
        obj = read_object(raw, where, ("muscle", "side"), ("muscle",))
        muscle = read_id(obj["muscle"], join(where, "muscle"), knowledge.muscles, "muscle")
        points.append(TriggerPoint(muscle=muscle, side=_optional_side(obj, where)))
    return tuple(points)


def _assessment(value: object, knowledge: Knowledge) -> tuple[AssessmentInput, str]:
    path = "assessment"
    allowed = (
        "findings",
        "measurements",
        "session_minutes",
        "notes",
        "overrides",
        "trigger_points",
        "visit_number",
        "planned_focus",
    )
    obj = read_object(value, path, allowed)
    minutes = 60
    if obj.get("session_minutes") is not None:
        minutes = read_int(
            obj["session_minutes"],
            join(path, "session_minutes"),
            MIN_SESSION_MINUTES,
            MAX_SESSION_MINUTES,
        )
    notes = ""
    if obj.get("notes") is not None:
        notes = read_text(obj["notes"], join(path, "notes"), max_length=TEXT_LENGTH, multiline=True)
    findings = _findings(obj.get("findings", []), join(path, "findings"), knowledge)
    measurements = _measurements(obj.get("measurements", {}), join(path, "measurements"), knowledge)
    assessment = AssessmentInput(
        findings=findings,
        measurements=measurements,
        session_minutes=minutes,
        overrides=_overrides(obj.get("overrides", []), join(path, "overrides"), knowledge),
        trigger_points=_trigger_points(
            obj.get("trigger_points", []), join(path, "trigger_points"), knowledge
        ),
        visit_number=(
            read_int(obj["visit_number"], join(path, "visit_number"), 1, MAX_VISITS)
            if obj.get("visit_number") is not None
            else 1
        ),
        planned_focus=_planned_focus(
            obj.get("planned_focus", []), join(path, "planned_focus"), knowledge
        ),
    )
    return assessment, notes


def _planned_focus(value: object, path: str, knowledge: Knowledge) -> tuple[str, ...]:
    """Body regions a course planned for this visit (a follow-up starts from them)."""
    regions = read_list(value, path, max_items=len(knowledge.body_regions) or 1)
    return tuple(
        read_id(region, f"{path}[{n}]", knowledge.body_regions, "body region")
        for n, region in enumerate(regions)
    )


def _findings(value: object, path: str, knowledge: Knowledge) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    sides_seen: dict[str, set[Side | None]] = {}
    for n, raw in enumerate(read_list(value, path)):
        where = f"{path}[{n}]"
        obj = read_object(raw, where, ("item", "severity", "side", "note"), ("item", "severity"))
        item_id = read_id(obj["item"], join(where, "item"), knowledge.checklist, "checklist item")
        severity = read_int(obj["severity"], join(where, "severity"), 0, MAX_SEVERITY)
        item = knowledge.checklist[item_id]
        side: Side | None = None
        if obj.get("side") is not None:
            if not item.sided:
                fail(join(where, "side"), f"{item_id} takes no side (a midline item)")
            side = read_side(obj["side"], join(where, "side"))
        elif item.sided and severity > 0:
            fail(join(where, "side"), f"is required for {item_id}: left, right or bilateral")
        note = ""
        if obj.get("note") is not None:
            note = read_text(
                obj["note"], join(where, "note"), max_length=NOTE_LENGTH, multiline=True
            )
        # An item is listed once, or once for the left and once for the right.
        earlier = sides_seen.setdefault(item_id, set())
        if (earlier and not (earlier | {side}) <= {Side.LEFT, Side.RIGHT}) or side in earlier:
            fail(where, f"{item_id} is listed twice for the same side")
        earlier.add(side)
        findings.append(Finding(item=item_id, severity=severity, side=side, note=note))
    return tuple(findings)


def _measurements(value: object, path: str, knowledge: Knowledge) -> Measurements:
    """Measurements by the knowledge base's ids: a number within its range, or one of its
    choices; null (or a key left out) is not taken."""
    obj = read_object(value, path, list(knowledge.measurements))
    taken: dict[str, float | str] = {}
    for key, raw in obj.items():
        if raw is None:
            continue
        definition = knowledge.measurements[key]
        where = join(path, key)
        if definition.kind == "choice":
            if not isinstance(raw, str) or raw not in definition.choices:
                fail(where, f"must be one of {', '.join(definition.choices)}")
            taken[key] = raw
        else:
            taken[key] = read_number(raw, where, definition.minimum, definition.maximum)
    return Measurements(taken)

"""Import and export: analyze-format documents in, whole records out and back in, all or nothing."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from posture_tui.domain.records import Assessment, Client
from posture_tui.domain.text import shown
from posture_tui.engine.analyze import analyze
from posture_tui.incoming import DocumentError, ParsedDocument, parse_document
from posture_tui.incoming.record import check_assessment, check_client
from posture_tui.knowledge.model import Knowledge
from posture_tui.store import codec
from posture_tui.store.audit import os_user
from posture_tui.store.errors import NotFoundError, StoreError
from posture_tui.store.layout import check_id
from posture_tui.store.repository import TinyRepository

RECORD_FORMAT = "posture-tui-record"
_RECORD_KEYS = frozenset({"format", "schema_version", "client", "assessments"})


def export_record(repo: TinyRepository, client_id: str) -> dict[str, Any]:
    """The whole record, JSON-ready: the client and every revision of every assessment."""
    client, assessments = repo.record(client_id)
    return {
        "format": RECORD_FORMAT,
        "schema_version": codec.SCHEMA_VERSION,
        "client": codec.unstructure(client),
        "assessments": [codec.unstructure(item) for item in assessments],
    }


@frozen
class _Batch:
    new: list[tuple[Client, list[Assessment]]]
    added: list[Assessment]


def import_payload(
    repo: TinyRepository, data: object, knowledge: Knowledge, *, therapist: str | None = None
) -> list[tuple[str, str | None]]:
    """Store an analyze document, a list of them, or an exported record; all or nothing.

    Returns (client id, assessment id) per stored assessment ((client id, None) for a record
    without assessments). A bad element stores nothing; the error names element and field.
    """
    elements = data if isinstance(data, list) else [data]
    if not elements:
        raise StoreError("nothing to import: the list is empty")
    batch = _Batch([], [])
    ids: list[tuple[str, str | None]] = []
    seen_clients: set[str] = set()
    for number, element in enumerate(elements, 1):
        try:
            if isinstance(element, dict) and "format" in element:
                client, items = _record(element, knowledge)
                if client.id in seen_clients:
                    raise StoreError(f"client.id: {shown(client.id)} appears twice in this import")
                seen_clients.add(client.id)
                batch.new.append((client, items))
                ids.extend([(client.id, item.id) for item in _unique(items)] or [(client.id, None)])
            else:
                parsed = parse_document(element, knowledge)
                pair = _from_document(repo, parsed, knowledge, therapist or os_user(), batch)
                ids.append(pair)
        except (DocumentError, StoreError) as error:
            if isinstance(data, list):
                raise StoreError(f"element {number} of {len(elements)}: {error}") from None
            raise
    repo.import_records(batch.new, batch.added)
    return ids


def _unique(items: list[Assessment]) -> list[Assessment]:
    seen: dict[str, Assessment] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _from_document(
    repo: TinyRepository,
    parsed: ParsedDocument,
    knowledge: Knowledge,
    therapist: str,
    batch: _Batch,
) -> tuple[str, str]:
    doc = parsed.client
    now = repo.clock()
    pain, contraindications = doc.pain, doc.contraindications
    if doc.id is not None:
        try:
            existing = repo.get_client(doc.id)
        except NotFoundError:
            raise StoreError(f"client.id: no client {doc.id} in this store") from None
        client_id = doc.id
        pain = pain or existing.pain
        contraindications = contraindications or existing.contraindications
    else:
        client_id = repo.new_id("client")
    # Keyword dicts: mypy's attrs plugin mistypes the tuple converters of the domain classes.
    visit: dict[str, Any] = {
        "id": repo.new_id("assessment"),
        "client_id": client_id,
        "therapist": therapist,
        "created": now,
        "updated": now,
        "findings": parsed.assessment.findings,
        "measurements": parsed.assessment.measurements,
        "session_minutes": parsed.assessment.session_minutes,
        "pain": pain,
        "contraindications": contraindications,
        "analysis": analyze(knowledge, parsed.assessment, pain, contraindications),
        "notes": parsed.assessment_notes,
        "revision": 1,
    }
    assessment = Assessment(**visit)
    if doc.id is not None:
        batch.added.append(assessment)
    else:
        intake: dict[str, Any] = {
            "id": client_id,
            "name": doc.name,
            "birth_date": doc.birth_date,
            "contact": doc.contact,
            "complaints": doc.complaints,
            "goals": doc.goals,
            "medications": doc.medications,
            "pain": doc.pain,
            "contraindications": doc.contraindications,
            "notes": doc.notes,
            "created": now,
            "updated": now,
            "revision": 1,
        }
        client = Client(**intake)
        batch.new.append((client, [assessment]))
    return client_id, assessment.id


def _record(element: dict[str, Any], knowledge: Knowledge) -> tuple[Client, list[Assessment]]:
    """An exported record, checked and migrated; StoreError naming the field.

    Every check a document import runs applies (incoming/record.py), ids against `knowledge`.
    """
    if element.get("format") != RECORD_FORMAT:
        raise StoreError(f"format: expected {RECORD_FORMAT!r}")
    extra = set(element) - _RECORD_KEYS
    if extra:
        raise StoreError(codec.unknown_fields(extra))
    missing = {"schema_version", "client", "assessments"} - set(element)
    if missing:
        raise StoreError(f"{sorted(missing)[0]}: required field missing")
    version = element["schema_version"]
    if not isinstance(element["client"], dict):
        raise StoreError("client: expected an object")
    if not isinstance(element["assessments"], list):
        raise StoreError("assessments: expected a list")
    try:
        client: Client = codec.from_document(
            "client", {**element["client"], "schema_version": version}
        )
    except codec.CodecError as error:
        raise StoreError(error.within("client")) from None
    check_id(client.id, "client.id")
    try:
        check_client(client, knowledge)
    except DocumentError as error:
        raise StoreError(f"client.{error}") from None
    items: list[Assessment] = []
    seen: set[tuple[str, int]] = set()
    for number, raw in enumerate(element["assessments"]):
        where = f"assessments[{number}]"
        if not isinstance(raw, dict):
            raise StoreError(f"{where}: expected an object")
        try:
            item: Assessment = codec.from_document("assessment", {**raw, "schema_version": version})
        except codec.CodecError as error:
            raise StoreError(error.within(where)) from None
        check_id(item.id, f"{where}.id")
        try:
            check_assessment(item, knowledge)
        except DocumentError as error:
            raise StoreError(f"{where}.{error}") from None
        if item.client_id != client.id:
            raise StoreError(
                f"{where}.client_id: {shown(item.client_id)} is not the record's client"
            )
        if (item.id, item.revision) in seen:
            raise StoreError(f"{where}: revision {item.revision} of {shown(item.id)} appears twice")
        seen.add((item.id, item.revision))
        items.append(item)
    return client, items

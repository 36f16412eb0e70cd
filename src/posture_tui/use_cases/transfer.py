"""Import and export: analyze-format documents in, whole records out and back in, all or nothing."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from attrs import frozen

from posture_tui.domain.photos import PHOTO_SUFFIXES, sha256_of
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
from posture_tui.store.safefile import read_bytes
from posture_tui.structuring.dialect import JSON

RECORD_FORMAT = "posture-tui-record"
_RECORD_KEYS = frozenset({"format", "schema_version", "client", "assessments", "photo_files"})
_PHOTO_KEY = re.compile(r"([0-9a-f]{64})\.([a-z]+)")


def export_record(repo: TinyRepository, client_id: str) -> dict[str, Any]:
    """The whole record, JSON-ready: the client, every revision of every assessment, and the
    bytes of each photo a visit keeps (base64, keyed SHA256.SUFFIX)."""
    client, assessments = repo.record(client_id)
    document: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "schema_version": codec.SCHEMA_VERSION,
        "client": codec.unstructure(client),
        "assessments": [codec.unstructure(item) for item in assessments],
    }
    photos = {f"{p.sha256}.{p.format}": p for item in assessments for p in item.photos}
    if photos:
        files = {}
        for key, photo in sorted(photos.items()):
            path = repo.photo_path(client.id, photo.sha256, photo.format)
            try:
                data = read_bytes(path)  # never through a link or a FIFO
            except OSError as error:
                raise StoreError(
                    f"{path}: {error.strerror}; a visit names this photo (run posture-tui check)"
                ) from None
            if data is None:
                raise StoreError(
                    f"{path}: missing; a visit names this photo (run posture-tui check)"
                )
            files[key] = base64.b64encode(data).decode("ascii")
        document["photo_files"] = files
    return document


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
    photo_files: list[tuple[str, dict[str, tuple[bytes, str]]]] = []
    ids: list[tuple[str, str | None]] = []
    seen_clients: set[str] = set()
    for number, element in enumerate(elements, 1):
        try:
            if isinstance(element, dict) and "format" in element:
                client, items = _record(element, knowledge)
                photo_files.append((client.id, _photo_files(element, items)))
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
    for client_id, files in photo_files:  # before the records that name them
        if files and repo.layout.client_file(client_id).exists():
            raise StoreError(f"client {client_id} already exists in this store")
        for data, suffix in files.values():
            repo.store_photo(client_id, data, suffix, new_client=True)
    repo.import_records(batch.new, batch.added)
    return ids


def _photo_files(element: dict[str, Any], items: list[Assessment]) -> dict[str, tuple[bytes, str]]:
    """The photo bytes a record carries, each proven by its SHA-256; every photo a visit names
    must be there. StoreError naming the key."""
    raw = element.get("photo_files", {})
    if not isinstance(raw, dict):
        raise StoreError("photo_files: expected an object")
    files: dict[str, tuple[bytes, str]] = {}
    for key, text in raw.items():
        found = _PHOTO_KEY.fullmatch(key) if isinstance(key, str) else None
        if found is None or found[2] not in PHOTO_SUFFIXES:
            raise StoreError("photo_files: a key is not SHA256.jpg or SHA256.png")
        if not isinstance(text, str):
            raise StoreError(f"photo_files.{key}: expected base64 text")
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise StoreError(f"photo_files.{key}: not base64") from None
        if sha256_of(data) != found[1]:
            raise StoreError(f"photo_files.{key}: the bytes are not the photo this key names")
        files[key] = (data, found[2])
    for item in items:
        for photo in item.photos:
            if f"{photo.sha256}.{photo.format}" not in files:
                raise StoreError(
                    f"photo_files: the {photo.view} photo of assessment {item.id} is not included"
                )
    return files


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
        raise StoreError(JSON.unknown_key(sorted(extra, key=str)[0], sorted(_RECORD_KEYS)))
    missing = {"schema_version", "client", "assessments"} - set(element)
    if missing:
        raise StoreError(f"{sorted(missing)[0]}: {JSON.missing}")
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

"""A record import checks what a document import checks; a planted record is a damaged one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository
from posture_tui.use_cases.transfer import export_record, import_payload

from .helpers import make_assessment, make_client, set_at

ESCAPES = {
    "ESC": "\x1b]0;owned\x07",
    "BEL": "x\x07",
    "NUL": "x\x00y",
    "OSC52": "\x1b]52;c;SGk=\x07",
}
# Every text field of a record, as its path in the exported record.
TEXT_FIELDS = [
    "client.name",
    "client.contact",
    "client.complaints",
    "client.goals",
    "client.medications",
    "client.notes",
    "client.contraindications[0].note",
    "client.contraindications[0].cleared_by",
    "assessments[0].therapist",
    "assessments[0].notes",
    "assessments[0].findings[0].note",
    "assessments[0].overrides[0].reason",
    "assessments[0].overrides[0].by",
    "assessments[0].signed_by",
    "assessments[0].contraindications[0].note",
]


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _exported(repo: TinyRepository) -> dict[str, Any]:
    from posture_tui.domain.assessment import Measurements
    from posture_tui.domain.intake import ContraindicationEntry, Override

    client = make_client(
        contraindications=(ContraindicationEntry("skin_lesion", "upper_back", note="n"),)
    )
    repo.save_client(client)
    repo.save_assessment(
        make_assessment(
            contraindications=(ContraindicationEntry("skin_lesion", "upper_back", note="n"),),
            overrides=(Override("suspected_dvt", "checked by the doctor today", "t"),),
            signed_by="therapist-a",
            measurements=Measurements(cva_deg=44.5, thomas_test="left"),
        )
    )
    return json.loads(json.dumps(export_record(repo, "c-anna")))


def _refusal(repo: TinyRepository, knowledge: Knowledge, record: dict[str, Any]) -> str:
    with pytest.raises(StoreError) as caught:
        import_payload(repo, record, knowledge)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("path", TEXT_FIELDS)
@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_a_control_character_in_any_text_field_is_refused(
    repo: TinyRepository, knowledge: Knowledge, path: str, escape: str
) -> None:
    record = _exported(repo)
    repo.delete_client("c-anna")
    set_at(record, path, "Ann " + ESCAPES[escape] + " SECRET")
    message = _refusal(repo, knowledge, record)
    first = next(ch for ch in ESCAPES[escape] if ord(ch) < 32)
    assert path in message and f"U+{ord(first):04X}" in message
    assert "SECRET" not in message and "Ann" not in message
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in message)
    assert repo.list_clients() == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("assessments[0].findings[0].severity", 9, "severity: must be 0-3, got 9"),
        ("client.pain[0].score", 99, "score: must be 0-10, got 99"),
        ("assessments[0].pain", [{"region": "neck", "score": 99, "side": None}], "0-10"),
        ("assessments[0].findings[0].item", "no_such_item", "unknown checklist item"),
        ("client.pain[0].region", "no_such_region", "unknown pain region"),
        ("client.contraindications[0].id", "no_such_condition", "unknown contraindication"),
        ("client.name", "", "client.name: must not be empty"),
        ("client.name", "x" * 1_000_000, "client.name: is 1000000 characters long"),
        ("client.birth_date", "2999-01-01", "client.birth_date: is in the future"),
        ("client.birth_date", "1850-01-01", "client.birth_date: is before 1900-01-01"),
        ("assessments[0].status", "signed", "assessments[0].signed_at: is required"),
        ("assessments[0].outcomes.ndi", [9] * 10, "outcomes.ndi[0]: must be 0-5, got 9"),
        ("assessments[0].outcomes.odi", [1, 2], "must have 10 sections"),
        ("assessments[0].session_minutes", 10_000, "session_minutes: must be 5-240"),
        ("assessments[0].trigger_points", [{"muscle": "nope", "side": None}], "unknown muscle"),
    ],
)
def test_values_a_document_import_refuses_are_refused(
    repo: TinyRepository, knowledge: Knowledge, path: str, value: object, expected: str
) -> None:
    record = _exported(repo)
    repo.delete_client("c-anna")
    set_at(record, path, value)
    assert expected in _refusal(repo, knowledge, record)


def test_a_signed_status_needs_its_signature(repo: TinyRepository, knowledge: Knowledge) -> None:
    record = _exported(repo)
    repo.delete_client("c-anna")
    item = record["assessments"][0]
    item.update(status="signed", signed_at="2026-03-01T10:00:00+00:00", signed_by=None)
    assert "assessments[0].signed_by: is required" in _refusal(repo, knowledge, record)
    item["signed_by"] = "therapist-a"
    import_payload(repo, copy.deepcopy(record), knowledge)
    assert repo.get_assessment("c-anna", "a-one").is_signed


def _plant(repo: TinyRepository, path: str, value: object) -> Path:
    """Write a value straight into the client's file, as a hostile colleague would."""
    file = repo.layout.client_file("c-anna")
    data = json.loads(file.read_text())
    part, _, rest = path.partition(".")
    doc = data["client"]["1"] if part == "client" else data["assessments"]["1"]
    set_at(doc, rest, value)
    file.write_text(json.dumps(data))
    return file


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "client.name",
            "Ann\x1b]0;owned\x07",
            "client.name: contains a control character (U+001B)",
        ),
        ("client.notes", "a\x00b", "client.notes: contains a control character (U+0000)"),
        ("assessment.findings[0].severity", 9, "findings[0].severity: must be 0-3, got 9"),
        ("assessment.pain", [{"region": "neck", "score": 99, "side": None}], "must be 0-10"),
        ("assessment.outcomes.ndi", [9] * 10, "outcomes.ndi[0]: must be 0-5, got 9"),
        ("assessment.notes", "\x07", "notes: contains a control character (U+0007)"),
        ("assessment.status", "signed", "signed_at: is required for a signed assessment"),
    ],
)
def test_a_planted_record_is_damaged_in_one_line(
    repo: TinyRepository, path: str, value: object, expected: str
) -> None:
    _exported(repo)
    file = _plant(repo, path, value)
    with pytest.raises(StoreError) as caught:
        repo.record("c-anna")
    message = str(caught.value)
    assert expected in message and "check --repair" in message
    assert "\n" not in message and "\x1b" not in message and "\x07" not in message
    assert "Ann" not in message
    problems = check_store(repo.path).problems
    assert [p.kind for p in problems if p.path == file] == ["record"]
    assert expected in str(problems[0])


def _paths(node: object, path: str = "") -> list[str]:
    """Every field of an exported record (objects, lists and values), as a path for `_set`."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += _paths(value, f"{path}[{n}]")
    return found


# Free text where a date, time, id, enum or number belongs: none of it may reach the message.
SECRETS = (
    "SECRET HIV positive",
    "2026-13-45T99:99 SECRET HIV",
    "1980-02-30",  # shaped like a date, not in the calendar (could be a birth date)
    "12 SECRET HIV",
    "right SECRET HIV",
    "SECRET\x1b]0;HIV\x07",
)
DATES = {"birth_date", "created", "updated", "cleared_on", "signed_at", "amended_at", "at"}
# Fields that hold no free text: every secret above must be refused there.
NOT_TEXT = (
    "client.id",
    "client.birth_date",
    "client.created",
    "client.updated",
    "client.revision",
    "client.pain[0].region",
    "client.pain[0].score",
    "client.pain[0].side",
    "client.contraindications[0].id",
    "client.contraindications[0].region",
    "client.contraindications[0].side",
    "client.contraindications[0].weeks",
    "client.contraindications[0].severity",
    "client.contraindications[0].cleared_on",
    "assessments[0].id",
    "assessments[0].client_id",
    "assessments[0].created",
    "assessments[0].updated",
    "assessments[0].findings[0].item",
    "assessments[0].findings[0].severity",
    "assessments[0].findings[0].side",
    "assessments[0].measurements.cva_deg",
    "assessments[0].measurements.thomas_test",
    "assessments[0].session_minutes",
    "assessments[0].status",
    "assessments[0].revision",
    "assessments[0].signed_at",
    "assessments[0].amended_at",
    "assessments[0].amends_revision",
    "assessments[0].prefilled_from",
    "assessments[0].overrides[0].red_flag",
    "assessments[0].overrides[0].at",
    "assessments[0].outcomes.ndi",
    "assessments[0].unconfirmed",
    "assessments[0].trigger_points",
    "assessments[0].visit_number",
    "schema_version",
)


def test_no_refusal_repeats_a_value_from_the_record(
    repo: TinyRepository, knowledge: Knowledge
) -> None:
    """A date, time, id, enum or number holding free text (which may be health data) is refused
    with the field and the problem, never the value; so is an unknown key, at every level."""
    record = _exported(repo)
    repo.delete_client("c-anna")
    paths = _paths(record)
    assert set(NOT_TEXT) <= set(paths)
    refused: set[str] = set()
    for path in paths:
        for secret in (*SECRETS, [SECRETS[0]], {SECRETS[0]: 1}):
            changed = copy.deepcopy(record)
            set_at(changed, path, secret)
            try:
                import_payload(repo, changed, knowledge)
            except StoreError as error:
                message = str(error)
                assert "SECRET" not in message and "HIV" not in message, message
                # A value shaped like an id may be named as one (quoted), never as a date.
                shown_as_id = "'1980-02-30'" if path.split(".")[-1] not in DATES else ""
                assert "1980-02-30" not in message.replace(shown_as_id, ""), message
                assert "\n" not in message and message.isprintable(), message
                refused.add(path)
            else:
                repo.delete_client("c-anna")
                assert path not in NOT_TEXT or secret == "1980-02-30", (path, secret)
    assert set(NOT_TEXT) <= refused
    for path in ["", *(p for p in paths if isinstance(_get(record, p), dict))]:
        changed = copy.deepcopy(record)
        target = _get(changed, path) if path else changed
        target["SECRET HIV positive"] = "x"
        with pytest.raises(StoreError) as caught:
            import_payload(repo, changed, knowledge)
        assert "unknown key" in str(caught.value) and "SECRET" not in str(caught.value)
    assert repo.list_clients() == []


def _get(record: dict[str, Any], path: str) -> Any:
    target: Any = record
    for part in path.replace("[", ".[").split("."):
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    return target

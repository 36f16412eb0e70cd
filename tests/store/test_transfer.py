"""Import of analyze documents and exported records, all or nothing; export round-trips."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.domain.assessment import AssessmentInput
from posture_tui.engine.analyze import analyze
from posture_tui.incoming import DocumentError
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.store import codec
from posture_tui.store.audit import os_user
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.use_cases.transfer import RECORD_FORMAT, export_record, import_payload

from .conftest import TickingClock


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def document(name: str = "Zoë Test", **client: Any) -> dict[str, Any]:
    return {
        "client": {
            "name": name,
            "birth_date": "1980-04-02",
            "pain": [{"region": "head_temple", "side": "right", "score": 6}],
            "contraindications": [{"id": "anticoagulants"}],
            **client,
        },
        "assessment": {
            "findings": [
                {"item": "forward_head", "severity": 2},
                {"item": "shoulder_elevated", "side": "right", "severity": 2},
            ],
            "measurements": {"cva_deg": 44},
            "session_minutes": 60,
            "notes": "first visit",
        },
    }


def _files(repo: TinyRepository) -> list[str]:
    return sorted(p.name for p in repo.layout.clients.iterdir())


def test_import_one_document(repo: TinyRepository, knowledge: Knowledge) -> None:
    ((client_id, assessment_id),) = import_payload(repo, document(), knowledge)
    client = repo.get_client(client_id)
    assert client.name == "Zoë Test" and client.birth_date.isoformat() == "1980-04-02"
    assert client.pain[0].region == "head_temple" and client.revision == 1
    stored = repo.get_assessment(client_id, assessment_id)
    assert stored.status == "draft" and stored.revision == 1 and stored.therapist == os_user()
    assert stored.notes == "first visit"
    expected = analyze(
        knowledge,
        AssessmentInput(stored.findings, stored.measurements, 60),
        client.pain,
        client.contraindications,
    )
    assert stored.analysis == expected  # flags and plan computed at import
    assert repo.list_clients()[0].assessments == 1


def test_import_an_array(repo: TinyRepository, knowledge: Knowledge) -> None:
    ids = import_payload(
        repo, [document("A One"), document("B Two"), document("C Three")], knowledge
    )
    assert len(ids) == 3 and len({c for c, _ in ids}) == 3
    assert sorted(r.name for r in repo.list_clients()) == ["A One", "B Two", "C Three"]


def test_a_bad_element_stores_nothing(repo: TinyRepository, knowledge: Knowledge) -> None:
    bad = document("B Bad")
    bad["assessment"]["findings"][0]["severity"] = 5
    with pytest.raises(StoreError) as caught:
        import_payload(repo, [document("A Good"), bad, document("C Good")], knowledge)
    message = str(caught.value)
    assert message.startswith("element 2 of 3: ")
    assert "assessment.findings[0].severity" in message
    assert repo.list_clients() == [] and _files(repo) == []


def test_a_bad_single_document_names_the_field(repo: TinyRepository, knowledge: Knowledge) -> None:
    with pytest.raises(DocumentError, match=r"client\.birth_date"):
        import_payload(repo, document(birth_date="02/04/1980"), knowledge)
    with pytest.raises(StoreError, match="empty"):
        import_payload(repo, [], knowledge)
    assert _files(repo) == []


def test_client_id_adds_the_assessment_to_that_client(
    repo: TinyRepository, knowledge: Knowledge
) -> None:
    ((client_id, first),) = import_payload(repo, document(), knowledge)
    ((same, second),) = import_payload(repo, document(id=client_id), knowledge)
    assert same == client_id and second != first
    assert {a.id for a in repo.list_assessments(client_id)} == {first, second}
    assert len(repo.list_clients()) == 1
    with pytest.raises(StoreError, match=r"client\.id: no client c-nope"):
        import_payload(repo, document(id="c-nope"), knowledge)


def _history(repo: TinyRepository, knowledge: Knowledge) -> str:
    ((client_id, assessment_id),) = import_payload(repo, document(), knowledge)
    repo.sign_assessment(client_id, assessment_id, by="therapist-a")
    amended = repo.amend_assessment(client_id, assessment_id, by="therapist-b")
    repo.save_assessment(evolve(amended, notes="amended"))
    import_payload(repo, document(id=client_id), knowledge)
    return client_id


def test_export_imports_back_to_an_equal_record(
    repo: TinyRepository, knowledge: Knowledge, tmp_path: Path
) -> None:
    client_id = _history(repo, knowledge)
    exported = export_record(repo, client_id)
    assert exported["format"] == RECORD_FORMAT
    assert exported["schema_version"] == codec.SCHEMA_VERSION
    # first visit: draft 1, signed 2, amendment 3, amended draft 4; second visit: draft 1
    assert len(exported["assessments"]) == 5
    text = json.dumps(exported)  # JSON-ready

    other = open_store(tmp_path / "other", clock=TickingClock())
    ids = import_payload(other, json.loads(text), knowledge)
    assert {c for c, _ in ids} == {client_id}
    assert export_record(other, client_id) == exported
    assert other.record(client_id) == repo.record(client_id)
    with pytest.raises(StoreError, match="already exists"):
        import_payload(other, exported, knowledge)


def test_bad_records_name_the_field(repo: TinyRepository, knowledge: Knowledge) -> None:
    client_id = _history(repo, knowledge)
    good = export_record(repo, client_id)
    cases = [
        (("assessments", 1, "findings", 0, "severity"), "3", "assessments[1].findings[0].severity"),
        (("client", "birth_date"), "1980", "client.birth_date"),
        (("assessments", 0, "client_id"), "c-other", "assessments[0].client_id"),
        (("client", "extra"), 1, "client: unknown key 'extra' (expected one of: id, name,"),
    ]
    for path, value, expected in cases:
        broken = copy.deepcopy(good)
        target: Any = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        other = open_store(repo.path.parent / f"o{len(expected)}", clock=TickingClock())
        with pytest.raises(StoreError) as caught:
            import_payload(other, [broken], knowledge)
        assert expected in str(caught.value) and "element 1 of 1" in str(caught.value)
        assert other.list_clients() == []


def test_an_old_version_record_imports(
    repo: TinyRepository, knowledge: Knowledge, tmp_path: Path
) -> None:
    client_id = _history(repo, knowledge)
    old = export_record(repo, client_id)
    old["schema_version"] = 1
    for part in (old["client"], *old["assessments"]):
        for entry in part["pain"]:
            entry["nprs"] = entry.pop("score")
    for item in old["assessments"]:
        del item["outcomes"], item["unconfirmed"], item["prefilled_from"]
    other = open_store(tmp_path / "old", clock=TickingClock())
    import_payload(other, old, knowledge)
    assert export_record(other, client_id) == export_record(repo, client_id)

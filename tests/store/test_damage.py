"""Damaged files: a one-line error naming the file, nothing overwritten, repair from backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.records import Draft
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.errors import StoreError
from posture_tui.store.layout import shard_of
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import make_assessment, make_client


@pytest.fixture
def filled(repo: TinyRepository) -> TinyRepository:
    client = repo.save_client(make_client())
    repo.save_client(evolve(client, goals="second version"))
    repo.save_assessment(make_assessment())
    repo.save_client(make_client("c-bo", "Bo Ek"))
    assert check_store(repo.path).problems == []
    return repo


def _damage_cases(record: Path) -> dict[str, bytes]:
    good = record.read_bytes()
    edited = json.loads(good)
    edited["assessments"]["1"]["findings"][0]["severity"] = "2"
    hidden = json.loads(good)  # a text no field-by-field rule names: the engine's notes
    hidden["assessments"]["1"]["analysis"]["derived"] = ["fine", f"x\x1b]0;{SECRET}\x07"]
    return {
        "truncated": good[: len(good) // 2],
        "garbage": b"\x00\xff\xfe not json",
        "empty": b"",
        "hand-edited": json.dumps(edited).encode(),
        "hidden-escape": json.dumps(hidden).encode(),
        "bad-layout": json.dumps({"client": [], "assessments": {"x": 1}}).encode(),
    }


@pytest.mark.parametrize(
    "case", ["truncated", "garbage", "empty", "hand-edited", "hidden-escape", "bad-layout"]
)
def test_damaged_client_file(filled: TinyRepository, clock: TickingClock, case: str) -> None:
    record = filled.layout.client_file("c-anna")
    damaged = _damage_cases(record)[case]
    record.write_bytes(damaged)

    repo = open_store(filled.path, clock=clock)
    with pytest.raises(StoreError) as caught:
        repo.list_assessments("c-anna")
    message = str(caught.value)
    assert str(record) in message and "check --repair" in message and "\n" not in message
    if case == "hand-edited":
        assert "findings[0].severity: expected a whole number 0-3" in message
    if case == "hidden-escape":
        assert "analysis.derived[1]: contains a control character (U+001B)" in message
    assert SECRET not in message
    with pytest.raises(StoreError):
        repo.save_client(make_client(goals="would overwrite"))
    assert record.read_bytes() == damaged  # nothing overwritten
    assert [row.id for row in repo.list_clients()] == ["c-bo", "c-anna"]  # the rest still works

    report = check_store(filled.path)
    assert [p.path for p in report.problems] == [record]
    repaired = repair_store(filled.path)
    assert repaired.problems == [] and repaired.repaired
    restored = repo.get_client("c-anna")  # from the newest backup that reads
    assert restored.name == "Anna Zoë Müller"
    assert repo.list_clients("anna")[0].assessments == len(repo.list_assessments("c-anna"))
    kept = list((filled.layout.client_backups).glob("c-anna.json.damaged-*"))
    assert [path.read_bytes() for path in kept] == [damaged]


@pytest.mark.parametrize(
    "content",
    [
        b'{"clients": {"1": ',
        b"[]",
        b'{"clients": {"1": {"id": 3}}}',
        b'{"clients": {"one": {"id": "c-anna"}}}',
        b'{"clients": {"1": ["c-anna"]}}',
        b'{"clients": ["c-anna"]}',
    ],
)
def test_damaged_index(filled: TinyRepository, content: bytes) -> None:
    index = filled.layout.index_file(shard_of("c-anna"))
    record = filled.layout.client_file("c-anna")
    before = record.read_bytes()
    client = filled.get_client("c-anna")
    index.write_bytes(content)
    with pytest.raises(StoreError, match=str(index)):
        filled.list_clients()
    with pytest.raises(StoreError):
        filled.save_client(evolve(client, goals="changed"))
    assert index.read_bytes() == content and record.read_bytes() == before
    assert any(p.path == index for p in check_store(filled.path).problems)
    assert repair_store(filled.path).problems == []
    assert sorted(row.id for row in filled.list_clients()) == ["c-anna", "c-bo"]


SECRET = "HIV positive"
PLANTED_ROWS = [
    ("name", f"Ann\x1b]0;{SECRET}\x07", "name: contains a control character (U+001B)"),
    ("name", f"Ann \u202e{SECRET}", "name: contains a control character (U+202E)"),
    ("name", f"{SECRET} " * 40, "name: is 520 characters long, at most 200 allowed"),
    ("name", " ", "name: must not be empty"),
    ("id", f"c-anna {SECRET}", "id: must be 1-64 letters, digits"),
    ("birth_date", "2999-01-01", "birth_date: is in the future"),
    ("birth_date", "1850-01-01", "birth_date: is before 1900-01-01"),
    ("assessments", -1, "assessments: must be 0 or more"),
]


@pytest.mark.parametrize(("key", "value", "expected"), PLANTED_ROWS)
def test_a_planted_index_row_is_a_one_line_damaged_index(
    filled: TinyRepository, key: str, value: object, expected: str
) -> None:
    """An index row the record check would refuse in its client (a control character, a bidi
    override, a 520-character name) is never listed: one line naming the file, the entry and
    the problem, never the text; check reports the index, repair rebuilds it from the clients."""
    index = filled.layout.index_file(shard_of("c-anna"))
    data = json.loads(index.read_text())
    number, row = next((n, row) for n, row in data["clients"].items() if row["id"] == "c-anna")
    row[key] = value
    index.write_text(json.dumps(data))
    with pytest.raises(StoreError) as caught:
        filled.list_clients()
    message = str(caught.value)
    assert f"{index}" in message and f"entry {number}.{expected}" in message
    assert "check --repair" in message and SECRET not in message and message.isprintable()
    problems = [p for p in check_store(filled.path).problems if p.path == index]
    assert len(problems) == 1 and problems[0].kind == "index" and expected in str(problems[0])
    assert SECRET not in str(problems[0])
    report = repair_store(filled.path)
    assert report.problems == [] and any("rebuilt" in line for line in report.repaired)
    names = {row.id: row.name for row in filled.list_clients()}
    assert names == {"c-anna": "Anna Zoë Müller", "c-bo": "Bo Ek"}


def test_an_index_key_that_is_not_a_number_is_not_shown(filled: TinyRepository) -> None:
    index = filled.layout.index_file(shard_of("c-anna"))
    index.write_text(json.dumps({"clients": {f"\x1b]0;{SECRET}\x07": {"id": "c-anna"}}}))
    with pytest.raises(StoreError) as caught:
        filled.list_clients()
    assert "entry (key not shown) is not a client row" in str(caught.value)
    assert SECRET not in str(caught.value) and "\x1b" not in str(caught.value)


def test_index_that_disagrees_with_records(filled: TinyRepository) -> None:
    for index in filled.layout.index_files:
        if index.exists():
            data = json.loads(index.read_text())
            for doc in data["clients"].values():
                doc["assessments"] = 7
            index.write_text(json.dumps(data))
    problems = check_store(filled.path).problems
    assert any("disagrees" in p.text and "assessments" in p.text for p in problems)
    assert all("Anna" not in str(p) for p in problems)  # problems name ids, not people
    assert repair_store(filled.path).problems == []
    assert {row.id: row.assessments for row in filled.list_clients()} == {"c-anna": 1, "c-bo": 0}


def test_record_missing_from_index_and_stale_entry(filled: TinyRepository) -> None:
    filled.layout.client_file("c-bo").unlink()
    problems = check_store(filled.path).problems
    assert any("c-bo with no record file" in p.text for p in problems)
    report = repair_store(filled.path)  # an acknowledged save is never dropped: its backup
    assert report.problems == [] and report.not_repaired == []
    assert any("c-bo.json: restored from backup 1" in line for line in report.repaired)
    assert sorted(row.id for row in filled.list_clients()) == ["c-anna", "c-bo"]
    # with no backup either, the row goes, and the repair says so
    filled.layout.client_file("c-bo").unlink()
    for backup in filled.layout.client_backups.glob("c-bo.json.*"):
        backup.unlink()
    report = repair_store(filled.path)
    assert report.problems == []
    assert [line.split(": ", 1)[1] for line in report.not_repaired] == [
        "missing, and no backup holds it; dropped from the index"
    ]
    assert [row.id for row in filled.list_clients()] == ["c-anna"]


def test_damaged_draft_audit_and_meta(filled: TinyRepository, clock: TickingClock) -> None:
    filled.save_draft(Draft(make_client(), None, saved_at=clock()))
    draft = next(filled.layout.drafts.glob("*.json"))
    draft.write_text('{"schema_version": 2, "client": 1')
    with pytest.raises(StoreError, match=str(draft)):
        filled.load_draft()
    with filled.layout.audit.open("a") as log:
        log.write("not an event\n")
    problems = {p.kind for p in check_store(filled.path).problems}
    assert problems == {"draft", "audit"}
    report = repair_store(filled.path)
    assert report.problems == []
    assert filled.load_draft() is None
    filled.layout.meta.write_text("{")
    with pytest.raises(StoreError, match=r"store\.json is damaged"):
        open_store(filled.path)
    assert repair_store(filled.path).problems == []
    assert open_store(filled.path).get_client("c-bo").name == "Bo Ek"


def test_too_open_permissions_are_a_problem_that_repair_fixes(filled: TinyRepository) -> None:
    filled.layout.client_file("c-bo").chmod(0o644)
    (problem,) = check_store(filled.path).problems
    assert problem.kind == "permissions"
    assert repair_store(filled.path).problems == []
    assert filled.layout.client_file("c-bo").stat().st_mode & 0o777 == 0o600


def test_check_on_a_missing_folder(tmp_path: Path) -> None:
    report = check_store(tmp_path / "nothing")
    assert report.problems and not (tmp_path / "nothing").exists()

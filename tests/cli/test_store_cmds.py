"""The store commands as a user runs them: import, clients, demo, check, audit."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from posture_tui.cli.main import run

DOC: dict[str, Any] = {
    "client": {"name": "Zoë Test", "birth_date": "1980-04-02", "notes": "PRIVATE-NOTE"},
    "assessment": {"findings": [{"item": "forward_head", "severity": 2}]},
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path: Path, data: object, name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_then_list(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    assert code == 0 and err == ""
    client_id, assessment_id = out.split()
    assert client_id.startswith("c-") and assessment_id.startswith("a-")

    code, out, _ = _run(capsys, "clients", "--db", db)
    assert code == 0 and client_id in out and "Zoë Test" in out and "1980-04-02" in out

    code, out, _ = _run(capsys, "clients", "--db", db, "--format", "json", "--search", "zoe")
    (row,) = json.loads(out)
    assert set(row) == {"id", "name", "birth_date", "assessments", "last_assessed"}
    assert row["id"] == client_id and row["assessments"] == 1 and row["birth_date"] == "1980-04-02"
    code, out, _ = _run(capsys, "clients", "--db", db, "--format", "json", "--search", "nobody")
    assert json.loads(out) == []


def test_import_from_stdin_and_into_an_existing_client(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    client_id = out.split()[0]
    again = {**DOC, "client": {**DOC["client"], "id": client_id}}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps([again]).encode())))
    code, out, _ = _run(capsys, "import", "-", "--db", db)
    assert code == 0 and out.split()[0] == client_id
    code, out, _ = _run(capsys, "clients", "--db", db, "--format", "json")
    assert json.loads(out)[0]["assessments"] == 2


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps([DOC, {**DOC, "assessment": {"findings": [{"item": "nope", "severity": 1}]}}]),
         "element 2 of 2: assessment.findings[0].item"),
        (json.dumps({**DOC, "client": {**DOC["client"], "id": "c-missing"}}), "client.id"),
    ],
)  # fmt: skip
def test_bad_import_changes_nothing(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], payload: str, expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(payload)
    code, out, err = _run(capsys, "import", str(path), "--db", db)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert not list(Path(db).glob("clients/*.json"))  # nothing stored (maybe no store at all)


def test_db_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSTURE_TUI_DB", str(tmp_path / "envstore"))
    code, _, _ = _run(capsys, "import", _write(tmp_path, DOC))
    assert code == 0 and (tmp_path / "envstore" / "store.json").exists()


def test_demo_check_and_audit(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "demo", "--db", db, "--clients", "12", "--assessments", "2", "--seed", "5"
    )
    assert code == 0 and "12 synthetic clients" in out
    code, out, _ = _run(capsys, "clients", "--db", db, "--format", "json")
    assert len(json.loads(out)) == 12

    code, out, _ = _run(capsys, "check", "--db", db)
    assert code == 0 and "healthy (12 clients; every record decoded)" in out

    code, out, _ = _run(capsys, "audit", "--db", db, "--format", "json")
    events = json.loads(out)
    assert {e["action"] for e in events} == {"demo.client", "demo.assessment"}
    code, text, _ = _run(capsys, "audit", "--db", db)
    assert code == 0 and len(text.splitlines()) == len(events) == 36
    for name in (
        r["name"] for r in json.loads(_run(capsys, "clients", "--db", db, "--format", "json")[1])
    ):
        assert name not in text


def test_check_lists_problems_and_repairs(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    record = next((Path(db) / "clients").glob("*.json"))
    _, out, _ = _run(capsys, "clients", "--db", db, "--format", "json")
    record.write_text(record.read_text()[:40])

    code, out, err = _run(capsys, "clients", "--db", db)  # the index still lists everybody
    assert code == 0
    code, out, err = _run(capsys, "check", "--db", db)
    assert code == 1 and f"problem: {record}: damaged" in out and "--repair" in err
    code, out, err = _run(capsys, "check", "--db", db, "--repair")
    assert code == 0  # a client saved once: its backup 1 is that save
    assert f"repaired: {record}: restored from backup 1" in out and "every saved revision" in out
    os.unlink(record)
    for backup in (Path(db) / "backups" / "clients").glob(f"{record.name}.*"):
        os.unlink(backup)
    code, out, err = _run(capsys, "check", "--db", db, "--repair")
    assert code == 1 and "rebuilt" in out
    assert f"not repaired: {record}: missing, and no backup holds it" in out
    assert "could not be repaired" in err
    code, out, _ = _run(capsys, "check", "--db", db)
    assert code == 0 and "healthy (1 clients; " in out


def test_open_permissions_warn_on_stderr(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    os.chmod(db, 0o755)
    code, _, err = _run(capsys, "clients", "--db", db)
    assert code == 0
    assert err.startswith("posture-tui: warning: ") and f"chmod -R go-rwx {db}" in err
    assert err.count("\n") == 1


def test_read_only_commands_do_not_create_a_store(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("clients", "audit"):
        code, out, err = _run(capsys, command, "--db", db)
        assert code == 1 and out == "" and f"no store at {db}" in err
    code, out, _ = _run(capsys, "check", "--db", db)
    assert code == 1 and "no store folder here" in out
    assert not Path(db).exists()


def test_unknown_group_is_one_line(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _write(tmp_path, DOC)
    code, _, err = _run(capsys, "import", doc, "--db", db, "--shared-group", "no-such-group-xyz")
    assert (
        code == 1
        and err.strip() == "posture-tui: unknown group 'no-such-group-xyz' (see `getent group`)"
    )


def test_check_says_what_it_read(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first check decodes every record; a later one reads every file and decodes what
    changed; --incremental reads only what changed; --deep decodes all again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POSTURE_TUI_NO_CACHE", raising=False)
    _run(capsys, "import", _write(tmp_path, DOC), "--db", db)
    lines = {}
    for mode in ("first", "", "--incremental", "--deep"):
        code, out, _ = _run(capsys, "check", "--db", db, *([mode] if "--" in mode else []))
        assert code == 0
        lines[mode] = out.strip().rpartition("healthy ")[2]
    assert lines == {
        "first": "(1 clients; every record decoded)",
        "": "(1 clients; every file read; 0 new or changed record(s) decoded)",
        "--incremental": "(1 clients; 0 new or changed record(s) decoded, the rest unchanged)",
        "--deep": "(1 clients; every record decoded)",
    }
    code, _, err = _run(capsys, "check", "--db", db, "--deep", "--incremental")
    assert code == 2 and "not allowed with argument" in err and len(err.strip().splitlines()) == 1

"""`posture-tui clients` answered from the index copy alone while nothing changed (issue 17):
the same lines as a full open, never a stale or unwarned answer, and without loading TinyDB,
attrs or the record code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posture_tui.cli.main import run
from posture_tui.store import quick_list

NAMES = ("Anna Zoë Müller", "Bo Ek", "Annabel Lee")
VISIT = {"findings": [{"item": "forward_head", "severity": 2}]}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POSTURE_TUI_NO_CACHE", raising=False)
    store = str(tmp_path / "store")
    for number, name in enumerate(NAMES):
        doc = tmp_path / f"doc{number}.json"
        client = {"name": name, "birth_date": "1980-04-02"}
        doc.write_text(json.dumps({"client": client, "assessment": VISIT}))
        assert run(["import", str(doc), "--db", store]) == 0
    return store


@pytest.fixture
def answered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each `clients`, whether the copy answered it alone."""
    seen: list[bool] = []
    original = quick_list.quick_page

    def watched(root: Path, query: str) -> object:
        found = original(root, query)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(quick_list, "quick_page", watched)
    return seen


def _clients(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(["clients", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_copy_answers_as_the_full_open_did(
    db: str, capsys: pytest.CaptureFixture[str], answered: list[bool]
) -> None:
    capsys.readouterr()
    meta = Path(db, "store.json")
    for argv in (["--search", "ann"], ["--search", "zoe 1980"], ["--format", "json"], []):
        os.chmod(meta, meta.stat().st_mode)  # its change time moves: the next open is full
        full = _clients(capsys, *argv, "--db", db)
        quick = _clients(capsys, *argv, "--db", db)
        assert quick == full and full[0] == 0
    assert answered == [False, True] * 4
    assert "Annabel Lee" in quick[1] and "Bo Ek" in quick[1]


def test_a_save_since_is_listed(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], answered: list[bool]
) -> None:
    _clients(capsys, "--db", db)
    doc = tmp_path / "new.json"
    doc.write_text(json.dumps({"client": {"name": "Carla Nuevo"}, "assessment": VISIT}))
    assert run(["import", str(doc), "--db", db]) == 0
    code, out, _ = _clients(capsys, "--search", "carla", "--db", db)
    assert code == 0 and "Carla Nuevo" in out
    assert answered[-1] is False  # the store changed: opened fully


def test_a_loosened_mode_is_still_warned_of(
    db: str, capsys: pytest.CaptureFixture[str], answered: list[bool]
) -> None:
    _clients(capsys, "--db", db)
    _clients(capsys, "--db", db)
    os.chmod(db, 0o755)
    for _ in range(2):
        code, _, err = _clients(capsys, "--db", db)
        assert code == 0 and err.startswith("posture-tui: warning: ")
    assert answered == [False, True, False, False]


def test_a_damaged_index_is_reported_not_answered_from_the_copy(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _clients(capsys, "--db", db)
    shard = next(Path(db, "index").glob("*.json"))
    shard.write_text('{"clients": {"1": ')
    code, out, err = _clients(capsys, "--db", db)
    assert code == 1 and out == "" and str(shard) in err and len(err.splitlines()) == 1


def test_an_interrupted_write_is_finished_first(
    db: str, capsys: pytest.CaptureFixture[str], answered: list[bool]
) -> None:
    _clients(capsys, "--db", db)
    Path(db, "journal.json").write_text("{}")  # what a write cut short leaves
    _clients(capsys, "--db", db)
    assert answered == [False, False]


def test_the_copy_answers_without_loading_the_store_code(db: str) -> None:
    run(["clients", "--db", db])  # noted
    script = (
        "import sys\n"
        "from posture_tui.cli.main import run\n"
        f"code = run(['clients', '--search', 'bo', '--db', {db!r}])\n"
        "heavy = [m for m in ('tinydb', 'attrs', 'cattrs') if m in sys.modules]\n"
        "print('loaded:', heavy, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ)
    )
    assert "Bo Ek" in done.stdout and "loaded: [] 0" in done.stdout, done.stderr

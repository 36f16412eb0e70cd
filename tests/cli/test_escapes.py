"""Escape sequences planted in a store file (bypassing import) never reach the terminal raw.

Every text field of a record holds ESC, BEL, NUL and OSC 52 (clipboard write); every command
that reads the record either refuses it with one line naming the field and the code point, or
prints nothing raw. Out-of-range values planted the same way give the same one-line refusal.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from posture_tui.cli.main import run
from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.store.layout import Layout, shard_of
from posture_tui.store.repository import open_store

EVIL = "Ann\x1b]0;owned\x07\x1b]52;c;SGk=\x07\x1b[2J\x00\x9b31m\u202e"
RAW = [b"\x1b", b"\x07", b"\x00", b"\xc2\x9b", "\u202e".encode()]
WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    repo = open_store(store)
    repo.save_client(
        Client(
            id="c-1",
            name="Ann Lee",
            birth_date=date(1980, 1, 2),
            pain=(PainEntry("neck", 4, Side.RIGHT),),
            contraindications=(ContraindicationEntry("skin_lesion", "upper_back"),),
        )
    )
    for number, day in enumerate((1, 15), 1):
        moment = WHEN.replace(day=day)
        visit: dict[str, Any] = {
            "id": f"a-{number}",
            "client_id": "c-1",
            "therapist": "lee",
            "created": moment,
            "updated": moment,
            "findings": (Finding("forward_head", 2, note="n"),),
            "pain": (PainEntry("neck", 4, Side.RIGHT),),
            "overrides": (Override("suspected_dvt", "checked by the doctor today", "lee"),),
        }
        repo.save_assessment(Assessment(**visit))
    return store


def _texts(doc: Any, evil: str) -> Any:
    """Every free-text value of a stored document replaced by `evil`."""
    keys = {"name", "contact", "complaints", "goals", "medications", "notes", "note"}
    keys |= {"cleared_by", "therapist", "reason", "by"}
    if isinstance(doc, dict):
        return {
            k: evil if k in keys and isinstance(v, str) else _texts(v, evil) for k, v in doc.items()
        }
    if isinstance(doc, list):
        return [_texts(item, evil) for item in doc]
    return doc


def _plant(store: Path, change: Any) -> None:
    file = store / "clients" / "c-1.json"
    data = json.loads(file.read_text())
    file.write_text(json.dumps(change(data)))


def _plant_index_name(store: Path) -> None:
    file = Layout(store).index_file(shard_of("c-1"))
    data = json.loads(file.read_text())
    for row in data["clients"].values():
        row["name"] = EVIL
    file.write_text(json.dumps(data))


def _run(capfdbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, bytes]:
    code = run(list(argv))
    out, err = capfdbinary.readouterr()
    return code, out, err


def _clean(data: bytes) -> None:
    for raw in RAW:
        assert raw not in data


COMMANDS = [
    ("clients",),
    ("export", "c-1", "--format", "md"),
    ("export", "c-1", "--format", "txt"),
    ("export", "c-1", "--format", "json"),
    ("progress", "c-1"),
    ("check",),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: "-".join(argv))
def test_escapes_in_every_text_field_never_reach_the_terminal(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], argv: tuple[str, ...]
) -> None:
    store = _store(tmp_path)
    _plant(store, lambda data: _texts(data, EVIL))
    _plant_index_name(store)
    code, out, err = _run(capfdbinary, *argv, "--db", str(store))
    _clean(out)
    _clean(err)
    assert b"Traceback" not in err and b"internal error" not in err
    if argv[0] == "clients":  # the planted index row is a damaged index, never listed
        lines = err.decode().strip().splitlines()
        assert code == 1 and len(lines) == 1 and b"Ann" not in out + err
        assert "name: contains a control character (U+001B)" in lines[0]
    elif argv[0] == "check":
        assert code == 1
        assert b"client.name: contains a control character (U+001B)" in out
    else:
        assert code == 1
        lines = err.decode().strip().splitlines()
        assert len(lines) == 1
        assert "is damaged" in lines[0] and "(U+001B)" in lines[0]
        assert "Ann" not in lines[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["assessments"]["2"]["findings"][0].update(severity=9), "must be 0-3, got 9"),
        (lambda d: d["assessments"]["2"]["pain"][0].update(score=99), "must be 0-10, got 99"),
        (lambda d: d["assessments"]["2"].update(outcomes={"ndi": [9] * 10, "odi": None}), "0-5"),
    ],
    ids=["severity-9", "nprs-99", "ndi-9s"],
)
@pytest.mark.parametrize(
    "argv",
    [
        ("export", "c-1", "--format", "txt"),
        ("export", "c-1", "--format", "pdf"),
        ("progress", "c-1"),
    ],
    ids=lambda argv: "-".join(argv),
)
def test_values_out_of_range_are_a_one_line_damaged_record(
    tmp_path: Path,
    capfdbinary: pytest.CaptureFixture[bytes],
    change: Any,
    expected: str,
    argv: tuple[str, ...],
) -> None:
    store = _store(tmp_path)

    def apply(data: Any) -> Any:
        change(data)
        return data

    _plant(store, apply)
    code, out, err = _run(capfdbinary, *argv, "--db", str(store))
    lines = err.decode().strip().splitlines()
    assert code == 1 and len(lines) == 1, err
    assert expected in lines[0] and "check --repair" in lines[0]
    code, out, _ = _run(capfdbinary, "check", "--db", str(store))
    assert code == 1 and expected.encode() in out


def test_analyze_refuses_a_knowledge_file_with_an_escaped_exercise_name(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "clinic.toml").write_text(
        '[exercises.chin_tuck]\nname = "Chin \\u001b]0;owned\\u0007"\n'
    )
    document = tmp_path / "doc.json"
    document.write_text(json.dumps({"client": {"name": "A"}, "assessment": {}}))
    code, out, err = _run(capfdbinary, "--knowledge", str(clinic), "analyze", str(document))
    assert code == 2 and out == b""
    _clean(err)
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("posture-tui: knowledge base: ")
    assert lines[0].endswith(
        "clinic.toml: exercises.chin_tuck.name: "
        "contains a control character (U+001B), which is not allowed"
    )

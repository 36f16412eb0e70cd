"""Hostile exported records (`posture-tui import` of a posture-tui-record), generated.

Each record below breaks one rule the record check enforces: a control character, bidi
override or lone surrogate in a text field, a text over its size, a value out of range, an id
the knowledge base does not know, a signed status without its signature, free text where a
date, id or number belongs, or JSON nested far too deep. Each is refused with one line that
names the field (never the text: every hostile value carries "HIV"), fails, and leaves every
store file byte for byte as it was. The CI run takes every fifth case; the long run takes all.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.hostile.conftest import LONG, snapshot, store_problems
from tests.hostile.test_fuzz_cli import RAW_CONTROL, invoke
from tests.store.helpers import set_at

SECRET = "HIV"
CONTROLS = {
    "ESC": "\x1b]0;HIV\x07",
    "CSI": "\x1b[2J",
    "BEL": "\x07",
    "NUL": "\x00",
    "C1": "\x9b31m",
    "DEL": "\x7f",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "surrogate": "\ud800",
}
TEXTS = {  # field path -> its limit (domain/limits.py)
    "client.name": 200,
    "client.contact": 5000,
    "client.complaints": 5000,
    "client.goals": 5000,
    "client.medications": 5000,
    "client.notes": 5000,
    "client.contraindications[0].note": 1000,
    "client.contraindications[0].cleared_by": 200,
    "assessments[0].therapist": 200,
    "assessments[0].notes": 5000,
    "assessments[0].findings[0].note": 1000,
    "assessments[0].overrides[0].reason": 1000,
    "assessments[0].overrides[0].by": 200,
    "assessments[0].signed_by": 200,
}
OUT_OF_RANGE: list[tuple[str, object]] = [
    ("assessments[0].findings[0].severity", 9),
    ("assessments[0].findings[0].severity", -1),
    ("client.pain[0].score", 11),
    ("client.pain[0].score", 2**70),
    ("assessments[0].outcomes.ndi", [9] * 10),
    ("assessments[0].outcomes.odi", [1] * 11),
    ("assessments[0].session_minutes", 0),
    ("assessments[0].session_minutes", 100_000),
    ("client.contraindications[0].weeks", 999),
    ("client.revision", -1),
    ("client.birth_date", "2999-01-01"),
    ("client.birth_date", "1850-01-01"),
    ("assessments[0].measurements.cva_deg", 1e308),
    ("assessments[0].findings[0].severity", True),
    ("assessments[0].findings[0].severity", "2"),
]
UNKNOWN_IDS: list[tuple[str, object]] = [
    ("assessments[0].findings[0].item", "no_such_item"),
    ("client.pain[0].region", "no_such_region"),
    ("client.contraindications[0].id", "no_such_condition"),
    ("client.contraindications[0].region", "no_such_region"),
    ("assessments[0].overrides[0].red_flag", "skin_lesion"),  # a condition, not a red flag
    ("assessments[0].unconfirmed", ["no_such_item"]),
    ("assessments[0].trigger_points", [{"muscle": "no_such_muscle", "side": None}]),
]
NOT_TEXT = [  # free text (health data) where a date, time, id, enum or number belongs
    "client.id",
    "client.birth_date",
    "client.created",
    "client.pain[0].side",
    "client.pain[0].score",
    "assessments[0].id",
    "assessments[0].client_id",
    "assessments[0].signed_at",
    "assessments[0].status",
    "assessments[0].findings[0].item",
    "assessments[0].measurements.thomas_test",
    "schema_version",
]


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _cases() -> Iterator[tuple[str, str, Any, str]]:
    """(case id, field path, value, what the one line must hold)."""
    for path in TEXTS:
        for name, control in CONTROLS.items():
            named = f"{path}: contains a control character (U+{ord(control[0]):04X})"
            yield f"{path}-{name}", path, f"Ann {SECRET}{control} Lee", named
    for path, limit in TEXTS.items():
        yield (
            f"{path}-long",
            path,
            f"{SECRET} " + "x" * limit,
            f"{path}: is {limit + 4} characters long, at most {limit}",
        )
    yield "name-1MB", "client.name", SECRET * 350_000, "client.name: is 1050000 characters"
    yield "name-empty", "client.name", "   ", "client.name: must not be empty"
    for path, value in OUT_OF_RANGE:
        yield f"{path}={str(value)[:12]}", path, value, path
    for path, value in UNKNOWN_IDS:
        yield f"{path}-unknown", path, value, path.split("[")[0]
    for path in NOT_TEXT:
        yield f"{path}-free-text", path, f"{SECRET} positive 2026-01-01", path
    yield "unknown-key", "client.{key}", f"{SECRET} status", "client: unknown field"
    yield "signed-no-signature", "signed", {"signed_at": None}, "assessments[0].signed_at"
    yield "signed-no-signer", "signed", {"signed_by": None}, "assessments[0].signed_by"
    yield "signed-blank-signer", "signed", {"signed_by": "  "}, "assessments[0].signed_by"
    yield "nested-100000", "client.notes", _deep(100_000), "nested too deeply"
    yield "nested-300", "client.notes", _deep(300), "client.notes"


CASES = list(_cases())
RUN = CASES if LONG else CASES[::5]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A store with one client, and a valid exported record of another client."""
    from tests.store.helpers import make_assessment, make_client

    from posture_tui.domain.intake import ContraindicationEntry, Override
    from posture_tui.store.repository import open_store
    from posture_tui.use_cases.transfer import export_record

    folder = tmp_path_factory.mktemp("records")
    scratch = open_store(folder / "scratch")
    condition = ContraindicationEntry("skin_lesion", "upper_back", note="n", cleared_by="dr")
    scratch.save_client(make_client(contraindications=(condition,)))
    scratch.save_assessment(
        make_assessment(
            contraindications=(condition,),
            overrides=(Override("suspected_dvt", "checked by the doctor today", "t"),),
            signed_by="therapist-a",
        )
    )
    record = json.loads(json.dumps(export_record(scratch, "c-anna")))
    store = folder / "store"
    open_store(store).save_client(make_client("c-bo", "Bo Ek"))
    valid = folder / "valid.json"
    valid.write_text(json.dumps(record))
    code, _, err = invoke(["import", str(valid), "--db", str(folder / "accepts")])
    assert code == 0, err  # the record itself is fine: each case breaks one rule
    return folder, record


def _hostile(record: dict[str, Any], path: str, value: Any) -> bytes:
    """The record with the one change, as the file's bytes."""
    changed = copy.deepcopy(record)
    if path == "signed":
        changed["assessments"][0].update(
            {"status": "signed", "signed_at": "2026-03-01T10:00:00+00:00", **value}
        )
    elif path == "client.{key}":
        changed["client"][value] = "x"
    elif isinstance(value, str) and value.startswith("[["):
        set_at(changed, path, "@NESTED@")
        return json.dumps(changed).replace('"@NESTED@"', value).encode()
    else:
        set_at(changed, path, value)
    return json.dumps(changed).encode()  # ensure_ascii: a lone surrogate is written \ud800


@pytest.mark.parametrize(
    ("path", "value", "expected"), [c[1:] for c in RUN], ids=[c[0] for c in RUN]
)
def test_a_hostile_record_is_refused_in_one_line_and_changes_nothing(
    workspace: tuple[Path, dict[str, Any]], path: str, value: Any, expected: str
) -> None:
    folder, record = workspace
    source = folder / "hostile.json"
    source.write_bytes(_hostile(record, path, value))
    store = folder / "store"
    before = snapshot(store)
    code, out, err = invoke(["import", str(source), "--db", str(store)])
    assert code in (1, 2) and not out, (code, err)
    assert err.startswith("posture-tui: ") and err.count("\n") == 1 and err.endswith("\n")
    assert expected in err, err
    assert SECRET not in err and "Ann" not in err and "Lee" not in err, err
    assert not RAW_CONTROL.search(err) and re.search("[\u202a-\u202e\u2066-\u2069]", err) is None
    assert snapshot(store) == before
    assert store_problems(store) == []

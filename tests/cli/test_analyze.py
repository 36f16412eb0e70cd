"""`posture-tui analyze FILE [--format text|json]`: what a therapist and a script see."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from posture_tui.cli.main import run

EXAMPLE: dict[str, Any] = {
    "client": {
        "name": "Ana Example",
        "birth_date": "1980-04-02",
        "pain": [{"region": "head_temple", "side": "right", "score": 6}],
        "contraindications": [
            {"id": "anticoagulants"},
            {"id": "skin_lesion", "region": "neck"},
            {"id": "bleeding_disorder"},
        ],
    },
    "assessment": {
        "findings": [
            {"item": "forward_head", "severity": 2},
            {"item": "shoulder_elevated", "side": "right", "severity": 2},
            {"item": "rounded_shoulders", "side": "bilateral", "severity": 2},
        ],
        "measurements": {"cva_deg": 44},
        "session_minutes": 60,
    },
}


@pytest.fixture(autouse=True)
def _shipped_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTURE_TUI_KNOWLEDGE", raising=False)


def write(tmp_path: Path, data: object, name: str = "visit.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def analyze(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["analyze", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_for_a_therapist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = analyze(capsys, str(write(tmp_path, EXAMPLE)))
    assert (code, err) == (0, "")
    assert "* Upper crossed pattern [upper_crossed]: strong (strength 0.73)" in out
    assert "evidence: Forward head [2 moderate]; Rounded shoulders [bilateral 2 moderate]" in out
    assert "Craniovertebral angle (measurement)" in out
    assert (
        "referral: Upper trapezius may refer to the right temple: matches reported pain 6/10" in out
    )
    assert "primary: Forward head" in out
    assert "overactive: upper trapezius (right)" in out
    layers = [
        out.index(f" {n}. {name}")
        for n, name in enumerate(
            ("Fascia", "Neuromuscular", "Cupping", "Deep tissue", "Stretching"), start=1
        )
    ]
    assert layers == sorted(layers)
    # bleeding disorder: static compression is replaced by positional release, and says so
    assert "Positional release - Upper trapezius (right)" in out
    assert "(instead of Static compression)" in out
    assert "LEFT OUT FOR SAFETY" in out and "COURSE (weekly; re-assess at visit" in out
    assert "Cupping on the" in out and "instead: Effleurage" in out
    assert "HOME PROGRAM" in out and "hold 30 s" in out
    assert "  Inhibit" in out and "  Activate" in out and "  Integrate" in out


def test_json_output_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = analyze(capsys, str(write(tmp_path, EXAMPLE)), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["flags"][0]["pattern"] == "upper_crossed"
    assert data["flags"][0]["evidence"][:3] == [
        "forward_head",
        "rounded_shoulders",
        "shoulder_elevated",
    ]
    assert data["plan"]["layers"][0]["layer"] == "fascia"
    assert data["plan"]["total_minutes"] <= 60
    first = data["plan"]["layers"][1]["steps"][0]
    assert (first["technique"], first["muscle"], first["side"]) == (
        "positional_release",
        "upper_trapezius",
        "right",
    )
    assert any(
        e["technique"] == "cupping" and e["instead"] == "effleurage" and e["reason"]
        for e in data["plan"]["excluded"]
    )
    assert data["exercises"] and {"name", "phase", "muscle", "side", "dose"} <= set(
        data["exercises"][0]
    )


def test_no_findings_gives_an_empty_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {
        "client": {"name": "B"},
        "assessment": {"findings": [{"item": "forward_head", "severity": 0}]},
    }
    code, out, _ = analyze(capsys, str(write(tmp_path, doc)))
    assert code == 0
    assert "No pattern raised" in out and "(no exercises)" in out


def test_stdin_dash(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "posture_tui", "analyze", "-", "--format", "json"],
        input=json.dumps(EXAMPLE),
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["flags"][0]["pattern"] == "upper_crossed"


BAD = [
    ('{"client": ', "not valid JSON: Expecting value (line 1, column 12)"),
    (
        {**EXAMPLE, "assessment": {"findings": [{"item": "forward_head", "severity": 5}]}},
        "assessment.findings[0].severity: must be 0-3, got 5",
    ),
    (
        {**EXAMPLE, "assessment": {"findings": [{"item": "no_such_item", "severity": 1}]}},
        "assessment.findings[0].item: unknown checklist item 'no_such_item'",
    ),
    (
        {
            **EXAMPLE,
            "assessment": {"findings": [{"item": "forward_head", "side": "left", "severity": 1}]},
        },
        "assessment.findings[0].side: forward_head takes no side (a midline item)",
    ),
    (
        {**EXAMPLE, "client": {"name": "A", "pain": [{"region": "neck", "score": 12}]}},
        "client.pain[0].score: must be 0-10, got 12",
    ),
    (
        {**EXAMPLE, "client": {"name": "A", "birth_date": "2999-01-01"}},
        "client.birth_date: is in the future",
    ),
    (
        {**EXAMPLE, "client": {"name": "A\u001b[2J"}},
        "client.name: contains a control character (U+001B), which is not allowed",
    ),
    ({**EXAMPLE, "client": {"name": 7}}, "client.name: expected a string, got a number"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, message: str
) -> None:
    path = write(tmp_path, data)
    code, out, err = analyze(capsys, str(path))
    assert code == 2 and out == ""
    assert err == f"posture-tui: {path}: {message}\n"


def test_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = analyze(capsys, str(tmp_path / "missing.json"))
    assert code == 2 and err.endswith("missing.json: no such file\n")
    code, _, err = analyze(capsys, str(tmp_path))
    assert code == 2 and err.endswith("it is a folder\n")
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00")
    code, _, err = analyze(capsys, str(binary))
    assert code == 2 and "not UTF-8 text" in err and err.count("\n") == 1


def test_bad_format_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = analyze(capsys, str(write(tmp_path, EXAMPLE)), "--format", "xml")
    assert code == 2 and err.count("\n") == 1 and "invalid choice" in err

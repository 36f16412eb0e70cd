"""`posture-tui analyze` and the safety part of the import document (issue 12, CLINICAL.md 5)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from posture_tui.cli.main import run

FINDINGS = [
    {"item": "forward_head", "severity": 2},
    {"item": "shoulder_elevated", "side": "right", "severity": 2},
    {"item": "rounded_shoulders", "side": "bilateral", "severity": 2},
]
REASON = "Temperature normal today, client feels well; GP seen yesterday."


@pytest.fixture(autouse=True)
def _shipped_knowledge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POSTURE_TUI_KNOWLEDGE", raising=False)


def document(
    *conditions: dict[str, Any],
    pain: list[dict[str, Any]] | None = None,
    findings: list[dict[str, Any]] | None = None,
    **assessment: Any,
) -> dict[str, Any]:
    return {
        "client": {
            "name": "Ana Example",
            "pain": pain if pain is not None else [],
            "contraindications": list(conditions),
        },
        "assessment": {
            "findings": findings if findings is not None else FINDINGS,
            "session_minutes": 60,
            **assessment,
        },
    }


def analyze(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, *options: str
) -> tuple[int, str, str]:
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code = run(["analyze", str(path), *options])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object) -> dict[str, Any]:
    code, out, err = analyze(tmp_path, capsys, data, "--format", "json")
    assert (code, err) == (0, "")
    result: dict[str, Any] = json.loads(out)
    return result


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for layer in data["plan"]["layers"] for step in layer["steps"]]


def step_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (entry["technique"], entry["muscle"], entry["region"], entry["side"])


# ---------------------------------------------------------------- red flags
def test_a_red_flag_postpones_the_plan_and_lists_every_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(tmp_path, capsys, document({"id": "fever_or_infection"}))
    assert data["red_flags"][0]["id"] == "fever_or_infection"
    assert data["red_flags"][0]["overridden"] is False
    assert data["exercises"] == [] and data["program_minutes_per_day"] == 0
    postponed = data["postponed"]
    assert postponed is not None and postponed["referral"].strip()
    assert postponed["reason"].startswith("Postpone hands-on work and refer")
    assert postponed["red_flags"] == ["fever_or_infection"]
    assert data["plan"]["postponed"] == postponed
    assert all(layer["steps"] == [] for layer in data["plan"]["layers"])
    assert data["plan"]["total_minutes"] == 0
    assert data["exercises"] == [] and data["overrides"] == []
    # every step the plan would have had (seen with the red flag overridden) is listed
    gone_ahead = as_json(
        tmp_path,
        capsys,
        document(
            {"id": "fever_or_infection"},
            overrides=[{"red_flag": "fever_or_infection", "reason": REASON}],
        ),
    )
    would = steps(gone_ahead)
    assert would
    postponed_steps = {
        step_key(e): e for e in data["plan"]["excluded"] if e["reason"].startswith("postponed")
    }
    for step in would:
        entry = postponed_steps[step_key(step)]
        assert entry["contraindication"] == "fever_or_infection"
        assert "refer" in entry["reason"]
    paused = {(e["exercise"], e["muscle"]) for e in data["plan"]["excluded_exercises"]}
    assert gone_ahead["exercises"]
    assert {(e["id"], e["muscle"]) for e in gone_ahead["exercises"]} <= paused


def test_an_override_with_a_reason_brings_the_plan_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(
        tmp_path,
        capsys,
        document(
            {"id": "fever_or_infection"},
            overrides=[{"red_flag": "fever_or_infection", "reason": REASON}],
        ),
    )
    assert data["postponed"] is None and data["plan"]["postponed"] is None
    assert data["overrides"][0]["red_flag"] == "fever_or_infection"
    assert data["overrides"][0]["reason"] == REASON
    flag = data["red_flags"][0]
    assert flag["overridden"] is True and flag["override"]["reason"] == REASON
    assert steps(data) and data["exercises"]
    # the condition's own rules still hold: no cupping or gua sha with a fever
    assert not {"cupping", "gua_sha", "deep_tissue"} & {s["technique"] for s in steps(data)}


def test_text_output_starts_with_the_red_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = analyze(tmp_path, capsys, document({"id": "fever_or_infection"}))
    assert (code, err) == (0, "")
    assert out.startswith("RED FLAGS")
    assert "POSTPONE HANDS-ON WORK AND REFER" in out
    assert out.index("RED FLAGS") < out.index("\nFLAGS\n") < out.index("\nPLAN")
    # a paused home program has no daily minutes to give
    assert "\nHOME PROGRAM\n  (no exercises)" in out and "min a day" not in out


def test_dvt_history_and_calf_pain_raise_suspected_dvt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(
        tmp_path,
        capsys,
        document(
            {"id": "dvt_history"},
            pain=[{"region": "calf", "side": "left", "score": 5}],
            findings=[{"item": "knee_valgus", "side": "left", "severity": 2}],
        ),
    )
    flags = {flag["id"]: flag for flag in data["red_flags"]}
    assert set(flags) == {"suspected_dvt"}
    derived = flags["suspected_dvt"]
    assert derived["derived"] is True and derived["overridden"] is False
    assert "calf" in derived["detail"] and derived["referral"]
    assert data["postponed"]["red_flags"] == ["suspected_dvt"]
    assert steps(data) == [] and data["exercises"] == []
    # the calf pain is not "explained" as a trigger-point referral while the red flag stands
    assert all(r["region"] != "calf" for f in data["flags"] for r in f["referrals"])


def test_pain_no_finding_explains_lists_screening_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(
        tmp_path,
        capsys,
        document(pain=[{"region": "head_temple", "side": "right", "score": 6}], findings=[]),
    )
    assert data["flags"] == [] and data["red_flags"] == []
    (candidate,) = data["screen_candidates"]
    assert (candidate["region"], candidate["side"], candidate["score"]) == (
        "head_temple",
        "right",
        6,
    )
    assert "upper_trapezius" in candidate["muscles"] and "temporalis" in candidate["muscles"]
    assert "screen for trigger points" in candidate["text"]


def test_exercises_carry_position_and_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(tmp_path, capsys, document())
    assert data["exercises"]
    positions = {"standing", "seated", "supine", "prone", "side_lying", "quadruped", "kneeling"}
    for exercise in data["exercises"]:
        assert exercise["position"] in positions, exercise
        assert isinstance(exercise["loads"], list)
        assert all(isinstance(load, str) and load for load in exercise["loads"])


def test_a_condition_without_its_region_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(tmp_path, capsys, document({"id": "skin_lesion"}))
    assert data["postponed"] is None
    reasons = [
        e["reason"] for e in data["plan"]["excluded"] if e["contraindication"] == "skin_lesion"
    ]
    assert reasons and all("region not recorded" in reason for reason in reasons)


def test_detailed_conditions_and_trigger_points_are_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(
        tmp_path,
        capsys,
        document(
            {"id": "pregnancy", "weeks": 24},
            {"id": "recent_surgery", "region": "knee", "side": "left"},
            {"id": "pacemaker", "side": "left"},
            {"id": "osteoporosis", "severity": "mild"},
            {"id": "dvt_history", "cleared_by": "Dr Lee", "cleared_on": "2024-05-01"},
            trigger_points=[{"muscle": "temporalis", "side": "right"}],
        ),
    )
    assert data["red_flags"] == []
    assert any(s["muscle"] == "temporalis" and s["side"] == "right" for s in steps(data))


# ---------------------------------------------------------------- refused with one line
def with_condition(condition: dict[str, Any]) -> dict[str, Any]:
    return document(condition)


def with_assessment(**fields: Any) -> dict[str, Any]:
    return document(**fields)


BAD: list[tuple[dict[str, Any], str]] = [
    (
        with_condition({"id": "pregnancy", "weeks": 99}),
        "client.contraindications[0].weeks: must be 0-45, got 99",
    ),
    (
        with_condition({"id": "skin_lesion", "region": "neck", "weeks": 3}),
        "client.contraindications[0].weeks: skin_lesion takes no weeks",
    ),
    (
        with_condition({"id": "osteoporosis", "severity": "medium"}),
        "client.contraindications[0].severity: must be one of mild, severe, got 'medium'",
    ),
    (
        with_condition({"id": "dvt_history", "cleared_by": "Dr Lee", "cleared_on": "2999-01-01"}),
        "client.contraindications[0].cleared_on: is in the future",
    ),
    (
        with_condition({"id": "dvt_history", "cleared_by": "Dr Lee", "cleared_on": "yesterday"}),
        "client.contraindications[0].cleared_on: expected a date YYYY-MM-DD,"
        " got a string that is not one",
    ),
    (
        with_condition({"id": "pacemaker", "side": "up"}),
        "client.contraindications[0].side: must be one of left, right, bilateral, got 'up'",
    ),
    (
        with_assessment(overrides=[{"red_flag": "pregnancy", "reason": REASON}]),
        "assessment.overrides[0].red_flag: unknown red flag 'pregnancy'",
    ),
    (
        with_assessment(overrides=[{"red_flag": "fever_or_infection", "reason": "ok"}]),
        "assessment.overrides[0].reason: must be a written reason of 10 characters or more",
    ),
    (
        with_assessment(trigger_points=[{"muscle": "no_such_muscle", "side": "left"}]),
        "assessment.trigger_points[0].muscle: unknown muscle 'no_such_muscle'",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_bad_new_fields_are_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], message: str
) -> None:
    code, out, err = analyze(tmp_path, capsys, copy.deepcopy(data))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err == f"posture-tui: {tmp_path / 'visit.json'}: {message}\n"


def test_an_overridden_cervical_arterial_flag_still_keeps_hands_and_exercises_off_the_neck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The override lifts the postponement, never the no-neck-work rule: that includes the
    upper trapezius, whose side-bend stretch moves the neck though it lies on the shoulder."""
    data = as_json(
        tmp_path,
        capsys,
        document(
            {"id": "cervical_arterial_signs"},
            pain=[{"region": "neck", "side": "bilateral", "score": 6}],
            overrides=[{"red_flag": "cervical_arterial_signs", "reason": REASON}],
        ),
    )
    assert data["postponed"] is None and steps(data)
    neck_and_head = {"neck", "shoulder_top", "head_back", "head_temple", "head_top", "face_jaw"}
    assert not {s["region"] for s in steps(data)} & neck_and_head
    assert "upper_trapezius" not in {s["muscle"] for s in steps(data)}
    left_out = {e["muscle"] for e in data["plan"]["excluded"]}
    assert "upper_trapezius" in left_out
    assert data["exercises"], "the rest of the home program goes ahead"
    given = {e["id"] for e in data["exercises"]}
    assert not given & {"upper_trapezius_stretch", "chin_tuck", "wall_chin_tuck"}
    paused = [
        e for e in data["plan"]["excluded_exercises"] if e["exercise"] == "upper_trapezius_stretch"
    ]
    assert paused and "neck" in paused[0]["reason"]


LOWER_BACK = [
    {"item": "lumbar_lordosis_increased", "severity": 2},
    {"item": "pelvic_tilt_anterior", "severity": 2},
    {"item": "ohs_low_back_arch", "severity": 2},
    {"item": "pelvis_elevated", "side": "right", "severity": 2},  # quadratus lumborum
]


def test_care_notes_and_left_out_lines_read_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Joined care notes keep one stop between them; a whole-body exercise left out names no
    empty region."""
    code, out, err = analyze(
        tmp_path,
        capsys,
        document(
            {"id": "osteoporosis"},
            pain=[{"region": "low_back", "score": 7}],
            findings=LOWER_BACK,
            session_minutes=90,
        ),
    )
    assert (code, err) == (0, "")
    cares = [line for line in out.splitlines() if "CARE:" in line]
    assert any("Kidney area" in line and "Osteoporosis" in line for line in cares)
    assert not any(".;" in line for line in cares)
    code, out, err = analyze(
        tmp_path,
        capsys,
        document({"id": "fever_or_infection"}, findings=LOWER_BACK),
    )
    left_out = out[out.index("LEFT OUT OF THE HOME PROGRAM") :].splitlines()[1:]
    assert any("Ball wall squat" in line for line in left_out)
    assert not any("the  region" in line or " on the :" in line for line in left_out)

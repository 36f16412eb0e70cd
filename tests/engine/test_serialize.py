"""The JSON shape of an analysis (what `analyze --format json` prints) and the engine's speed."""

from __future__ import annotations

import json

from posture_tui.domain.assessment import Measurements
from posture_tui.engine.serialize import analysis_to_json
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import POSITIONS

from .build import contra, pain, run


def test_json_shape_has_the_documented_keys() -> None:
    kb = load_knowledge()
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("shoulder_elevated", 2, "right"),
        measurements=Measurements(cva_deg=44),
        pain=(pain("head_temple", 6, "right"),),
        contra=(contra("skin_lesion", "neck"), contra("bleeding_disorder")),
        minutes=20,
    )
    data = json.loads(json.dumps(analysis_to_json(analysis)))
    assert set(data) == {
        "red_flags",
        "postponed",
        "overrides",
        "flags",
        "derived",
        "plan",
        "exercises",
        "conflicts",
        "screen_candidates",
        "exercises_later",
        "program_minutes_per_day",
    }
    assert data["red_flags"] == [] and data["postponed"] is None and data["overrides"] == []
    assert data["conflicts"] == []
    # the right upper trapezius the findings implicate explains the right temple pain
    assert data["screen_candidates"] == []
    upper = data["flags"][0]
    assert upper["pattern"] == "upper_crossed"
    assert upper["evidence"] == [
        "forward_head",
        "rounded_shoulders",
        "shoulder_elevated",
        "cva_deg",
    ]
    assert {"muscle": "upper_trapezius", "role": "overactive", "side": "right"} in upper["muscles"]
    assert upper["referrals"][0]["text"].endswith("matches reported pain 6/10")
    assert set(upper) >= {"name", "strength", "strength_label", "roles", "summary", "set_aside"}
    plan = data["plan"]
    assert plan["session_minutes"] == 20
    assert [layer["layer"] for layer in plan["layers"]] == [
        "fascia",
        "neuromuscular",
        "cupping",
        "deep_tissue",
        "stretching",
    ]
    steps = [step for layer in plan["layers"] for step in layer["steps"]]
    assert sum(step["minutes"] for step in steps) == plan["total_minutes"] <= 20
    for step in steps:
        assert set(step) == {"technique", "muscle", "region", "side", "minutes", "reason", "care"}
        assert (step["muscle"] is None) != (step["region"] is None)
    excluded = plan["excluded"]
    assert excluded and all(
        {"technique", "reason", "instead", "contraindication"} <= set(e) for e in excluded
    )
    assert not any(e["contraindication"] == "session_time" for e in excluded)
    assert plan["series"] and {"visit", "focus_regions", "targets", "reasons"} <= set(
        plan["series"][0]
    )
    assert plan["frequency"] == "weekly" and plan["reassess_at_visit"] >= 2
    assert plan["visit"] == 1 and plan["focus_regions"] and plan["note"]
    assert any(e["technique"] == "cupping" and e["instead"] == "effleurage" for e in excluded)
    exercise = data["exercises"][0]
    assert set(exercise) == {
        "id",
        "name",
        "phase",
        "muscle",
        "side",
        "pattern",
        "dose",
        "instruction",
        "position",
        "loads",
    }
    assert exercise["position"] in POSITIONS and isinstance(exercise["loads"], list)
    assert set(exercise["dose"]) == {"sets", "reps", "hold_s", "frequency", "tempo", "text"}
    assert data["derived"] and "cva_deg" in data["derived"][0]


def test_empty_analysis_json() -> None:
    data = analysis_to_json(run(load_knowledge()))
    assert data["flags"] == [] and data["exercises"] == []
    assert all(layer["steps"] == [] for layer in data["plan"]["layers"])
    assert data["plan"]["excluded"] == []

"""Conflicts to resolve: findings that cannot both be true, and one muscle in both roles."""

from __future__ import annotations

import json

from attrs import evolve

from posture_tui.domain.analysis import Analysis
from posture_tui.domain.common import Layer, Phase, Role, Side
from posture_tui.engine.analysis_report import render_text
from posture_tui.engine.serialize import analysis_to_json
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge, PatternMuscle

from .build import flag, pain, patterns, run

SHIPPED = load_knowledge()
LORDOSIS_BOTH_WAYS = (
    ("lumbar_lordosis_increased", 2),
    ("lumbar_lordosis_decreased", 2),
    ("pelvic_tilt_anterior", 2),
    ("pelvic_tilt_posterior", 2),
)
LAYERED_AND_KYPHOTIC_LORDOTIC = (
    ("forward_head", 2),
    ("rounded_shoulders", 2),
    ("thoracic_kyphosis_increased", 2),
    ("pelvic_tilt_anterior", 2),
    ("lumbar_lordosis_increased", 2),
)


def _knowledge() -> Knowledge:
    """The shipped knowledge, with the layered syndrome's tight hamstrings (CLINICAL.md 3) and a
    hamstring referral zone on the back of the thigh, whichever of them the data lacks."""
    kb = SHIPPED
    layered = kb.patterns["layered_syndrome"]
    tight = PatternMuscle(muscle="hamstrings", role=Role.OVERACTIVE)
    if not any(m.muscle == "hamstrings" for m in layered.muscles):
        layered = evolve(layered, muscles=(*layered.muscles, tight))
    hamstrings = kb.muscles["hamstrings"]
    if "thigh_back" not in hamstrings.referral_zones:
        hamstrings = evolve(hamstrings, referral_zones=(*hamstrings.referral_zones, "thigh_back"))
    return evolve(
        kb,
        patterns={**kb.patterns, "layered_syndrome": layered},
        muscles={**kb.muscles, "hamstrings": hamstrings},
    )


KB = _knowledge()


def hamstring_work(analysis: Analysis) -> tuple[list[tuple[Layer, Side | None]], list[Phase]]:
    steps = [(s.layer, s.side) for s in analysis.plan.steps if s.muscle == "hamstrings"]
    home = [e.phase for e in analysis.plan.exercises if e.muscle == "hamstrings"]
    return steps, home


# ----------------------------------------------------------------- findings that cannot both be


def test_contradictory_lordosis_and_tilt_raise_no_low_back_pattern() -> None:
    analysis = run(SHIPPED, *LORDOSIS_BOTH_WAYS)
    assert not patterns(analysis) & {"lordotic", "flat_back", "lower_crossed", "kyphotic_lordotic"}
    found = [c for c in analysis.conflicts if c.kind == "findings"]
    assert [c.items for c in found] == [
        ("lumbar_lordosis_increased", "lumbar_lordosis_decreased"),
        ("pelvic_tilt_anterior", "pelvic_tilt_posterior"),
    ]
    assert all("cannot both be true" in c.text and c.side is None for c in found)
    # nor do they implicate muscles as loose findings: nothing to treat from them alone
    assert analysis.plan.steps == () and analysis.plan.exercises == ()


def test_one_sided_pairs_clash_only_on_the_same_side() -> None:
    apart = run(SHIPPED, ("knee_valgus", 2, "left"), ("knee_varus", 2, "right"))
    assert apart.conflicts == ()
    together = run(
        SHIPPED,
        ("feet_pronated", 2, "bilateral"),
        ("knee_valgus", 2, "bilateral"),
        ("feet_supinated", 1, "right"),
    )
    (conflict,) = together.conflicts
    assert conflict.items == ("feet_pronated", "feet_supinated") and conflict.side is Side.RIGHT
    assert "on the right side" in conflict.text
    # the pronated feet no longer count, so the pronation distortion pattern is not raised
    assert "pronation_distortion" not in patterns(together)


def test_the_other_findings_still_count() -> None:
    analysis = run(
        SHIPPED,
        ("pelvic_tilt_anterior", 2),
        ("pelvic_tilt_posterior", 2),
        ("lumbar_lordosis_increased", 2),
        ("ohs_low_back_arch", 2),
    )
    lower = flag(analysis, "lower_crossed")  # lordosis + the squat's arch: still two core signs
    assert "pelvic_tilt_anterior" not in lower.evidence
    assert "pelvic_tilt_posterior" not in lower.evidence


# ----------------------------------------------------------------- one muscle, two flags


def test_layered_and_kyphotic_lordotic_clash_over_the_hamstrings() -> None:
    analysis = run(KB, *LAYERED_AND_KYPHOTIC_LORDOTIC)
    assert {"layered_syndrome", "kyphotic_lordotic"} <= patterns(analysis)
    clash = [c for c in analysis.conflicts if c.kind == "muscle" and c.muscle == "hamstrings"]
    assert len(clash) == 1
    assert clash[0].side is Side.BILATERAL
    assert "90/90 straight-leg raise" in clash[0].test
    assert "Layered syndrome" in clash[0].text and "Kyphotic-lordotic posture" in clash[0].text
    # no pain to match: no hands-on hamstring work, and no home stretch nor strengthening
    assert hamstring_work(analysis) == ([], [])


def test_a_clashed_muscle_is_worked_hands_on_only_where_pain_matches() -> None:
    analysis = run(KB, *LAYERED_AND_KYPHOTIC_LORDOTIC, pain=(pain("thigh_back", 6, "left"),))
    steps, home = hamstring_work(analysis)
    assert steps == [(Layer.NEUROMUSCULAR, Side.LEFT)]  # trigger points, left only, no stretch
    assert home == []
    step = next(s for s in analysis.plan.steps if s.muscle == "hamstrings")
    assert step.technique == "static_compression"


def test_conflicts_reach_json_and_the_text_report() -> None:
    analysis = run(KB, *LAYERED_AND_KYPHOTIC_LORDOTIC, ("lumbar_lordosis_decreased", 1))
    data = json.loads(json.dumps(analysis_to_json(analysis)))
    assert data["conflicts"][0] == {
        "kind": "findings",
        "items": ["lumbar_lordosis_increased", "lumbar_lordosis_decreased"],
        "muscle": None,
        "side": None,
        "text": analysis.conflicts[0].text,
        "test": "",
    }
    sway = run(
        SHIPPED,
        ("pelvis_anterior_shift", 2),
        ("pelvic_tilt_posterior", 2),
        ("knee_hyperextension", 2, "left"),
    )
    flag_json = analysis_to_json(sway)["flags"][0]
    assert {
        "muscle": "hamstrings",
        "side": "left",
        "role": "underactive",
        "item": "knee_hyperextension",
        "text": next(a.text for a in flag(sway, "sway_back").set_aside if a.muscle == "hamstrings"),
    } in flag_json["set_aside"]
    text = render_text(analysis, KB)
    assert text.index("CONFLICTS TO RESOLVE") < text.index("FLAGS")
    assert analysis.conflicts[0].text in text
    assert "    set aside: Knee hyperextension (left) suggests weak hamstrings" in render_text(
        sway, SHIPPED
    )

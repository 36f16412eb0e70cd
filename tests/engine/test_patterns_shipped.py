"""Each CLINICAL.md pattern on the shipped knowledge: a textbook case raises it, a near miss not."""

from __future__ import annotations

import pytest

from posture_tui.domain.common import Layer, Role, Side
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

from .build import Spec, contra, course_muscles, flag, pain, patterns, run

CASES: dict[str, tuple[tuple[Spec, ...], tuple[Spec, ...]]] = {
    "upper_crossed": (
        (
            ("forward_head", 2),
            ("rounded_shoulders", 2, "bilateral"),
            ("thoracic_kyphosis_increased", 2),
        ),
        (("forward_head", 3), ("shoulder_elevated", 2, "right")),
    ),
    "lower_crossed": (
        (("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)),
        (("pelvic_tilt_anterior", 3), ("ohs_forward_lean", 2)),
    ),
    "layered_syndrome": (
        (
            ("forward_head", 2),
            ("rounded_shoulders", 2, "bilateral"),
            ("pelvic_tilt_anterior", 2),
            ("lumbar_lordosis_increased", 2),
        ),
        (("forward_head", 2), ("rounded_shoulders", 2, "bilateral"), ("pelvic_tilt_anterior", 3)),
    ),
    "kyphotic_lordotic": (
        (
            ("forward_head", 2),
            ("thoracic_kyphosis_increased", 2),
            ("lumbar_lordosis_increased", 2),
            ("pelvic_tilt_anterior", 2),
        ),
        (("forward_head", 2), ("lumbar_lordosis_increased", 2), ("pelvic_tilt_anterior", 2)),
    ),
    "lordotic": (
        (("lumbar_lordosis_increased", 2), ("pelvic_tilt_anterior", 2)),
        (
            ("lumbar_lordosis_increased", 2),
            ("pelvic_tilt_anterior", 2),
            ("thoracic_kyphosis_increased", 1),
        ),
    ),
    "flat_back": (
        (
            ("lumbar_lordosis_decreased", 2),
            ("pelvic_tilt_posterior", 2),
            ("thoracic_kyphosis_decreased", 1),
        ),
        (("lumbar_lordosis_decreased", 2), ("thoracic_kyphosis_decreased", 2)),
    ),
    "sway_back": (
        (
            ("pelvis_anterior_shift", 2),
            ("pelvic_tilt_posterior", 2),
            ("trunk_posterior_lean", 2),
            ("knee_hyperextension", 1, "bilateral"),
        ),
        (
            ("pelvic_tilt_posterior", 2),
            ("trunk_posterior_lean", 2),
            ("knee_hyperextension", 2, "bilateral"),
        ),
    ),
    "pronation_distortion": (
        (
            ("feet_pronated", 2, "bilateral"),
            ("knee_valgus", 2, "bilateral"),
            ("feet_turned_out", 1, "bilateral"),
        ),
        (("knee_valgus", 2, "bilateral"), ("feet_turned_out", 2, "bilateral")),
    ),
    "frontal_plane_asymmetry": (
        (("shoulder_elevated", 2, "right"), ("pelvis_elevated", 2, "left")),
        (("shoulder_elevated", 2, "right"), ("pelvis_elevated", 2, "bilateral")),
    ),
}


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def test_every_clinical_pattern_has_a_case(kb: Knowledge) -> None:
    assert set(CASES) == set(kb.patterns)


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_textbook_case_raises_the_pattern(kb: Knowledge, pattern: str) -> None:
    textbook, _ = CASES[pattern]
    analysis = run(kb, *textbook)
    raised = flag(analysis, pattern)
    given = {spec[0] for spec in textbook}
    assert raised.evidence and set(raised.evidence) <= given
    assert 0 < raised.strength <= 1
    assert raised.strength_label in ("weak", "moderate", "strong")
    assert any(m.role is Role.OVERACTIVE for m in raised.muscles)
    assert any(m.role is Role.UNDERACTIVE for m in raised.muscles)
    assert raised.name == kb.patterns[pattern].name
    assert {r.item for r in raised.roles} == {i for i in raised.evidence if i in kb.checklist}


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_near_miss_does_not_raise_the_pattern(kb: Knowledge, pattern: str) -> None:
    _, near = CASES[pattern]
    assert pattern not in patterns(run(kb, *near))


def test_issue_example_right_side_and_referral(kb: Knowledge) -> None:
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("shoulder_elevated", 2, "right"),
        pain=(pain("head_temple", 6, "right"),),
        contra=(contra("anticoagulants"), contra("skin_lesion", "upper_back")),
    )
    upper = flag(analysis, "upper_crossed")
    sides = {(m.muscle, m.role): m.side for m in upper.muscles}
    assert sides[("upper_trapezius", Role.OVERACTIVE)] is Side.RIGHT
    assert sides[("levator_scapulae", Role.OVERACTIVE)] is Side.RIGHT
    texts = [r.text for r in upper.referrals]
    assert "Upper trapezius may refer to the right temple: matches reported pain 6/10" in texts
    first = analysis.plan.steps_in(Layer.NEUROMUSCULAR)[0]
    assert (first.muscle, first.side) == ("upper_trapezius", Side.RIGHT)
    assert "matches reported pain 6/10" in first.reason
    pressure = [
        s
        for s in analysis.plan.steps_in(Layer.NEUROMUSCULAR)
        if s.technique != "positional_release"  # the scalenes': no pressure beside the plexus
    ]
    assert pressure and all("Anticoagulants" in s.care for s in pressure)


def test_left_pain_does_not_pull_the_right_muscle_first(kb: Knowledge) -> None:
    analysis = run(
        kb,
        ("shoulder_elevated", 2, "right"),
        ("head_tilt", 2, "right"),
        pain=(pain("head_temple", 6, "left"),),
    )
    assert not any(
        r.muscle == "upper_trapezius" and r.muscle_side is Side.RIGHT
        for f in analysis.flags
        for r in f.referrals
    )


def test_compensations_from_the_shipped_list(kb: Knowledge) -> None:
    analysis = run(
        kb,
        ("pelvis_anterior_shift", 2),
        ("pelvic_tilt_posterior", 2),
        ("trunk_posterior_lean", 2),
        ("knee_hyperextension", 2, "bilateral"),
    )
    roles = {r.item: r for r in flag(analysis, "sway_back").roles}
    assert roles["knee_hyperextension"].role == "compensatory"
    assert "pelvis forward" in roles["knee_hyperextension"].why.lower() or "shifted forward" in (
        roles["knee_hyperextension"].why
    )
    assert roles["pelvis_anterior_shift"].role == "primary"


def test_a_deep_tissue_exclusion_names_its_replacement(kb: Knowledge) -> None:
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("thoracic_kyphosis_increased", 2),
        contra=(contra("bleeding_disorder"),),
    )
    plan = analysis.plan
    deep = [e for e in plan.excluded if e.technique == "deep_tissue"]
    assert deep and all(e.instead == "effleurage" and e.reason for e in deep)
    assert {s.region for s in plan.steps if s.technique == "effleurage"} == {e.region for e in deep}
    assert not any(s.technique in ("deep_tissue", "cupping", "stripping") for s in plan.steps)


def test_frontal_asymmetry_sides_short_side_tight_long_side_weak(kb: Knowledge) -> None:
    # convex to the right: the short (concave) side is the left
    analysis = run(kb, ("spinal_lateral_curve", 2, "right"), ("shoulder_elevated", 2, "right"))
    asym = flag(analysis, "frontal_plane_asymmetry")
    sides = {(m.muscle, m.role): m.side for m in asym.muscles}
    assert sides[("quadratus_lumborum", Role.OVERACTIVE)] is Side.LEFT
    assert sides[("quadratus_lumborum", Role.UNDERACTIVE)] is Side.RIGHT
    assert sides[("gluteus_medius", Role.UNDERACTIVE)] is Side.LEFT
    assert sides[("gluteus_medius", Role.OVERACTIVE)] is Side.RIGHT
    assert sides[("tensor_fasciae_latae", Role.OVERACTIVE)] is Side.RIGHT
    assert sides[("upper_trapezius", Role.OVERACTIVE)] is Side.RIGHT
    assert ("upper_trapezius", Role.UNDERACTIVE) not in sides
    assert course_muscles(analysis)["quadratus_lumborum"] is Side.LEFT
    plan = analysis.plan
    exercises = {
        (e.phase.value, e.muscle): e.side
        for e in (*plan.exercises, *plan.exercises_later)
        if e.muscle
    }
    assert exercises[("lengthen", "quadratus_lumborum")] is Side.LEFT
    assert exercises[("activate", "quadratus_lumborum")] is Side.RIGHT


def test_pelvis_elevated_compensated_by_opposite_shoulder(kb: Knowledge) -> None:
    analysis = run(kb, ("pelvis_elevated", 2, "right"), ("shoulder_elevated", 1, "left"))
    roles = {r.item: r for r in flag(analysis, "frontal_plane_asymmetry").roles}
    assert roles["shoulder_elevated"].role == "compensatory"
    assert roles["pelvis_elevated"].role == "primary"
    same_side = run(kb, ("pelvis_elevated", 2, "right"), ("shoulder_elevated", 1, "right"))
    roles = {r.item: r.role for r in flag(same_side, "frontal_plane_asymmetry").roles}
    assert roles == {"pelvis_elevated": "primary", "shoulder_elevated": "primary"}

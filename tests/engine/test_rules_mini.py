"""Rule engine on a small hand-built knowledge base: when patterns are raised and with what."""

from __future__ import annotations

import pytest

from posture_tui.domain.assessment import Measurements
from posture_tui.domain.common import Role, Side
from posture_tui.engine.rules import compute_strength, strength_label
from posture_tui.knowledge.model import Knowledge

from .build import flag, patterns, run


def test_no_findings_and_only_zero_severities_raise_nothing(mini: Knowledge) -> None:
    assert run(mini).flags == ()
    zeros = run(
        mini,
        ("forward_head", 0),
        ("rounded_shoulders", 0, "left"),
        ("thoracic_kyphosis_increased", 0),
    )
    assert zeros.flags == ()
    assert zeros.plan.steps == ()
    assert zeros.plan.exercises == ()


def test_min_core_is_needed(mini: Knowledge) -> None:
    assert "upper_crossed" in patterns(
        run(mini, ("forward_head", 2), ("rounded_shoulders", 1, "right"))
    )
    assert "upper_crossed" not in patterns(run(mini, ("forward_head", 3)))
    assert "upper_crossed" not in patterns(
        run(mini, ("forward_head", 3), ("rounded_shoulders", 0, "right"))
    )


def test_evidence_lists_the_findings_and_supporting_measurement(mini: Knowledge) -> None:
    result = run(
        mini,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "left"),
        ("shoulder_elevated", 1, "left"),
        ("pelvic_tilt_anterior", 1),
        measurements=Measurements(cva_deg=44),
    )
    upper = flag(result, "upper_crossed")
    assert upper.evidence == ("forward_head", "rounded_shoulders", "shoulder_elevated", "cva_deg")
    assert "pelvic_tilt_anterior" not in upper.evidence


def test_cva_under_50_raises_forward_head_when_absent(mini: Knowledge) -> None:
    result = run(mini, ("rounded_shoulders", 2, "right"), measurements=Measurements(cva_deg=45.5))
    upper = flag(result, "upper_crossed")
    assert "forward_head" in upper.evidence and "cva_deg" in upper.evidence
    assert any("raised by cva_deg" in note and "45.5" in note for note in result.derived)


def test_cva_at_or_above_50_does_not_raise_forward_head(mini: Knowledge) -> None:
    result = run(mini, ("rounded_shoulders", 2, "right"), measurements=Measurements(cva_deg=50))
    assert result.flags == () and result.derived == ()


def test_measurement_supports_a_present_finding_and_adds_strength(mini: Knowledge) -> None:
    base = flag(run(mini, ("forward_head", 2), ("rounded_shoulders", 2, "left")), "upper_crossed")
    supported = run(
        mini,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "left"),
        measurements=Measurements(cva_deg=40),
    )
    upper = flag(supported, "upper_crossed")
    assert upper.strength > base.strength
    assert any("supported by cva_deg" in note for note in supported.derived)


def test_strength_formula_and_labels(mini: Knowledge) -> None:
    mild = flag(run(mini, ("forward_head", 1), ("rounded_shoulders", 1, "left")), "upper_crossed")
    severe = flag(
        run(
            mini,
            ("forward_head", 3),
            ("rounded_shoulders", 3, "left"),
            ("thoracic_kyphosis_increased", 3),
        ),
        "upper_crossed",
    )
    assert (mild.strength, mild.strength_label) == (pytest.approx(0.27), "weak")
    assert (severe.strength, severe.strength_label) == (pytest.approx(0.8), "strong")
    assert compute_strength([2, 2], 0) == pytest.approx(0.53)
    assert compute_strength([3, 3], 5) == 1.0
    assert compute_strength([], 2) == 0.0
    assert [strength_label(x) for x in (0.39, 0.4, 0.69, 0.7)] == [
        "weak",
        "moderate",
        "moderate",
        "strong",
    ]


def test_requires_patterns_is_evaluated_after_base_patterns(mini: Knowledge) -> None:
    # layered_syndrome is listed before lower_crossed in the knowledge; order must not matter.
    both = run(
        mini,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "left"),
        ("pelvic_tilt_anterior", 2),
        ("lumbar_lordosis_increased", 1),
    )
    layered = flag(both, "layered_syndrome")
    assert set(layered.evidence) >= {"forward_head", "pelvic_tilt_anterior"}
    muscles = {m.muscle for m in layered.muscles}
    assert {"upper_trapezius", "iliopsoas", "gluteus_maximus"} <= muscles
    only_upper = run(mini, ("forward_head", 2), ("rounded_shoulders", 2, "left"))
    assert "layered_syndrome" not in patterns(only_upper)


def test_thomas_test_supports_and_sides_lower_crossed(mini: Knowledge) -> None:
    plain = flag(
        run(mini, ("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)), "lower_crossed"
    )
    tested = flag(
        run(
            mini,
            ("pelvic_tilt_anterior", 2),
            ("lumbar_lordosis_increased", 2),
            measurements=Measurements(thomas_test="left"),
        ),
        "lower_crossed",
    )
    assert "thomas_test" in tested.evidence and tested.strength > plain.strength
    psoas = {m.muscle: m.side for m in tested.muscles}["iliopsoas"]
    assert psoas is Side.LEFT
    assert {m.muscle: m.side for m in plain.muscles}["iliopsoas"] is Side.BILATERAL
    negative = flag(
        run(
            mini,
            ("pelvic_tilt_anterior", 2),
            ("lumbar_lordosis_increased", 2),
            measurements=Measurements(thomas_test="negative"),
        ),
        "lower_crossed",
    )
    assert "thomas_test" not in negative.evidence


def test_frontal_asymmetry_needs_two_one_sided_findings(mini: Knowledge) -> None:
    raised = run(mini, ("shoulder_elevated", 2, "right"), ("spinal_lateral_curve", 1, "right"))
    asym = flag(raised, "frontal_plane_asymmetry")
    assert asym.evidence == ("shoulder_elevated", "spinal_lateral_curve")
    near = run(mini, ("shoulder_elevated", 2, "right"), ("spinal_lateral_curve", 1, "bilateral"))
    assert "frontal_plane_asymmetry" not in patterns(near)
    one = run(mini, ("shoulder_elevated", 3, "right"))
    assert "frontal_plane_asymmetry" not in patterns(one)


def test_side_from_and_opposite_prefix(mini: Knowledge) -> None:
    asym = flag(
        run(mini, ("shoulder_elevated", 2, "right"), ("spinal_lateral_curve", 2, "right")),
        "frontal_plane_asymmetry",
    )
    sides = {(m.muscle, m.role): m.side for m in asym.muscles}
    # convex right: the short (concave) side is the left
    assert sides[("quadratus_lumborum", Role.OVERACTIVE)] is Side.LEFT
    assert sides[("upper_trapezius", Role.OVERACTIVE)] is Side.RIGHT
    # the elevated shoulder's own muscles on its side
    assert sides[("levator_scapulae", Role.OVERACTIVE)] is Side.RIGHT


def test_unilateral_finding_sides_and_bilateral_default(mini: Knowledge) -> None:
    upper = flag(run(mini, ("forward_head", 2), ("rounded_shoulders", 2, "left")), "upper_crossed")
    sides = {m.muscle: m.side for m in upper.muscles}
    assert sides["pectoralis_minor"] is Side.LEFT  # from the rounded left shoulder
    assert sides["upper_trapezius"] is Side.BILATERAL  # no elevated shoulder recorded
    assert sides["sternocleidomastoid"] is Side.BILATERAL  # forward head is a midline item


def test_left_and_right_findings_merge_to_bilateral(mini: Knowledge) -> None:
    upper = flag(
        run(
            mini,
            ("forward_head", 2),
            ("rounded_shoulders", 2, "left"),
            ("rounded_shoulders", 1, "right"),
        ),
        "upper_crossed",
    )
    assert {m.muscle: m.side for m in upper.muscles}["pectoralis_minor"] is Side.BILATERAL


def test_compensation_roles_depend_on_side_relation(mini: Knowledge) -> None:
    same = flag(
        run(mini, ("shoulder_elevated", 2, "right"), ("head_tilt", 1, "right")),
        "frontal_plane_asymmetry",
    )
    roles = {r.item: r for r in same.roles}
    assert roles["head_tilt"].role == "compensatory"
    assert "righting reflex" in roles["head_tilt"].why
    assert roles["shoulder_elevated"].role == "primary"
    assert "head tilt" in roles["shoulder_elevated"].why
    other = flag(
        run(mini, ("shoulder_elevated", 2, "right"), ("head_tilt", 1, "left")),
        "frontal_plane_asymmetry",
    )
    assert {r.item: r.role for r in other.roles} == {
        "shoulder_elevated": "primary",
        "head_tilt": "primary",
    }

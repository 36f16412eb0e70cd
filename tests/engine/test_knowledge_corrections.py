"""Issue 12 item 6 on the shipped knowledge: new squat items, sided roles, corrected patterns."""

from __future__ import annotations

import pytest

from posture_tui.domain.analysis import MuscleImplication
from posture_tui.domain.assessment import Measurements
from posture_tui.domain.common import Role, Side
from posture_tui.engine.findings import observe
from posture_tui.engine.index import index_for
from posture_tui.engine.sides import item_muscles
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

from .build import findings, flag, run

OVER, UNDER = Role.OVERACTIVE, Role.UNDERACTIVE
L, R, B = Side.LEFT, Side.RIGHT, Side.BILATERAL

# CLINICAL.md 2, the four new overhead-squat rows: item -> (sided, overactive, underactive)
NEW_SQUAT_ITEMS = {
    "ohs_feet_flatten": (
        True,
        {"peroneals", "lateral_gastrocnemius", "biceps_femoris", "tensor_fasciae_latae"},
        {"tibialis_anterior", "tibialis_posterior", "medial_gastrocnemius", "gluteus_medius"},
    ),
    "ohs_heels_rise": (True, {"soleus", "gastrocnemius"}, {"tibialis_anterior"}),
    "ohs_knees_out": (
        True,
        {"piriformis", "biceps_femoris", "tensor_fasciae_latae", "gluteus_minimus"},
        {"adductors", "medial_hamstrings", "gluteus_maximus"},
    ),
    "ohs_low_back_rounds": (
        False,
        {"hamstrings", "adductors", "rectus_abdominis", "obliques"},
        {
            "gluteus_maximus",
            "thoracic_erectors",
            "lumbar_erectors",
            "transverse_abdominis",
            "latissimus_dorsi",
        },
    ),
}


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def implicated(kb: Knowledge, item: str, side: str | None) -> set[tuple[str, Role, Side | None]]:
    spec = (item, 2, side) if side else (item, 2)
    observations = observe(kb, index_for(kb), findings(spec), Measurements())
    return {(m.muscle, m.role, m.side) for m in item_muscles(kb, item, observations)}


@pytest.mark.parametrize("item_id", sorted(NEW_SQUAT_ITEMS))
def test_new_squat_items_load_and_implicate_their_muscles(kb: Knowledge, item_id: str) -> None:
    sided, over, under = NEW_SQUAT_ITEMS[item_id]
    item = kb.checklist[item_id]
    assert (item.view, item.plane, item.sided) == ("overhead_squat", "movement", sided)
    assert item.label and item.prompt and item.hint and item.regions
    assert (set(item.overactive), set(item.underactive)) == (over, under)
    side = "left" if sided else None
    expected = {(m, OVER, L if sided else B) for m in over} | {
        (m, UNDER, L if sided else B) for m in under
    }
    assert implicated(kb, item_id, side) == expected


def test_no_item_lists_a_muscle_in_both_roles(kb: Knowledge) -> None:
    for item in kb.checklist.values():
        assert not set(item.overactive) & set(item.underactive), item.id
        assert not set(item.opposite_overactive) & set(item.opposite_underactive), item.id
        for muscle in (*item.overactive, *item.underactive, *item.opposite_overactive):
            assert muscle in kb.muscles, (item.id, muscle)


def test_no_pattern_lists_a_muscle_in_both_roles_from_the_same_side(kb: Knowledge) -> None:
    for pattern in kb.patterns.values():
        roles: dict[tuple[str, tuple[str, ...]], set[Role]] = {}
        for entry in pattern.muscles:
            roles.setdefault((entry.muscle, entry.side_from), set()).add(entry.role)
        clashes = [key for key, found in roles.items() if len(found) > 1]
        assert not clashes, (pattern.id, clashes)


def test_asymmetric_shift_right_uses_both_sides(kb: Knowledge) -> None:
    found = implicated(kb, "ohs_asymmetric_shift", "right")
    assert found == {
        ("adductors", OVER, R),
        ("gluteus_medius", UNDER, R),
        ("tensor_fasciae_latae", OVER, L),
        ("gluteus_medius", OVER, L),
        ("piriformis", OVER, L),
        ("biceps_femoris", OVER, L),
        ("gastrocnemius", OVER, L),
        ("soleus", OVER, L),
        ("adductors", UNDER, L),
        ("tibialis_anterior", UNDER, L),
    }


def test_asymmetric_shift_bilateral_and_unsided_keep_their_side(kb: Knowledge) -> None:
    both = implicated(kb, "ohs_asymmetric_shift", "bilateral")
    assert ("tensor_fasciae_latae", OVER, B) in both
    assert ("tibialis_anterior", UNDER, B) in both
    # a shift recorded on both sides cannot make one muscle short and weak on the same side
    assert len({(muscle, side) for muscle, _, side in both}) == len(both)
    unsided = implicated(kb, "ohs_asymmetric_shift", None)
    assert {side for _, _, side in unsided} <= {B, None}


def test_layered_syndrome_has_tight_hamstrings(kb: Knowledge) -> None:
    pattern = kb.patterns["layered_syndrome"]
    roles = {(m.muscle, m.role) for m in pattern.muscles}
    assert ("hamstrings", OVER) in roles and ("hamstrings", UNDER) not in roles
    analysis = run(
        kb,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("pelvic_tilt_anterior", 2),
        ("lumbar_lordosis_increased", 2),
    )
    layered = flag(analysis, "layered_syndrome")
    assert MuscleImplication("hamstrings", OVER, B) in layered.muscles
    assert not any(m.muscle == "hamstrings" and m.role is UNDER for m in layered.muscles)


def test_frontal_plane_asymmetry_per_kendall(kb: Knowledge) -> None:
    # right hip high, right shoulder high
    analysis = run(kb, ("pelvis_elevated", 2, "right"), ("shoulder_elevated", 2, "right"))
    asym = flag(analysis, "frontal_plane_asymmetry")
    found = {(m.muscle, m.role, m.side) for m in asym.muscles}
    assert {
        ("quadratus_lumborum", OVER, R),
        ("obliques", OVER, R),
        ("gluteus_medius", UNDER, R),
        ("tensor_fasciae_latae", OVER, L),
        ("gluteus_medius", OVER, L),
        ("quadratus_lumborum", UNDER, L),
        ("obliques", UNDER, L),
        ("upper_trapezius", OVER, R),
        ("levator_scapulae", OVER, R),
    } <= found
    # CLINICAL.md lists no weak upper trapezius on the low-shoulder side
    assert not any(
        m.muscle in ("upper_trapezius", "levator_scapulae") and m.role is UNDER
        for m in asym.muscles
    )


def test_pattern_tables_follow_the_clinical_contract(kb: Knowledge) -> None:
    def table(pattern: str) -> tuple[set[str], set[str]]:
        muscles = kb.patterns[pattern].muscles
        return (
            {m.muscle for m in muscles if m.role is OVER},
            {m.muscle for m in muscles if m.role is UNDER},
        )

    assert table("flat_back") == (
        {
            "suboccipitals",
            "sternocleidomastoid",
            "scalenes",
            "lower_thoracic_erectors",
            "gluteus_maximus",
            "hamstrings",
        },
        {"upper_thoracic_erectors", "lumbar_erectors", "iliopsoas", "rectus_femoris"},
    )
    assert table("lordotic") == (
        {
            "lumbar_erectors",
            "quadratus_lumborum",
            "iliopsoas",
            "rectus_femoris",
            "gastrocnemius",
            "soleus",
        },
        {"rectus_abdominis", "obliques", "gluteus_maximus", "gluteus_medius", "hamstrings"},
    )
    over, under = table("sway_back")
    assert {"rectus_abdominis", "gluteus_maximus", "hamstrings"} <= over
    assert {"obliques", "iliopsoas", "rectus_femoris", "serratus_anterior"} <= under
    assert not over & under
    over, under = table("lower_crossed")
    assert under == {
        "rectus_abdominis",
        "obliques",
        "gluteus_maximus",
        "gluteus_medius",
        "gluteus_minimus",
    }
    assert "ohs_feet_flatten" in kb.patterns["pronation_distortion"].rule.supporting


def test_frontal_asymmetry_names_no_hip_side_without_a_hip_or_curve_finding(kb: Knowledge) -> None:
    """A high shoulder and a head tilt say nothing about which hip is high: the hip muscles are
    left out rather than called tight (and weak) on both sides."""
    analysis = run(kb, ("shoulder_elevated", 2, "right"), ("head_tilt", 2, "right"))
    asym = flag(analysis, "frontal_plane_asymmetry")
    muscles = {m.muscle for m in asym.muscles}
    assert not muscles & {"tensor_fasciae_latae", "gluteus_medius", "quadratus_lumborum"}
    assert MuscleImplication("upper_trapezius", Role.OVERACTIVE, Side.RIGHT) in asym.muscles
    assert asym.set_aside == ()

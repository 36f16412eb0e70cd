"""Every muscle of the CLINICAL.md 4 referral table refers to all of its zones' pain regions."""

from __future__ import annotations

import pytest

from posture_tui.domain.common import Phase
from posture_tui.knowledge.model import Knowledge

# CLINICAL.md 4, row by row: muscle -> the pain region ids its zones map to
REFERRALS: dict[str, set[str]] = {
    # neck, temple (tension headache), angle of the jaw, behind the ear
    "upper_trapezius": {"neck", "head_temple", "face_jaw", "head_back"},
    # angle of the neck, medial border of the scapula, back of the shoulder
    "levator_scapulae": {"neck", "upper_back", "shoulder_back"},
    # face, ear, forehead, behind the ear, top of the head
    "sternocleidomastoid": {"face_jaw", "head_temple", "head_back", "head_top"},
    # back of the head, behind the eye, temple
    "suboccipitals": {"head_back", "head_temple"},
    "splenius_capitis": {"head_top"},
    # temple, eyebrow, upper teeth
    "temporalis": {"head_temple", "face_jaw"},
    # jaw, ear, cheek
    "masseter": {"face_jaw"},
    # chest, medial scapula, lateral arm, thumb and index finger
    "scalenes": {"chest", "upper_back", "arm", "hand"},
    # front of the shoulder, chest, inner arm to the ulnar fingers
    "pectoralis_major": {"shoulder_front", "chest", "arm", "hand"},
    "pectoralis_minor": {"shoulder_front", "chest", "arm", "hand"},
    # front of the shoulder, arm, radial side of the hand
    "infraspinatus": {"shoulder_front", "arm", "hand"},
    # lower angle of the scapula, back of the shoulder, inner arm to the ulnar hand
    "latissimus_dorsi": {"upper_back", "shoulder_back", "arm", "hand"},
    "rhomboids": {"upper_back"},
    "middle_trapezius": {"upper_back"},
    # back of the neck, top of the shoulder, between the shoulder blades
    "lower_trapezius": {"neck", "shoulder_top", "upper_back"},
    # side of the chest, below the lower angle of the scapula, inner arm
    "serratus_anterior": {"chest", "upper_back", "arm"},
    # along the spine, low back, buttock
    "thoracic_erectors": {"upper_back", "low_back", "buttock"},
    "lumbar_erectors": {"low_back", "sacrum", "buttock", "abdomen"},
    # horizontal band across the low back and sacrum, abdomen
    "rectus_abdominis": {"low_back", "sacrum", "abdomen"},
    # SI joint, lower buttock, iliac crest, groin, greater trochanter
    "quadratus_lumborum": {"sacrum", "buttock", "groin", "hip_lateral"},
    # along the lumbar spine to the SI joint, groin, front of the thigh
    "iliopsoas": {"low_back", "sacrum", "groin", "thigh_front"},
    # sacrum, coccyx, buttock
    "gluteus_maximus": {"sacrum", "buttock"},
    # sacrum, buttock, lateral hip and thigh
    "gluteus_medius": {"sacrum", "buttock", "hip_lateral", "thigh_lateral"},
    # lateral hip, down the lateral and back of the thigh and calf
    "gluteus_minimus": {"hip_lateral", "thigh_lateral", "thigh_back", "calf"},
    # SI joint, buttock, back of the thigh
    "piriformis": {"sacrum", "buttock", "thigh_back"},
    # lateral hip and thigh, greater trochanter
    "tensor_fasciae_latae": {"hip_lateral", "thigh_lateral"},
    # groin, inner thigh, knee
    "adductors": {"groin", "knee"},
    # back of the thigh, back of the knee, buttock crease
    "hamstrings": {"thigh_back", "knee", "buttock"},
    # kneecap, front of the knee
    "rectus_femoris": {"knee"},
    "vastus_lateralis": {"thigh_lateral", "knee"},
    "vastus_medialis": {"knee"},
    # calf, back of the knee, instep
    "gastrocnemius": {"calf", "knee", "foot"},
    # heel, calf, SI joint
    "soleus": {"foot", "calf", "sacrum"},
    # front of the shin, ankle, big toe
    "tibialis_anterior": {"calf", "foot"},
    # sole of the foot, heel, calf
    "tibialis_posterior": {"foot", "calf"},
    # lateral ankle and foot, lateral calf
    "peroneals": {"foot", "calf"},
}
NEW_MUSCLES = {"temporalis": "head_temple", "splenius_capitis": "neck", "masseter": "face_jaw"}


@pytest.mark.parametrize("muscle_id", sorted(REFERRALS))
def test_referral_zones_cover_the_table(kb: Knowledge, muscle_id: str) -> None:
    zones = set(kb.muscles[muscle_id].referral_zones)
    assert REFERRALS[muscle_id] <= zones, f"{muscle_id} misses {REFERRALS[muscle_id] - zones}"
    assert zones <= set(kb.pain_regions)


def test_every_pain_region_has_a_muscle_referring_to_it(kb: Knowledge) -> None:
    covered = {zone for muscle in kb.muscles.values() for zone in muscle.referral_zones}
    assert set(kb.pain_regions) == covered


@pytest.mark.parametrize("muscle_id", sorted(NEW_MUSCLES))
def test_new_muscles_lie_in_a_region_and_have_home_exercises(kb: Knowledge, muscle_id: str) -> None:
    muscle = kb.muscles[muscle_id]
    assert muscle.region == NEW_MUSCLES[muscle_id]
    phases = {kb.exercises[e].phase for e in muscle.exercises}
    assert {Phase.INHIBIT, Phase.LENGTHEN} <= phases
    for exercise_id in muscle.exercises:
        exercise = kb.exercises[exercise_id]
        assert exercise.position, exercise_id
        assert exercise.regions, exercise_id
        if exercise.phase is Phase.INHIBIT:
            assert "self_pressure" in exercise.loads and exercise.pressure_regions, exercise_id


def test_parts_of_a_muscle_keep_their_own_ids(kb: Knowledge) -> None:
    turn_out = kb.checklist["ohs_feet_turn_out"]
    assert "lateral_gastrocnemius" in turn_out.overactive
    assert "medial_gastrocnemius" in turn_out.underactive
    assert "gastrocnemius" not in (*turn_out.overactive, *turn_out.underactive)
    for part in ("lateral_gastrocnemius", "medial_gastrocnemius"):
        assert kb.muscles[part].region == "calf"

"""The shipped content keeps the clinical rules: doses, exercise coverage, safety, patterns."""

from __future__ import annotations

from posture_tui.domain.common import Phase, Role
from posture_tui.knowledge.model import Knowledge

ANTERIOR_NECK = ("sternocleidomastoid", "scalenes", "deep_neck_flexors")


def overactive_capable(kb: Knowledge) -> set[str]:
    found = {m for item in kb.checklist.values() for m in item.overactive}
    for pattern in kb.patterns.values():
        found |= {pm.muscle for pm in pattern.muscles if pm.role is Role.OVERACTIVE}
    return found


def underactive_capable(kb: Knowledge) -> set[str]:
    found = {m for item in kb.checklist.values() for m in item.underactive}
    for pattern in kb.patterns.values():
        found |= {pm.muscle for pm in pattern.muscles if pm.role is Role.UNDERACTIVE}
    return found


def phases(kb: Knowledge, muscle_id: str) -> set[Phase]:
    return {kb.exercises[e].phase for e in kb.muscles[muscle_id].exercises}


def test_every_dose_is_complete_and_follows_the_continuum(kb: Knowledge) -> None:
    for exercise in kb.exercises.values():
        dose = exercise.dose
        assert dose.sets >= 1 and dose.frequency, exercise.id
        assert dose.reps is not None or dose.hold_s is not None, exercise.id
        if exercise.phase in (Phase.INHIBIT, Phase.LENGTHEN):
            assert dose.hold_s is not None and 30 <= dose.hold_s <= 90, exercise.id
        if exercise.phase is Phase.LENGTHEN:
            assert "3 to 5 days a week" in dose.frequency
        if exercise.phase in (Phase.ACTIVATE, Phase.INTEGRATE):
            assert dose.reps is not None and 10 <= dose.reps <= 15, exercise.id
        if exercise.phase is Phase.ACTIVATE:
            assert dose.tempo == "2 s hold at end range, 4 s lowering", exercise.id
        if exercise.phase is Phase.INTEGRATE:
            assert dose.tempo == "controlled"


def test_instructions_are_one_plain_line(kb: Knowledge) -> None:
    for exercise in kb.exercises.values():
        text = exercise.instruction
        assert "\n" not in text and text.endswith("."), exercise.id
        assert len(text) <= 220, f"{exercise.id}: keep the instruction short"


def test_overactive_muscles_have_inhibit_and_lengthen(kb: Knowledge) -> None:
    for muscle_id in overactive_capable(kb):
        assert {Phase.INHIBIT, Phase.LENGTHEN} <= phases(kb, muscle_id), muscle_id


def test_underactive_muscles_have_activate(kb: Knowledge) -> None:
    for muscle_id in underactive_capable(kb):
        assert Phase.ACTIVATE in phases(kb, muscle_id), muscle_id


def test_every_exercise_is_used(kb: Knowledge) -> None:
    used = {e for m in kb.muscles.values() for e in m.exercises}
    used |= {e for p in kb.patterns.values() for e in p.integrate}
    used |= {r for e in kb.exercises.values() for r in e.replacements}
    assert set(kb.exercises) == used


def test_no_pressure_tools_on_the_anterior_neck(kb: Knowledge) -> None:
    for muscle_id in ANTERIOR_NECK:
        muscle = kb.muscles[muscle_id]
        assert muscle.site in ("anterior_neck", "posterior_triangle"), muscle_id
        for exercise_id in muscle.exercises:
            instruction = kb.exercises[exercise_id].instruction.lower()
            assert "roller" not in instruction and "ball" not in instruction, exercise_id


def test_the_groin_and_abdomen_are_sites_no_tool_cup_or_deep_work_goes_over(kb: Knowledge) -> None:
    assert kb.pain_regions["groin"].site == "femoral_triangle"
    assert kb.pain_regions["abdomen"].site == "abdomen"
    for technique_id in ("gua_sha", "cupping", "deep_tissue"):
        assert kb.techniques[technique_id].respects_sites, technique_id


def test_regional_conditions_only_in_their_region(kb: Knowledge) -> None:
    cupping = {rule.condition: rule for rule in kb.techniques["cupping"].rules}
    assert cupping["skin_lesion"].mode == "exclude" and cupping["skin_lesion"].where == "region"
    assert cupping["varicose_veins"].where == "region_and_distal"
    assert cupping["anticoagulants"].mode == "exclude"
    for technique in kb.techniques.values():
        for rule in technique.rules:
            assert rule.reason, technique.id
            if rule.where != "everywhere":
                assert kb.contraindications[rule.condition].has_region


def test_deep_work_excluded_on_dvt_and_softened_on_anticoagulants(kb: Knowledge) -> None:
    for technique_id in ("deep_tissue", "static_compression", "stripping", "cross_fiber_friction"):
        rules = kb.techniques[technique_id].rules
        excluded = {r.condition for r in rules if r.mode == "exclude"}
        cared = {r.condition for r in rules if r.mode == "care"}
        assert {"dvt_history", "bleeding_disorder"} <= excluded, technique_id
        assert {"anticoagulants", "diabetic_neuropathy"} <= cared, technique_id


def test_every_tool_cup_or_pressure_technique_falls_back_to_a_gentler_one(kb: Knowledge) -> None:
    """CLINICAL.md 5.3: positional release for NMT pressure, effleurage for cups and deep tissue,
    myofascial release for gua sha; the fallback uses no tools, cups or deep pressure."""
    expected = {
        "gua_sha": "myofascial_release",
        "static_compression": "positional_release",
        "stripping": "positional_release",
        "cross_fiber_friction": "positional_release",
        "cupping": "effleurage",
        "deep_tissue": "effleurage",
    }
    for technique_id, replacement in expected.items():
        assert kb.techniques[technique_id].replaced_by == replacement, technique_id
        assert not kb.techniques[replacement].respects_sites, replacement


def test_cva_bands(kb: Knowledge) -> None:
    bands = sorted(
        (rule.below, rule.severity)
        for rule in kb.measurement_rules
        if rule.measurement == "cva_deg" and rule.item == "forward_head"
    )
    assert bands == [(40, 3), (45, 2), (50, 1)]
    supported = {(r.measurement, r.item, r.at_least) for r in kb.measurement_rules if r.at_least}
    assert ("shoulder_height_diff_cm", "shoulder_elevated", 1) in supported
    assert ("iliac_crest_diff_cm", "pelvis_elevated", 1) in supported


def test_pattern_rules_match_the_textbook_signs(kb: Knowledge) -> None:
    upper = kb.patterns["upper_crossed"].rule
    assert set(upper.core) == {"forward_head", "rounded_shoulders", "thoracic_kyphosis_increased"}
    assert upper.min_core == 2
    assert {"shoulder_elevated", "scapular_winging", "humeral_internal_rotation"} <= set(
        upper.supporting
    )
    assert "thomas_test" in kb.patterns["lower_crossed"].rule.supporting_measurements
    assert set(kb.patterns["layered_syndrome"].rule.requires_patterns) == {
        "upper_crossed",
        "lower_crossed",
    }
    assert {"thoracic_kyphosis_increased", "thoracic_kyphosis_decreased"} <= set(
        kb.patterns["lordotic"].rule.excludes
    )
    assert {"thoracic_kyphosis_increased", "lumbar_lordosis_increased"} <= set(
        kb.patterns["kyphotic_lordotic"].rule.required
    )
    frontal = kb.patterns["frontal_plane_asymmetry"].rule
    assert frontal.min_sided == 2 and len(frontal.sided_pool) == 5


def test_frontal_asymmetry_muscles_take_their_side(kb: Knowledge) -> None:
    sides = {
        (pm.muscle, pm.role): pm.side_from for pm in kb.patterns["frontal_plane_asymmetry"].muscles
    }
    assert sides[("upper_trapezius", Role.OVERACTIVE)][0] == "shoulder_elevated"
    assert sides[("levator_scapulae", Role.OVERACTIVE)][0] == "shoulder_elevated"
    assert sides[("quadratus_lumborum", Role.OVERACTIVE)] == (
        "pelvis_elevated",
        "opposite:spinal_lateral_curve",
    )
    assert sides[("quadratus_lumborum", Role.UNDERACTIVE)][0] == "opposite:pelvis_elevated"


def test_no_pattern_is_implied_by_another_near_miss(kb: Knowledge) -> None:
    """Two patterns with the same trigger would be indistinguishable to the therapist."""
    triggers = {
        (
            frozenset(p.rule.core),
            p.rule.min_core,
            frozenset(p.rule.required),
            frozenset(p.rule.excludes),
            frozenset(p.rule.requires_patterns),
            frozenset(p.rule.sided_pool),
        )
        for p in kb.patterns.values()
    }
    assert len(triggers) == len(kb.patterns)


def test_textbook_compensations(kb: Knowledge) -> None:
    pairs = {(c.item, c.compensates_for): c.relation for c in kb.compensations}
    assert pairs[("head_tilt", "shoulder_elevated")] == "same_side"
    assert pairs[("lumbar_lordosis_increased", "thoracic_kyphosis_increased")] == "any"
    assert pairs[("knee_hyperextension", "pelvis_anterior_shift")] == "any"
    assert pairs[("feet_turned_out", "feet_pronated")] == "same_side"
    assert pairs[("spinal_lateral_curve", "pelvis_elevated")] == "opposite_side"
    assert all(c.why.endswith(".") for c in kb.compensations)


def test_static_items_implicate_textbook_muscles(kb: Knowledge) -> None:
    forward = kb.checklist["forward_head"]
    assert {
        "upper_trapezius",
        "sternocleidomastoid",
        "suboccipitals",
        "scalenes",
        "levator_scapulae",
    } <= set(forward.overactive)
    assert forward.underactive == ("deep_neck_flexors",)
    assert set(kb.checklist["shoulder_elevated"].overactive) == {
        "upper_trapezius",
        "levator_scapulae",
    }
    assert {"upper_trapezius", "scalenes", "sternocleidomastoid"} <= set(
        kb.checklist["head_tilt"].overactive
    )
    knees_in = kb.checklist["ohs_knees_in"]
    assert set(knees_in.overactive) == {
        "adductors",
        "biceps_femoris",
        "tensor_fasciae_latae",
        "vastus_lateralis",
    }
    assert set(knees_in.underactive) == {"gluteus_medius", "gluteus_maximus", "vastus_medialis"}


def test_endangerment_notes_name_the_site_first(kb: Knowledge) -> None:
    sites = set()
    for muscle in kb.muscles.values():
        if muscle.endangerment:
            site, _, guidance = muscle.endangerment.partition(": ")
            assert site and guidance and len(site) <= 30, muscle.id
            sites.add(site)
    assert {"Anterior neck", "Axilla", "Femoral triangle"} <= sites

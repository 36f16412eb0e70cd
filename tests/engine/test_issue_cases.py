"""The textbook cases that issue 12 found unsafe, each as a therapist would check the plan."""

from __future__ import annotations

from datetime import date

from posture_tui.domain.analysis import Analysis
from posture_tui.domain.common import Layer, Side
from posture_tui.domain.intake import ContraindicationEntry as Entry
from posture_tui.knowledge.loader import load_knowledge

from .build import pain, run

KB = load_knowledge()
UPPER = (
    ("forward_head", 2),
    ("rounded_shoulders", 2, "bilateral"),
    ("thoracic_kyphosis_increased", 2),
    ("shoulder_elevated", 2, "right"),
)
LOWER = (("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2))
PRONATION = (("feet_pronated", 2, "left"), ("knee_valgus", 2, "left"), ("ohs_knees_in", 2, "left"))
LEGS = {r.id for r in KB.pain_regions.values() if r.part == "leg"}


def steps_on(analysis: Analysis, regions: set[str]) -> list[tuple[str, str]]:
    """(technique, target) of the steps over these regions (a muscle counts by its region)."""
    found = []
    for step in analysis.plan.steps:
        region = KB.muscles[step.muscle].region if step.muscle else step.region
        if region in regions:
            found.append((step.technique, step.muscle or step.region or ""))
    return found


def exercise_ids(analysis: Analysis) -> set[str]:
    return {exercise.id for exercise in analysis.plan.exercises}


def test_fever_postpones_every_step_and_exercise() -> None:
    analysis = run(KB, *UPPER, *LOWER, contra=(Entry("fever_or_infection"),))
    plan = analysis.plan
    assert plan.postponed is not None and plan.steps == () and plan.exercises == ()
    assert {e.contraindication for e in plan.excluded} >= {"fever_or_infection"}


def test_calf_pain_with_a_dvt_history_is_a_warning_never_a_gastrocnemius_referral() -> None:
    analysis = run(
        KB,
        *PRONATION,
        pain=(pain("calf", 6, "left"),),
        contra=(Entry("dvt_history"),),
    )
    (flag,) = analysis.red_flags
    assert flag.id == "suspected_dvt" and flag.derived
    assert analysis.plan.postponed is not None
    assert not [r for f in analysis.flags for r in f.referrals if r.region == "calf"]
    # cleared and with no calf pain: the legs still get no deep work and no calf rolling
    cleared = Entry("dvt_history", cleared_by="Dr Example", cleared_on=date(2026, 1, 5))
    calm = run(KB, *PRONATION, contra=(cleared,))
    assert calm.plan.postponed is None
    on_legs = {technique for technique, _ in steps_on(calm, LEGS)}
    assert not on_legs & {"gua_sha", "cupping", "stripping", "static_compression", "deep_tissue"}
    assert "calf_release" not in exercise_ids(calm)


def test_a_bleeding_disorder_gets_no_gua_sha_and_says_why() -> None:
    plan = run(KB, *UPPER, contra=(Entry("bleeding_disorder"),)).plan
    assert not [s for s in plan.steps if s.technique in ("gua_sha", "cupping")]
    assert any(e.technique == "gua_sha" and "scraping" in e.reason for e in plan.excluded)


def test_pregnancy_at_24_weeks() -> None:
    analysis = run(KB, *LOWER, *UPPER, contra=(Entry("pregnancy", weeks=24),))
    restricted = {"abdomen", "low_back", "sacrum"} | LEGS
    on = steps_on(analysis, restricted)
    assert not [t for t, _ in on if t in ("gua_sha", "cupping")]
    assert ("static_compression", "iliopsoas") not in on and ("stripping", "iliopsoas") not in on
    positions = {e.position for e in analysis.plan.exercises}
    assert not positions & {"prone", "supine"}
    assert "curl_up" not in exercise_ids(analysis)


def test_broken_skin_over_the_upper_back_gets_no_hands_on_it() -> None:
    analysis = run(
        KB, ("thoracic_kyphosis_increased", 3), contra=(Entry("skin_lesion", region="upper_back"),)
    )
    assert steps_on(analysis, {"upper_back"}) == []
    assert "upper_back_roll" not in exercise_ids(analysis)
    assert any(e.region == "upper_back" or e.muscle for e in analysis.plan.excluded)


def test_varicose_calf_veins_get_no_deep_work_and_no_calf_rolling() -> None:
    analysis = run(KB, *PRONATION, contra=(Entry("varicose_veins", region="calf", side=Side.LEFT),))
    deep = [t for t, _ in steps_on(analysis, {"calf", "foot"}) if t != "passive_stretch"]
    assert all(t in ("effleurage", "positional_release", "myofascial_release") for t in deep)
    assert not exercise_ids(analysis) & {"calf_release", "soleus_release", "peroneal_release"}


def test_osteoporosis_gets_no_curl_ups_knees_to_chest_or_spinal_stretch() -> None:
    analysis = run(KB, *UPPER, *LOWER, contra=(Entry("osteoporosis"),))
    assert not exercise_ids(analysis) & {"curl_up", "knees_to_chest_stretch", "upper_back_roll"}
    stretched = [m for t, m in steps_on(analysis, {"upper_back", "low_back"}) if "stretch" in t]
    assert stretched == []
    pressure = {"static_compression", "stripping", "cross_fiber_friction", "deep_tissue"}
    assert not [s for s in analysis.plan.steps if s.technique in pressure]  # severe by default


def test_recent_knee_surgery_gets_no_cups_or_gua_sha_on_that_leg() -> None:
    analysis = run(KB, *PRONATION, contra=(Entry("recent_surgery", region="knee", side=Side.LEFT),))
    for step in analysis.plan.steps:
        region = KB.muscles[step.muscle].region if step.muscle else step.region
        if region in LEGS and step.side in (Side.LEFT, Side.BILATERAL):
            assert step.technique not in ("gua_sha", "cupping"), step
    assert "knees_to_chest_stretch" not in exercise_ids(analysis)


def test_lymphedema_is_recorded_and_keeps_tools_off_the_whole_limb() -> None:
    analysis = run(KB, *UPPER, contra=(Entry("lymphedema", region="arm", side=Side.RIGHT),))
    on_arm = []
    for step in analysis.plan.steps:
        region = KB.muscles[step.muscle].region if step.muscle else step.region
        if KB.pain_regions[region].part == "arm" and step.side in (Side.RIGHT, Side.BILATERAL):
            assert step.technique not in ("gua_sha", "cupping", "deep_tissue"), step
            on_arm.append(step)
    assert on_arm and all("Lymphedema" in s.care for s in on_arm if s.layer is not Layer.STRETCHING)


def test_no_tool_cup_or_deep_step_over_the_neck_front_groin_or_belly() -> None:
    analysis = run(KB, *UPPER, *LOWER, ("trunk_posterior_lean", 2))
    for step in analysis.plan.steps:
        if step.region in ("groin", "abdomen", "head_back"):
            assert step.technique in ("effleurage",), step
        if step.muscle in ("sternocleidomastoid", "scalenes"):
            assert step.layer is not Layer.CUPPING
        if step.muscle == "scalenes" and step.layer is Layer.NEUROMUSCULAR:
            assert step.technique == "positional_release"
        # a care note never forbids the step it sits on
        if step.technique in ("gua_sha", "cupping", "deep_tissue"):
            assert "no deep pressure into the belly" not in step.care
            assert "no sustained pressure, tools or cups" not in step.care


def test_a_pacemaker_keeps_the_device_free_of_pressure_and_balls() -> None:
    # front-of-shoulder pain puts the chest (the pectorals refer there) in the session
    analysis = run(
        KB,
        *UPPER,
        pain=(pain("shoulder_front", 5, "right"),),
        contra=(Entry("pacemaker", side=Side.RIGHT),),
    )
    near = []
    for step in analysis.plan.steps:
        region = KB.muscles[step.muscle].region if step.muscle else step.region
        if region == "chest" and step.side in (Side.RIGHT, Side.BILATERAL):
            near.append(step)
            assert step.technique in ("positional_release", "passive_stretch", "effleurage")
            if step.technique != "passive_stretch":
                assert "Pacemaker" in step.care
    assert near
    assert "pectoral_release" not in exercise_ids(analysis)

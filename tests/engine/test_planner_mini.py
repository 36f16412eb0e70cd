"""Planner on a small knowledge base: layers, referral priority, sides, time, contraindications."""

from __future__ import annotations

from posture_tui.domain.common import LAYER_ORDER, Layer, Side
from posture_tui.knowledge.model import Knowledge

from .build import contra, course_muscles, flag, pain, run

UPPER = (("forward_head", 2), ("rounded_shoulders", 2, "left"), ("shoulder_elevated", 1, "right"))


def _muscle_order(analysis, layer: Layer) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.muscle for s in analysis.plan.steps_in(layer) if s.muscle]


def test_steps_follow_the_layer_order(mini: Knowledge) -> None:
    plan = run(mini, *UPPER).plan
    ranks = [LAYER_ORDER.index(step.layer) for step in plan.steps]
    assert ranks == sorted(ranks)
    assert {step.layer for step in plan.steps} == set(Layer)
    assert all(s.region and not s.muscle for s in plan.steps_in(Layer.FASCIA))


def test_referral_match_moves_a_muscle_first_and_says_why(mini: Knowledge) -> None:
    without = run(mini, *UPPER)
    assert _muscle_order(without, Layer.NEUROMUSCULAR)[0] != "sternocleidomastoid"
    with_pain = run(mini, *UPPER, pain=(pain("face_jaw", 6, "right"),))
    first = with_pain.plan.steps_in(Layer.NEUROMUSCULAR)[0]
    assert first.muscle == "sternocleidomastoid"
    assert first.technique == "static_compression"
    assert "may refer to the right face jaw: matches reported pain 6/10" in first.reason
    upper = flag(with_pain, "upper_crossed")
    assert [r.muscle for r in upper.referrals] == ["sternocleidomastoid"]


def test_referral_is_side_aware(mini: Knowledge) -> None:
    # the elevated right shoulder implicates the RIGHT levator scapulae only
    left_pain = run(mini, *UPPER, pain=(pain("upper_back", 5, "left"),))
    assert not any(r.muscle == "levator_scapulae" for f in left_pain.flags for r in f.referrals)
    right_pain = run(mini, *UPPER, pain=(pain("upper_back", 5, "right"),))
    assert any(r.muscle == "levator_scapulae" for f in right_pain.flags for r in f.referrals)
    unsided = run(mini, *UPPER, pain=(pain("upper_back", 5),))
    texts = [r.text for f in unsided.flags for r in f.referrals if r.muscle == "levator_scapulae"]
    assert texts and "the right upper back" in texts[0]
    zero = run(mini, *UPPER, pain=(pain("upper_back", 0, "right"),))
    assert all(not f.referrals for f in zero.flags)


def test_steps_carry_sides(mini: Knowledge) -> None:
    analysis = run(mini, *UPPER)
    sides = course_muscles(analysis)
    assert sides["pectoralis_minor"] is Side.LEFT
    assert sides["levator_scapulae"] is Side.RIGHT
    assert all(step.side is not None for step in analysis.plan.steps)


def test_what_does_not_fit_the_session_is_planned_for_later_visits(mini: Knowledge) -> None:
    everything = set(course_muscles(run(mini, *UPPER, minutes=120)))
    for minutes in (120, 60, 30, 15, 5):
        analysis = run(mini, *UPPER, minutes=minutes)
        plan = analysis.plan
        assert plan.total_minutes <= minutes
        assert plan.session_minutes == minutes
        assert not any(e.contraindication == "session_time" for e in plan.excluded)
        assert set(course_muscles(analysis)) == everything  # nothing is dropped, only later
    short = run(mini, *UPPER, minutes=15).plan
    assert short.series and short.steps
    worked_now = {s.muscle for s in short.steps if s.muscle}
    later = {t.muscle for v in short.series for t in v.targets}
    assert later - worked_now


def test_trimming_keeps_the_referral_muscle(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, minutes=15, pain=(pain("face_jaw", 7),)).plan
    assert plan.steps_in(Layer.NEUROMUSCULAR)[0].muscle == "sternocleidomastoid"


def test_exclusion_with_replacement_in_region(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, contra=(contra("skin_lesion", "chest"),)).plan
    gua = [e for e in plan.excluded if e.technique == "gua_sha"]
    assert len(gua) == 1
    assert gua[0].region == "chest" and gua[0].instead is None  # replacement excluded too
    chained = [e for e in plan.excluded if e.technique == "myofascial_release"]
    assert chained and chained[0].region == "chest"
    assert gua[0].reason == "Skin lesion: never over broken skin (recorded in the chest)"
    fascia = plan.steps_in(Layer.FASCIA)
    assert all(s.region != "chest" for s in fascia)
    assert any(s.region == "neck" and s.technique == "gua_sha" for s in fascia)


def test_replacement_appears_as_a_step(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, contra=(contra("bleeding_disorder"),)).plan
    cupping = [e for e in plan.excluded if e.technique == "cupping"]
    assert cupping and all(e.instead == "myofascial_release" for e in cupping)
    assert plan.steps_in(Layer.CUPPING) == ()
    replaced = [s for s in plan.steps if "instead of Cupping" in s.reason]
    assert replaced and all(s.technique == "myofascial_release" for s in replaced)
    assert {s.region for s in replaced} == {e.region for e in cupping}
    neuromuscular_dropped = run(mini, *UPPER, contra=(contra("recent_injury", "chest"),)).plan
    stripped = [e for e in neuromuscular_dropped.excluded if e.technique == "stripping"]
    assert stripped and stripped[0].instead == "myofascial_release"
    step = [
        s
        for s in neuromuscular_dropped.steps
        if s.muscle == "pectoralis_minor" and s.technique == "myofascial_release"
    ]
    assert step and "instead of Stripping" in step[0].reason and step[0].layer is Layer.FASCIA


def test_global_exclusion_without_replacement(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, contra=(contra("dvt_history"),)).plan
    assert plan.steps_in(Layer.NEUROMUSCULAR) == ()
    assert plan.steps_in(Layer.DEEP_TISSUE) == ()
    techniques = {e.technique for e in plan.excluded}
    assert {"stripping", "deep_tissue"} <= techniques
    assert all(e.instead is None for e in plan.excluded if e.technique == "deep_tissue")


def test_care_keeps_the_step_with_a_note(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, contra=(contra("anticoagulants"),)).plan
    strip = [s for s in plan.steps if s.technique == "stripping"]
    assert strip and all("Anticoagulants" in s.care for s in strip)
    assert not any(e.contraindication == "anticoagulants" for e in plan.excluded)


def test_endangerment_site_and_never_regions(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, minutes=240).plan
    scm = [
        s
        for s in plan.steps
        if s.muscle == "sternocleidomastoid" and s.layer is Layer.NEUROMUSCULAR
    ]
    assert scm and "anterior neck" in scm[0].care
    groin = run(mini, ("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)).plan
    assert not any(s.technique == "cupping" and s.region == "groin" for s in groin.steps)
    never = [e for e in groin.excluded if e.technique == "cupping" and e.region == "groin"]
    assert never and never[0].contraindication == "never_region"


def test_loose_finding_outside_any_pattern_is_still_treated(mini: Knowledge) -> None:
    analysis = run(mini, ("shoulder_elevated", 2, "left"))
    assert analysis.flags == ()
    muscles = {(s.muscle, s.side) for s in analysis.plan.steps if s.muscle}
    assert ("upper_trapezius", Side.LEFT) in muscles
    assert any("finding: Shoulder elevated" in s.reason for s in analysis.plan.steps)

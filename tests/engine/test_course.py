"""A focused session and a course (CLINICAL.md 1b): key muscles are never crowded out, the session
fits, and everything implicated is in the session, in a later visit, or left out for safety."""

from __future__ import annotations

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.analysis import Analysis
from posture_tui.domain.common import Layer, Phase, Role, Side
from posture_tui.knowledge.loader import load_knowledge

from .build import course_muscles, flag, pain, run
from .test_properties import contraindication_sets, finding_sets, pains

KB = load_knowledge()
POSTURES: dict[str, tuple[tuple[str, int] | tuple[str, int, str], ...]] = {
    "upper_crossed": (
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("thoracic_kyphosis_increased", 2),
    ),
    "lower_crossed": (("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)),
    "layered_syndrome": (
        ("forward_head", 2),
        ("rounded_shoulders", 2, "bilateral"),
        ("thoracic_kyphosis_increased", 2),
        ("pelvic_tilt_anterior", 2),
        ("lumbar_lordosis_increased", 2),
    ),
    "kyphotic_lordotic": (
        ("thoracic_kyphosis_increased", 2),
        ("lumbar_lordosis_increased", 2),
        ("forward_head", 2),
    ),
    "lordotic": (("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)),
    "flat_back": (("lumbar_lordosis_decreased", 2), ("pelvic_tilt_posterior", 2)),
    "sway_back": (
        ("pelvis_anterior_shift", 2),
        ("pelvic_tilt_posterior", 2),
        ("trunk_posterior_lean", 2),
        ("knee_hyperextension", 2, "bilateral"),
    ),
    "pronation_distortion": (("feet_pronated", 2, "bilateral"), ("knee_valgus", 2, "bilateral")),
    "frontal_plane_asymmetry": (("pelvis_elevated", 2, "right"), ("shoulder_elevated", 2, "left")),
}


def _home(analysis: Analysis) -> dict[str, set[Phase]]:
    """The phases each muscle has an exercise in, now or later (an exercise two muscles list,
    such as the side-lying leg raise for both small glutes, counts for both)."""
    plan = analysis.plan
    prescribed = {e.id for e in (*plan.exercises, *plan.exercises_later)}
    found: dict[str, set[Phase]] = {}
    for muscle in KB.muscles.values():
        for exercise_id in muscle.exercises:
            if exercise_id in prescribed:
                found.setdefault(muscle.id, set()).add(KB.exercises[exercise_id].phase)
    return found


def _settled(analysis: Analysis) -> set[str]:
    """Muscles a conflict or a safety rule took out of the plan, which then say so."""
    clashed = {c.muscle for c in analysis.conflicts if c.muscle}
    return clashed | {e.muscle for e in analysis.plan.excluded if e.muscle}


@pytest.mark.parametrize("posture", list(POSTURES))
def test_every_key_muscle_is_in_the_course_and_the_home_program(posture: str) -> None:
    analysis = run(KB, *POSTURES[posture])
    raised = flag(analysis, posture)
    worked = course_muscles(analysis)
    home = _home(analysis)
    settled = _settled(analysis)
    index_phases = {
        muscle.id: {KB.exercises[e].phase for e in muscle.exercises}
        for muscle in KB.muscles.values()
    }
    for implication in raised.muscles:
        muscle = implication.muscle
        if muscle in settled:
            continue
        if implication.role is Role.OVERACTIVE:
            assert muscle in worked, f"{posture}: tight {muscle} has no hands-on visit"
            wanted = {Phase.INHIBIT, Phase.LENGTHEN} & index_phases[muscle]
        else:
            wanted = {Phase.ACTIVATE} & index_phases[muscle]
        if wanted:
            assert home.get(muscle, set()) & wanted, f"{posture}: {muscle} has no home exercise"


def test_the_issue_examples_keep_their_key_muscles() -> None:
    sway = run(KB, *POSTURES["sway_back"])
    assert sway.plan.series or sway.plan.steps
    assert "hamstrings" in course_muscles(sway)
    assert Phase.LENGTHEN in _home(sway).get("hamstrings", set())
    flat = run(KB, *POSTURES["flat_back"], ("forward_head", 1))
    assert Phase.LENGTHEN in _home(flat).get("hamstrings", set())
    kyphosis = run(KB, *POSTURES["kyphotic_lordotic"], ("pelvic_tilt_anterior", 2))
    assert {"iliopsoas", "rectus_femoris"} <= set(course_muscles(kyphosis))
    squat = run(KB, ("ohs_low_back_arch", 2), ("ohs_knees_in", 2, "bilateral"))
    assert "glute_bridge" in {e.id for e in (*squat.plan.exercises, *squat.plan.exercises_later)}


def test_a_session_works_a_few_regions_through_every_layer() -> None:
    analysis = run(KB, *POSTURES["layered_syndrome"], ("feet_pronated", 2, "bilateral"))
    plan = analysis.plan
    band = KB.settings.session.region_count(60)
    assert 1 <= len(plan.focus_regions) <= band.most
    assert len(plan.steps) <= 20
    layers = {step.layer for step in plan.steps}
    assert {Layer.FASCIA, Layer.NEUROMUSCULAR, Layer.STRETCHING} <= layers
    assert plan.series, "the rest is planned for the next visits"
    assert plan.series[0].number == 2 and plan.reassess_at_visit is not None
    assert 4 <= plan.reassess_at_visit <= 6
    assert plan.note.startswith("First visit: conservative")


def test_a_longer_session_works_more_regions_and_a_follow_up_is_not_conservative() -> None:
    findings = (*POSTURES["layered_syndrome"], ("feet_pronated", 2, "bilateral"))
    sixty = run(KB, *findings)
    ninety = run(KB, *findings, minutes=90, visit=2)
    assert len(ninety.plan.focus_regions) >= len(sixty.plan.focus_regions)
    assert ninety.plan.note == ""
    assert ninety.plan.series == () or ninety.plan.series[0].number == 3


def test_the_chief_complaint_stays_in_every_later_visit() -> None:
    analysis = run(KB, *POSTURES["layered_syndrome"], pain=(pain("head_temple", 7, "right"),))
    plan = analysis.plan
    chief = KB.body_region_of("shoulder_top")
    assert plan.focus_regions[0] == chief
    assert plan.series and all(chief in visit.regions for visit in plan.series)
    assert "chief complaint" in plan.series[0].reasons[0]


def test_a_follow_up_starts_from_the_focus_the_course_planned() -> None:
    first = run(KB, *POSTURES["layered_syndrome"]).plan
    planned = first.series[0].regions
    follow_up = run(KB, *POSTURES["layered_syndrome"], visit=2, focus=planned).plan
    assert follow_up.focus_regions[: len(planned)] == planned
    assert follow_up.visit_number == 2


@settings(max_examples=80, deadline=None)
@given(
    findings=finding_sets(),
    pain=pains,
    contra=contraindication_sets(),
    minutes=st.integers(5, 240),
    visit=st.integers(1, 8),
)
def test_any_session_fits_and_nothing_implicated_is_dropped(
    findings: tuple, pain: list, contra: tuple, minutes: int, visit: int
) -> None:  # type: ignore[type-arg]
    from posture_tui.domain.assessment import AssessmentInput
    from posture_tui.engine.analyze import analyze

    assessment = AssessmentInput(findings=findings, session_minutes=minutes, visit_number=visit)
    analysis = analyze(KB, assessment, pain, contra)
    plan = analysis.plan
    assert plan.total_minutes <= minutes
    assert len(plan.focus_regions) <= KB.settings.session.region_count(minutes).most
    for step in plan.steps:
        technique = KB.techniques[step.technique]
        floor = technique.min_minutes or technique.minutes
        if step.muscle and step.side is Side.BILATERAL and step.layer is Layer.NEUROMUSCULAR:
            floor *= 2
        assert step.minutes >= floor, step
    assert not [e for e in plan.excluded if e.contraindication == "session_time"]
    if plan.postponed is not None:
        return
    worked = course_muscles(analysis)
    settled = _settled(analysis)
    for raised in analysis.flags:
        for implication in raised.muscles:
            if implication.role is Role.OVERACTIVE:
                assert implication.muscle in worked or implication.muscle in settled


def test_the_knowledge_base_sets_short_session_time_and_first_visit_cups() -> None:
    """A session shorter than its overhead still gets the clinic's minimum hands-on time, and
    first-visit cups stay within their first-visit longest, however long the session."""

    session = evolve(KB.settings.session, min_hands_on_minutes=20)
    kb = evolve(KB, settings=evolve(KB.settings, session=session))
    short = run(kb, *POSTURES["upper_crossed"], minutes=20).plan
    assert short.total_minutes > run(KB, *POSTURES["upper_crossed"], minutes=20).plan.total_minutes
    assert short.total_minutes <= 20
    shipped = KB.techniques["cupping"]
    assert shipped.first_visit_most_minutes is not None
    cups = evolve(shipped, first_visit_most_minutes=shipped.first_visit_minutes)
    kb = evolve(KB, techniques={**KB.techniques, "cupping": cups})
    first = run(kb, *POSTURES["layered_syndrome"], minutes=120).plan
    cupped = [s.minutes for s in first.steps if s.technique == "cupping"]
    assert cupped and max(cupped) == cups.first_visit_minutes
    later = run(kb, *POSTURES["layered_syndrome"], minutes=120, visit=2).plan
    assert max(s.minutes for s in later.steps if s.technique == "cupping") > max(cupped)

"""Pain points the way (CLINICAL.md 4): screening candidates, and confirmed trigger points."""

from __future__ import annotations

import pytest

from posture_tui.domain.analysis import Analysis
from posture_tui.domain.assessment import AssessmentInput, Measurements
from posture_tui.domain.common import Layer, Side
from posture_tui.domain.intake import PainEntry, TriggerPoint
from posture_tui.engine.analysis_report import render_text
from posture_tui.engine.analyze import analyze
from posture_tui.engine.findings import observe
from posture_tui.engine.index import index_for
from posture_tui.engine.referral import sides_match
from posture_tui.engine.rules import raise_flags
from posture_tui.engine.serialize import analysis_to_json
from posture_tui.engine.targets import rank_targets
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

from .build import Spec, findings, pain

TEMPLE = ("upper_trapezius", "sternocleidomastoid", "suboccipitals", "temporalis")
TEMPLE_TEXT = (
    "Temple pain 6/10 (right): screen for trigger points in upper trapezius, "
    "sternocleidomastoid, suboccipitals, temporalis"
)


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def run(
    kb: Knowledge,
    *specs: Spec,
    hurts: tuple[PainEntry, ...] = (),
    points: tuple[TriggerPoint, ...] = (),
) -> Analysis:
    assessment = AssessmentInput(
        findings=findings(*specs), measurements=Measurements(), trigger_points=points
    )
    return analyze(kb, assessment, hurts)


def test_temporal_headache_without_findings_lists_the_textbook_muscles(kb: Knowledge) -> None:
    analysis = run(kb, hurts=(pain("head_temple", 6, "right"),))
    (candidate,) = analysis.screen_candidates
    assert (candidate.region, candidate.side, candidate.score) == ("head_temple", Side.RIGHT, 6)
    assert candidate.muscles == TEMPLE
    assert candidate.text == TEMPLE_TEXT
    # candidates are only listed: nothing enters the plan until a point is confirmed
    assert not any(step.muscle in TEMPLE for step in analysis.plan.steps)


def test_highest_pain_first_and_painless_entries_ignored(kb: Knowledge) -> None:
    hurts = (pain("head_top", 3), pain("face_jaw", 0), pain("head_temple", 7, "left"))
    analysis = run(kb, hurts=hurts)
    assert [(c.region, c.score) for c in analysis.screen_candidates] == [
        ("head_temple", 7),
        ("head_top", 3),
    ]
    top = analysis.screen_candidates[1]
    assert set(top.muscles) == {"sternocleidomastoid", "splenius_capitis"}
    assert top.text.startswith("Top of the head pain 3/10: screen for trigger points in ")


@pytest.mark.parametrize("muscle", TEMPLE)
def test_a_confirmed_point_enters_the_plan_on_its_side_and_leaves_the_list(
    kb: Knowledge, muscle: str
) -> None:
    analysis = run(
        kb, hurts=(pain("head_temple", 6, "right"),), points=(TriggerPoint(muscle, Side.RIGHT),)
    )
    assert analysis.screen_candidates == ()
    nmt = [s for s in analysis.plan.steps_in(Layer.NEUROMUSCULAR) if s.muscle == muscle]
    assert nmt, f"no neuromuscular step on {muscle}"
    assert {s.side for s in nmt} == {Side.RIGHT}
    assert any("right temple" in s.reason and "6/10" in s.reason for s in nmt)


def test_a_confirmed_point_is_overactive_on_its_side_with_its_referral(kb: Knowledge) -> None:
    index = index_for(kb)
    observations = observe(kb, index, (), Measurements())
    hurts = (pain("head_temple", 6, "right"),)
    flags = raise_flags(kb, index, observations, hurts)
    targets = rank_targets(
        kb, flags, observations, hurts, (TriggerPoint("temporalis", Side.RIGHT),)
    )
    (target,) = targets
    assert (target.muscle, target.over_side, target.under_side) == (
        "temporalis",
        Side.RIGHT,
        None,
    )
    assert target.sources == ("trigger point confirmed by palpation",)
    assert [(r.region, r.pain_side, r.score) for r in target.referrals] == [
        ("head_temple", Side.RIGHT, 6)
    ]


def test_a_point_confirmed_on_the_other_side_leaves_the_pain_unexplained(kb: Knowledge) -> None:
    analysis = run(
        kb,
        hurts=(pain("head_temple", 6, "right"),),
        points=(TriggerPoint("temporalis", Side.LEFT),),
    )
    (candidate,) = analysis.screen_candidates
    assert candidate.side is Side.RIGHT
    steps = {(s.muscle, s.side) for s in analysis.plan.steps_in(Layer.NEUROMUSCULAR)}
    assert ("temporalis", Side.LEFT) in steps


def test_pain_an_implicated_muscle_explains_lists_no_candidate(kb: Knowledge) -> None:
    # a right elevated shoulder implicates the right upper trapezius, which refers to the temple
    explained = run(kb, ("shoulder_elevated", 2, "right"), hurts=(pain("head_temple", 5, "right"),))
    assert explained.screen_candidates == ()
    # the left temple is not explained by the right upper trapezius
    other = run(kb, ("shoulder_elevated", 2, "right"), hurts=(pain("head_temple", 5, "left"),))
    (candidate,) = other.screen_candidates
    assert candidate.side is Side.LEFT


CASES: tuple[tuple[Spec, ...], ...] = (
    (),
    (("forward_head", 2),),
    (("shoulder_elevated", 2, "left"),),
    (("pelvic_tilt_anterior", 2), ("lumbar_lordosis_increased", 2)),
    (("feet_pronated", 2, "right"), ("knee_valgus", 1, "right")),
    (("ohs_asymmetric_shift", 2, "left"),),
)


@pytest.mark.parametrize("specs", CASES)
@pytest.mark.parametrize("side", [None, "left", "right", "bilateral"])
def test_candidates_never_include_a_muscle_implicated_for_that_region(
    kb: Knowledge, specs: tuple[Spec, ...], side: str | None
) -> None:
    hurts = tuple(pain(region, 5, side) for region in kb.pain_regions)
    index = index_for(kb)
    observations = observe(kb, index, findings(*specs), Measurements())
    flags = raise_flags(kb, index, observations, hurts)
    targets = rank_targets(kb, flags, observations, hurts)
    analysis = run(kb, *specs, hurts=hurts)
    for candidate in analysis.screen_candidates:
        assert candidate.muscles, candidate
        for target in targets:
            if candidate.region not in kb.muscles[target.muscle].referral_zones:
                continue
            sides = [s for s in (target.over_side, target.under_side) if s is not None]
            if any(sides_match(s, candidate.side) for s in sides):
                raise AssertionError(f"{target.muscle} already explains {candidate.text}")
    listed = {c.region for c in analysis.screen_candidates}
    for region in kb.pain_regions:
        if region not in listed and index.muscles_by_zone.get(region):
            assert any(region in kb.muscles[t.muscle].referral_zones for t in targets), (
                f"{region} pain is neither explained nor listed"
            )


def test_candidates_in_the_json_and_the_text_report(kb: Knowledge) -> None:
    analysis = run(kb, hurts=(pain("head_temple", 6, "right"),))
    data = analysis_to_json(analysis)
    assert data["screen_candidates"] == [
        {
            "region": "head_temple",
            "side": "right",
            "score": 6,
            "muscles": list(TEMPLE),
            "text": TEMPLE_TEXT,
        }
    ]
    text = render_text(analysis, kb)
    assert f"SCREEN FOR TRIGGER POINTS\n  - {TEMPLE_TEXT}\n" in text
    quiet = run(kb)
    assert analysis_to_json(quiet)["screen_candidates"] == []
    assert "SCREEN FOR TRIGGER POINTS" not in render_text(quiet, kb)

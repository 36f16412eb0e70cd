"""Home program on a small knowledge base: phases, doses, sides merged, no duplicates."""

from __future__ import annotations

from attrs import evolve

from posture_tui.domain.common import PHASE_ORDER, Phase, Side
from posture_tui.knowledge.model import ExerciseRule, Knowledge

from .build import contra, run

UPPER = (("forward_head", 2), ("rounded_shoulders", 2, "left"), ("shoulder_elevated", 1, "right"))


def test_phases_for_overactive_underactive_and_pattern(mini: Knowledge) -> None:
    exercises = run(mini, *UPPER).plan.exercises
    by = {(e.phase, e.muscle) for e in exercises}
    assert (Phase.INHIBIT, "pectoralis_minor") in by
    assert (Phase.LENGTHEN, "pectoralis_minor") in by
    assert (Phase.ACTIVATE, "deep_neck_flexors") in by
    assert (Phase.ACTIVATE, "pectoralis_minor") not in by
    integrate = [e for e in exercises if e.phase is Phase.INTEGRATE]
    assert [(e.id, e.pattern, e.muscle) for e in integrate] == [
        ("wall_angel", "upper_crossed", None)
    ]
    phases = [PHASE_ORDER.index(e.phase) for e in exercises]
    assert phases == sorted(phases)
    release = next(e for e in exercises if e.id == "pectoralis_minor_release")
    assert release.dose == mini.exercises["pectoralis_minor_release"].dose
    assert release.instruction == mini.exercises["pectoralis_minor_release"].instruction
    assert release.side is Side.LEFT


def test_no_duplicates_and_sides_merge(mini: Knowledge) -> None:
    both_plan = run(
        mini,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "left"),
        ("rounded_shoulders", 2, "right"),
        ("pelvic_tilt_anterior", 2),
        ("lumbar_lordosis_increased", 2),
    ).plan
    both = (*both_plan.exercises, *both_plan.exercises_later)
    ids = [e.id for e in both]
    assert len(ids) == len(set(ids))
    assert next(e for e in both if e.id == "pectoralis_minor_stretch").side is Side.BILATERAL
    # squat_to_row is the integrate exercise of both lower crossed and layered syndrome
    assert ids.count("squat_to_row") == 1


def _with_rules(mini: Knowledge, *rules: ExerciseRule) -> Knowledge:
    """Mini knowledge whose inhibit exercises press on their muscle, with these exercise rules."""
    exercises = {
        key: evolve(e, position="standing", loads=("self_pressure",))
        if e.phase is Phase.INHIBIT
        else evolve(e, position="standing")
        for key, e in mini.exercises.items()
    }
    return evolve(mini, exercises=exercises, exercise_rules=rules)


def test_home_exercise_left_out_over_a_skin_lesion(mini: Knowledge) -> None:
    pressure = ExerciseRule(
        "skin_lesion", "Skin lesion: not over broken skin", pressure_in_region=True
    )
    kb = _with_rules(mini, pressure)
    plan = run(kb, *UPPER, contra=(contra("skin_lesion", "chest"),)).plan
    assert "pectoralis_minor_release" not in {e.id for e in plan.exercises}
    left = [e for e in plan.excluded_exercises if e.technique == "pectoralis_minor_release"]
    assert [(e.reason, e.contraindication, e.region, e.instead) for e in left] == [
        ("Skin lesion: not over broken skin (recorded in the chest).", "skin_lesion", "chest", None)
    ]
    assert "pectoralis_minor_stretch" in {e.id for e in plan.exercises}  # no pressure in a stretch
    assert "upper_trapezius_release" in {e.id for e in plan.exercises}  # not over the lesion
    loading = ExerciseRule("recent_injury", "Recent injury: not loaded", loads_in_region=True)
    injured = run(_with_rules(mini, loading), *UPPER, contra=(contra("recent_injury", "chest"),))
    assert "pectoralis_minor_stretch" not in {e.id for e in injured.plan.exercises}
    assert "pectoralis_minor_release" not in {e.id for e in injured.plan.exercises}
    assert "upper_trapezius_stretch" in {e.id for e in injured.plan.exercises}


def test_an_untagged_exercise_is_left_out_under_any_rule(mini: Knowledge) -> None:
    rule = ExerciseRule(
        "dvt_history", "History of DVT: no calf rolling", pressure_regions=("calf",)
    )
    plan = run(evolve(mini, exercise_rules=(rule,)), *UPPER, contra=(contra("dvt_history"),)).plan
    assert not plan.exercises
    assert all("cannot be checked" in e.reason for e in plan.excluded_exercises)
    assert run(evolve(mini, exercise_rules=(rule,)), *UPPER).plan.exercises

"""Home program on a small knowledge base: phases, doses, sides merged, no duplicates."""

from __future__ import annotations

from posture_tui.domain.common import PHASE_ORDER, Phase, Side
from posture_tui.knowledge.model import Knowledge

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
    both = run(
        mini,
        ("forward_head", 2),
        ("rounded_shoulders", 2, "left"),
        ("rounded_shoulders", 2, "right"),
        ("pelvic_tilt_anterior", 2),
        ("lumbar_lordosis_increased", 2),
    ).plan.exercises
    ids = [e.id for e in both]
    assert len(ids) == len(set(ids))
    assert next(e for e in both if e.id == "pectoralis_minor_stretch").side is Side.BILATERAL
    # squat_to_row is the integrate exercise of both lower crossed and layered syndrome
    assert ids.count("squat_to_row") == 1


def test_home_exercise_left_out_over_a_skin_lesion(mini: Knowledge) -> None:
    plan = run(mini, *UPPER, contra=(contra("skin_lesion", "chest"),)).plan
    assert "pectoralis_minor_release" not in {e.id for e in plan.exercises}
    left = [e for e in plan.excluded_exercises if e.technique == "pectoralis_minor_release"]
    assert left and "Skin lesion: not over broken skin (recorded in the chest)" in left[0].reason
    assert "pectoralis_minor_stretch" in {e.id for e in plan.exercises}  # a stretch is fine
    injured = run(mini, *UPPER, contra=(contra("recent_injury", "chest"),)).plan
    assert "pectoralis_minor_stretch" not in {e.id for e in injured.exercises}

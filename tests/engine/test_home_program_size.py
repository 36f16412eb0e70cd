"""A home program a client will do: 3 to 5 exercises to start, the rest listed for later."""

from __future__ import annotations

from pathlib import Path

from posture_tui.domain.common import Phase
from posture_tui.knowledge.loader import load_knowledge

from .build import pain, run

LAYERED = (
    ("forward_head", 2),
    ("rounded_shoulders", 2, "bilateral"),
    ("thoracic_kyphosis_increased", 2),
    ("pelvic_tilt_anterior", 2),
    ("lumbar_lordosis_increased", 2),
    ("feet_pronated", 2, "bilateral"),
    ("knee_valgus", 2, "bilateral"),
)


def test_the_program_starts_with_three_to_five_and_lists_the_rest_for_later() -> None:
    kb = load_knowledge()
    plan = run(kb, *LAYERED).plan
    assert 3 <= len(plan.exercises) <= 5
    phases = [e.phase for e in plan.exercises]
    assert Phase.INTEGRATE in phases and Phase.ACTIVATE in phases and Phase.LENGTHEN in phases
    assert phases == sorted(phases, key=list(Phase).index)  # continuum order
    assert len(plan.exercises_later) > 5, "a layered syndrome implicates many more muscles"
    now = {e.id for e in plan.exercises}
    assert not now & {e.id for e in plan.exercises_later}
    assert not [e for e in plan.excluded_exercises if e.contraindication == "program_size"]
    assert 5 <= plan.program_minutes_per_day <= 25


def test_pain_referral_muscles_get_the_first_exercises() -> None:
    kb = load_knowledge()
    plan = run(kb, *LAYERED, pain=(pain("head_temple", 7, "right"),)).plan
    lengthen = [e.muscle for e in plan.exercises if e.phase is Phase.LENGTHEN]
    assert lengthen and lengthen[0] in ("upper_trapezius", "sternocleidomastoid", "suboccipitals")


def test_a_clinic_sets_the_slots(tmp_path: Path) -> None:
    (tmp_path / "program.toml").write_text(
        '[settings.home_program]\nslots = ["activate", "activate", "activate"]\nfewest = 3\n'
    )
    kb = load_knowledge(tmp_path)
    plan = run(kb, *LAYERED).plan
    assert [e.phase for e in plan.exercises] == [Phase.ACTIVATE] * 3

"""A home program stays short enough to follow; what it leaves out is listed, never dropped."""

from __future__ import annotations

from collections import Counter
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


def test_each_phase_holds_at_most_its_limit_and_the_rest_is_listed() -> None:
    kb = load_knowledge()
    plan = run(kb, *LAYERED).plan
    counts = Counter(exercise.phase for exercise in plan.exercises)
    for phase, limit in kb.program_limits.items():
        assert counts[phase] <= limit
    left = [e for e in plan.excluded_exercises if e.contraindication == "program_size"]
    assert left, "a layered syndrome implicates more muscles than the limits allow"
    assert all("at most" in e.reason and e.technique in kb.exercises for e in left)
    kept = {exercise.id for exercise in plan.exercises}
    assert not kept & {e.technique for e in left}


def test_pain_referral_muscles_keep_their_exercises_first() -> None:
    kb = load_knowledge()
    plan = run(kb, *LAYERED, pain=(pain("head_temple", 7, "right"),)).plan
    inhibit = [e.muscle for e in plan.exercises if e.phase is Phase.INHIBIT]
    assert inhibit[0] == "upper_trapezius"


def test_a_clinic_can_raise_the_limit(tmp_path: Path) -> None:
    (tmp_path / "program.toml").write_text("[program.activate]\nmax_exercises = 50\n")
    kb = load_knowledge(tmp_path)
    plan = run(kb, *LAYERED).plan
    assert not [
        e
        for e in plan.excluded_exercises
        if e.contraindication == "program_size"
        and kb.exercises[e.technique].phase is Phase.ACTIVATE
    ]

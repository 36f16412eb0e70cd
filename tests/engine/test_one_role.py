"""One muscle, one role per flag (CLINICAL.md 3): the pattern's table wins, item roles set aside."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.analysis import Analysis, Flag
from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import Phase, Role, Side
from posture_tui.domain.intake import PainEntry
from posture_tui.engine.analyze import analyze
from posture_tui.engine.sides import side_set
from posture_tui.knowledge.loader import load_knowledge

from .build import flag, run

KB = load_knowledge()
SWAY_BACK = (
    ("pelvis_anterior_shift", 2),
    ("pelvic_tilt_posterior", 2),
    ("trunk_posterior_lean", 2),
    ("knee_hyperextension", 2, "left"),
)


def roles(found: Flag, muscle: str) -> dict[Role, Side | None]:
    return {m.role: m.side for m in found.muscles if m.muscle == muscle}


def test_sway_back_keeps_the_hamstrings_short_and_sets_the_knee_role_aside() -> None:
    sway = flag(run(KB, *SWAY_BACK), "sway_back")
    assert roles(sway, "hamstrings") == {Role.OVERACTIVE: Side.LEFT}
    aside = [a for a in sway.set_aside if a.muscle == "hamstrings"]
    assert len(aside) == 1
    entry = aside[0]
    assert (entry.item, entry.role, entry.side) == (
        "knee_hyperextension",
        Role.UNDERACTIVE,
        Side.LEFT,
    )
    assert entry.text.startswith("Knee hyperextension (left) suggests weak hamstrings")
    assert "sway back posture" in entry.text and entry.text.endswith("(pattern's role kept)")
    # rectus femoris: weak in the sway back table, short by the knee item -> the table wins
    assert roles(sway, "rectus_femoris") == {Role.UNDERACTIVE: Side.BILATERAL}
    assert any(
        a.muscle == "rectus_femoris" and a.item == "knee_hyperextension" for a in sway.set_aside
    )


def test_lower_crossed_keeps_the_abdominals_weak() -> None:
    lower = flag(
        run(
            KB,
            ("pelvic_tilt_anterior", 2),
            ("lumbar_lordosis_increased", 2),
            ("ohs_forward_lean", 1),
        ),
        "lower_crossed",
    )
    for muscle in ("rectus_abdominis", "obliques"):
        assert roles(lower, muscle) == {Role.UNDERACTIVE: Side.BILATERAL}, muscle


def test_item_against_item_the_defining_finding_wins() -> None:
    # Pelvis shifted forward supports lower crossed and suggests short hamstrings; the defining
    # anterior tilt suggests weak ones. Lower crossed's own table does not list the hamstrings.
    lower = flag(
        run(
            KB,
            ("pelvic_tilt_anterior", 1),
            ("lumbar_lordosis_increased", 1),
            ("pelvis_anterior_shift", 3),
        ),
        "lower_crossed",
    )
    assert roles(lower, "hamstrings") == {Role.UNDERACTIVE: Side.BILATERAL}
    aside = [a for a in lower.set_aside if a.muscle == "hamstrings"]
    assert [(a.item, a.role) for a in aside] == [("pelvis_anterior_shift", Role.OVERACTIVE)]
    assert "a defining finding of the pattern" in aside[0].text


def test_short_on_one_side_and_weak_on_the_other_is_allowed() -> None:
    # knee flexion (left) suggests short hamstrings there; knee hyperextension (right) weak ones
    analysis = run(KB, ("knee_flexion", 2, "left"), ("knee_hyperextension", 2, "right"))
    assert analysis.conflicts == ()
    worked = {(e.phase, e.side) for e in analysis.plan.exercises if e.muscle == "hamstrings"}
    assert (Phase.LENGTHEN, Side.LEFT) in worked
    assert (Phase.ACTIVATE, Side.RIGHT) in worked
    assert all(side in (Side.LEFT, Side.RIGHT) for _, side in worked)


# ----------------------------------------------------------------- property: never both roles

ITEMS = sorted(KB.checklist)
STRETCH = (Phase.INHIBIT, Phase.LENGTHEN)
# An exercise several muscles list appears once, named after the first and with their sides
# merged, so its muscle and side do not say which muscle is worked on which side: left out here.
SHARED = {
    exercise
    for exercise in KB.exercises
    if sum(exercise in muscle.exercises for muscle in KB.muscles.values()) > 1
}


@st.composite
def finding_sets(draw: st.DrawFn) -> tuple[Finding, ...]:
    chosen = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=25))
    return tuple(
        Finding(
            item=item,
            severity=draw(st.integers(1, 3)),
            side=draw(st.sampled_from(list(Side))) if KB.checklist[item].sided else None,
        )
        for item in chosen
    )


pains = st.lists(
    st.builds(
        PainEntry,
        region=st.sampled_from(sorted(KB.pain_regions)),
        score=st.integers(1, 10),
        side=st.none() | st.sampled_from(list(Side)),
    ),
    max_size=4,
    unique_by=lambda p: (p.region, p.side),
)


def _both_roles(analysis: Analysis) -> list[str]:
    problems = []
    for found in analysis.flags:
        for muscle in {m.muscle for m in found.muscles}:
            over = [
                m.side for m in found.muscles if m.muscle == muscle and m.role is Role.OVERACTIVE
            ]
            under = [
                m.side for m in found.muscles if m.muscle == muscle and m.role is Role.UNDERACTIVE
            ]
            assert len(over) <= 1 and len(under) <= 1  # one entry per role
            if over and under and side_set(over[0]) & side_set(under[0]):
                problems.append(f"{found.pattern}: {muscle} {over[0]} / {under[0]}")
    return problems


def _stretched_and_strengthened(analysis: Analysis) -> list[str]:
    stretched: dict[str, set[Side]] = {}
    strengthened: dict[str, set[Side]] = {}
    for exercise in analysis.plan.exercises:
        if exercise.muscle is None or exercise.id in SHARED:
            continue
        into = stretched if exercise.phase in STRETCH else strengthened
        if exercise.phase in (*STRETCH, Phase.ACTIVATE):
            into.setdefault(exercise.muscle, set()).update(side_set(exercise.side))
    for step in analysis.plan.steps:
        if step.layer.value == "stretching" and step.muscle is not None:
            stretched.setdefault(step.muscle, set()).update(side_set(step.side))
    return [
        f"{muscle}: {sorted(sides & strengthened[muscle])}"
        for muscle, sides in stretched.items()
        if sides & strengthened.get(muscle, set())
    ]


@settings(max_examples=120, deadline=None)
@given(findings=finding_sets(), pain=pains)
def test_no_flag_has_both_roles_and_no_program_stretches_and_strengthens(
    findings: tuple[Finding, ...], pain: list[PainEntry]
) -> None:
    assessment = AssessmentInput(findings=findings, measurements=Measurements(), session_minutes=90)
    analysis = analyze(KB, assessment, pain)
    assert _both_roles(analysis) == []
    assert _stretched_and_strengthened(analysis) == []
    for found in analysis.flags:
        for entry in found.set_aside:
            assert entry.text and entry.muscle in KB.muscles
            assert entry.item == "" or entry.item in found.evidence
    for conflict in analysis.conflicts:
        assert conflict.kind in ("findings", "muscle") and conflict.text

"""The home program: inhibit and lengthen overactive muscles, activate underactive ones, integrate.

Each muscle contributes the first exercise it lists for each phase that applies; each flagged
pattern contributes its integrate exercises. Every candidate is checked against the knowledge
base's exercise rules for the client's conditions (CLINICAL.md 5.5, exercise_safety.toml); one
that a rule leaves out is listed with the reason, and its first replacement that passes every rule
takes its place. One exercise reached from several muscles or sides appears once (left and right
merge to bilateral). Each phase keeps at most the knowledge base's `program_limits` exercises,
highest-ranked muscles first; the rest are listed as left out ("program_size").
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve, frozen

from posture_tui.domain.analysis import Excluded, Exercise, Flag
from posture_tui.domain.common import PHASE_ORDER, Phase, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.exercise_safety import Hit, first_hit
from posture_tui.engine.findings import merge_sides
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.model import ExerciseDef, Knowledge

PROGRAM_SIZE = "program_size"


@frozen
class _Pick:
    exercise: str
    phase: Phase
    muscle: str | None
    side: Side | None
    pattern: str | None
    rank: int


def _picks(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    flags: Sequence[Flag],
) -> list[_Pick]:
    picks: list[_Pick] = []
    for rank, target in enumerate(targets):
        phases = index.exercises_by_muscle.get(target.muscle, {})
        wanted: list[tuple[Phase, Side | None]] = []
        if target.overactive:
            wanted += [(Phase.INHIBIT, target.over_side), (Phase.LENGTHEN, target.over_side)]
        if target.under_side is not None:
            wanted.append((Phase.ACTIVATE, target.under_side))
        for phase, side in wanted:
            ids = phases.get(phase, ())
            if ids:
                picks.append(_Pick(ids[0], phase, target.muscle, side, None, rank))
    base = len(targets)
    for n, flag in enumerate(flags):
        pattern = knowledge.patterns.get(flag.pattern)
        integrate = pattern.integrate if pattern is not None else ()
        picks += [_Pick(e, Phase.INTEGRATE, None, None, flag.pattern, base + n) for e in integrate]
    return picks


def _replacement(
    knowledge: Knowledge,
    definition: ExerciseDef,
    pick: _Pick,
    entries: Sequence[ContraindicationEntry],
) -> str | None:
    """The first replacement of the same phase that passes every rule for this client."""
    for candidate in definition.replacements:
        replacement = knowledge.exercises.get(candidate)
        if replacement is None or replacement.phase is not pick.phase:
            continue
        if first_hit(knowledge, replacement, pick.muscle, pick.side, entries) is None:
            return candidate
    return None


def _left_out(knowledge: Knowledge, pick: _Pick, hit: Hit, instead: str | None) -> Excluded:
    muscle = knowledge.muscles.get(pick.muscle) if pick.muscle else None
    return Excluded(
        technique=pick.exercise,
        reason=hit.reason,
        instead=instead,
        contraindication=hit.condition,
        muscle=pick.muscle,
        region=muscle.region if muscle is not None else hit.region,
        side=pick.side,
    )


def home_program(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    flags: Sequence[Flag],
    entries: Sequence[ContraindicationEntry],
) -> tuple[tuple[Exercise, ...], tuple[Excluded, ...]]:
    """Exercises ordered by phase (inhibit, lengthen, activate, integrate), and those left out."""
    merged: dict[str, list[_Pick]] = {}
    excluded: list[Excluded] = []
    left_out: set[tuple[str, str | None]] = set()
    for pick in _picks(knowledge, index, targets, flags):
        definition = knowledge.exercises.get(pick.exercise)
        if definition is None or definition.phase is not pick.phase:
            continue
        hit = first_hit(knowledge, definition, pick.muscle, pick.side, entries)
        if hit is not None:
            instead = _replacement(knowledge, definition, pick, entries)
            if (pick.exercise, pick.muscle) not in left_out:
                left_out.add((pick.exercise, pick.muscle))
                excluded.append(_left_out(knowledge, pick, hit, instead))
            if instead is None:
                continue
            pick = evolve(pick, exercise=instead)
        merged.setdefault(pick.exercise, []).append(pick)
    phase_rank = {phase: n for n, phase in enumerate(PHASE_ORDER)}
    firsts = sorted(merged.values(), key=lambda ps: (phase_rank[ps[0].phase], ps[0].rank))
    exercises: list[Exercise] = []
    per_phase: dict[Phase, int] = {}
    for group in firsts:
        first = group[0]
        definition = knowledge.exercises[first.exercise]
        side = merge_sides(p.side for p in group) if first.muscle is not None else None
        limit = knowledge.program_limits.get(first.phase)
        per_phase[first.phase] = per_phase.get(first.phase, 0) + 1
        if limit is not None and per_phase[first.phase] > limit:
            excluded.append(_over_limit(knowledge, first, side, limit))
            continue
        exercises.append(
            Exercise(
                id=definition.id,
                name=definition.name,
                phase=definition.phase,
                dose=definition.dose,
                instruction=definition.instruction,
                muscle=first.muscle,
                side=side,
                pattern=first.pattern,
                position=definition.position,
                loads=definition.loads,
            )
        )
    return tuple(exercises), tuple(excluded)


def _over_limit(knowledge: Knowledge, pick: _Pick, side: Side | None, limit: int) -> Excluded:
    """A lower-priority exercise past the phase's limit, listed so the therapist can add it."""
    return Excluded(
        technique=pick.exercise,
        reason=f"the home program keeps at most {limit} {pick.phase.value} exercises so the "
        "client can follow it; this one ranks lower (add it in the plan if wanted)",
        instead=None,
        contraindication=PROGRAM_SIZE,
        muscle=pick.muscle,
        region=knowledge.muscles[pick.muscle].region if pick.muscle else None,
        side=side,
    )

"""The home program: 3 to 5 exercises a client will do, and the ones to add at later visits.

Each muscle contributes the first exercise it lists for each phase that applies; each flagged
pattern contributes its integrate exercises. Every candidate is checked against the knowledge
base's exercise rules for the client's conditions (CLINICAL.md 5.5, exercise_safety.toml); one
that a rule leaves out is listed with the reason, and its first replacement that passes every rule
takes its place. One exercise reached from several muscles or sides appears once (left and right
merge to bilateral). The program starts small (CLINICAL.md 1b and 6): the knowledge base's slots
(shipped: lengthen and activate the top muscles, one integrated movement, then a release and a
second activation) are filled by the most important muscles first (pain, then the key muscles of
the strongest pattern); every other exercise is listed to add or progress later.
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
    strongest_first = sorted(flags, key=lambda flag: -flag.strength)
    for n, flag in enumerate(strongest_first):
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


@frozen
class Program:
    """The program to start with, the exercises to add later, and what safety left out."""

    exercises: tuple[Exercise, ...]
    later: tuple[Exercise, ...]
    excluded: tuple[Excluded, ...]
    minutes_per_day: int


def home_program(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    flags: Sequence[Flag],
    entries: Sequence[ContraindicationEntry],
    *,
    carried: Sequence[Exercise] = (),
) -> Program:
    """The starting program (in continuum order), the later list (by priority), left-outs.

    `carried` are the exercises of the program the client already does (a follow-up): they
    keep their place, still checked against every rule.
    """
    merged: dict[str, list[_Pick]] = {}
    excluded: list[Excluded] = []
    left_out: set[tuple[str, str | None]] = set()
    kept = [
        _Pick(e.id, e.phase, e.muscle, e.side, e.pattern, -len(carried) + n)
        for n, e in enumerate(carried)
        if e.id in knowledge.exercises
    ]
    for pick in [*kept, *_picks(knowledge, index, targets, flags)]:
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
    groups = sorted(merged.values(), key=lambda ps: ps[0].rank)
    chosen = _fill_slots(knowledge, groups)
    phase_rank = {phase: n for n, phase in enumerate(PHASE_ORDER)}
    program = sorted(chosen, key=lambda ps: (phase_rank[ps[0].phase], ps[0].rank))
    exercises = tuple(_exercise(knowledge, group) for group in program)
    later = tuple(_exercise(knowledge, group) for group in groups if group not in chosen)
    return Program(
        exercises=exercises,
        later=later,
        excluded=tuple(excluded),
        minutes_per_day=minutes_per_day(knowledge, exercises),
    )


def _fill_slots(knowledge: Knowledge, groups: list[list[_Pick]]) -> list[list[_Pick]]:
    """Each slot takes the best-ranked exercise of its phase not yet chosen; with too few, the
    best-ranked of any phase fill up to the fewest a program has. A phase's `program_limits`
    (a clinic's cap) is never passed."""
    settings = knowledge.settings.home_program
    chosen: list[list[_Pick]] = []
    per_phase: dict[Phase, int] = {}

    def allowed(group: list[_Pick]) -> bool:
        phase = group[0].phase
        limit = knowledge.program_limits.get(phase)
        return group not in chosen and (limit is None or per_phase.get(phase, 0) < limit)

    def take(group: list[_Pick]) -> None:
        chosen.append(group)
        per_phase[group[0].phase] = per_phase.get(group[0].phase, 0) + 1

    for phase in settings.slots:
        found = next((g for g in groups if g[0].phase is phase and allowed(g)), None)
        if found is not None:
            take(found)
    for group in groups:
        if len(chosen) >= min(settings.fewest, len(settings.slots)):
            break
        if allowed(group):
            take(group)
    return chosen


def _exercise(knowledge: Knowledge, group: list[_Pick]) -> Exercise:
    first = group[0]
    side = merge_sides(p.side for p in group) if first.muscle is not None else None
    return prescribe(
        knowledge.exercises[first.exercise], muscle=first.muscle, side=side, pattern=first.pattern
    )


def prescribe(
    definition: ExerciseDef,
    *,
    muscle: str | None,
    side: Side | None,
    pattern: str | None = None,
) -> Exercise:
    """A library exercise as one of the client's, for a muscle on a side (or a pattern)."""
    return Exercise(
        id=definition.id,
        name=definition.name,
        phase=definition.phase,
        dose=definition.dose,
        instruction=definition.instruction,
        muscle=muscle,
        side=side,
        pattern=pattern,
        position=definition.position,
        loads=definition.loads,
    )


def minutes_per_day(knowledge: Knowledge, exercises: Sequence[Exercise]) -> int:
    """About how long the program takes a day: sets of reps or holds, getting into position, and
    each side in turn for releases and stretches of a muscle on both sides."""
    settings = knowledge.settings.home_program
    seconds = 0
    for exercise in exercises:
        dose = exercise.dose
        per_set = (dose.reps or 1) * (dose.hold_s or settings.seconds_per_rep)
        one_side = dose.sets * per_set + settings.seconds_to_set_up
        both = exercise.side is Side.BILATERAL and exercise.phase in (Phase.INHIBIT, Phase.LENGTHEN)
        seconds += one_side * (2 if both else 1)
    return -(-seconds // 60)

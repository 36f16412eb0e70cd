"""Conflicts to resolve: findings that cannot both be true, and one muscle in both roles."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from posture_tui.domain.analysis import Conflict, Flag, MuscleImplication
from posture_tui.domain.common import Role, Side
from posture_tui.engine.findings import Observations, Present
from posture_tui.engine.referral import sides_match
from posture_tui.engine.sides import item_muscles, overlap, side_of, side_set
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.model import Knowledge

NO_TEST = "a length test"


def _join(names: Sequence[str]) -> str:
    if not names:
        return "another source"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _found(knowledge: Knowledge, found: Present) -> str:
    label = knowledge.checklist[found.item].label
    return f"{label} ({found.side.value})" if found.side is not None else label


def finding_conflicts(
    knowledge: Knowledge, observations: Observations
) -> tuple[tuple[Conflict, ...], Observations]:
    """Pairs of present findings that cannot both be true, and the observations without them.

    A `same_side` pair clashes only where its sides overlap (bilateral overlaps either side, and
    a finding with no side recorded overlaps both). Neither finding of a clashing pair counts
    toward a pattern or implicates muscles on its own until the therapist keeps one.
    """
    present = observations.present
    conflicts: list[Conflict] = []
    dropped: set[str] = set()
    for pair in knowledge.finding_conflicts:
        first, second = (present.get(item) for item in pair.items)
        if first is None or second is None:
            continue
        side: Side | None = None
        if pair.same_side:
            if not overlap(first.side, second.side):
                continue
            side = side_of(side_set(first.side) & side_set(second.side))
        dropped.update(pair.items)
        where = f" on the {side.value} side" if side in (Side.LEFT, Side.RIGHT) else ""
        text = (
            f"{_found(knowledge, first)} and {_found(knowledge, second)} cannot both be true"
            f"{where}: neither counts toward a pattern until one is kept. {pair.text}"
        )
        conflicts.append(Conflict(kind="findings", text=text, items=pair.items, side=side))
    if not dropped:
        return (), observations
    kept = {item: found for item, found in present.items() if item not in dropped}
    return tuple(conflicts), evolve(observations, present=kept)


def _sides(side: Side | None) -> frozenset[Side]:
    return frozenset() if side is None else side_set(side)


def _loose_findings(
    knowledge: Knowledge, flags: Sequence[Flag], observations: Observations
) -> list[tuple[str, tuple[MuscleImplication, ...]]]:
    """Each finding outside every flag, named, with the muscles it implicates on its own."""
    in_flags = {entry for flag in flags for entry in flag.evidence}
    return [
        (
            f"the finding {knowledge.checklist[item_id].label.lower()}",
            item_muscles(knowledge, item_id, observations),
        )
        for item_id in observations.present
        if item_id not in in_flags
    ]


def _names(
    muscle: str,
    role: Role,
    side: Side,
    flags: Sequence[Flag],
    loose: Sequence[tuple[str, tuple[MuscleImplication, ...]]],
) -> list[str]:
    """The flags, then the findings outside every flag, that give the muscle this role here."""

    def implicates(implications: Sequence[MuscleImplication]) -> bool:
        return any(
            m.muscle == muscle and m.role is role and overlap(m.side, side) for m in implications
        )

    names = [flag.name for flag in flags if implicates(flag.muscles)]
    return names + [name for name, implications in loose if implicates(implications)]


def muscle_clashes(
    knowledge: Knowledge,
    flags: Sequence[Flag],
    targets: Sequence[MuscleTarget],
    observations: Observations,
) -> tuple[Conflict, ...]:
    """Muscles implicated as overactive and as underactive on the same side, across flags.

    (Within one flag a muscle has one role per side; see `engine.sides.resolve_roles`.) The
    muscle's length test decides; each conflict names it and the flags on either side.
    """
    conflicts: list[Conflict] = []
    loose: list[tuple[str, tuple[MuscleImplication, ...]]] | None = None
    for target in targets:
        clash = _sides(target.over_side) & _sides(target.under_side)
        side = side_of(clash)
        if side is None:
            continue
        if loose is None:  # worked out once, and only when there is a clash to name
            loose = _loose_findings(knowledge, flags, observations)
        muscle = knowledge.muscles[target.muscle]
        over = _names(muscle.id, Role.OVERACTIVE, side, flags, loose)
        under = _names(muscle.id, Role.UNDERACTIVE, side, flags, loose)
        where = f" ({side.value})" if side in (Side.LEFT, Side.RIGHT) else ""
        test = f"the {muscle.length_test}" if muscle.length_test else NO_TEST
        text = (
            f"{muscle.name}{where}: short and strong in {_join(over)}, but weak in "
            f"{_join(under)}; {test} decides. Until one is recorded it gets hands-on work only "
            "where reported pain matches it, and the home program neither stretches nor "
            "strengthens it."
        )
        conflicts.append(
            Conflict(kind="muscle", text=text, muscle=muscle.id, side=side, test=muscle.length_test)
        )
    return tuple(conflicts)


def _pain_sides(target: MuscleTarget, sides: frozenset[Side]) -> frozenset[Side]:
    """The clashed sides where reported pain matches the muscle's referral zone."""
    hurting: set[Side] = set()
    for match in target.referrals:
        if sides_match(side_of(sides), match.pain_side):
            hurting |= sides & _sides(match.pain_side or Side.BILATERAL)
    return frozenset(hurting)


def settle_clashes(
    targets: Sequence[MuscleTarget], clashes: Sequence[Conflict]
) -> tuple[tuple[MuscleTarget, ...], tuple[MuscleTarget, ...]]:
    """The targets for hands-on work and for the home program, with clashed roles settled.

    On a clashed side the muscle keeps neither role: the home program neither stretches nor
    strengthens it there. Hands-on, it is worked there only when reported pain matches its
    referral zone, and then as trigger-point work without a stretch (as if underactive).
    Roles on its other side stay as they were.
    """
    clashed = {c.muscle: side_set(c.side) for c in clashes if c.kind == "muscle" and c.muscle}
    hands_on: list[MuscleTarget] = []
    home: list[MuscleTarget] = []
    for target in targets:
        sides = clashed.get(target.muscle)
        if sides is None:
            hands_on.append(target)
            home.append(target)
            continue
        over = _sides(target.over_side) - sides
        under = _sides(target.under_side) - sides
        settled = evolve(target, over_side=side_of(over), under_side=side_of(under))
        if over or under:
            home.append(settled)
        hurting = _pain_sides(target, sides)
        if hurting:
            hands_on.append(evolve(settled, under_side=side_of(under | hurting)))
        elif over or under:
            hands_on.append(settled)
    return tuple(hands_on), tuple(home)

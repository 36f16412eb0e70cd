"""Which side a pattern implicates each muscle on: side_from, sided findings, else bilateral."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from attrs import frozen

from posture_tui.domain.analysis import MuscleImplication, SetAside
from posture_tui.domain.common import Role, Side
from posture_tui.engine.findings import Observations, merge_sides
from posture_tui.knowledge.model import Knowledge, Pattern

OPPOSITE_PREFIX = "opposite:"


def side_from(entries: Iterable[str], observations: Observations) -> Side | None:
    """The side of the first present entry that has one; "opposite:ITEM" takes the other side.

    An entry may also name a side-valued measurement (the Thomas test).
    """
    for entry in entries:
        opposite = entry.startswith(OPPOSITE_PREFIX)
        name = entry[len(OPPOSITE_PREFIX) :] if opposite else entry
        found = observations.present.get(name)
        side = found.side if found is not None else observations.positive_measurements.get(name)
        if side is not None:
            return side.opposite() if opposite else side
    return None


class SideCollector:
    """Collects the explicit sides each (muscle, role) is implicated on, in first-seen order."""

    def __init__(self) -> None:
        self.sides: dict[tuple[str, Role], list[Side]] = {}

    def add(self, muscle: str, role: Role, side: Side | None) -> None:
        bucket = self.sides.setdefault((muscle, role), [])
        if side is not None:
            bucket.append(side)

    def implications(self) -> tuple[MuscleImplication, ...]:
        return tuple(
            MuscleImplication(muscle=muscle, role=role, side=merge_sides(sides) or Side.BILATERAL)
            for (muscle, role), sides in self.sides.items()
        )


def side_set(side: Side | None) -> frozenset[Side]:
    """The body sides a side covers: bilateral, and no side (the bilateral default), cover both."""
    if side in (Side.LEFT, Side.RIGHT) and side is not None:
        return frozenset((side,))
    return frozenset((Side.LEFT, Side.RIGHT))


def side_of(sides: frozenset[Side]) -> Side | None:
    """The one side for a set of body sides (both: bilateral; none: None)."""
    if len(sides) == 2:
        return Side.BILATERAL
    return next(iter(sides), None)


def overlap(first: Side | None, second: Side | None) -> bool:
    return bool(side_set(first) & side_set(second))


ROLE_WORDS = {Role.OVERACTIVE: "short and strong", Role.UNDERACTIVE: "weak"}


@frozen
class _Claim:
    """One source's role for a muscle on a side (None: no sided evidence, bilateral by default)."""

    muscle: str
    role: Role
    side: Side | None
    item: str = ""  # the checklist item that gave it; "" for a pattern's own table
    pattern: str = ""  # the pattern's name, for a pattern's own table


def _claims(collector: SideCollector, item: str = "", pattern: str = "") -> list[_Claim]:
    return [
        _Claim(muscle=muscle, role=role, side=merge_sides(sides), item=item, pattern=pattern)
        for (muscle, role), sides in collector.sides.items()
    ]


def _clashing(claim: _Claim, accepted: Iterable[_Claim]) -> _Claim | None:
    """The first accepted claim giving the same muscle the other role on an overlapping side."""
    for other in accepted:
        same_muscle = other.muscle == claim.muscle and other.role is not claim.role
        if same_muscle and overlap(other.side, claim.side):
            return other
    return None


def _where(side: Side | None) -> str:
    return f" ({side.value})" if side is not None else ""


def _set_aside_text(
    knowledge: Knowledge, claim: _Claim, kept: _Claim, observations: Observations, why: str
) -> str:
    name = knowledge.muscle_name(claim.muscle).lower()
    said, other = ROLE_WORDS[claim.role], ROLE_WORDS[kept.role]
    if claim.item:
        item = knowledge.checklist[claim.item]
        found = observations.present.get(claim.item)
        source = f"{item.label}{_where(found.side if found else None)} suggests {said} {name}"
    else:
        source = f"the {claim.pattern.lower()} lists {name}{_where(claim.side)} as {said}"
    if kept.pattern:
        return (
            f"{source[0].upper()}{source[1:]}; in the {kept.pattern.lower()} the pattern lists "
            f"{name} as {other} (pattern's role kept)"
        )
    kept_label = knowledge.checklist[kept.item].label
    return (
        f"{source[0].upper()}{source[1:]}; {kept_label} suggests {other} {name} and weighs more "
        f"here ({why}), so that role is kept"
    )


def _why(kept: _Claim, claim: _Claim, defining: Collection[str], obs: Observations) -> str:
    if (kept.item in defining) != (claim.item in defining):
        return "a defining finding of the pattern"
    if obs.severity(kept.item) != obs.severity(claim.item):
        return "the more severe finding"
    return "recorded first"


def resolve_roles(
    knowledge: Knowledge,
    patterns: Iterable[Pattern],
    evidence_items: Iterable[str],
    observations: Observations,
    defining: Collection[str] = (),
) -> tuple[tuple[MuscleImplication, ...], tuple[SetAside, ...]]:
    """Muscles a raised pattern (with the patterns it requires) implicates, one role per side.

    The patterns' own muscles take their side from `side_from`; the overactive and underactive
    muscles of each evidence item take the side of that finding. A muscle with no sided evidence is
    implicated bilaterally; explicit sides win over that default (left and right make bilateral).

    One muscle, one role (CLINICAL.md 3): where two sources give a muscle opposite roles on an
    overlapping side, the pattern's own table wins over the patterns it requires, and those over
    the findings; between findings, a defining finding wins, then the more severe, then the one
    listed first. The losing role is returned as set aside. A pattern that lists a muscle in both
    roles (one side short, the other weak) with no finding to tell the sides apart keeps neither.
    """
    items = list(dict.fromkeys(evidence_items))
    accepted: list[_Claim] = []
    set_aside: list[SetAside] = []
    ordered: list[_Claim] = []  # every claim in the order sources are listed (the output order)
    for pattern in patterns:
        collector = SideCollector()
        for entry in pattern.muscles:
            if entry.muscle not in knowledge.muscles:
                continue
            side = side_from(entry.side_from, observations)
            if side is None and entry.only_with_side:
                continue  # e.g. the low hip's abductors when no finding says which hip is low
            collector.add(entry.muscle, entry.role, side)
        claims = _claims(collector, pattern=pattern.name)
        ordered += claims
        for claim in claims:
            twin = _clashing(claim, claims)
            kept = _clashing(claim, accepted)
            if twin is not None:
                name = knowledge.muscle_name(claim.muscle).lower()
                text = (
                    f"The {pattern.name.lower()} lists {name} as short on one side and weak on "
                    "the other, but no finding shows which side: left out until a side is recorded"
                )
                set_aside.append(SetAside(claim.muscle, claim.side, claim.role, "", text))
            elif kept is not None:
                text = _set_aside_text(knowledge, claim, kept, observations, "")
                set_aside.append(SetAside(claim.muscle, claim.side, claim.role, "", text))
            else:
                accepted.append(claim)
    by_item: dict[str, list[_Claim]] = {}
    for item_id in items:
        collector = SideCollector()
        add_item_muscles(knowledge, item_id, observations, collector)
        by_item[item_id] = _claims(collector, item=item_id)
        ordered += by_item[item_id]
    position = {item_id: n for n, item_id in enumerate(items)}
    ranked = sorted(
        items,
        key=lambda i: (i not in defining, -observations.severity(i), position[i]),
    )
    for item_id in ranked:
        for claim in by_item[item_id]:
            kept = _clashing(claim, accepted)
            if kept is None:
                accepted.append(claim)
                continue
            why = _why(kept, claim, defining, observations)
            text = _set_aside_text(knowledge, claim, kept, observations, why)
            set_aside.append(SetAside(claim.muscle, claim.side, claim.role, item_id, text))
    kept_claims = set(accepted)
    final = SideCollector()
    for claim in ordered:
        if claim in kept_claims:
            final.add(claim.muscle, claim.role, claim.side)
    return final.implications(), tuple(set_aside)


def add_item_muscles(
    knowledge: Knowledge, item_id: str, observations: Observations, collector: SideCollector
) -> None:
    """Add the checklist item's own overactive/underactive muscles on the finding's side.

    The item's `opposite_*` muscles go on the other side (bilateral stays bilateral, no side
    stays no side).
    """
    item = knowledge.checklist.get(item_id)
    found = observations.present.get(item_id)
    if item is None or found is None:
        return
    other = found.side.opposite() if found.side is not None else None
    for role, muscles, side in (
        (Role.OVERACTIVE, item.overactive, found.side),
        (Role.UNDERACTIVE, item.underactive, found.side),
        (Role.OVERACTIVE, item.opposite_overactive, other),
        (Role.UNDERACTIVE, item.opposite_underactive, other),
    ):
        for muscle in muscles:
            if muscle in knowledge.muscles:
                collector.add(muscle, role, side)


def item_muscles(
    knowledge: Knowledge, item_id: str, observations: Observations
) -> tuple[MuscleImplication, ...]:
    """Muscles one finding implicates on its own (used for findings outside every pattern)."""
    return resolve_roles(knowledge, (), (item_id,), observations)[0]

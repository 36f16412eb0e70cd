"""Which side a pattern implicates each muscle on: side_from, sided findings, else bilateral."""

from __future__ import annotations

from collections.abc import Iterable

from posture_tui.domain.analysis import MuscleImplication
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


def implicated_muscles(
    knowledge: Knowledge,
    patterns: Iterable[Pattern],
    evidence_items: Iterable[str],
    observations: Observations,
) -> tuple[MuscleImplication, ...]:
    """Muscles a raised pattern (with the patterns it requires) implicates, with sides.

    The patterns' own muscles take their side from `side_from`; the overactive and underactive
    muscles of each evidence item take the side of that finding. A muscle with no sided evidence is
    implicated bilaterally; explicit sides win over that default (left and right make bilateral).
    """
    collector = SideCollector()
    for pattern in patterns:
        for entry in pattern.muscles:
            if entry.muscle in knowledge.muscles:
                collector.add(entry.muscle, entry.role, side_from(entry.side_from, observations))
    for item_id in evidence_items:
        add_item_muscles(knowledge, item_id, observations, collector)
    return collector.implications()


def add_item_muscles(
    knowledge: Knowledge, item_id: str, observations: Observations, collector: SideCollector
) -> None:
    """Add the checklist item's own overactive/underactive muscles on the finding's side."""
    item = knowledge.checklist.get(item_id)
    found = observations.present.get(item_id)
    if item is None or found is None:
        return
    for role, muscles in ((Role.OVERACTIVE, item.overactive), (Role.UNDERACTIVE, item.underactive)):
        for muscle in muscles:
            if muscle in knowledge.muscles:
                collector.add(muscle, role, found.side)


def item_muscles(
    knowledge: Knowledge, item_id: str, observations: Observations
) -> tuple[MuscleImplication, ...]:
    """Muscles one finding implicates on its own (used for findings outside every pattern)."""
    collector = SideCollector()
    add_item_muscles(knowledge, item_id, observations, collector)
    return collector.implications()

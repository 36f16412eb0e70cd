"""Label each finding of a flag primary or compensatory, from the knowledge's compensation list."""

from __future__ import annotations

from collections.abc import Iterable

from posture_tui.domain.analysis import FindingRole
from posture_tui.domain.common import Side
from posture_tui.engine.findings import Observations, Present
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.knowledge.model import Compensation, Knowledge

PRIMARY = "primary"
COMPENSATORY = "compensatory"
_UNILATERAL = (Side.LEFT, Side.RIGHT)


def relation_holds(relation: str, side: Side | None, other: Side | None) -> bool:
    """Whether two findings' sides stand in `relation` ("same_side", "opposite_side" or "any")."""
    if relation == "any":
        return True
    if side not in _UNILATERAL or other not in _UNILATERAL:
        return False
    return side == other if relation == "same_side" else side != other


def _side_text(side: Side | None) -> str:
    return f" on the {side.value}" if side in _UNILATERAL and side is not None else ""


def _holding(
    index: KnowledgeIndex, found: Present, observations: Observations
) -> Compensation | None:
    for comp in index.compensations_by_item.get(found.item, ()):
        other = observations.present.get(comp.compensates_for)
        if other is not None and relation_holds(comp.relation, found.side, other.side):
            return comp
    return None


def finding_roles(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    items: Iterable[str],
    observations: Observations,
) -> tuple[FindingRole, ...]:
    """For each present item: compensatory (and for what) when a compensation relation holds."""
    chosen = [observations.present[i] for i in items if i in observations.present]
    compensating: dict[str, Compensation] = {}
    for found in chosen:
        comp = _holding(index, found, observations)
        if comp is not None:
            compensating[found.item] = comp
    roles: list[FindingRole] = []
    for found in chosen:
        comp = compensating.get(found.item)
        if comp is not None:
            other = observations.present[comp.compensates_for]
            label = knowledge.checklist[comp.compensates_for].label.lower()
            why = f"{comp.why} (compensates for {label}{_side_text(other.side)})"
            roles.append(FindingRole(found.item, found.side, COMPENSATORY, why))
            continue
        followers = [
            knowledge.checklist[item].label.lower()
            for item, comp in compensating.items()
            if comp.compensates_for == found.item
        ]
        if followers:
            verb = "looks" if len(followers) == 1 else "look"
            why = f"{', '.join(followers)} {verb} like a compensation for it"
        else:
            why = "no other finding here explains it"
        roles.append(FindingRole(found.item, found.side, PRIMARY, why))
    return tuple(roles)

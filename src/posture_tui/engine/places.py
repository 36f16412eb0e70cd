"""Where and when a safety rule applies: the condition's details against a target's regions.

A detail that was not recorded never makes a rule less safe (CLINICAL.md 5.2): no region means
everywhere, no side means both sides, no weeks means past week 20, no severity means severe, no
clearance means not cleared.
"""

from __future__ import annotations

from collections.abc import Iterable

from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.knowledge.model import Knowledge, TechniqueRule

UNKNOWN_WEEKS = 99  # pregnancy without weeks counts as past every week threshold
UNKNOWN_SEVERITY = "severe"
LIMB_PARTS = ("arm", "leg")
NO_REGION_NOTE = "region not recorded, so applied everywhere"


def regions_of_parts(knowledge: Knowledge, parts: Iterable[str]) -> set[str]:
    wanted = set(parts)
    return {region.id for region in knowledge.pain_regions.values() if region.part in wanted}


def condition_places(
    knowledge: Knowledge, where: str, entry: ContraindicationEntry
) -> set[str] | None:
    """The regions a "region", "limb" or "region_and_distal" rule covers; None: everywhere."""
    if where == "everywhere" or entry.region is None:
        return None
    places = {entry.region}
    region = knowledge.pain_regions.get(entry.region)
    if region is None:
        return places
    if where == "limb" and region.part in LIMB_PARTS:
        places |= regions_of_parts(knowledge, (region.part,))
    elif where == "region_and_distal":
        places |= set(region.distal)
    return places


def rule_places(
    knowledge: Knowledge, rule: TechniqueRule, entry: ContraindicationEntry
) -> set[str] | None:
    """Every region the rule covers for this entry; None: everywhere."""
    fixed = set(rule.regions) | regions_of_parts(knowledge, rule.parts)
    placed = condition_places(knowledge, rule.where, entry)
    if rule.where != "everywhere" and placed is None:
        return None  # a regional condition recorded without its region: everywhere
    if placed is None:
        return fixed or None
    return placed | fixed


def side_applies(entry_side: Side | None, target_side: Side | None) -> bool:
    """A one-sided condition reaches targets on its side, on both sides, or with no side."""
    if entry_side not in (Side.LEFT, Side.RIGHT):
        return True
    return target_side in (None, Side.BILATERAL, entry_side)


def recorded_in(
    knowledge: Knowledge,
    entry: ContraindicationEntry,
    regions: tuple[str, ...],
    parts: tuple[str, ...],
) -> bool:
    """Whether the condition was recorded in these regions or parts (no region: assume so)."""
    if not regions and not parts:
        return True
    if entry.region is None:
        return True
    region = knowledge.pain_regions.get(entry.region)
    return entry.region in regions or (region is not None and region.part in parts)


def details_apply(rule: TechniqueRule, entry: ContraindicationEntry) -> bool:
    """The rule's `cleared`, `severity` and `min_weeks` against the entry (safe defaults)."""
    if rule.cleared is not None and entry.cleared != rule.cleared:
        return False
    if rule.severity is not None and (entry.severity or UNKNOWN_SEVERITY) != rule.severity:
        return False
    weeks = entry.weeks if entry.weeks is not None else UNKNOWN_WEEKS
    return rule.min_weeks is None or weeks >= rule.min_weeks


def rule_applies(
    knowledge: Knowledge,
    rule: TechniqueRule,
    entry: ContraindicationEntry,
    target_regions: Iterable[str],
    target_side: Side | None,
) -> bool:
    """Whether `rule` (for `entry`'s condition) reaches a target in these regions on this side."""
    if rule.condition != entry.id or not details_apply(rule, entry):
        return False
    if not recorded_in(knowledge, entry, rule.if_regions, rule.if_parts):
        return False
    places = rule_places(knowledge, rule, entry)
    if places is not None and not places.intersection(target_regions):
        return False
    return not (rule.on_side and not side_applies(entry.side, target_side))

"""Check a home exercise against the knowledge base's exercise rules (CLINICAL.md 5.5)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.places import NO_REGION_NOTE, condition_places, side_applies
from posture_tui.knowledge.model import ExerciseDef, ExerciseRule, Knowledge


@frozen
class Hit:
    """The first rule that leaves an exercise out: the condition, why, and where (if a region)."""

    condition: str
    reason: str
    region: str | None = None


def pressed(knowledge: Knowledge, definition: ExerciseDef, muscle: str | None) -> tuple[str, ...]:
    """Regions the exercise presses on; a self-pressure exercise without them presses its muscle."""
    if definition.pressure_regions or "self_pressure" not in definition.loads:
        return definition.pressure_regions
    target = knowledge.muscles.get(muscle) if muscle else None
    return (target.region,) if target is not None else ()


def loaded(knowledge: Knowledge, definition: ExerciseDef, muscle: str | None) -> tuple[str, ...]:
    """Regions the exercise presses on, moves or loads, its muscle's region included."""
    target = knowledge.muscles.get(muscle) if muscle else None
    own = (target.region,) if target is not None else ()
    return tuple(
        dict.fromkeys((*definition.regions, *pressed(knowledge, definition, muscle), *own))
    )


# an exercise rule's `extent` in the words of a technique rule's `where` (places.py)
_WHERE = {"region": "region", "distal": "region_and_distal", "limb": "limb"}


def _where(
    knowledge: Knowledge,
    rule: ExerciseRule,
    entry: ContraindicationEntry,
    pressing: tuple[str, ...],
    loading: tuple[str, ...],
) -> str | None:
    """The region where the rule's regional criteria hit, or None when they do not."""
    hit = next((r for r in pressing if r in rule.pressure_regions), None)
    if hit is None:
        hit = next((r for r in loading if r in rule.load_regions), None)
    if hit is not None:
        return hit
    candidates = (pressing if rule.pressure_in_region else ()) + (
        loading if rule.loads_in_region else ()
    )
    if not candidates:
        return None
    area = condition_places(knowledge, _WHERE[rule.extent], entry)
    if area is None:  # no region recorded: everywhere
        return candidates[0]
    return next((r for r in candidates if r in area), None)


def _reason(knowledge: Knowledge, rule: ExerciseRule, entry: ContraindicationEntry) -> str:
    notes: list[str] = []
    if rule.pressure_in_region or rule.loads_in_region:
        if entry.region is None:
            notes.append(NO_REGION_NOTE)
        else:
            side = f", {entry.side.value}" if entry.side is not None else ""
            notes.append(f"recorded in the {knowledge.region_name(entry.region).lower()}{side}")
    if rule.min_weeks is not None and entry.weeks is None:
        notes.append(f"weeks not recorded, so treated as past week {rule.min_weeks}")
    text = rule.reason.rstrip(". ")
    return f"{text} ({'; '.join(notes)})." if notes else f"{text}."


def rule_hits(
    knowledge: Knowledge,
    rule: ExerciseRule,
    entry: ContraindicationEntry,
    definition: ExerciseDef,
    muscle: str | None = None,
    side: Side | None = None,
) -> Hit | None:
    """How `rule` leaves the exercise out for a client with `entry`, or None when it does not.

    An exercise without a position (untagged, e.g. from a clinic's older file) cannot be checked,
    so every rule of the client's conditions leaves it out.
    """
    if rule.condition != entry.id:
        return None
    if rule.min_weeks is not None and entry.weeks is not None and entry.weeks < rule.min_weeks:
        return None
    if not definition.position:
        reason = rule.reason.rstrip(". ")
        untagged = "the exercise has no position or loads recorded, so it cannot be checked"
        return Hit(condition=entry.id, reason=f"{reason} ({untagged}).")
    region: str | None = None
    if definition.position not in rule.positions and not set(definition.loads) & set(rule.loads):
        if not side_applies(entry.side, side):
            return None
        where = _where(
            knowledge,
            rule,
            entry,
            pressed(knowledge, definition, muscle),
            loaded(knowledge, definition, muscle),
        )
        if where is None:
            return None
        region = where
    return Hit(condition=entry.id, reason=_reason(knowledge, rule, entry), region=region)


def first_hit(
    knowledge: Knowledge,
    definition: ExerciseDef,
    muscle: str | None,
    side: Side | None,
    entries: Sequence[ContraindicationEntry],
) -> Hit | None:
    """The first rule (conditions in the client's order) that leaves the exercise out."""
    for entry in entries:
        for rule in knowledge.exercise_rules:
            hit = rule_hits(knowledge, rule, entry, definition, muscle, side)
            if hit is not None:
                return hit
    return None

"""Effective findings: checklist answers (severity 0 dropped) plus what measurements add."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import evolve, frozen

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import MAX_SEVERITY, Side, severity_word
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.knowledge.model import Knowledge, MeasurementDef, MeasurementRule


@frozen
class Present:
    """A checklist item that shows (severity >= 1), merged over its entries."""

    item: str
    severity: int  # the highest severity recorded for the item
    side: Side | None  # left + right entries merge to bilateral
    measurements: tuple[str, ...] = ()  # measurement ids that raised or supported it
    derived: bool = False  # raised by a measurement alone


@frozen
class Observations:
    """Everything the rules look at: present items, positive measurements and notes on both."""

    present: dict[str, Present]
    positive_measurements: dict[str, Side | None]  # measurement id -> side (Thomas test)
    notes: tuple[str, ...]

    def severity(self, item: str) -> int:
        found = self.present.get(item)
        return found.severity if found else 0


def merge_sides(sides: Iterable[Side | None]) -> Side | None:
    """One side for several: left with right (or any bilateral) is bilateral; none known is None."""
    known = {side for side in sides if side is not None}
    if not known:
        return None
    if len(known) == 1:
        return next(iter(known))
    return Side.BILATERAL


def _choice_side(value: object) -> Side | None:
    text = str(value)
    return Side(text) if text in Side._value2member_map_ else None


def _fires(rule: MeasurementRule, value: object, definition: MeasurementDef) -> bool:
    if not definition.is_positive(value):
        return False
    if definition.kind == "choice" or not isinstance(value, int | float):
        return True
    if rule.below is None and rule.at_least is None:
        return False
    if rule.below is not None and not value < rule.below:
        return False
    return rule.at_least is None or value >= rule.at_least


def _format_value(value: object, unit: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return f"{text} {unit}".strip() if unit else text


def observe(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    findings: Iterable[Finding],
    measurements: Measurements,
) -> Observations:
    """Merge findings by item; measurement rules raise absent items or support present ones."""
    severities: dict[str, int] = {}
    sides: dict[str, list[Side | None]] = {}
    for finding in findings:
        if finding.severity <= 0 or finding.item not in knowledge.checklist:
            continue
        severities[finding.item] = max(severities.get(finding.item, 0), finding.severity)
        sides.setdefault(finding.item, []).append(finding.side)
    present = {
        item: Present(item=item, severity=sev, side=merge_sides(sides[item]))
        for item, sev in severities.items()
    }
    positive: dict[str, Side | None] = {}
    notes: list[str] = []
    for measurement_id, definition in knowledge.measurements.items():
        value = measurements.get(measurement_id)
        if value is None:
            continue
        if definition.kind == "choice" and definition.is_positive(value):
            positive[measurement_id] = _choice_side(value)
        shown = _format_value(value, definition.unit)
        strongest: dict[str, MeasurementRule] = {}  # item -> the firing rule of highest severity
        for rule in index.rules_by_measurement.get(measurement_id, ()):
            if rule.item not in knowledge.checklist or not _fires(rule, value, definition):
                continue
            best = strongest.get(rule.item)
            if best is None or rule.severity > best.severity:
                strongest[rule.item] = rule
        for item_id, rule in strongest.items():
            positive.setdefault(measurement_id, _choice_side(value))
            item = knowledge.checklist[item_id]
            why = rule.text or f"{definition.label} {shown}"
            current = present.get(item_id)
            if current is None:
                side = _choice_side(value) if item.sided else None
                severity = min(max(rule.severity, 1), MAX_SEVERITY)
                present[item_id] = Present(
                    item=item_id,
                    severity=severity,
                    side=side,
                    measurements=(measurement_id,),
                    derived=True,
                )
                unsided = " (side not recorded)" if item.sided and side is None else ""
                notes.append(
                    f"{item.label}{unsided} raised by {measurement_id} ({shown}): "
                    f"{why.rstrip('.')}; severity {severity} ({severity_word(severity)})"
                )
            elif measurement_id not in current.measurements:
                present[item_id] = evolve(
                    current, measurements=(*current.measurements, measurement_id)
                )
                notes.append(
                    f"{item.label} supported by {measurement_id} ({shown}): {why.rstrip('.')}"
                )
    return Observations(present=present, positive_measurements=positive, notes=tuple(notes))

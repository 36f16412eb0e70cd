"""Compare two assessments of a client: findings, flags, pain, measurements and outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from attrs import frozen

from posture_tui.domain.analysis import Flag
from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.domain.photos import Measure, Photo
from posture_tui.domain.records import Assessment
from posture_tui.knowledge.model import Knowledge, MeasurementDef
from posture_tui.progress.outcomes import (
    NDI,
    ODI,
    OutcomeChange,
    compare_scores,
    score_ndi,
    score_odi,
)
from posture_tui.progress.pain import PainChange, pain_change

IMPROVED = "improved"
WORSE = "worse"
UNCHANGED = "unchanged"
NEW = "new"
RESOLVED = "resolved"
PERSISTING = "persisting"

STRENGTH_STEP = 0.05  # strength differences smaller than this read as "same"


@frozen
class FindingChange:
    """One checklist item on one side at two visits (severity 0 when absent)."""

    item: str
    side: Side | None
    before: int
    after: int
    status: str  # improved, worse, unchanged, new or resolved


@frozen
class FlagChange:
    """One pattern flag at two visits."""

    pattern: str
    name: str
    before: float | None
    after: float | None
    before_label: str | None
    after_label: str | None
    status: str  # new, resolved or persisting
    trend: str  # "stronger", "weaker", "same" or "" when not persisting

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


@frozen
class MeasurementChange:
    """One measurement at two visits and whether the change is for the better."""

    id: str
    unit: str
    before: float | str | None
    after: float | str | None
    change: float | None  # after - before for numbers
    # "better", "worse", "same", "changed side", "changed" (no better direction is known) or
    # "not comparable"
    direction: str
    better: str | None = None  # the knowledge base's better direction of a number


@frozen
class PhotoMeasureChange:
    """One photo measure of the same view at two visits (the signed value: + and - are the
    sides or directions the measure names), and whether it changed for the better."""

    view: str
    id: str
    unit: str
    before: float | None
    after: float | None
    change: float | None
    direction: str  # "better", "worse", "same", "changed" or "not comparable"
    before_side: Side | None = None
    after_side: Side | None = None


@frozen
class Comparison:
    """Everything that changed between an earlier and a later assessment."""

    client_id: str
    before_id: str
    after_id: str
    before_date: datetime
    after_date: datetime
    findings: tuple[FindingChange, ...]
    flags: tuple[FlagChange, ...]
    pain: tuple[PainChange, ...]
    measurements: tuple[MeasurementChange, ...]
    ndi: OutcomeChange
    odi: OutcomeChange
    photo_measures: tuple[PhotoMeasureChange, ...] = ()


def _side_order(side: Side | None) -> str:
    return "" if side is None else side.value


def _findings_by_key(findings: Iterable[Finding]) -> dict[tuple[str, Side | None], int]:
    keyed: dict[tuple[str, Side | None], int] = {}
    for finding in findings:
        if finding.severity > 0:
            key = (finding.item, finding.side)
            keyed[key] = max(keyed.get(key, 0), finding.severity)
    return keyed


def compare_findings(
    before: Iterable[Finding], after: Iterable[Finding]
) -> tuple[FindingChange, ...]:
    """Each item and side present at either visit; a severity 0 answer counts as absent."""
    old = _findings_by_key(before)
    new = _findings_by_key(after)
    changes = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[0], _side_order(k[1]))):
        start, end = old.get(key, 0), new.get(key, 0)
        if start == 0:
            status = NEW
        elif end == 0:
            status = RESOLVED
        elif end < start:
            status = IMPROVED
        elif end > start:
            status = WORSE
        else:
            status = UNCHANGED
        changes.append(FindingChange(key[0], key[1], start, end, status))
    return tuple(changes)


def compare_flags(before: Iterable[Flag], after: Iterable[Flag]) -> tuple[FlagChange, ...]:
    """Flags keyed by pattern: new, resolved, or persisting with the change of strength."""
    old = {flag.pattern: flag for flag in before}
    new = {flag.pattern: flag for flag in after}
    order = [*old, *(pattern for pattern in new if pattern not in old)]
    changes = []
    for pattern in order:
        a, b = old.get(pattern), new.get(pattern)
        shown = b or a
        name = shown.name if shown is not None else pattern
        if a is None and b is not None:
            changes.append(
                FlagChange(pattern, name, None, b.strength, None, b.strength_label, NEW, "")
            )
        elif b is None and a is not None:
            changes.append(
                FlagChange(pattern, name, a.strength, None, a.strength_label, None, RESOLVED, "")
            )
        elif a is not None and b is not None:
            delta = round(b.strength - a.strength, 2)
            trend = "same"
            if delta >= STRENGTH_STEP:
                trend = "stronger"
            elif delta <= -STRENGTH_STEP:
                trend = "weaker"
            changes.append(
                FlagChange(
                    pattern,
                    name,
                    a.strength,
                    b.strength,
                    a.strength_label,
                    b.strength_label,
                    PERSISTING,
                    trend,
                )
            )
    return tuple(changes)


def compare_pain(before: Iterable[PainEntry], after: Iterable[PainEntry]) -> tuple[PainChange, ...]:
    """Pain per region and side; a region not reported at a visit counts as 0 there."""
    old = {(entry.region, entry.side): entry.score for entry in before}
    new = {(entry.region, entry.side): entry.score for entry in after}
    keys = sorted(old.keys() | new.keys(), key=lambda k: (k[0], _side_order(k[1])))
    return tuple(
        pain_change(region, side, old.get((region, side)), new.get((region, side)))
        for region, side in keys
    )


def _number_direction(start: float, end: float, better: str | None) -> str:
    if end == start:
        return "same"
    if better is None:
        return "changed"
    return "better" if (end > start) == (better == "higher") else "worse"


def _choice_direction(definition: MeasurementDef, start: str, end: str) -> str:
    if start == end:
        return "same"
    before, after = definition.score(start), definition.score(end)
    if before is None or after is None:
        return "changed"  # a choice the knowledge base no longer has
    if before == after:
        return "changed side"
    return "better" if after < before else "worse"


def compare_measurements(
    before: Measurements, after: Measurements, knowledge: Knowledge
) -> tuple[MeasurementChange, ...]:
    """Each measurement taken at either visit, in the knowledge base's order (then any it no
    longer has). Which way is better is the knowledge base's: `better` for a number, the
    choices' `scores` for a choice (the same score on another choice is a change of side)."""
    changes: list[MeasurementChange] = []
    known = list(knowledge.measurements)
    taken = before.values.keys() | after.values.keys()
    for name in [*known, *sorted(taken - set(known))]:
        start, end = before.get(name), after.get(name)
        if start is None and end is None:
            continue
        definition = knowledge.measurements.get(name)
        unit = definition.unit if definition else ""
        better = definition.better if definition else None
        if start is None or end is None:
            changes.append(
                MeasurementChange(name, unit, start, end, None, "not comparable", better)
            )
        elif isinstance(start, str) or isinstance(end, str):
            if definition is None or not isinstance(start, str) or not isinstance(end, str):
                direction = "same" if start == end else "changed"
            else:
                direction = _choice_direction(definition, start, end)
            changes.append(MeasurementChange(name, unit, start, end, None, direction, better))
        else:
            change = round(end - start, 1)
            direction = _number_direction(start, end, better)
            changes.append(MeasurementChange(name, unit, start, end, change, direction, better))
    return tuple(changes)


def _photo_direction(start: float, end: float, better: str | None) -> str:
    if end == start:
        return "same"
    if better == "zero":
        if abs(end) == abs(start):
            return "changed"  # as far from level, on the other side
        return "better" if abs(end) < abs(start) else "worse"
    return _number_direction(start, end, better)


def compare_photo_measures(
    before: Iterable[Photo], after: Iterable[Photo], knowledge: Knowledge
) -> tuple[PhotoMeasureChange, ...]:
    """Each measure of a view photographed at both visits, in view then measure order; which
    way is better is the knowledge base's (`[settings.photos.better]`). A measure with a side
    is compared as its size and the side it leans to."""
    better = dict(knowledge.settings.photos.better)
    first = {photo.view: photo for photo in before}
    changes: list[PhotoMeasureChange] = []
    for photo in after:
        earlier = first.get(photo.view)
        if earlier is None:
            continue
        then = {m.id: m for m in earlier.measures}
        now = {m.id: m for m in photo.measures}
        for name in [*then, *(n for n in now if n not in then)]:
            start, end = then.get(name), now.get(name)
            sides = (start.side if start else None, end.side if end else None)
            unit = next(m for m in (end, start) if m is not None).unit  # one of them is there
            a = _signed(start) if start is not None else None
            b = _signed(end) if end is not None else None
            if a is None or b is None:
                change, direction = None, "not comparable"
            else:
                change, direction = round(b - a, 1), _photo_direction(a, b, better.get(name))
            changes.append(
                PhotoMeasureChange(photo.view, name, unit, a, b, change, direction, *sides)
            )
    return tuple(changes)


def _signed(measure: Measure) -> float:
    """A sided level or shift as + towards the client's right, - towards the left, so that
    leaning the other way reads as a change; other measures as they are."""
    if measure.side is None:
        return measure.value
    return abs(measure.value) if measure.side is Side.RIGHT else -abs(measure.value)


def compare_assessments(before: Assessment, after: Assessment, knowledge: Knowledge) -> Comparison:
    """The comparison of an earlier assessment with a later one (order as given)."""
    return Comparison(
        client_id=after.client_id,
        before_id=before.id,
        after_id=after.id,
        before_date=before.created,
        after_date=after.created,
        findings=compare_findings(before.findings, after.findings),
        flags=compare_flags(before.analysis.flags, after.analysis.flags),
        pain=compare_pain(before.pain, after.pain),
        measurements=compare_measurements(before.measurements, after.measurements, knowledge),
        ndi=compare_scores(NDI, score_ndi(before.outcomes.ndi), score_ndi(after.outcomes.ndi)),
        odi=compare_scores(ODI, score_odi(before.outcomes.odi), score_odi(after.outcomes.odi)),
        photo_measures=compare_photo_measures(before.photos, after.photos, knowledge),
    )

"""The comparison and the trend as plain text lines and as JSON-ready dicts (CLI and exports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from posture_tui.domain.common import Side, severity_word
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import (
    Comparison,
    FlagChange,
    MeasurementChange,
    PhotoMeasureChange,
)
from posture_tui.progress.outcomes import OutcomeChange, OutcomeScore
from posture_tui.progress.pain import (
    MIN_PERCENT,
    MIN_POINTS,
    MUCH_PERCENT,
    MUCH_POINTS,
    PainChange,
)
from posture_tui.progress.trend import Series, Trend, format_value, sparkline

LABEL_WIDTH = 26
WIDTH = 80


def _side(side: Side | None) -> str | None:
    return None if side is None else side.value


def _with_side(name: str, side: Side | None) -> str:
    return name if side is None else f"{name} ({side.value})"


class Names:
    """Display names from the knowledge base, falling back to the ids."""

    def __init__(self, knowledge: Knowledge | None) -> None:
        self.knowledge = knowledge

    def region_rank(self, region: str) -> int:
        """Position in the knowledge base's region list (head to foot); unknown ones last."""
        order = list(self.knowledge.pain_regions) if self.knowledge else []
        return order.index(region) if region in order else len(order)

    def region(self, region: str) -> str:
        return self.knowledge.region_name(region) if self.knowledge else region

    def item(self, item: str) -> str:
        found = self.knowledge.checklist.get(item) if self.knowledge else None
        return found.label if found else item

    def measurement(self, measurement: str) -> str:
        found = self.knowledge.measurements.get(measurement) if self.knowledge else None
        return found.label if found else measurement

    def pattern(self, pattern: str, fallback: str = "") -> str:
        found = self.knowledge.patterns.get(pattern) if self.knowledge else None
        return found.name if found else (fallback or pattern)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def flag_strength(label: str | None, strength: float | None) -> str:
    """A flag's strength at one visit, e.g. "strong 90%" ("-" when the flag was not raised)."""
    return f"{label} {_percent(strength)}" if label else "-"


def flag_verdict(change: FlagChange) -> str:
    """new, resolved, or e.g. "persisting, weaker (-30%)"."""
    verdict = change.status
    if change.trend:
        delta = change.change or 0.0
        verdict += f", {change.trend} ({delta * 100:+.0f}%)"
    return verdict


def _flag_text(change: FlagChange) -> str:
    before = flag_strength(change.before_label, change.before)
    after = flag_strength(change.after_label, change.after)
    return f"{before} -> {after}  {flag_verdict(change)}"


def _row(label: str, rest: str) -> list[str]:
    """`label` then `rest` in a column; `rest` goes on its own indented line when it won't fit."""
    line = f"  {label:<{LABEL_WIDTH}}{rest}"
    if len(line) <= WIDTH and len(label) < LABEL_WIDTH:
        return [line]
    return [f"  {label}", f"      {rest}"]


def measure_text(value: float | str | None, unit: str) -> str:
    """A measurement value with its unit ("-" when not taken)."""
    if value is None:
        return "-"
    return str(value) if isinstance(value, str) else f"{value:g}{unit}"


def score_text(score: OutcomeScore | None) -> str:
    """An NDI or ODI score with its band, or "not recorded"."""
    return "not recorded" if score is None else score.text()


def _outcome_line(label: str, change: OutcomeChange) -> str:
    if change.before is None and change.after is None:
        return f"  {label:<5}not recorded"
    line = f"  {label:<5}{score_text(change.before)} -> {score_text(change.after)}"
    if change.change is None:
        return f"{line}  {change.verdict}"
    return f"{line}  {change.change:+g}  {outcome_verdict(change)}"


def outcome_verdict(change: OutcomeChange) -> str:
    """The judgement with the threshold it was judged by, e.g. "improved (MCID 5)"."""
    if change.change is None:
        return change.verdict
    unit = "" if change.measure == "ndi" else " %"
    return f"{change.verdict} (MCID {change.mcid:g}{unit})"


PAIN_RULE = (
    f"NPRS 0-10; a change of {MIN_POINTS} point or {MIN_PERCENT}% matters, "
    f"{MUCH_POINTS} points or {MUCH_PERCENT}% is much"
)


def pain_changes_in_order(
    changes: Sequence[PainChange], knowledge: Knowledge | None
) -> list[PainChange]:
    """Pain changes from head to foot (the knowledge base's region order)."""
    names = Names(knowledge)
    return sorted(changes, key=lambda p: (names.region_rank(p.region), p.region))


def pain_verdict(pain: PainChange) -> str:
    """The MCID judgement, led by "new" or "resolved" when the region was absent at a visit."""
    status = f"{pain.status}, " if pain.status in ("new", "resolved") else ""
    return f"{status}{pain.verdict}"


def comparison_lines(comparison: Comparison, knowledge: Knowledge | None = None) -> list[str]:
    """The comparison in words and digits, one fact a line, every line self-explaining."""
    names = Names(knowledge)
    lines = [
        f"Visit {comparison.before_id} ({comparison.before_date:%Y-%m-%d}) -> "
        f"visit {comparison.after_id} ({comparison.after_date:%Y-%m-%d})",
        "",
        f"Pain ({PAIN_RULE})",
    ]
    if not comparison.pain:
        lines.append("  none recorded")
    for pain in pain_changes_in_order(comparison.pain, knowledge):
        label = _with_side(names.region(pain.region), pain.side)
        before = "-" if pain.before is None else str(pain.before)
        after = "-" if pain.after is None else str(pain.after)
        change = f"{before:>2} -> {after:>2}  {pain.change:+d}"
        lines.extend(_row(label, f"{change}  {pain_verdict(pain)}"))
    lines.append("Findings (severity 0-3)")
    if not comparison.findings:
        lines.append("  none at either visit")
    for finding in comparison.findings:
        label = _with_side(names.item(finding.item), finding.side)
        severities = (
            f"{finding.before} {severity_word(finding.before)} -> "
            f"{finding.after} {severity_word(finding.after)}"
        )
        lines.extend(_row(label, f"{severities}  {finding.status}"))
    lines.append("Flags (pattern strength)")
    if not comparison.flags:
        lines.append("  none at either visit")
    for flag in comparison.flags:
        label = names.pattern(flag.pattern, flag.name)
        lines.extend(_row(label, _flag_text(flag)))
    lines.append("Measurements")
    if not comparison.measurements:
        lines.append("  none at either visit")
    for measurement in comparison.measurements:
        unit = f" {measurement.unit}" if measurement.unit else ""
        before = measure_text(measurement.before, unit)
        after = measure_text(measurement.after, unit)
        delta = "" if measurement.change is None else f"  {measurement.change:+g}{unit}"
        hint = "  (higher is better)" if measurement.better == "higher" else ""
        label = names.measurement(measurement.id)
        lines.extend(_row(label, f"{before} -> {after}{delta}  {measurement.direction}{hint}"))
    if comparison.photo_measures:  # only when a view was photographed at both visits
        from posture_tui.progress.photo_rows import photo_rows

        lines.append("Photo measures (+ is towards the client's right where a side applies)")
        for label, before, after, change, direction in photo_rows(comparison):
            delta = "" if change == "-" else f"  {change}"
            lines.extend(_row(label, f"{before} -> {after}{delta}  {direction}"))
    lines.append("Outcome measures")
    lines.append(_outcome_line("NDI", comparison.ndi))
    lines.append(_outcome_line("ODI", comparison.odi))
    return lines


def ordered_pain(series: Sequence[Series], knowledge: Knowledge | None) -> list[Series]:
    """Pain series from head to foot (the knowledge base's region order), then by side."""
    names = Names(knowledge)
    return sorted(series, key=lambda s: (names.region_rank(s.name), s.name, _side(s.side) or ""))


def series_label(series: Series, knowledge: Knowledge | None = None) -> str:
    names = Names(knowledge)
    if series.key == "pain":
        return "pain " + _with_side(names.region(series.name), series.side)
    if series.key == "flag":
        return names.pattern(series.name, series.label)
    return series.key.upper()


def visits_that_fit(count: int, width: int, per_visit: int, fixed: int) -> int:
    """Index of the first visit to show so `fixed` + `per_visit` columns each fit in `width`."""
    fit = max(1, (width - fixed) // per_visit)
    return max(0, count - fit)


def trend_lines(trend: Trend, knowledge: Knowledge | None = None, width: int = 80) -> list[str]:
    """One line per series: label, a sparkline (one block per visit) and the numbers.

    With more visits than fit in `width`, the latest ones are shown and the heading says so.
    """
    count = len(trend.visit_ids)
    label_width = 26
    # a block and a number of up to 4 characters with its space per visit
    start = visits_that_fit(count, width, per_visit=6, fixed=label_width + 5)
    shown = f"the last {count - start} of {count} visits" if start else f"{count} visits"
    if count == 1:
        shown = "1 visit"
    lines = [f"Trend over {shown} (oldest first; · not recorded)"]
    if count:
        lines.append(f"  {trend.dates[start]:%Y-%m-%d} .. {trend.dates[-1]:%Y-%m-%d}")
    if not trend.series:
        lines.append("  nothing recorded")
    for series in (*ordered_pain(trend.pain, knowledge), *trend.flags, *trend.outcomes):
        values = series.values[start:]
        label = series_label(series, knowledge)[:label_width]
        numbers = " ".join(format_value(series, value) for value in values)
        lines.append(f"  {label:<{label_width}} {sparkline(values, series.maximum)}  {numbers}")
    return lines


def _score_json(score: OutcomeScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "score": score.score,
        "maximum": score.maximum,
        "band": score.band,
        "answered": score.answered,
        "scaled": score.scaled,
    }


def _outcome_json(change: OutcomeChange) -> dict[str, Any]:
    return {
        "before": _score_json(change.before),
        "after": _score_json(change.after),
        "change": change.change,
        "mcid": change.mcid,
        "verdict": change.verdict,
    }


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON types (ids, not display names)."""
    return {
        "client_id": comparison.client_id,
        "from": {"id": comparison.before_id, "date": comparison.before_date.isoformat()},
        "to": {"id": comparison.after_id, "date": comparison.after_date.isoformat()},
        "pain": [
            {
                "region": p.region,
                "side": _side(p.side),
                "before": p.before,
                "after": p.after,
                "change": p.change,
                "status": p.status,
                "verdict": p.verdict,
            }
            for p in comparison.pain
        ],
        "findings": [
            {
                "item": f.item,
                "side": _side(f.side),
                "before": f.before,
                "after": f.after,
                "status": f.status,
            }
            for f in comparison.findings
        ],
        "flags": [
            {
                "pattern": f.pattern,
                "name": f.name,
                "before": f.before,
                "after": f.after,
                "before_label": f.before_label,
                "after_label": f.after_label,
                "change": f.change,
                "status": f.status,
                "trend": f.trend or None,
            }
            for f in comparison.flags
        ],
        "measurements": [_change_json(m) for m in comparison.measurements],
        "photo_measures": [{"view": m.view, **_change_json(m)} for m in comparison.photo_measures],
        "outcomes": {"ndi": _outcome_json(comparison.ndi), "odi": _outcome_json(comparison.odi)},
    }


def _change_json(m: MeasurementChange | PhotoMeasureChange) -> dict[str, Any]:
    """A measurement's or photo measure's change as the JSON output writes it."""
    return {
        "id": m.id,
        "unit": m.unit or None,
        "before": m.before,
        "after": m.after,
        "change": m.change,
        "direction": m.direction,
    }


def trend_to_json(trend: Trend) -> dict[str, Any]:
    return {
        "visits": [
            {"id": visit_id, "date": date.isoformat()}
            for visit_id, date in zip(trend.visit_ids, trend.dates, strict=True)
        ],
        "series": [
            {
                "kind": s.key,
                "name": s.name,
                "side": _side(s.side),
                "values": list(s.values),
                "maximum": s.maximum,
            }
            for s in trend.series
        ],
    }

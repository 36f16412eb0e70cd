"""The comparison as titled tables of one-line cells, for exports that draw tables."""

from __future__ import annotations

from attrs import frozen

from posture_tui.domain.common import severity_word
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import Comparison
from posture_tui.progress.outcomes import OutcomeChange, OutcomeScore
from posture_tui.progress.photo_rows import photo_rows
from posture_tui.progress.progress_report import Names


@frozen
class ComparisonTable:
    """One part of the comparison: a title, column headings and rows of text cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "None at either visit."


def _side(name: str, side: object) -> str:
    return name if side is None else f"{name} ({getattr(side, 'value', side)})"


def _num(value: object, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:g}{unit}"


def _score(score: OutcomeScore | None) -> str:
    return "not recorded" if score is None else score.text()


def _outcome_row(label: str, change: OutcomeChange) -> tuple[str, ...]:
    delta = "-" if change.change is None else f"{change.change:+g}"
    return (label, _score(change.before), _score(change.after), delta, change.verdict)


def _measurements_title(comparison: Comparison, names: Names) -> str:
    """The title, naming the measurements where a higher number is the better one."""
    higher = [names.measurement(m.id) for m in comparison.measurements if m.better == "higher"]
    return f"Measurements (higher is better: {', '.join(higher)})" if higher else "Measurements"


def comparison_tables(
    comparison: Comparison, knowledge: Knowledge | None = None
) -> list[ComparisonTable]:
    """Pain, findings, flags, measurements and outcome measures, each as a table."""
    names = Names(knowledge)
    pain = tuple(
        (
            _side(names.region(p.region), p.side),
            _num(p.before),
            _num(p.after),
            f"{p.change:+d}",
            f"{p.status}, {p.verdict}" if p.status in ("new", "resolved") else p.verdict,
        )
        for p in comparison.pain
    )
    findings = tuple(
        (
            _side(names.item(f.item), f.side),
            f"{f.before} {severity_word(f.before)}",
            f"{f.after} {severity_word(f.after)}",
            f.status,
        )
        for f in comparison.findings
    )
    flags = tuple(
        (
            names.pattern(f.pattern, f.name),
            "-" if f.before is None else f"{f.before_label} {round(f.before * 100)}%",
            "-" if f.after is None else f"{f.after_label} {round(f.after * 100)}%",
            f"{f.status}, {f.trend}" if f.trend else f.status,
        )
        for f in comparison.flags
    )
    measurements = tuple(
        (
            names.measurement(m.id),
            _num(m.before, f" {m.unit}" if m.unit else ""),
            _num(m.after, f" {m.unit}" if m.unit else ""),
            "-" if m.change is None else f"{m.change:+g}",
            m.direction,
        )
        for m in comparison.measurements
    )
    return [
        ComparisonTable(
            "Pain (NPRS 0-10; 1 point or 15% matters, 2 points or 33% is much)",
            ("Region", "Before", "After", "Change", "Judgement"),
            pain,
            "No pain recorded at either visit.",
        ),
        ComparisonTable(
            "Findings (severity 0-3)", ("Finding", "Before", "After", "Change"), findings
        ),
        ComparisonTable(
            "Flags (pattern strength)", ("Pattern", "Before", "After", "Change"), flags
        ),
        ComparisonTable(
            _measurements_title(comparison, names),
            ("Measurement", "Before", "After", "Change", "Direction"),
            measurements,
        ),
        ComparisonTable(
            "Photo measures (the same view at both visits)",
            ("Measure", "Before", "After", "Change", "Direction"),
            tuple(photo_rows(comparison)),
            "No photo of the same view at both visits.",
        ),
        ComparisonTable(
            "Outcome measures (important change: NDI 5 points, ODI 10 points)",
            ("Measure", "Before", "After", "Change", "Judgement"),
            (_outcome_row("NDI", comparison.ndi), _outcome_row("ODI", comparison.odi)),
        ),
    ]

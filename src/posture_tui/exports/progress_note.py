"""The clinical note's progress section: what changed since an earlier visit, with the MCID."""

from __future__ import annotations

from posture_tui.exports.document import Block, Paragraph, Section, Subheading, Table
from posture_tui.exports.words import local, severity_text, side_word
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import Comparison
from posture_tui.progress.outcomes import OutcomeChange
from posture_tui.progress.photo_rows import photo_rows
from posture_tui.progress.progress_report import (
    PAIN_RULE,
    Names,
    flag_strength,
    flag_verdict,
    measure_text,
    outcome_verdict,
    pain_changes_in_order,
    pain_verdict,
    score_text,
)


def progress_heading(comparison: Comparison) -> str:
    """The section's title, naming the earlier visit by its (local) date."""
    return f"Progress since the visit of {local(comparison.before_date).date().isoformat()}"


def note_progress(comparison: Comparison, knowledge: Knowledge) -> Section:
    """Pain, findings, patterns, measurements and NDI/ODI at both visits and how they changed."""
    names = Names(knowledge)
    blocks: list[Block] = [
        Paragraph(
            f"Assessment {comparison.before_id} ({local(comparison.before_date):%Y-%m-%d}) "
            f"compared with this assessment ({comparison.after_id})."
        ),
        Subheading("Pain"),
        Paragraph(f"{PAIN_RULE} (Salaffi 2004)."),
        _pain(comparison, names),
        Subheading("Findings"),
        _findings(comparison, names),
        Subheading("Patterns"),
        _flags(comparison, names),
        Subheading("Measurements"),
        _measurements(comparison, names),
        *_photo_measures(comparison),
        Subheading("Outcome measures"),
        _outcomes(comparison),
    ]
    return Section(progress_heading(comparison), blocks)


def _score(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def _pain(comparison: Comparison, names: Names) -> Table:
    rows = [
        (
            names.region(p.region),
            side_word(p.side),
            _score(p.before),
            _score(p.after),
            f"{p.change:+d}",
            pain_verdict(p),
        )
        for p in pain_changes_in_order(comparison.pain, names.knowledge)
    ]
    columns = ("Region", "Side", "Before", "After", "Change", "Judgement")
    return Table(columns, rows, empty="No pain recorded at either visit.")


def _findings(comparison: Comparison, names: Names) -> Table:
    rows = [
        (
            names.item(f.item),
            side_word(f.side),
            severity_text(f.before) if f.before else "-",
            severity_text(f.after) if f.after else "-",
            f.status,
        )
        for f in comparison.findings
    ]
    columns = ("Finding", "Side", "Before", "After", "Change")
    return Table(columns, rows, empty="No findings at either visit.")


def _flags(comparison: Comparison, names: Names) -> Table:
    rows = [
        (
            names.pattern(f.pattern, f.name),
            flag_strength(f.before_label, f.before),
            flag_strength(f.after_label, f.after),
            flag_verdict(f),
        )
        for f in comparison.flags
    ]
    return Table(
        ("Pattern", "Before", "After", "Change"), rows, empty="No pattern at either visit."
    )


def _measurements(comparison: Comparison, names: Names) -> Table:
    rows = []
    for m in comparison.measurements:
        unit = f" {m.unit}" if m.unit else ""
        hint = " (higher is better)" if m.better == "higher" else ""
        rows.append(
            (
                names.measurement(m.id),
                measure_text(m.before, unit),
                measure_text(m.after, unit),
                "-" if m.change is None else f"{m.change:+g}{unit}",
                f"{m.direction}{hint}",
            )
        )
    columns = ("Measurement", "Before", "After", "Change", "Direction")
    return Table(columns, rows, empty="No measurements at either visit.")


def _photo_measures(comparison: Comparison) -> list[Block]:
    """The photo measures of a view photographed at both visits (nothing when none was)."""
    if not comparison.photo_measures:
        return []
    columns = ("Measure", "Before", "After", "Change", "Direction")
    return [Subheading("Photo measures"), Table(columns, photo_rows(comparison))]


def _outcome_row(label: str, change: OutcomeChange) -> tuple[str, ...]:
    delta = "-" if change.change is None else f"{change.change:+g}"
    before, after = score_text(change.before), score_text(change.after)
    return (label, before, after, delta, outcome_verdict(change))


def _outcomes(comparison: Comparison) -> Table:
    rows = [
        _outcome_row(label, change)
        for label, change in (("NDI (/50)", comparison.ndi), ("ODI (%)", comparison.odi))
        if change.before is not None or change.after is not None
    ]
    columns = ("Measure", "Before", "After", "Change", "Judgement")
    return Table(columns, rows, empty="NDI and ODI not recorded at either visit.")

"""The handout's "Since your last visit": pain and patterns that changed, in the client's words."""

from __future__ import annotations

from posture_tui.exports.document import Block, Bullets, Paragraph, Section
from posture_tui.exports.words import client_region, local, long_date
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import PERSISTING, RESOLVED, Comparison
from posture_tui.progress.outcomes import OutcomeChange
from posture_tui.progress.pain import NO_CHANGE, PainChange
from posture_tui.progress.progress_report import Names, pain_changes_in_order

TITLE = "Since your last visit"
# The MCID judgement in words a client reads without a table of thresholds.
SAME = "about the same"
OUTCOME_WORDS: dict[str, str] = {
    "improved": "a real improvement",
    "worse": "worse",
    "no important change": SAME,
}
QUESTIONNAIRES: tuple[tuple[str, str, str], ...] = (
    ("ndi", "Neck questionnaire (NDI)", " out of 50"),
    ("odi", "Back questionnaire (ODI)", "%"),
)


def handout_progress(comparison: Comparison, knowledge: Knowledge) -> Section:
    """A few plain lines: pain per region before and after, patterns seen less or no longer."""
    day = long_date(local(comparison.before_date).date())
    pain = [_pain_line(change, knowledge) for change in _reported(comparison, knowledge)]
    patterns = _pattern_lines(comparison, Names(knowledge))
    questionnaires = _questionnaire_lines(comparison)
    blocks: list[Block] = [Paragraph(f"Compared with your visit on {day}:")]
    if pain:
        blocks += [
            Paragraph("Your pain (0 is no pain, 10 the worst you can imagine):"),
            Bullets(pain),
        ]
    if patterns or questionnaires:
        blocks += [Paragraph("What else changed:"), Bullets([*patterns, *questionnaires])]
    if not (pain or patterns or questionnaires):
        blocks.append(Paragraph("Nothing we compare from visit to visit was recorded at both."))
    return Section(TITLE, blocks)


def _reported(comparison: Comparison, knowledge: Knowledge) -> list[PainChange]:
    return [p for p in pain_changes_in_order(comparison.pain, knowledge) if p.status != "none"]


def _where(change: PainChange, knowledge: Knowledge) -> str:
    region = client_region(change.region, knowledge)
    side = f" ({change.side.value})" if change.side is not None else ""
    return f"{region[:1].upper()}{region[1:]}{side}"


def _pain_line(change: PainChange, knowledge: Knowledge) -> str:
    where = _where(change, knowledge)
    if change.status == "new":
        return f"{where}: new, {change.after} out of 10"
    verdict = SAME if change.verdict == NO_CHANGE else change.verdict
    return f"{where}: {change.before or 0} → {change.after or 0} out of 10, {verdict}"


def _pattern_lines(comparison: Comparison, names: Names) -> list[str]:
    lines = []
    for flag in comparison.flags:
        name = names.pattern(flag.pattern, flag.name)
        if flag.status == RESOLVED:
            lines.append(f"No longer seen: {name}")
        elif flag.status == PERSISTING and flag.trend == "weaker":
            lines.append(f"Less marked than last time: {name}")
        elif flag.status == PERSISTING and flag.trend == "stronger":
            lines.append(f"More marked than last time: {name}")
    return lines


def _questionnaire_lines(comparison: Comparison) -> list[str]:
    lines = []
    changes: dict[str, OutcomeChange] = {"ndi": comparison.ndi, "odi": comparison.odi}
    for measure, label, unit in QUESTIONNAIRES:
        change = changes[measure]
        if change.before is None or change.after is None:
            continue
        words = OUTCOME_WORDS.get(change.verdict, change.verdict)
        lines.append(
            f"{label}: {change.before.score:g}{unit} → {change.after.score:g}{unit}, {words}"
        )
    return lines

"""The note's "Treatment given": what was done with each step, after the session (issue 16)."""

from __future__ import annotations

from posture_tui.domain.given import GivenStep, Outcome, given_for, step_key, summary
from posture_tui.domain.records import Assessment
from posture_tui.exports.document import Block, Paragraph, Subheading, Table
from posture_tui.exports.words import side_word, technique_target
from posture_tui.knowledge.model import Knowledge

COLUMNS = ("Technique", "Target", "Side", "Given", "Minutes", "Response")


def given_blocks(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    """A summary line and one row per step recorded; nothing when no step was recorded."""
    if not assessment.given:
        return []
    steps = assessment.effective_plan.steps
    rows: list[tuple[str, ...]] = []
    minutes = 0
    for step in steps:
        given = given_for(assessment.given, step)
        if given is not None:
            rows.append(_row(given, step.minutes, knowledge))
            minutes += _minutes(given, step.minutes)
    in_plan = {step_key(step) for step in steps}
    for given in assessment.given:  # recorded, then taken out of the plan
        if given.key not in in_plan:
            rows.append(_row(given, None, knowledge))
            minutes += _minutes(given, None)
    line = f"{summary(steps, assessment.given)}; {minutes} min hands-on given."
    return [Subheading("Treatment given"), Paragraph(line), Table(COLUMNS, rows)]


def _minutes(given: GivenStep, planned: int | None) -> int:
    if given.minutes is not None:
        return given.minutes
    if given.outcome is Outcome.SKIPPED or planned is None:
        return 0
    return planned


def _row(given: GivenStep, planned: int | None, knowledge: Knowledge) -> tuple[str, ...]:
    what = given.outcome.value
    if given.pressure is not None:
        what += f", {given.pressure.value} pressure"
    if given.minutes is not None:
        minutes = f"{given.minutes} min"
    elif given.outcome is Outcome.SKIPPED or planned is None:
        minutes = "-"
    else:
        minutes = f"{planned} min"
    response = "; ".join(text for text in (given.response, given.note) if text) or "-"
    return (
        knowledge.technique_name(given.technique),
        technique_target(given.muscle, given.region, None, knowledge),
        side_word(given.side),
        what,
        minutes,
        response,
    )

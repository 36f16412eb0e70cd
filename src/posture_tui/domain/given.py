"""The treatment given: what the therapist did with each planned step, recorded after the session.

A record names its step by the step's technique, muscle or region and side (not its place in
the plan, which moves when the therapist edits the plan), so it stays with its step through
edits, and still reads as what was done if the step later leaves the plan.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from attrs import frozen

from posture_tui.domain.analysis import Step
from posture_tui.domain.common import Side
from posture_tui.domain.limits import MAX_SESSION_MINUTES, NOTE_LENGTH, RESPONSE_LENGTH
from posture_tui.structuring.rules import Range, Text


class Outcome(StrEnum):
    """What became of a planned step."""

    DONE = "done"  # as planned
    CHANGED = "changed"  # done, differently (minutes, pressure or how: the note says)
    SKIPPED = "skipped"


class Pressure(StrEnum):
    """The pressure used, in the order the p key cycles through."""

    LIGHT = "light"
    MODERATE = "moderate"
    FIRM = "firm"


# Short words for the client's response, offered in the dialog (free text is allowed too).
RESPONSES: tuple[str, ...] = (
    "eased",
    "released",
    "no change",
    "tender",
    "sore",
    "guarded",
    "asked to stop",
)

StepKey = tuple[str, str | None, str | None, Side | None]


@frozen
class GivenStep:
    """One step as given: done, changed or skipped, the pressure, minutes and response."""

    technique: str
    outcome: Outcome
    muscle: str | None = None
    region: str | None = None
    side: Side | None = None
    pressure: Pressure | None = None
    # the actual minutes; None: as planned (or none, if skipped)
    minutes: Annotated[int | None, Range(0, MAX_SESSION_MINUTES)] = None
    # the client's response, a few words ("eased", "tender")
    response: Annotated[str, Text(RESPONSE_LENGTH)] = ""
    note: Annotated[str, Text(NOTE_LENGTH, multiline=True)] = ""

    @property
    def key(self) -> StepKey:
        return (self.technique, self.muscle, self.region, self.side)


def step_key(step: Step) -> StepKey:
    return (step.technique, step.muscle, step.region, step.side)


def given_for(given: tuple[GivenStep, ...], step: Step) -> GivenStep | None:
    """The record of this step, if one was made."""
    key = step_key(step)
    return next((g for g in given if g.key == key), None)


def blank_for(step: Step, outcome: Outcome = Outcome.DONE) -> GivenStep:
    return GivenStep(
        technique=step.technique,
        outcome=outcome,
        muscle=step.muscle,
        region=step.region,
        side=step.side,
    )


def next_pressure(pressure: Pressure | None) -> Pressure | None:
    """light, moderate, firm, then none again."""
    order: list[Pressure | None] = [*Pressure, None]
    return order[(order.index(pressure) + 1) % len(order)]


def summary(steps: tuple[Step, ...], given: tuple[GivenStep, ...]) -> str:
    """One line: "10 of 12 steps done, 2 skipped" (changed steps count as done)."""
    recorded = [g for s in steps if (g := given_for(given, s)) is not None]
    done = sum(g.outcome is not Outcome.SKIPPED for g in recorded)
    changed = sum(g.outcome is Outcome.CHANGED for g in recorded)
    skipped = sum(g.outcome is Outcome.SKIPPED for g in recorded)
    parts = [f"{done} of {len(steps)} steps done"]
    if changed:
        parts[0] += f" ({changed} changed)"
    if skipped:
        parts.append(f"{skipped} skipped")
    unrecorded = len(steps) - len(recorded)
    if unrecorded:
        parts.append(f"{unrecorded} not recorded")
    return ", ".join(parts)


def describe(given: GivenStep, planned_minutes: int) -> str:
    """One line: "done · firm · 8 of 10 min · eased" (minutes only when they differ)."""
    parts: list[str] = [given.outcome.value]
    if given.pressure is not None:
        parts.append(given.pressure.value)
    if given.minutes is not None and given.minutes != planned_minutes:
        parts.append(f"{given.minutes} of {planned_minutes} min")
    if given.response:
        parts.append(given.response)
    if given.note:
        parts.append(given.note)
    return " · ".join(parts)

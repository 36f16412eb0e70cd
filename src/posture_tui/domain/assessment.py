"""What the therapist observes: checklist findings and measurements."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated

from attrs import field, frozen

from posture_tui.domain.analysis import Exercise, PlannedTarget
from posture_tui.domain.common import MAX_SEVERITY, Side
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.intake import Note, Override, TriggerPoint
from posture_tui.structuring.rules import Range


@frozen
class Finding:
    """One answered checklist item: severity 0-3 and the side where the sign shows."""

    item: str
    severity: Annotated[int, Range(0, MAX_SEVERITY)]
    side: Side | None = None
    note: Note = ""


MeasurementValue = float | str
"""A number (in the measurement's unit), or the choice taken of a choice measurement."""


@frozen(init=False, eq=False)
class Measurements:
    """The measurements taken at a visit, by the knowledge base's measurement id; one not taken
    is absent. Which ids exist, their kinds, units, ranges and which way is better are the
    knowledge base's (`[measurements.ID]`): a clinic's new measurement needs no code."""

    values: Mapping[str, MeasurementValue]

    def __init__(
        self,
        values: Mapping[str, MeasurementValue | None] | None = None,
        **named: MeasurementValue | None,
    ) -> None:
        taken = {**(values or {}), **named}
        kept = {key: _plain(value) for key, value in taken.items() if value is not None}
        self.__attrs_init__(MappingProxyType(kept))

    def get(self, measurement: str) -> MeasurementValue | None:
        return self.values.get(measurement)

    def with_value(self, measurement: str, value: MeasurementValue | None) -> Measurements:
        """These measurements with one set (None: not taken)."""
        return Measurements({**self.values, measurement: value})

    def __bool__(self) -> bool:
        return bool(self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Measurements) and dict(self.values) == dict(other.values)

    def __hash__(self) -> int:
        return hash(frozenset(self.values.items()))


_MEASUREMENT_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def is_measurement_id(text: str) -> bool:
    """Whether `text` can be a measurement id (a knowledge-base id: lower case, digits, _)."""
    return _MEASUREMENT_ID.fullmatch(text) is not None


def _plain(value: MeasurementValue) -> MeasurementValue:
    """A number as float, a choice as plain text (not a str subclass such as an enum)."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a measurement is a number or a choice, not {type(value).__name__}")
    return float(value)


@frozen
class AssessmentInput:
    """Everything the engine needs from one visit besides the client's intake."""

    findings: tuple[Finding, ...] = field(factory=tuple, converter=to_tuple)
    measurements: Measurements = field(factory=Measurements)
    session_minutes: int = 60
    # red flags the therapist went ahead despite, each with a written reason
    overrides: tuple[Override, ...] = field(factory=tuple, converter=to_tuple)
    # screening candidates the therapist confirmed by palpation
    trigger_points: tuple[TriggerPoint, ...] = field(factory=tuple, converter=to_tuple)
    # the visit's place in a course: 1 is a first visit (conservative); a follow-up starts from
    # the focus regions the course planned for it
    visit_number: int = 1
    planned_focus: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    # what the course planned for this visit, and the home program it continues
    planned_targets: tuple[PlannedTarget, ...] = field(factory=tuple, converter=to_tuple)
    carried_exercises: tuple[Exercise, ...] = field(factory=tuple, converter=to_tuple)

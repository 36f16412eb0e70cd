"""What the therapist observes: checklist findings and measurements."""

from __future__ import annotations

from attrs import field, frozen

from posture_tui.domain.analysis import Exercise, PlannedTarget
from posture_tui.domain.common import Side, ThomasTest
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.intake import Override, TriggerPoint


@frozen
class Finding:
    """One answered checklist item: severity 0-3 and the side where the sign shows."""

    item: str
    severity: int
    side: Side | None = None
    note: str = ""


@frozen
class Measurements:
    """Optional numeric measurements taken during the assessment."""

    cva_deg: float | None = None
    shoulder_height_diff_cm: float | None = None
    iliac_crest_diff_cm: float | None = None
    thomas_test: ThomasTest | None = None


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

"""What the client tells the therapist: pain by region and contraindications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from attrs import frozen

from posture_tui.domain.common import MAX_PAIN, Side
from posture_tui.domain.limits import MAX_WEEKS, NOTE_LENGTH, PERSON_LENGTH
from posture_tui.structuring.rules import OneOf, Range, Text

SEVERITIES = ("mild", "severe")
Note = Annotated[str, Text(NOTE_LENGTH, multiline=True)]


@frozen
class PainEntry:
    """Pain in one region (a CLINICAL.md pain region id), with side and NPRS 0-10."""

    region: str
    score: Annotated[int, Range(0, MAX_PAIN)]
    side: Side | None = None


@frozen
class ContraindicationEntry:
    """A screened condition or red flag (CLINICAL.md section 5 id) with the details it takes.

    A detail left out never makes a rule less safe (CLINICAL.md 5.2): no region applies
    everywhere, no side applies to both sides, pregnancy without weeks counts as past week 20,
    osteoporosis without a severity as severe, a DVT history without a clearance as not cleared.
    """

    id: str
    region: str | None = None
    note: Note = ""
    side: Side | None = None  # recent_surgery: the operated side; pacemaker: the device's side
    # pregnancy: weeks pregnant; postpartum: weeks since the birth
    weeks: Annotated[int | None, Range(0, MAX_WEEKS)] = None
    severity: Annotated[str | None, OneOf(SEVERITIES)] = None  # osteoporosis
    # dvt_history: who gave the medical clearance ...
    cleared_by: Annotated[str, Text(PERSON_LENGTH)] = ""
    cleared_on: date | None = None  # ... and when (cleared only with both)

    @property
    def cleared(self) -> bool:
        return bool(self.cleared_by.strip()) and self.cleared_on is not None


MIN_REASON = 10  # characters: an override needs a written reason, not a keystroke


@frozen
class Override:
    """The therapist's decision to go ahead despite a red flag, with the written reason."""

    red_flag: str  # the red-flag id (or the derived "suspected_dvt" warning)
    reason: str
    by: str = ""
    at: datetime | None = None


@frozen
class TriggerPoint:
    """A trigger point the therapist confirmed by palpation in a screening candidate muscle."""

    muscle: str
    side: Side | None = None

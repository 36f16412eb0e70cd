"""Stored records: a client with their intake, and an assessment visit with its plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import attrs
from attrs import field, frozen

from posture_tui.domain.analysis import Analysis, Exercise, Plan, PlannedTarget
from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import DRAFT as DRAFT
from posture_tui.domain.common import SIGNED as SIGNED
from posture_tui.domain.common import Status
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.given import GivenStep
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry, TriggerPoint
from posture_tui.domain.limits import MAX_REVISION, MAX_SESSION_MINUTES, MIN_SESSION_MINUTES
from posture_tui.domain.photos import Photo
from posture_tui.structuring.rules import Range

Revision = Annotated[int, Range(0, MAX_REVISION)]

# What a field of a record is, for saving and merging (saving.py, store/merge.py): a field
# marked RECORD is the store's bookkeeping of the record (its revision, times, signature), kept
# from the stored revision when two saves are merged; one marked DERIVED the engine computes
# again from the rest; any other field is what the therapist entered, merged three ways. A new
# field is content unless marked here, so none is dropped by a list written elsewhere.
RECORD = {"role": "record"}
DERIVED = {"role": "derived"}


def fields_marked(cls: type, mark: dict[str, str]) -> frozenset[str]:
    """The names of the fields of a record class with that mark (RECORD or DERIVED)."""
    return frozenset(f.name for f in attrs.fields(cls) if f.metadata.get("role") == mark["role"])


@frozen
class Client:
    """A client and their standing intake. `revision` guards against silent overwrites."""

    id: str
    name: str
    birth_date: date | None = None
    contact: str = ""
    complaints: str = ""
    goals: str = ""
    medications: str = ""
    pain: tuple[PainEntry, ...] = field(factory=tuple, converter=to_tuple)
    contraindications: tuple[ContraindicationEntry, ...] = field(factory=tuple, converter=to_tuple)
    notes: str = ""
    created: datetime | None = None
    updated: datetime | None = field(default=None, metadata=RECORD)
    revision: Revision = field(default=0, metadata=RECORD)
    synthetic: bool = False  # a demo client (`posture-tui demo`), removed by `demo --remove`


@frozen
class OutcomeMeasures:
    """Questionnaire answers taken at a visit: NDI and ODI, 10 sections scored 0-5 each.

    A section left unanswered is None; scores are computed by the progress module.
    """

    ndi: tuple[int | None, ...] | None = None
    odi: tuple[int | None, ...] | None = None


@frozen
class Assessment:
    """One visit's assessment.

    `analysis` is what the engine generated; `plan` is the therapist's edited plan (None until
    the therapist changes anything). A signed assessment is never changed: amending it creates a
    new revision (same id, revision + 1) that names the revision it amends.
    """

    id: str
    client_id: str
    therapist: str
    created: datetime
    updated: datetime = field(metadata=RECORD)
    findings: tuple[Finding, ...] = field(factory=tuple, converter=to_tuple)
    measurements: Measurements = field(factory=Measurements)
    session_minutes: Annotated[int, Range(MIN_SESSION_MINUTES, MAX_SESSION_MINUTES)] = 60
    pain: tuple[PainEntry, ...] = field(factory=tuple, converter=to_tuple)  # pain at this visit
    contraindications: tuple[ContraindicationEntry, ...] = field(factory=tuple, converter=to_tuple)
    outcomes: OutcomeMeasures = field(factory=OutcomeMeasures)
    analysis: Analysis = field(factory=Analysis, metadata=DERIVED)
    plan: Plan | None = None
    notes: str = ""
    status: Status = field(default=Status.DRAFT, converter=Status, metadata=RECORD)
    revision: Revision = field(default=0, metadata=RECORD)
    signed_at: datetime | None = field(default=None, metadata=RECORD)
    signed_by: str | None = field(default=None, metadata=RECORD)
    amends_revision: Revision | None = field(default=None, metadata=RECORD)
    amended_by: str | None = field(default=None, metadata=RECORD)
    amended_at: datetime | None = field(default=None, metadata=RECORD)
    prefilled_from: str | None = None  # assessment id this re-assessment started from
    # checklist items still marked "from last visit"
    unconfirmed: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    # red flags gone ahead despite, with the written reason (printed in the note, audited)
    overrides: tuple[Override, ...] = field(factory=tuple, converter=to_tuple)
    # screening candidates confirmed by palpation: they enter the plan with their side
    trigger_points: tuple[TriggerPoint, ...] = field(factory=tuple, converter=to_tuple)
    # the visit's number in the client's course, and the focus the course planned for it
    visit_number: int = 1
    planned_focus: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    planned_targets: tuple[PlannedTarget, ...] = field(factory=tuple, converter=to_tuple)
    carried_exercises: tuple[Exercise, ...] = field(factory=tuple, converter=to_tuple)
    # the treatment given, recorded after the session: one record per step done, changed or
    # skipped (an older record has none)
    given: tuple[GivenStep, ...] = field(factory=tuple, converter=to_tuple)
    # the visit's photos (posture-tui photos, ctrl+f): a view's newest replaces the one before
    photos: tuple[Photo, ...] = field(factory=tuple, converter=to_tuple)

    @property
    def is_signed(self) -> bool:
        return self.status == SIGNED

    @property
    def effective_plan(self) -> Plan:
        """The therapist's edited plan, else the engine's; a postponed plan (a red flag
        standing) always wins, so an edit made before the red flag never brings work back."""
        if self.plan is None or self.analysis.plan.postponed is not None:
            return self.analysis.plan
        return self.plan

    def engine_input(self) -> AssessmentInput:
        return AssessmentInput(
            findings=self.findings,
            measurements=self.measurements,
            session_minutes=self.session_minutes,
            overrides=self.overrides,
            trigger_points=self.trigger_points,
            visit_number=self.visit_number,
            planned_focus=self.planned_focus,
            planned_targets=self.planned_targets,
            carried_exercises=self.carried_exercises,
        )


@frozen
class Draft:
    """Unsaved work the UI autosaves: the client and assessment being edited.

    `id` names this draft among the login's drafts (one per visit being edited; "" is the
    single draft stores kept before drafts had ids); `pane` and `item` are where the therapist
    was (the pane, and the checklist item or intake field), so a resumed draft opens there.
    """

    client: Client
    assessment: Assessment | None
    saved_at: datetime
    id: str = ""
    pane: str = ""
    item: str = ""

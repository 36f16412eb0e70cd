"""What the engine produces: flags with their evidence, the layered plan and the home program."""

from __future__ import annotations

from attrs import field, frozen

from posture_tui.domain.common import Layer, Phase, Role, Side
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.dose import Dose
from posture_tui.domain.intake import Override


@frozen
class MuscleImplication:
    """A muscle a flag implicates, on a side, as overactive or underactive."""

    muscle: str
    role: Role
    side: Side | None = None


@frozen
class FindingRole:
    """Whether a finding looks primary or compensatory within a flag, and why."""

    item: str
    side: Side | None
    role: str  # "primary" or "compensatory"
    why: str


@frozen
class ReferralMatch:
    """An implicated muscle whose trigger-point referral zone matches reported pain."""

    muscle: str
    muscle_side: Side | None
    region: str
    pain_side: Side | None
    score: int
    text: str


@frozen
class SetAside:
    """A checklist item's role for a muscle that the flag's pattern overrules (one role per muscle).

    E.g. knee hyperextension alone suggests weak hamstrings, but in a sway back Kendall finds
    them short and strong: the pattern's role is kept and this records the item's.
    """

    muscle: str
    side: Side | None
    role: Role  # the item's role that was set aside
    item: str  # the checklist item that suggested it
    text: str


@frozen
class Flag:
    """A recognised pattern with the findings that raised it."""

    pattern: str
    name: str
    evidence: tuple[str, ...] = field(converter=to_tuple)
    strength: float  # 0.0-1.0, derived from the evidence severities
    strength_label: str  # "weak", "moderate" or "strong"
    muscles: tuple[MuscleImplication, ...] = field(factory=tuple, converter=to_tuple)
    roles: tuple[FindingRole, ...] = field(factory=tuple, converter=to_tuple)
    referrals: tuple[ReferralMatch, ...] = field(factory=tuple, converter=to_tuple)
    summary: str = ""  # one plain-language sentence a client can read
    set_aside: tuple[SetAside, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class RedFlag:
    """A red flag found at intake (or derived from pain and conditions) that stops hands-on work."""

    id: str
    name: str
    why: str  # why it stops the session
    referral: str  # where to refer: GP, urgent care, emergency
    derived: bool = False  # raised by the engine (suspected DVT) rather than ticked
    detail: str = ""  # what raised a derived flag (never the client's own words)
    override: Override | None = None  # the therapist went ahead, with this reason


@frozen
class Postponement:
    """The session plan is "Postpone hands-on work and refer": why, and to whom."""

    reason: str
    referral: str
    red_flags: tuple[str, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class Conflict:
    """Two findings that cannot both be true, or one muscle in both roles across flags."""

    kind: str  # "findings" or "muscle"
    text: str  # one line for the therapist: what clashes and how to resolve it
    items: tuple[str, ...] = field(factory=tuple, converter=to_tuple)  # checklist item ids
    muscle: str | None = None
    side: Side | None = None
    test: str = ""  # the length test that decides, for a muscle clash


@frozen
class ScreenCandidate:
    """Reported pain no implicated muscle explains: muscles whose referral zones cover it."""

    region: str
    side: Side | None
    score: int
    muscles: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    text: str = ""


@frozen
class Step:
    """One treatment step: a technique on a muscle (or region, for fascia work) on a side."""

    layer: Layer
    technique: str
    minutes: int
    reason: str
    muscle: str | None = None
    region: str | None = None
    side: Side | None = None
    care: str = ""  # set when a contraindication softens the technique


@frozen
class Excluded:
    """A technique a contraindication ruled out, why, and what replaced it (None: nothing)."""

    technique: str
    reason: str
    instead: str | None
    contraindication: str
    muscle: str | None = None
    region: str | None = None
    side: Side | None = None


@frozen
class Exercise:
    """One corrective exercise of the home program."""

    id: str
    name: str
    phase: Phase
    dose: Dose
    instruction: str
    muscle: str | None = None  # None for an integrate exercise aimed at the whole pattern
    side: Side | None = None
    pattern: str | None = None
    position: str = ""  # standing, seated, supine, prone, side_lying, quadruped, kneeling
    loads: tuple[str, ...] = field(factory=tuple, converter=to_tuple)  # CLINICAL.md 5.5


@frozen
class PlannedTarget:
    """A muscle a later visit of the course works, on a side, and why."""

    muscle: str
    side: Side | None
    why: str


@frozen
class SeriesVisit:
    """A later visit of the course: its focus regions, the muscles it works, and why."""

    number: int  # 2 for the visit after this one
    regions: tuple[str, ...] = field(converter=to_tuple)
    targets: tuple[PlannedTarget, ...] = field(factory=tuple, converter=to_tuple)
    reasons: tuple[str, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class Plan:
    """The layered treatment plan (steps in layer order) and the home program."""

    session_minutes: int
    steps: tuple[Step, ...] = field(factory=tuple, converter=to_tuple)
    excluded: tuple[Excluded, ...] = field(factory=tuple, converter=to_tuple)
    exercises: tuple[Exercise, ...] = field(factory=tuple, converter=to_tuple)
    # home exercises a contraindication ruled out (Excluded.technique holds the exercise id)
    excluded_exercises: tuple[Excluded, ...] = field(factory=tuple, converter=to_tuple)
    # set when a red flag stops hands-on work: every step is then listed in `excluded`
    postponed: Postponement | None = None
    # the course (CLINICAL.md 1b): this visit's number and focus, the later visits, how often
    visit_number: int = 1
    focus_regions: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    series: tuple[SeriesVisit, ...] = field(factory=tuple, converter=to_tuple)
    frequency: str = ""
    reassess_at_visit: int | None = None
    note: str = ""  # e.g. why a first visit is conservative
    # the home program's next exercises, to add or progress at a later visit
    exercises_later: tuple[Exercise, ...] = field(factory=tuple, converter=to_tuple)
    program_minutes_per_day: int = 0

    def steps_in(self, layer: Layer) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.layer is layer)

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


@frozen
class Analysis:
    """The engine's whole answer for one assessment."""

    flags: tuple[Flag, ...] = field(factory=tuple, converter=to_tuple)
    plan: Plan = field(factory=lambda: Plan(session_minutes=60))
    # notes on findings derived from measurements
    derived: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    red_flags: tuple[RedFlag, ...] = field(factory=tuple, converter=to_tuple)
    conflicts: tuple[Conflict, ...] = field(factory=tuple, converter=to_tuple)
    screen_candidates: tuple[ScreenCandidate, ...] = field(factory=tuple, converter=to_tuple)

"""What the engine produces: flags with their evidence, the layered plan and the home program."""

from __future__ import annotations

from attrs import field, frozen

from posture_tui.domain.common import Layer, Phase, Role, Side
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.dose import Dose


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


@frozen
class Plan:
    """The layered treatment plan (steps in layer order) and the home program."""

    session_minutes: int
    steps: tuple[Step, ...] = field(factory=tuple, converter=to_tuple)
    excluded: tuple[Excluded, ...] = field(factory=tuple, converter=to_tuple)
    exercises: tuple[Exercise, ...] = field(factory=tuple, converter=to_tuple)
    # home exercises a contraindication ruled out (Excluded.technique holds the exercise id)
    excluded_exercises: tuple[Excluded, ...] = field(factory=tuple, converter=to_tuple)

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

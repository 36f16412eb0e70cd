"""Editing state of one open visit: intake, findings, recomputed analysis and the edited plan."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import attrs

from posture_tui.domain.analysis import Analysis, Exercise, Plan, Step
from posture_tui.domain.assessment import Finding, MeasurementValue
from posture_tui.domain.common import LAYER_ORDER, Side
from posture_tui.domain.dose import Dose
from posture_tui.domain.given import GivenStep, given_for, step_key
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry, TriggerPoint
from posture_tui.domain.photos import Photo, with_views
from posture_tui.domain.records import Assessment, Client, Draft
from posture_tui.knowledge.model import VIEWS, Knowledge

Analyzer = Callable[..., Analysis]
T = TypeVar("T")


def evolve(record: T, **changes: Any) -> T:
    """attrs.evolve typed loosely: the domain's tuple converters confuse mypy's attrs plugin."""
    return attrs.evolve(record, **changes)  # type: ignore[misc]


def default_analyzer() -> Analyzer:
    """The engine's analyze function, imported late so the UI starts without it in tests."""
    from posture_tui.engine.analyze import analyze

    return analyze


class ReadOnlyError(Exception):
    """An edit attempted on a signed assessment."""


class VisitSession:
    """One client's visit being edited; every change marks the session dirty."""

    def __init__(
        self,
        knowledge: Knowledge,
        client: Client,
        assessment: Assessment,
        *,
        is_new_client: bool = False,
        follow_up_of: Assessment | None = None,
        analyzer: Analyzer | None = None,
        client_base: Client | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.client = client
        self.assessment = assessment
        # The stored client this session started from (client revisions are not kept, so a
        # save conflict merges against this copy); None when not known, as for a draft.
        self.client_base = client_base
        self.is_new_client = is_new_client
        self.follow_up_of = follow_up_of
        self.dirty = False
        self.client_dirty = is_new_client
        self._analyzer = analyzer
        self.error: str | None = None
        # This visit's own draft: another visit (or session) never writes over it. A resumed
        # draft is kept under a new id and its old file removed once the new one is written.
        self.draft_id = f"d-{secrets.token_hex(6)}"
        self.resumed_from: str | None = None
        self.resume_at = ("", "")  # (pane, item or field) a resumed draft opens on

    # --- state -------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.assessment.is_signed

    @property
    def analysis(self) -> Analysis:
        return self.assessment.analysis

    @property
    def plan(self) -> Plan:
        return self.assessment.effective_plan

    @property
    def plan_edited(self) -> bool:
        return self.assessment.plan is not None

    def finding(self, item: str) -> Finding | None:
        for finding in self.assessment.findings:
            if finding.item == item:
                return finding
        return None

    def view_progress(self, view: str) -> tuple[int, int]:
        """(answered, total) for one checklist view; measurements count the ones filled in."""
        if view == "measurements":
            values = [self.assessment.measurements.get(m) for m in self.knowledge.measurements]
            return sum(v is not None for v in values), len(values)
        items = self.knowledge.items_in_view(view)
        return sum(self.finding(item.id) is not None for item in items), len(items)

    def progress(self) -> dict[str, tuple[int, int]]:
        return {view: self.view_progress(view) for view in VIEWS}

    def _touch(self) -> None:
        if self.read_only:
            raise ReadOnlyError("this assessment is signed: amend it to change it")
        self.dirty = True

    # --- intake ------------------------------------------------------------------------------

    def update_client(self, **changes: object) -> None:
        self._touch()
        self.client = evolve(self.client, **changes)
        self.client_dirty = True

    def set_notes(self, notes: str) -> None:
        self._touch()
        self.assessment = evolve(self.assessment, notes=notes)

    def set_pain(self, entries: Sequence[PainEntry]) -> None:
        """Pain at this visit; it also becomes the client's standing intake."""
        self._touch()
        self.assessment = evolve(self.assessment, pain=tuple(entries))
        self.client = evolve(self.client, pain=tuple(entries))
        self.client_dirty = True
        self.recompute()

    def set_contraindications(self, entries: Sequence[ContraindicationEntry]) -> None:
        self._touch()
        self.assessment = evolve(self.assessment, contraindications=tuple(entries))
        self.client = evolve(self.client, contraindications=tuple(entries))
        self.client_dirty = True
        self.recompute()

    def override_red_flag(self, override: Override) -> None:
        """Go ahead despite a red flag; the written reason is kept with the assessment."""
        self._touch()
        kept = tuple(o for o in self.assessment.overrides if o.red_flag != override.red_flag)
        self.assessment = evolve(self.assessment, overrides=(*kept, override))
        self.recompute()

    def withdraw_override(self, red_flag: str) -> None:
        self._touch()
        kept = tuple(o for o in self.assessment.overrides if o.red_flag != red_flag)
        self.assessment = evolve(self.assessment, overrides=kept)
        self.recompute()

    def toggle_trigger_point(self, point: TriggerPoint) -> bool:
        """Confirm a screening candidate (True) or take a confirmation back (False)."""
        self._touch()
        points = self.assessment.trigger_points
        confirmed = point not in points
        kept = (*points, point) if confirmed else tuple(p for p in points if p != point)
        self.assessment = evolve(self.assessment, trigger_points=kept)
        self.recompute()
        return confirmed

    # --- checklist ---------------------------------------------------------------------------

    def _put_finding(self, finding: Finding) -> None:
        findings = [f for f in self.assessment.findings if f.item != finding.item]
        findings.append(finding)
        order = list(self.knowledge.checklist)
        findings.sort(key=lambda f: order.index(f.item) if f.item in order else len(order))
        unconfirmed = tuple(i for i in self.assessment.unconfirmed if i != finding.item)
        self.assessment = evolve(self.assessment, findings=tuple(findings), unconfirmed=unconfirmed)

    def set_severity(self, item: str, severity: int) -> None:
        self._touch()
        current = self.finding(item)
        if current is None:
            self._put_finding(Finding(item=item, severity=severity))
        else:
            self._put_finding(evolve(current, severity=severity))
        self.recompute()

    def set_side(self, item: str, side: Side) -> None:
        """Set the side; an unanswered item becomes mild so the side is not lost."""
        self._touch()
        if not self.knowledge.checklist[item].sided:
            raise ValueError(f"{self.knowledge.checklist[item].label} is a midline item: no side")
        current = self.finding(item) or Finding(item=item, severity=1)
        self._put_finding(evolve(current, side=side))
        self.recompute()

    def confirm_finding(self, item: str, severity: int, side: Side | None) -> None:
        """A finding a photo suggested, confirmed by the therapist: never lowers a severity
        already recorded, and gives a side only where none was recorded."""
        self._touch()
        current = self.finding(item) or Finding(item=item, severity=0)
        sided = self.knowledge.checklist[item].sided
        new_side = current.side if current.side is not None or not sided else side
        self._put_finding(evolve(current, severity=max(current.severity, severity), side=new_side))
        self.recompute()

    def set_note(self, item: str, note: str) -> None:
        self._touch()
        current = self.finding(item)
        if current is None:
            current = Finding(item=item, severity=0)
        self._put_finding(evolve(current, note=note))

    def clear_finding(self, item: str) -> None:
        self._touch()
        findings = tuple(f for f in self.assessment.findings if f.item != item)
        self.assessment = evolve(self.assessment, findings=findings)
        self.recompute()

    def keep_photos(self, photos: Sequence[Photo]) -> None:
        """Photos already in the store (repository.store_photo), now kept with this visit; a
        view's new photo replaces the one before."""
        self._touch()
        self.assessment = evolve(self.assessment, photos=with_views(self.assessment.photos, photos))

    def set_measurement(self, measurement: str, value: MeasurementValue | None) -> None:
        self._touch()
        measurements = self.assessment.measurements.with_value(measurement, value)
        self.assessment = evolve(self.assessment, measurements=measurements)
        self.recompute()

    # --- engine ------------------------------------------------------------------------------

    def recompute(self) -> str | None:
        """Run the engine on the current findings; returns a one-line error or None."""
        try:
            analyzer = self._analyzer or default_analyzer()
            analysis = analyzer(
                self.knowledge,
                self.assessment.engine_input(),
                self.assessment.pain,
                self.assessment.contraindications,
            )
        except Exception as error:
            self.error = f"analysis failed ({type(error).__name__})"
            return self.error
        self.error = None
        if not self.read_only:
            self.assessment = evolve(self.assessment, analysis=analysis)
        return None

    # --- plan --------------------------------------------------------------------------------

    def _set_plan(self, plan: Plan) -> None:
        self._touch()
        self.assessment = evolve(self.assessment, plan=plan)

    def rebuild_plan(self) -> None:
        """Drop the therapist's edits and follow the engine's plan again."""
        self._touch()
        self.assessment = evolve(self.assessment, plan=None)

    def remove_step(self, index: int) -> None:
        steps = list(self.plan.steps)
        del steps[index]
        self._set_plan(evolve(self.plan, steps=tuple(steps)))

    def add_step(self, step: Step) -> int:
        """Insert at the end of the step's layer (the clinic's order is kept); returns its index."""
        steps = list(self.plan.steps)
        rank = LAYER_ORDER.index(step.layer)
        index = sum(1 for s in steps if LAYER_ORDER.index(s.layer) <= rank)
        steps.insert(index, step)
        self._set_plan(evolve(self.plan, steps=tuple(steps)))
        return index

    def move_step(self, index: int, delta: int) -> int | None:
        """Move a step up or down within its layer; None when it would leave the layer."""
        steps = list(self.plan.steps)
        target = index + delta
        if not 0 <= target < len(steps) or steps[target].layer is not steps[index].layer:
            return None
        steps[index], steps[target] = steps[target], steps[index]
        self._set_plan(evolve(self.plan, steps=tuple(steps)))
        return target

    def set_step_minutes(self, index: int, minutes: int) -> None:
        steps = list(self.plan.steps)
        steps[index] = evolve(steps[index], minutes=max(1, minutes))
        self._set_plan(evolve(self.plan, steps=tuple(steps)))

    def remove_exercise(self, index: int) -> None:
        exercises = list(self.plan.exercises)
        del exercises[index]
        self._set_plan(evolve(self.plan, exercises=tuple(exercises)))

    def add_exercise(self, exercise: Exercise) -> int:
        exercises = [*self.plan.exercises, exercise]
        self._set_plan(evolve(self.plan, exercises=tuple(exercises)))
        return len(exercises) - 1

    def set_exercise_dose(self, index: int, dose: Dose) -> None:
        exercises = list(self.plan.exercises)
        exercises[index] = evolve(exercises[index], dose=dose)
        self._set_plan(evolve(self.plan, exercises=tuple(exercises)))

    # --- the treatment given -----------------------------------------------------------------

    def given_for(self, index: int) -> GivenStep | None:
        """What was recorded for the plan's step at `index` (None: nothing yet)."""
        steps = self.plan.steps
        return given_for(self.assessment.given, steps[index]) if 0 <= index < len(steps) else None

    def record_given(self, index: int, record: GivenStep | None) -> None:
        """Record (or with None, clear) what was given for the plan's step at `index`."""
        self._touch()
        key = step_key(self.plan.steps[index])
        kept = [g for g in self.assessment.given if g.key != key]
        if record is not None:
            kept.append(record)
        # in the plan's order, then any record of a step no longer in the plan
        order = {step_key(step): n for n, step in enumerate(self.plan.steps)}
        kept.sort(key=lambda g: order.get(g.key, len(order)))
        self.assessment = evolve(self.assessment, given=tuple(kept))

    # --- persistence -------------------------------------------------------------------------

    def draft(self, now: datetime, pane: str = "", item: str = "") -> Draft:
        """The draft of this visit, with where the therapist was (pane, item or field)."""
        return Draft(
            client=self.client,
            assessment=self.assessment,
            saved_at=now,
            id=self.draft_id,
            pane=pane,
            item=item,
        )

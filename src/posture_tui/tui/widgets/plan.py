"""Plan pane: the layered steps in the clinic's order, the home program, and what was left out."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from posture_tui.domain.analysis import Excluded, Step
from posture_tui.domain.given import (
    GivenStep,
    Outcome,
    blank_for,
    describe,
    given_for,
    next_pressure,
)
from posture_tui.domain.intake import MIN_REASON, Override
from posture_tui.domain.limits import NOTE_LENGTH
from posture_tui.engine.analysis_report import course_lines
from posture_tui.engine.exercises import minutes_per_day
from posture_tui.tui.format import SIDE_SHORT, clip, side_word
from posture_tui.tui.messages import PlanChanged
from posture_tui.tui.read_only import EditsVisit
from posture_tui.tui.screens.dialogs import Choice, ChoiceScreen, ConfirmScreen, TextPrompt
from posture_tui.tui.screens.plan_dialogs import DoseDialog, ExerciseDialog, StepDialog
from posture_tui.tui.session import VisitSession, evolve
from posture_tui.tui.widgets.row_table import RowTable
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    pass

STEP_COLUMNS = (
    ("Layer", 13),
    ("Technique", 23),
    ("Target", 21),
    ("Side", 4),
    ("Min", 3),
    ("✓", 1),  # the treatment given: ✓ done, ~ changed, ✗ skipped
)
GIVEN_MARK = {Outcome.DONE: "✓", Outcome.CHANGED: "~", Outcome.SKIPPED: "✗"}
EXERCISE_COLUMNS = (("Phase", 9), ("Exercise", 24), ("For", 18), ("Dose", 22))
LEGEND = (
    "enter reads all · tab switch · a add · x remove · u/d move · +/- min · e edit"
    " · o left out · c course · n later · g rebuild"
    " · given: y done, h changed, s skipped, p pressure, ] or [ min, r response"
)


class PlanPane(EditsVisit, Vertical):
    """Two tables (steps, exercises); the keys act on the one that has the focus."""

    EDITS: ClassVar[frozenset[str]] = frozenset(
        {
            "add",
            "remove",
            "move",
            "minutes",
            "edit",
            "rebuild",
            "override",
            "given",
            "pressure",
            "given_minutes",
            "response",
        }
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="plan.add", show=False),
        Binding("x,delete", "remove", "Remove", id="plan.remove", show=False),
        Binding("u", "move(-1)", "Move step up", id="plan.up", show=False),
        Binding("d", "move(1)", "Move step down", id="plan.down", show=False),
        Binding("plus,equals_sign", "minutes(1)", "More minutes", id="plan.more", show=False),
        Binding("minus", "minutes(-1)", "Fewer minutes", id="plan.less", show=False),
        Binding("e", "edit", "Edit minutes/dose", id="plan.edit", show=False),
        Binding("o", "left_out", "What was left out", id="plan.left_out", show=False),
        Binding("g", "rebuild", "Rebuild plan from results", id="plan.rebuild", show=False),
        Binding("v", "override", "Override a red flag", id="plan.override", show=False),
        Binding("c", "course", "The course: later visits", id="plan.course", show=False),
        Binding("n", "later", "Exercises to add later", id="plan.later", show=False),
        # the treatment given, recorded after the session on the highlighted step
        Binding("y", "given('done')", "Given: done", id="plan.given_done", show=False),
        Binding("h", "given('changed')", "Given: changed", id="plan.given_changed", show=False),
        Binding("s", "given('skipped')", "Given: skipped", id="plan.given_skipped", show=False),
        Binding("p", "pressure", "Given: pressure", id="plan.given_pressure", show=False),
        Binding(
            "right_square_bracket",
            "given_minutes(1)",
            "Given: more minutes",
            id="plan.given_more",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "given_minutes(-1)",
            "Given: fewer minutes",
            id="plan.given_less",
            show=False,
        ),
        Binding("r", "response", "Given: response", id="plan.given_response", show=False),
    ]

    def __init__(self, session: VisitSession) -> None:
        super().__init__(id="plan")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-summary")
        yield RowTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-course")
        yield Static("Home program", id="program-title", classes="plan-title")
        yield RowTable(id="exercises", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-excluded")
        yield Static("", id="plan-detail")
        yield Static(LEGEND, classes="legend")

    def on_mount(self) -> None:
        # Fixed widths (the cells are clipped to them): a table first drawn empty, as a
        # postponed plan is, kept its header-wide auto widths once rows came.
        steps = self.query_one("#steps", DataTable)
        for label, width in STEP_COLUMNS:
            steps.add_column(label, width=width)
        exercises = self.query_one("#exercises", DataTable)
        for label, width in EXERCISE_COLUMNS:
            exercises.add_column(label, width=width)
        self.rebuild()

    @property
    def steps_table(self) -> DataTable[str]:
        return self.query_one("#steps", DataTable)

    @property
    def exercises_table(self) -> DataTable[str]:
        return self.query_one("#exercises", DataTable)

    def focus_default(self) -> None:
        self.steps_table.focus()

    def _target(self, muscle: str | None, region: str | None) -> str:
        knowledge = self.session.knowledge
        if muscle:
            return knowledge.muscle_name(muscle)
        if region:
            return knowledge.region_name(region)
        return "whole pattern"

    def rebuild(self, step_row: int | None = None, exercise_row: int | None = None) -> None:
        plan = self.session.plan
        knowledge = self.session.knowledge
        steps = self.steps_table
        keep_step = step_row if step_row is not None else steps.cursor_row
        steps.clear()
        for step in plan.steps:
            care = " (care)" if step.care else ""
            steps.add_row(
                step.layer.value.replace("_", " "),
                clip(knowledge.technique_name(step.technique) + care, 25),
                clip(self._target(step.muscle, step.region), 21),
                SIDE_SHORT.get(step.side, str(step.side or "")),
                str(step.minutes),
                self._given_mark(step),
            )
        if plan.steps:
            steps.move_cursor(row=min(max(keep_step, 0), len(plan.steps) - 1))
        exercises = self.exercises_table
        keep_ex = exercise_row if exercise_row is not None else exercises.cursor_row
        exercises.clear()
        for exercise in plan.exercises:
            target = self._target(exercise.muscle, None)
            if exercise.side is not None:
                target += f" {SIDE_SHORT[exercise.side]}"
            exercises.add_row(
                exercise.phase.value,
                clip(exercise.name, 24),
                clip(target, 18),
                clip(exercise.dose.text(), 22),
            )
        if plan.exercises:
            exercises.move_cursor(row=min(max(keep_ex, 0), len(plan.exercises) - 1))
        edited = " · edited by you (g rebuilds from results)" if self.session.plan_edited else ""
        readonly = " · signed, read-only" if self.session.read_only else ""
        summary = self.query_one("#plan-summary", Static)
        if plan.postponed is not None:
            summary.update(
                Text.assemble(
                    ("POSTPONE HANDS-ON WORK AND REFER", "bold reverse"),
                    " · exercises paused · v override",
                )
            )
        else:
            overridden = any(f.override for f in self.session.analysis.red_flags)
            flagged = " · red flag overridden (v)" if overridden else ""
            recorded = sum(self._given_mark(step) != "" for step in plan.steps)
            given = f" · {recorded} given" if recorded else ""
            summary.update(
                f"Session {plan.total_minutes} of {plan.session_minutes} min · "
                f"{len(plan.steps)} steps · {len(plan.exercises)} exercises"
                f"{given}{flagged}{edited}{readonly}"
            )
        self.query_one("#plan-course", Static).update(self.course_line())
        later = " · n: the next to add later" if plan.exercises_later else ""
        minutes = minutes_per_day(self.session.knowledge, plan.exercises)
        daily = f" · about {minutes} min a day" if plan.exercises else ""
        self.query_one("#program-title", Static).update(f"Home program{daily}{later}")
        self.query_one("#plan-excluded", Static).update(self._excluded_text(plan.excluded))
        self.update_detail()

    def course_line(self) -> Text:
        """Where this visit stands in the course, and the next visit's focus (c shows all)."""
        plan = self.session.plan
        knowledge = self.session.knowledge
        text = Text(no_wrap=True, overflow="ellipsis")
        last = max([plan.visit_number, *(v.number for v in plan.series)])
        course = f"Course (c): visit {plan.visit_number} of {last}"
        if plan.reassess_at_visit is not None:
            course += f", re-assess at {plan.reassess_at_visit}"
        text.append(course, style="bold")
        if plan.series:
            after = ", ".join(knowledge.focus_name(r) for r in plan.series[0].regions)
            text.append(f" · next: {after}")
        return text

    def course_text(self) -> str:
        """The whole course for the c key: this visit, the later visits, how often."""
        plan = self.session.plan
        knowledge = self.session.knowledge
        focus = ", ".join(knowledge.focus_name(r) for r in plan.focus_regions) or "none"
        lines = [f"Visit {plan.visit_number} (this one): {focus}"]
        if plan.note:
            lines.append(f"  {plan.note}")
        lines += course_lines(knowledge, plan)
        if plan.reassess_at_visit is not None:
            lines.append(
                f"Sessions {plan.frequency or 'as agreed'}; re-assess at visit "
                f"{plan.reassess_at_visit}."
            )
        return "\n".join(lines)

    def later_text(self) -> str:
        plan = self.session.plan
        if not plan.exercises_later:
            return "Nothing more to add: the program holds every exercise the findings call for."
        lines = ["Add or progress at a later visit (a adds one now):"]
        for exercise in plan.exercises_later:
            target = self._target(exercise.muscle, None) if exercise.muscle else "whole pattern"
            lines.append(f" + {exercise.name} ({exercise.phase.value}, {target})")
        return "\n".join(lines)

    def action_course(self) -> None:
        from posture_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([], self.course_text(), title="The course of treatment"))

    def action_later(self) -> None:
        from posture_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([], self.later_text(), title="Exercises for later"))

    def _excluded_text(self, excluded: tuple[Excluded, ...]) -> Text:
        plan = self.session.plan
        count = len(excluded) + len(plan.excluded_exercises)
        if not count:
            return Text("Nothing left out.", style="dim")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"Left out: {count} (o lists why) ", style="bold")
        knowledge = self.session.knowledge
        if excluded:
            first = excluded[0]
            instead = knowledge.technique_name(first.instead) if first.instead else "nothing"
            text.append(
                f"{knowledge.technique_name(first.technique)}: {first.reason}; instead {instead}"
            )
        else:
            first = plan.excluded_exercises[0]
            exercise = knowledge.exercises.get(first.technique)
            text.append(f"{exercise.name if exercise else first.technique}: {first.reason}")
        return text

    def left_out_text(self) -> str:
        """Each technique and home exercise left out (contraindication, time, size), and why."""
        plan = self.session.plan
        if not plan.excluded and not plan.excluded_exercises:
            return "Nothing was left out."
        lines = [self._excluded_full(plan.excluded).plain]
        if plan.excluded_exercises:
            lines.append("Home exercises left out:")
            for entry in plan.excluded_exercises:
                exercise = self.session.knowledge.exercises.get(entry.technique)
                name = exercise.name if exercise else entry.technique
                target = self._target(entry.muscle, None) if entry.muscle else ""
                what = f"{name} {target} {side_word(entry.side)}".strip()
                replacement = self.session.knowledge.exercises.get(entry.instead or "")
                instead = replacement.name if replacement else "nothing"
                lines.append(f" ✗ {what} — {entry.reason}; instead: {instead}")
        return "\n".join(lines)

    def _excluded_full(self, excluded: tuple[Excluded, ...]) -> Text:
        text = Text("Techniques left out:\n", style="bold")
        knowledge = self.session.knowledge
        for entry in excluded:
            target = (
                self._target(entry.muscle, entry.region) if entry.muscle or entry.region else ""
            )
            instead = knowledge.technique_name(entry.instead) if entry.instead else "nothing"
            condition = knowledge.contraindications.get(entry.contraindication)
            because = f"{condition.name}: " if condition else ""
            what = f"{knowledge.technique_name(entry.technique)} {target} {side_word(entry.side)}"
            text.append(f" ✗ {what.strip()} — {because}{entry.reason}; instead: {instead}\n")
        return text

    def update_detail(self) -> None:
        detail = self.query_one("#plan-detail", Static)
        plan = self.session.plan
        if self.exercises_table.has_focus and plan.exercises:
            exercise = plan.exercises[self.exercises_table.cursor_row]
            detail.update(Text(f"{exercise.name}: {exercise.instruction}", style="italic"))
        elif plan.steps:
            step = plan.steps[min(self.steps_table.cursor_row, len(plan.steps) - 1)]
            text = Text(f"Why: {step.reason}", style="italic")
            given = given_for(self.session.assessment.given, step)
            if given is not None:
                text = Text.assemble(("Given: ", "bold"), describe(given, step.minutes), "  ", text)
            if step.care:
                text.append(f"  Care: {step.care}", style="bold yellow")
            detail.update(text)
        elif plan.postponed is not None:
            detail.update(
                Text.assemble(
                    ("Refer: ", "bold"), plan.postponed.referral, ". ", plan.postponed.reason
                )
            )
        else:
            detail.update("No steps. a adds one; g rebuilds the plan from the results.")

    def action_left_out(self) -> None:
        from posture_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([], self.left_out_text(), title="Left out of this plan"))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.update_detail()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a step or exercise: its whole reason, care note or instruction, which
        the two-line detail cuts at 80x24 (issue 15)."""
        from posture_tui.tui.screens.help import HelpScreen

        plan = self.session.plan
        row = event.cursor_row
        if event.data_table is self.exercises_table and 0 <= row < len(plan.exercises):
            exercise = plan.exercises[row]
            self.app.push_screen(HelpScreen([], exercise.instruction, title=exercise.name))
        elif event.data_table is self.steps_table and 0 <= row < len(plan.steps):
            step = plan.steps[row]
            what = self.session.knowledge.technique_name(step.technique)
            target = self._target(step.muscle, step.region)
            body = f"Why: {step.reason}"
            if step.care:
                body += f"\n\nCare: {step.care}"
            title = f"{what}, {target} {side_word(step.side)}".strip()
            self.app.push_screen(HelpScreen([], body, title=title))

    def on_descendant_focus(self) -> None:
        self.update_detail()

    # --- editing -----------------------------------------------------------------------------

    def _editable(self) -> bool:
        if self.session.plan.postponed is not None:
            self.notify(
                "Postponed by a red flag: refer first, or v overrides it with a written reason.",
                severity="warning",
            )
            return False
        return True

    @work
    async def action_override(self) -> None:
        """Go ahead despite a red flag, only with a written reason; or withdraw an override."""
        flags = self.session.analysis.red_flags
        if not flags:
            self.notify("No red flag: nothing to override.")
            return
        choices = [
            Choice(
                str(n),
                f"withdraw the override of {flag.name}"
                if flag.override
                else f"override {flag.name}",
                flag.id,
            )
            for n, flag in enumerate(flags[:9], start=1)
        ]
        picked = await self.app.push_screen_wait(
            ChoiceScreen("Red flags stop hands-on work. Which one?", choices)
        )
        flag = next((f for f in flags if f.id == picked), None)
        if flag is None:
            return
        if flag.override is not None:
            self.session.withdraw_override(flag.id)
            self.notify(f"{flag.name}: override withdrawn; the plan is postponed again.")
            self._changed()
            return
        reason = await self.app.push_screen_wait(
            TextPrompt(
                f"Go ahead despite {flag.name}? Write why (kept with the assessment, printed in "
                "the clinical note and logged in the audit trail without health data).",
                placeholder=f"your clinical reason, {MIN_REASON} characters or more",
                max_length=NOTE_LENGTH,
            )
        )
        if reason is None:
            return
        if len(reason.strip()) < MIN_REASON:
            self.notify(
                f"Not overridden: a reason of {MIN_REASON} characters or more is needed.",
                severity="warning",
            )
            return
        app = workstation(self)
        self.session.override_red_flag(
            Override(red_flag=flag.id, reason=reason.strip(), by=app.therapist, at=app.clock())
        )
        self.notify(f"{flag.name}: overridden with your reason.")
        self._changed()

    def _on_exercises(self) -> bool:
        return self.exercises_table.has_focus

    def _changed(self, step_row: int | None = None, exercise_row: int | None = None) -> None:
        self.rebuild(step_row, exercise_row)
        self.post_message(PlanChanged())

    @work
    async def action_remove(self) -> None:
        if not self._editable():
            return
        plan = self.session.plan
        if self._on_exercises():
            if not plan.exercises:
                return
            row = self.exercises_table.cursor_row
            question = f"Remove the exercise {plan.exercises[row].name}?"
            if await self.app.push_screen_wait(ConfirmScreen(question, yes="Remove", no="Keep")):
                self.session.remove_exercise(row)
                self._changed(exercise_row=row)
        elif plan.steps:
            row = self.steps_table.cursor_row
            step = plan.steps[row]
            name = self.session.knowledge.technique_name(step.technique)
            question = f"Remove the step {name} on {self._target(step.muscle, step.region)}?"
            if await self.app.push_screen_wait(ConfirmScreen(question, yes="Remove", no="Keep")):
                self.session.remove_step(row)
                self._changed(step_row=row)

    @work
    async def action_add(self) -> None:
        if not self._editable():
            return
        knowledge = self.session.knowledge
        if self._on_exercises():
            exercise = await self.app.push_screen_wait(ExerciseDialog(knowledge))
            if exercise is not None:
                self._changed(exercise_row=self.session.add_exercise(exercise))
            return
        step: Step | None = await self.app.push_screen_wait(StepDialog(knowledge))
        if step is None:
            return
        left_out = [e for e in self.session.plan.excluded if e.technique == step.technique]
        if left_out:
            reason = left_out[0].reason
            question = (
                f"{knowledge.technique_name(step.technique)} was left out: {reason}. Add it anyway?"
            )
            if not await self.app.push_screen_wait(ConfirmScreen(question, yes="Add", no="Don't")):
                return
        self._changed(step_row=self.session.add_step(step))

    def action_move(self, delta: int) -> None:
        if not self._editable() or self._on_exercises() or not self.session.plan.steps:
            return
        row = self.steps_table.cursor_row
        moved = self.session.move_step(row, delta)
        if moved is None:
            self.notify("Steps stay within their layer (the clinic's order).", severity="warning")
            return
        self._changed(step_row=moved)

    def action_minutes(self, delta: int) -> None:
        if not self._editable():
            return
        plan = self.session.plan
        if self._on_exercises():
            if plan.exercises:
                row = self.exercises_table.cursor_row
                dose = plan.exercises[row].dose
                self.session.set_exercise_dose(row, evolve(dose, sets=max(1, dose.sets + delta)))
                self._changed(exercise_row=row)
            return
        if plan.steps:
            row = self.steps_table.cursor_row
            self.session.set_step_minutes(row, plan.steps[row].minutes + delta)
            self._changed(step_row=row)

    @work
    async def action_edit(self) -> None:
        if not self._editable():
            return
        plan = self.session.plan
        if self._on_exercises():
            if not plan.exercises:
                return
            row = self.exercises_table.cursor_row
            dose = await self.app.push_screen_wait(DoseDialog(plan.exercises[row]))
            if dose is not None:
                self.session.set_exercise_dose(row, dose)
                self._changed(exercise_row=row)
        elif plan.steps:
            from posture_tui.tui.screens.dialogs import TextPrompt

            row = self.steps_table.cursor_row
            text = await self.app.push_screen_wait(
                TextPrompt("Minutes for this step", str(plan.steps[row].minutes))
            )
            if text is not None and text.strip().isdigit():
                self.session.set_step_minutes(row, int(text.strip()))
                self._changed(step_row=row)
            elif text is not None:
                self.notify("Minutes are a whole number.", severity="warning")

    @work
    async def action_rebuild(self) -> None:
        if not self._editable() or not self.session.plan_edited:
            return
        question = "Drop your plan edits and rebuild the plan from the current results?"
        if await self.app.push_screen_wait(ConfirmScreen(question, yes="Rebuild", no="Keep")):
            self.session.rebuild_plan()
            self._changed()

    # --- the treatment given -----------------------------------------------------------------

    def _given_mark(self, step: Step) -> str:
        given = given_for(self.session.assessment.given, step)
        return GIVEN_MARK[given.outcome] if given is not None else ""

    def _given_row(self) -> int | None:
        """The highlighted step's row, if recording is allowed (on the steps)."""
        if self._on_exercises() or not self.session.plan.steps:
            self.notify("The treatment given is recorded on a step: tab to the steps.")
            return None
        return min(self.steps_table.cursor_row, len(self.session.plan.steps) - 1)

    def _record(self, row: int, record: GivenStep | None) -> None:
        self.session.record_given(row, record)
        self._changed(step_row=row)

    def action_given(self, outcome: str) -> None:
        """y done, h changed, s skipped; the same key again clears the step's record."""
        row = self._given_row()
        if row is None:
            return
        step = self.session.plan.steps[row]
        current = self.session.given_for(row)
        wanted = Outcome(outcome)
        if current is not None and current.outcome is wanted:
            self._record(row, None)
        elif current is None:
            self._record(row, blank_for(step, wanted))
        else:
            self._record(row, evolve(current, outcome=wanted))

    def action_pressure(self) -> None:
        """p: light, moderate, firm, then none; a step not yet recorded becomes done."""
        row = self._given_row()
        if row is None:
            return
        current = self.session.given_for(row) or blank_for(self.session.plan.steps[row])
        self._record(row, evolve(current, pressure=next_pressure(current.pressure)))

    def action_given_minutes(self, delta: int) -> None:
        """] and [: the minutes actually given, from the planned ones; differing, it is changed."""
        row = self._given_row()
        if row is None:
            return
        step = self.session.plan.steps[row]
        current = self.session.given_for(row) or blank_for(step)
        minutes = max(0, min(240, (current.minutes or step.minutes) + delta))
        outcome = current.outcome
        if outcome is Outcome.DONE and minutes != step.minutes:
            outcome = Outcome.CHANGED
        self._record(row, evolve(current, minutes=minutes, outcome=outcome))

    @work
    async def action_response(self) -> None:
        """r: the client's response (a common word or a few of one's own), and the rest."""
        from posture_tui.tui.screens.given_dialog import GivenDialog

        row = self._given_row()
        if row is None:
            return
        step = self.session.plan.steps[row]
        current = self.session.given_for(row) or blank_for(step)
        what = (
            f"{self.session.knowledge.technique_name(step.technique)}, "
            f"{self._target(step.muscle, step.region)} {side_word(step.side)}"
        ).strip()
        record = await self.app.push_screen_wait(GivenDialog(what, step.minutes, current))
        if record is not None and not self.session.read_only:
            self._record(row, record)

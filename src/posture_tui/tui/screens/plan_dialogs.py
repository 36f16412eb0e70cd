"""Plan dialogs: add a treatment step, add a home exercise, edit an exercise's dose."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from posture_tui.domain.analysis import Exercise, Step
from posture_tui.domain.dose import Dose
from posture_tui.domain.limits import ENGINE_TEXT_LENGTH
from posture_tui.engine.exercises import prescribe
from posture_tui.knowledge.model import Knowledge
from posture_tui.tui.screens.intake_dialogs import NO_SIDE, SIDE_OPTIONS, side_from
from posture_tui.tui.session import evolve

T = TypeVar("T")
NONE = "none"


def row(label: str, widget: Widget) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), widget, classes="field-row")


def whole(text: str, *, optional: bool = False) -> int | None:
    """A whole number >= 0 from text; '' is None when optional; raises ValueError otherwise."""
    text = text.strip()
    if not text and optional:
        return None
    if not text.isdigit():
        raise ValueError
    return int(text)


class FormDialog(ModalScreen[T | None], Generic[T]):
    """A small form: F6 or the OK button accepts, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("f6", "accept", "OK", id="form.ok"),
    ]
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def fields(self) -> list[Widget]:
        raise NotImplementedError

    def result(self) -> T:
        """The dialog's value; raises ValueError with a one-line message when a field is wrong."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.TITLE_TEXT, classes="dialog-title")
            yield from self.fields()
            yield Static("", classes="problem", id="form-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("F6 OK", id="ok", variant="primary", compact=True)
                yield Button("escape Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        widgets = list(self.query("Select, Input"))
        if widgets:
            widgets[0].focus()

    def value_of(self, widget_id: str) -> Any:
        widget = self.query_one(f"#{widget_id}")
        return widget.value if isinstance(widget, Input | Select) else None

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def action_accept(self) -> None:
        try:
            value = self.result()
        except ValueError as error:
            self.query_one("#form-problem", Static).update(str(error) or "check the fields")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class StepDialog(FormDialog[Step]):
    """A technique on a muscle (or none), a side and minutes; placed in the technique's layer."""

    TITLE_TEXT = "Add a treatment step"

    def __init__(self, knowledge: Knowledge) -> None:
        super().__init__()
        self.knowledge = knowledge

    def fields(self) -> list[Widget]:
        techniques = [
            (f"{t.name} ({t.layer.value.replace('_', ' ')})", t.id)
            for t in self.knowledge.techniques.values()
        ]
        muscles = [("no muscle (region work)", NONE)] + [
            (m.name, m.id) for m in self.knowledge.muscles.values()
        ]
        return [
            row("Technique", Select(techniques, prompt="choose", id="technique", compact=True)),
            row(
                "Muscle", Select(muscles, allow_blank=False, value=NONE, id="muscle", compact=True)
            ),
            row(
                "Side",
                Select(SIDE_OPTIONS, allow_blank=False, value=NO_SIDE, id="side", compact=True),
            ),
            row(
                "Minutes",
                Input(placeholder="default for the technique", id="minutes", compact=True),
            ),
        ]

    def result(self) -> Step:
        technique_id = self.value_of("technique")
        if technique_id is Select.NULL:
            raise ValueError("choose a technique")
        technique = self.knowledge.techniques[str(technique_id)]
        try:
            minutes = whole(self.value_of("minutes"), optional=True)
        except ValueError:
            raise ValueError("minutes: a whole number") from None
        muscle = self.value_of("muscle")
        return Step(
            layer=technique.layer,
            technique=technique.id,
            minutes=minutes or technique.minutes,
            reason="added by the therapist",
            muscle=None if muscle == NONE else str(muscle),
            side=side_from(self.value_of("side")),
        )


class ExerciseDialog(FormDialog[Exercise]):
    """An exercise from the library with its usual dose, for a muscle and side."""

    TITLE_TEXT = "Add a home exercise"

    def __init__(self, knowledge: Knowledge) -> None:
        super().__init__()
        self.knowledge = knowledge

    def fields(self) -> list[Widget]:
        exercises = [
            (f"{e.name} ({e.phase.value})", e.id) for e in self.knowledge.exercises.values()
        ]
        muscles = [("whole pattern", NONE)] + [
            (m.name, m.id) for m in self.knowledge.muscles.values()
        ]
        return [
            row("Exercise", Select(exercises, prompt="choose", id="exercise", compact=True)),
            row("For", Select(muscles, allow_blank=False, value=NONE, id="muscle", compact=True)),
            row(
                "Side",
                Select(SIDE_OPTIONS, allow_blank=False, value=NO_SIDE, id="side", compact=True),
            ),
        ]

    def result(self) -> Exercise:
        exercise_id = self.value_of("exercise")
        if exercise_id is Select.NULL:
            raise ValueError("choose an exercise")
        muscle = self.value_of("muscle")
        return prescribe(
            self.knowledge.exercises[str(exercise_id)],
            muscle=None if muscle == NONE else str(muscle),
            side=side_from(self.value_of("side")),
        )


class DoseDialog(FormDialog[Dose]):
    """Sets, reps, hold and frequency of one exercise."""

    TITLE_TEXT = "Dose"

    def __init__(self, exercise: Exercise) -> None:
        super().__init__()
        self.exercise = exercise

    def fields(self) -> list[Widget]:
        dose = self.exercise.dose
        return [
            Static(self.exercise.name, classes="dialog-text"),
            row("Sets", Input(str(dose.sets), id="sets", compact=True)),
            row(
                "Reps",
                Input(
                    "" if dose.reps is None else str(dose.reps),
                    placeholder="none",
                    id="reps",
                    compact=True,
                ),
            ),
            row(
                "Hold (s)",
                Input(
                    "" if dose.hold_s is None else str(dose.hold_s),
                    placeholder="none",
                    id="hold",
                    compact=True,
                ),
            ),
            row(
                "Frequency",
                Input(dose.frequency, id="frequency", compact=True, max_length=ENGINE_TEXT_LENGTH),
            ),
        ]

    def result(self) -> Dose:
        try:
            sets = whole(self.value_of("sets"))
            reps = whole(self.value_of("reps"), optional=True)
            hold = whole(self.value_of("hold"), optional=True)
        except ValueError:
            raise ValueError("sets, reps and hold are whole numbers") from None
        if not sets:
            raise ValueError("at least 1 set")
        if reps is None and hold is None:
            raise ValueError("give reps, a hold, or both")
        frequency = str(self.value_of("frequency")).strip() or self.exercise.dose.frequency
        return evolve(self.exercise.dose, sets=sets, reps=reps, hold_s=hold, frequency=frequency)

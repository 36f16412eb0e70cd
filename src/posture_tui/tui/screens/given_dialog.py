"""The treatment given for one step: outcome, pressure, actual minutes, the client's response."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Input, Select, Static

from posture_tui.domain.given import RESPONSES, GivenStep, Outcome, Pressure
from posture_tui.domain.limits import NOTE_LENGTH, RESPONSE_LENGTH
from posture_tui.tui.screens.plan_dialogs import FormDialog, row, whole
from posture_tui.tui.session import evolve

NO_PRESSURE = "-"
NO_RESPONSE = "-"
OUTCOME_LABELS = {
    Outcome.DONE: "done as planned",
    Outcome.CHANGED: "done, changed",
    Outcome.SKIPPED: "skipped",
}


class GivenDialog(FormDialog[GivenStep]):
    """One step as given; opens on the client's response, the field most often filled here."""

    TITLE_TEXT = "Treatment given"

    def __init__(self, what: str, planned_minutes: int, record: GivenStep) -> None:
        super().__init__()
        self.what = what
        self.planned_minutes = planned_minutes
        self.record = record

    def fields(self) -> list[Widget]:
        record = self.record
        common = record.response if record.response in RESPONSES else NO_RESPONSE
        typed = "" if record.response in RESPONSES else record.response
        return [
            Static(self.what, classes="dialog-text"),
            row(
                "Response",
                Select(
                    [("-", NO_RESPONSE), *((r, r) for r in RESPONSES)],
                    allow_blank=False,
                    value=common,
                    id="response",
                    compact=True,
                ),
            ),
            row(
                "Or in words",
                Input(
                    typed,
                    placeholder="the client's response, a few words",
                    id="response-text",
                    max_length=RESPONSE_LENGTH,
                    compact=True,
                ),
            ),
            row(
                "Outcome",
                Select(
                    [(label, o.value) for o, label in OUTCOME_LABELS.items()],
                    allow_blank=False,
                    value=record.outcome.value,
                    id="outcome",
                    compact=True,
                ),
            ),
            row(
                "Pressure",
                Select(
                    [("-", NO_PRESSURE), *((p.value, p.value) for p in Pressure)],
                    allow_blank=False,
                    value=record.pressure.value if record.pressure else NO_PRESSURE,
                    id="pressure",
                    compact=True,
                ),
            ),
            row(
                "Minutes",
                Input(
                    "" if record.minutes is None else str(record.minutes),
                    placeholder=f"as planned ({self.planned_minutes})",
                    id="minutes",
                    max_length=3,
                    compact=True,
                ),
            ),
            row(
                "Note",
                Input(record.note, id="note", max_length=NOTE_LENGTH, compact=True),
            ),
        ]

    def result(self) -> GivenStep:
        try:
            minutes = whole(self.value_of("minutes"), optional=True)
        except ValueError:
            raise ValueError("minutes: a whole number, or empty for as planned") from None
        typed = " ".join(str(self.value_of("response-text")).split())
        picked = str(self.value_of("response"))
        pressure = str(self.value_of("pressure"))
        return evolve(
            self.record,
            outcome=Outcome(str(self.value_of("outcome"))),
            pressure=None if pressure == NO_PRESSURE else Pressure(pressure),
            minutes=minutes,
            response=typed or ("" if picked == NO_RESPONSE else picked),
            note=str(self.value_of("note")).strip(),
        )

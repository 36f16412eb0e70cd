"""Intake dialogs: a pain entry (region, side, NPRS 0-10) and the details of a condition."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from posture_tui.domain.common import MAX_PAIN, Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.domain.limits import MAX_WEEKS, PERSON_LENGTH
from posture_tui.knowledge.model import Knowledge

NO_SIDE = "none"
SIDE_OPTIONS: list[tuple[str, str]] = [
    ("no side / midline", NO_SIDE),
    ("left", Side.LEFT.value),
    ("right", Side.RIGHT.value),
    ("both sides", Side.BILATERAL.value),
]


def side_from(value: Any) -> Side | None:
    return None if value in (NO_SIDE, Select.NULL, None) else Side(str(value))


def region_options(knowledge: Knowledge) -> list[tuple[str, str]]:
    return [(region.name, region.id) for region in knowledge.pain_regions.values()]


class PainDialog(ModalScreen[PainEntry | None]):
    """Region, side and NPRS score; enter on the score or the OK button accepts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pain.cancel"),
        Binding("f6", "accept", "OK", id="pain.ok"),
    ]

    def __init__(self, knowledge: Knowledge, entry: PainEntry | None = None) -> None:
        super().__init__(classes="dialog")
        self.knowledge = knowledge
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical(classes="dialog-box"):
            yield Static("Pain by region (tab moves, enter opens a list)", classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Label("Region", classes="field-label")
                yield Select(
                    region_options(self.knowledge),
                    prompt="choose a region",
                    value=entry.region if entry else Select.NULL,
                    id="pain-region",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("Side", classes="field-label")
                yield Select(
                    SIDE_OPTIONS,
                    allow_blank=False,
                    value=str(entry.side) if entry and entry.side else NO_SIDE,
                    id="pain-side",
                    compact=True,
                )
            with Horizontal(classes="field-row"):
                yield Label("NPRS 0-10", classes="field-label")
                yield Input(
                    str(entry.score) if entry else "",
                    placeholder="0 none … 10 worst imaginable",
                    type="integer",
                    id="pain-score",
                    compact=True,
                )
            yield Static("", id="pain-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("F6 OK", id="ok", variant="primary", compact=True)
                yield Button("escape Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#pain-region", Select).focus()

    def _problem(self, text: str) -> None:
        self.query_one("#pain-problem", Static).update(text)

    @on(Input.Submitted, "#pain-score")
    @on(Button.Pressed, "#ok")
    def action_accept(self) -> None:
        region = self.query_one("#pain-region", Select).value
        if region is Select.NULL:
            self._problem("choose a region")
            return
        text = self.query_one("#pain-score", Input).value.strip()
        if not text.isdigit() or not 0 <= int(text) <= MAX_PAIN:
            self._problem(f"NPRS is a whole number from 0 to {MAX_PAIN}")
            return
        side = side_from(self.query_one("#pain-side", Select).value)
        self.dismiss(PainEntry(region=str(region), score=int(text), side=side))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class RegionDialog(ModalScreen[str | None]):
    """Choose one body region; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="region.cancel"),
    ]

    def __init__(self, knowledge: Knowledge, question: str) -> None:
        super().__init__(classes="dialog")
        self.knowledge = knowledge
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-title")
            yield Select(
                region_options(self.knowledge),
                prompt="choose a region",
                id="region",
                compact=True,
            )
            yield Label("enter opens the list and picks · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.dismiss(str(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SEVERITY_OPTIONS: list[tuple[str, str]] = [
    ("not recorded (treated as severe)", NO_SIDE),
    ("mild", "mild"),
    ("severe, or after a fragility fracture", "severe"),
]


def _date_or_none(text: str) -> date | None:
    """YYYY-MM-DD or '' (None); anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("the clearance date is written YYYY-MM-DD") from None


class ConditionDialog(ModalScreen[ContraindicationEntry | None]):
    """The details a condition takes (region, side, weeks, severity, clearance); all optional.

    A detail left out is read the safe way (CLINICAL.md 5.2), and the dialog says so.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="condition.cancel"),
        Binding("f6", "accept", "OK", id="condition.ok"),
    ]

    def __init__(
        self,
        knowledge: Knowledge,
        condition_id: str,
        entry: ContraindicationEntry | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.knowledge = knowledge
        self.condition = knowledge.contraindications[condition_id]
        self.entry = entry
        self.today = today or date.today()

    def _asks(self, detail: str) -> bool:
        return detail in self.condition.details or (
            detail == "region" and self.condition.has_region
        )

    def compose(self) -> ComposeResult:
        entry = self.entry
        with Vertical(classes="dialog-box"):
            yield Static(f"{self.condition.name}: details", classes="dialog-title")
            if self._asks("region"):
                with Horizontal(classes="field-row"):
                    yield Label("Region", classes="field-label")
                    yield Select(
                        region_options(self.knowledge),
                        prompt="not recorded: applies everywhere",
                        value=entry.region if entry and entry.region else Select.NULL,
                        id="condition-region",
                        compact=True,
                    )
            if self._asks("side"):
                with Horizontal(classes="field-row"):
                    yield Label("Side", classes="field-label")
                    yield Select(
                        [("not recorded: both sides", NO_SIDE), *SIDE_OPTIONS[1:3]],
                        allow_blank=False,
                        value=str(entry.side) if entry and entry.side else NO_SIDE,
                        id="condition-side",
                        compact=True,
                    )
            if self._asks("weeks"):
                with Horizontal(classes="field-row"):
                    yield Label("Weeks", classes="field-label")
                    yield Input(
                        str(entry.weeks) if entry and entry.weeks is not None else "",
                        placeholder="weeks (blank: treated as past every week limit)",
                        type="integer",
                        id="condition-weeks",
                        compact=True,
                    )
            if self._asks("severity"):
                with Horizontal(classes="field-row"):
                    yield Label("Severity", classes="field-label")
                    yield Select(
                        SEVERITY_OPTIONS,
                        allow_blank=False,
                        value=entry.severity if entry and entry.severity else NO_SIDE,
                        id="condition-severity",
                        compact=True,
                    )
            if self._asks("clearance"):
                with Horizontal(classes="field-row"):
                    yield Label("Cleared by", classes="field-label")
                    yield Input(
                        entry.cleared_by if entry else "",
                        placeholder="who gave medical clearance (blank: not cleared)",
                        id="condition-cleared-by",
                        max_length=PERSON_LENGTH,
                        compact=True,
                    )
                with Horizontal(classes="field-row"):
                    yield Label("Cleared on", classes="field-label")
                    yield Input(
                        entry.cleared_on.isoformat() if entry and entry.cleared_on else "",
                        placeholder="YYYY-MM-DD",
                        id="condition-cleared-on",
                        compact=True,
                    )
            yield Label("A detail left blank is read the safe way.", classes="dialog-hint")
            yield Static("", id="condition-problem", classes="problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("F6 OK", id="ok", variant="primary", compact=True)
                yield Button("escape Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = self.query("Select, Input").first()
        first.focus()

    def _problem(self, text: str) -> None:
        self.query_one("#condition-problem", Static).update(text)

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        if not found:
            return ""
        widget = found.first()
        value = widget.value if isinstance(widget, Input | Select) else ""
        return "" if value in (NO_SIDE, Select.NULL, None) else str(value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_accept(self) -> None:
        weeks_text = self._value("#condition-weeks").strip()
        if weeks_text and (not weeks_text.isdigit() or int(weeks_text) > MAX_WEEKS):
            self._problem(f"weeks is a whole number from 0 to {MAX_WEEKS}")
            return
        try:
            cleared_on = _date_or_none(self._value("#condition-cleared-on"))
        except ValueError as error:
            self._problem(str(error))
            return
        if cleared_on is not None and cleared_on > self.today:
            self._problem("the clearance date is in the future")
            return
        side = self._value("#condition-side")
        self.dismiss(
            ContraindicationEntry(
                id=self.condition.id,
                region=self._value("#condition-region") or None,
                note=self.entry.note if self.entry else "",
                side=Side(side) if side else None,
                weeks=int(weeks_text) if weeks_text else None,
                severity=self._value("#condition-severity") or None,
                cleared_by=self._value("#condition-cleared-by").strip(),
                cleared_on=cleared_on,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

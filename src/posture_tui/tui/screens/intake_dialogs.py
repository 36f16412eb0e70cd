"""Intake dialogs: a pain entry (region, side, NPRS 0-10) and a region for a contraindication."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from posture_tui.domain.common import MAX_PAIN, Side
from posture_tui.domain.intake import PainEntry
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

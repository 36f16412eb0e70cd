"""Modal to enter the Neck and Oswestry Disability Index answers (10 sections, 0-5 each)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import attrs
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from posture_tui.domain.records import OutcomeMeasures
from posture_tui.progress.outcomes import (
    MAX_ITEM,
    NDI_SECTION_NAMES,
    ODI_SECTION_NAMES,
    SECTIONS,
    OutcomeScore,
    score_ndi,
    score_odi,
)

if TYPE_CHECKING:
    from posture_tui.tui.screens.visit import VisitScreen

NDI_COLUMN = 2
ODI_COLUMN = 4
BLANK = "·"


def _answers(values: tuple[int | None, ...] | None) -> list[int | None]:
    given = list(values) if values is not None else []
    return (given + [None] * SECTIONS)[:SECTIONS]


def score_line(label: str, score: OutcomeScore | None) -> str:
    return f"{label} {score.text()}" if score is not None else f"{label} not answered"


class OutcomesScreen(ModalScreen[OutcomeMeasures | None]):
    """Digits 0-5 answer the section under the cursor, x clears it; F6 keeps, escape cancels."""

    DEFAULT_CSS = """
    OutcomesScreen { align: center middle; }
    OutcomesScreen > Vertical {
        width: 66; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    OutcomesScreen #outcomes-title { text-style: bold; }
    OutcomesScreen DataTable { height: auto; max-height: 12; }
    OutcomesScreen #outcomes-scores { height: auto; }
    OutcomesScreen .dialog-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "keep", "Keep", id="outcomes.keep"),
        Binding("x,delete,backspace", "clear", "Clear", id="outcomes.clear"),
        Binding("escape", "cancel", "Cancel", id="outcomes.cancel"),
    ]

    def __init__(self, outcomes: OutcomeMeasures | None = None, *, read_only: bool = False) -> None:
        super().__init__()
        start = outcomes or OutcomeMeasures()
        self.ndi = _answers(start.ndi)
        self.odi = _answers(start.odi)
        self.read_only = read_only
        self.changed = False
        self._cancel_armed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Outcome measures: NDI and ODI", id="outcomes-title")
            yield DataTable(id="outcomes-table", cursor_type="cell", zebra_stripes=True)
            yield Static("", id="outcomes-scores")
            hint = (
                "read-only (signed visit)    escape  close"
                if self.read_only
                else "0-5 answer · x clear · arrows move · F6 keep · escape cancel"
            )
            yield Label(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "NDI section", "NDI", "ODI section", "ODI")
        for index in range(SECTIONS):
            table.add_row(
                str(index + 1),
                NDI_SECTION_NAMES[index],
                self._cell(self.ndi[index]),
                ODI_SECTION_NAMES[index],
                self._cell(self.odi[index]),
            )
        table.cursor_coordinate = Coordinate(0, NDI_COLUMN)
        table.focus()
        self._update_scores()

    @staticmethod
    def _cell(value: int | None) -> str:
        return BLANK if value is None else str(value)

    def outcomes(self) -> OutcomeMeasures:
        """The answers as entered; a questionnaire with nothing answered is stored as None."""
        ndi = tuple(self.ndi) if any(v is not None for v in self.ndi) else None
        odi = tuple(self.odi) if any(v is not None for v in self.odi) else None
        return OutcomeMeasures(ndi=ndi, odi=odi)

    def _update_scores(self) -> None:
        text = Text()
        text.append(score_line("NDI", score_ndi(self.ndi)) + "\n")
        text.append(score_line("ODI", score_odi(self.odi)) + "\n")
        text.append(
            "Unanswered sections are left out: score = sum / (5 x answered) x 50 (NDI) or x 100 %"
            " (ODI).",
            style="italic",
        )
        self.query_one("#outcomes-scores", Static).update(text)

    def _set(self, value: int | None) -> None:
        if self.read_only:
            self.notify("This visit is signed; amend it to change its answers.", severity="warning")
            return
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        target = self.ndi if column <= NDI_COLUMN else self.odi
        target[row] = value
        table.update_cell_at(
            Coordinate(row, NDI_COLUMN if column <= NDI_COLUMN else ODI_COLUMN), self._cell(value)
        )
        self.changed = True
        self._cancel_armed = False
        if value is not None and row < SECTIONS - 1:
            table.cursor_coordinate = Coordinate(
                row + 1, NDI_COLUMN if column <= NDI_COLUMN else ODI_COLUMN
            )
        self._update_scores()

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            event.stop()
            value = int(event.character)
            if value > MAX_ITEM:
                self.notify(f"Each section is scored 0 to {MAX_ITEM}.", severity="warning")
                return
            self._set(value)

    def action_clear(self) -> None:
        self._set(None)

    def action_keep(self) -> None:
        if self.read_only:
            self.dismiss(None)
            return
        self.dismiss(self.outcomes())

    def action_cancel(self) -> None:
        # A bare escape never throws typed answers away: the first one only warns.
        if self.changed and not self._cancel_armed and not self.read_only:
            self._cancel_armed = True
            self.notify("Answers not kept. Press escape again to discard them, F6 to keep.")
            return
        self.dismiss(None)


def edit_outcomes(screen: VisitScreen) -> None:
    """Open the dialog for the visit on `screen`; kept answers go into its assessment.

    The visit then counts as changed, so it autosaves as a draft and F6 saves it. A signed visit
    opens read-only.
    """
    from posture_tui.tui.messages import IntakeChanged

    session = screen.session

    def done(result: OutcomeMeasures | None) -> None:
        if result is None or session.read_only or result == session.assessment.outcomes:
            return
        changes: dict[str, Any] = {"outcomes": result}
        session.assessment = attrs.evolve(session.assessment, **changes)
        session.dirty = True
        screen.post_message(IntakeChanged())
        screen.notify("Outcome measures kept with this visit (F6 saves).")

    screen.app.push_screen(
        OutcomesScreen(session.assessment.outcomes, read_only=session.read_only), done
    )

"""Checklist pane: one view at a time, one item per row, severity 0-3 and side by single keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Static

from posture_tui.domain.common import Side
from posture_tui.domain.limits import NOTE_LENGTH
from posture_tui.knowledge.model import VIEW_NAMES, VIEWS, ChecklistItem
from posture_tui.tui.format import SIDE_SHORT, severity_text
from posture_tui.tui.messages import FindingsChanged
from posture_tui.tui.read_only import EditsVisit
from posture_tui.tui.screens.dialogs import TextPrompt
from posture_tui.tui.session import VisitSession
from posture_tui.tui.widgets.checklist_rows import ChecklistRows
from posture_tui.tui.widgets.measurements import MeasurementsForm
from posture_tui.tui.widgets.repaint import show

SIDE_KEYS = {"l": Side.LEFT, "r": Side.RIGHT, "b": Side.BILATERAL}
LEGEND = "j/k move · 0-3 severity · l/r/b side · n note · x clear · ] [ or PgDn PgUp view"
MEASURE_LEGEND = "type a number · tab next field · enter opens a choice · PgDn PgUp view"


def short_view_name(view: str) -> str:
    return VIEW_NAMES[view].split()[0]


def row_text(session: VisitSession, item: ChecklistItem) -> Text:
    """Two lines after the cursor mark: severity, side, label and prompt; then the hint."""
    finding = session.finding(item.id)
    text = Text(no_wrap=True, overflow="ellipsis")
    sev = severity_text(finding.severity if finding else None)
    sev.pad_right(13 - len(sev.plain))
    text.append_text(sev)
    if not item.sided:
        text.append("mid  ", style="dim")
    elif finding is not None and finding.side is None and finding.severity > 0:
        text.append("side?", style="bold yellow")
    else:
        text.append(f"{SIDE_SHORT[finding.side if finding else None]:<5}")
    text.append(f" {item.label}", style="bold")
    text.append(f" — {item.prompt.rstrip('.')}\n")
    extra = ""
    if item.id in session.assessment.unconfirmed:
        extra += "[from last visit] "
    if finding is not None and finding.note:
        extra += f"note: {finding.note} · "
    text.append(f"{'':21}{extra}{item.hint}", style="dim")
    return text


class ChecklistPane(EditsVisit, Vertical):
    """Views in order (lateral, anterior/posterior, overhead squat, measurements)."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"severity", "side", "clear", "note"})

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"severity({n})", f"Severity {n}", id=f"checklist.sev{n}", show=False)
            for n in range(4)
        ),
        *(
            Binding(
                key, f"side('{key}')", f"Side {side.value}", id=f"checklist.side_{key}", show=False
            )
            for key, side in SIDE_KEYS.items()
        ),
        Binding("n", "note", "Note on item", id="checklist.note", show=False),
        Binding("x", "clear", "Clear item", id="checklist.clear", show=False),
        Binding(
            "right_square_bracket,pagedown",
            "view(1)",
            "Next view",
            id="checklist.next",
            priority=True,
            key_display="]",
        ),
        Binding(
            "left_square_bracket,pageup",
            "view(-1)",
            "Prev view",
            id="checklist.prev",
            priority=True,
            key_display="[",
        ),
    ]

    def __init__(self, session: VisitSession) -> None:
        super().__init__(id="checklist")
        self.session = session
        self.view: str = VIEWS[0]
        self._awaiting_side: str | None = None  # the item a severity key left waiting for l/r/b

    def compose(self) -> ComposeResult:
        yield Static("", id="view-progress")
        yield Static("  Severity     Side  Item — what to look for / how", id="items-header")
        with ContentSwitcher(initial="items", id="checklist-switcher"):
            yield ChecklistRows(id="items")
            yield MeasurementsForm(self.session, id="measures")
        yield Static("", id="item-detail")
        yield Static(LEGEND, classes="legend")

    def on_mount(self) -> None:
        self.show_view(self.view)

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return self.session.knowledge.items_in_view(self.view)

    def focus_current(self) -> None:
        if self.view == "measurements":
            self.query_one(MeasurementsForm).focus_first()
        else:
            self.query_one(ChecklistRows).focus()

    def show_view(self, view: str) -> None:
        """Show a view; the same view again (after a sign or reload) keeps the cursor row."""
        same = view == self.view
        self.view = view
        switcher = self.query_one(ContentSwitcher)
        measuring = view == "measurements"
        self.query_one("#items-header").display = not measuring
        self.query_one(".legend", Static).update(MEASURE_LEGEND if measuring else LEGEND)
        if measuring:
            switcher.current = "measures"
            self.query_one(MeasurementsForm).load()
        else:
            switcher.current = "items"
            self.query_one(ChecklistRows).set_rows(
                [row_text(self.session, item) for item in self.items], keep_cursor=same
            )
        self.update_progress()
        self.update_detail()

    def update_progress(self) -> None:
        parts = Text()
        for view in VIEWS:
            done, total = self.session.view_progress(view)
            label = f" {short_view_name(view)} {done}/{total} "
            style = "bold reverse" if view == self.view else ("green" if done == total else "")
            if parts:
                parts.append("│")
            parts.append(label, style=style)
        show(self.query_one("#view-progress", Static), parts)

    def go_to(self, item_id: str) -> bool:
        """Show the view holding the item and put the cursor on it (a resumed draft)."""
        for view in VIEWS:
            ids = [item.id for item in self.session.knowledge.items_in_view(view)]
            if item_id in ids:
                if view != self.view:
                    self.show_view(view)
                rows = self.query_one(ChecklistRows)
                rows.move_to(ids.index(item_id))
                rows.scroll_to_cursor()
                self.update_detail()
                return True
        if item_id == "measurements":
            self.show_view("measurements")
            return True
        return False

    def position(self) -> str:
        """Where the cursor is, for the draft: the item's id, or the measurements view."""
        item = self.current_item()
        if self.view == "measurements":
            return "measurements"
        return item.id if item is not None else ""

    def current_item(self) -> ChecklistItem | None:
        if self.view == "measurements":
            return None
        index = self.query_one(ChecklistRows).index
        items = self.items
        return items[index] if index is not None and index < len(items) else None

    def update_detail(self) -> None:
        detail = self.query_one("#item-detail", Static)
        item = self.current_item()
        if self.view == "measurements":
            show(detail, "Type a value; leave empty if not measured. PgUp returns to the squat.")
            return
        if item is None:
            show(detail, "")
            return
        text = Text(f"{item.label}: ", style="bold")
        text.append(f"{item.prompt.rstrip('.')}. ")
        text.append(f"How: {item.hint}", style="italic")
        finding = self.session.finding(item.id)
        if item.sided and finding is not None and finding.severity > 0 and finding.side is None:
            text.append("  Now l, r or b for the side.", style="bold yellow")
        elif finding is not None and finding.side is not None and self._awaiting_side == item.id:
            side = SIDE_SHORT[finding.side]
            text.append(f"  Side {side}: l, r or b sets it and moves on.", style="bold yellow")
        show(detail, text)

    def refresh_row(self, item: ChecklistItem) -> None:
        self.query_one(ChecklistRows).set_row(self.items.index(item), row_text(self.session, item))
        self.update_progress()
        self.update_detail()

    @on(FindingsChanged)
    def _measured(self) -> None:
        """A measurement typed or chosen: the view counter follows at once (not on leaving)."""
        if self.view == "measurements":
            self.update_progress()

    @on(ChecklistRows.Highlighted)
    def _highlighted(self) -> None:
        self._awaiting_side = None
        if self.view != "measurements":
            self.update_detail()

    def _advance(self) -> None:
        rows = self.query_one(ChecklistRows)
        if rows.index is not None:
            rows.move_to(rows.index + 1)

    def action_severity(self, severity: int) -> None:
        item = self.current_item()
        if item is None:
            return
        self.session.set_severity(item.id, severity)
        # A severity on a sided item always waits for l/r/b, whether the item was unanswered,
        # answered, or prefilled from the last visit with a side: `1 r` means the same in a
        # re-assessment as in a first visit, and the r never lands on the next item. Moving on
        # without a side keeps the side the item had.
        self._awaiting_side = item.id if item.sided and severity > 0 else None
        if self._awaiting_side is None:
            self._advance()
        # After the move, so the detail line is drawn once, for the row the cursor is on.
        self.refresh_row(item)
        self.post_message(FindingsChanged())

    def action_side(self, key: str) -> None:
        item = self.current_item()
        if item is None:
            return
        if not item.sided:
            self.notify(f"{item.label} is a midline item: it takes no side.", severity="warning")
            return
        self.session.set_side(item.id, SIDE_KEYS[key])
        self._advance()
        self.refresh_row(item)
        self.post_message(FindingsChanged())

    def action_clear(self) -> None:
        item = self.current_item()
        if item is None or self.session.finding(item.id) is None:
            return
        self.session.clear_finding(item.id)
        self.refresh_row(item)
        self.post_message(FindingsChanged())

    @work
    async def action_note(self) -> None:
        item = self.current_item()
        if item is None:
            return
        finding = self.session.finding(item.id)
        note = await self.app.push_screen_wait(
            TextPrompt(
                f"Note on {item.label}", finding.note if finding else "", max_length=NOTE_LENGTH
            )
        )
        if note is None:
            return
        self.session.set_note(item.id, note.strip())
        self.refresh_row(item)
        self.post_message(FindingsChanged())

    def action_view(self, delta: int) -> None:
        index = (VIEWS.index(self.view) + delta) % len(VIEWS)
        self.show_view(VIEWS[index])
        self.focus_current()

"""Kept drafts at start: every unsaved visit of this login with its client, visit and time."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from posture_tui.domain.records import Draft
from posture_tui.domain.text import safe
from posture_tui.store.errors import StoreError
from posture_tui.tui.format import when
from posture_tui.tui.widgets.line_rows import LineRows
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp

PANE_WORDS = {"intake": "intake", "checklist": "checklist", "results": "results", "plan": "plan"}


def visit_words(draft: Draft) -> str:
    """Which visit a draft holds: a new client's first visit, a new visit, or a saved one."""
    assessment = draft.assessment
    if assessment is None:
        return "intake only"
    day = when(assessment.created, date_only=True)
    if assessment.revision == 0:
        return "new client" if draft.client.revision == 0 else f"new visit {day}"
    return f"visit {day} r{assessment.revision}"


def draft_line(draft: Draft) -> Text:
    """One line: name, the visit, when it was kept and where the therapist was."""
    name = safe(draft.client.name) or "New client"
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(name, style="bold")
    text.append(f" · {visit_words(draft)} · kept {when(draft.saved_at)}")
    if draft.pane in PANE_WORDS:
        text.append(f" · {PANE_WORDS[draft.pane]}")
    return text


class DraftRows(LineRows):
    """One kept draft per row under a ▶ cursor."""

    CURSOR_MARK = "▶ "


class DraftsScreen(ModalScreen[Draft | None]):
    """Pick a draft to resume (r or enter), discard one after a confirmation (d), or keep them
    all for later (l or escape). Returns the draft to resume, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "resume", "Resume", id="drafts.resume"),
        Binding("d", "discard", "Discard (asks)", id="drafts.discard"),
        Binding("l,escape", "later", "Later (keep all)", id="drafts.later"),
    ]

    def __init__(self, drafts: list[Draft]) -> None:
        super().__init__(classes="dialog")
        self.drafts = list(drafts)

    @property
    def papp(self) -> PostureApp:
        return workstation(self)

    def _question(self) -> str:
        count = len(self.drafts)
        if count == 1:
            return "Unsaved work was kept as a draft:"
        return f"Unsaved work was kept as {count} drafts, newest first:"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box drafts-box"):
            yield Static(self._question(), id="drafts-question", classes="dialog-text")
            yield DraftRows([draft_line(d) for d in self.drafts], id="draft-rows")
            hint = "r/enter resume · d discard (asks) · l/escape later, keep all"
            yield Label(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(DraftRows).focus()

    def selected(self) -> Draft | None:
        index = self.query_one(DraftRows).index
        return self.drafts[index] if index is not None and index < len(self.drafts) else None

    def action_resume(self) -> None:
        draft = self.selected()
        if draft is not None:
            self.dismiss(draft)

    def action_later(self) -> None:
        self.dismiss(None)

    @work
    async def action_discard(self) -> None:
        from posture_tui.tui.screens.client_list import literal
        from posture_tui.tui.screens.dialogs import ConfirmScreen

        draft = self.selected()
        if draft is None:
            return
        name = literal(safe(draft.client.name)) or "a new client"
        sure = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Discard the unsaved work for {name} ({visit_words(draft)}, kept "
                f"{when(draft.saved_at)})? This cannot be undone.",
                yes="Discard",
                no="Keep",
            )
        )
        if not sure:
            return
        try:
            self.papp.repository.clear_draft(draft.id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.drafts.remove(draft)
        self.notify("Draft discarded.")
        if not self.drafts:
            self.dismiss(None)
            return
        rows = self.query_one(DraftRows)
        rows.set_rows([draft_line(d) for d in self.drafts], keep_cursor=True)
        self.query_one("#drafts-question", Static).update(self._question())

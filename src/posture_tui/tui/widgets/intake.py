"""Intake pane: demographics, complaints, goals, medications, pain by region, contraindications."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.domain.limits import NAME_LENGTH, TEXT_LENGTH
from posture_tui.exports.words import condition_details
from posture_tui.tui.format import pain_summary, side_word, when
from posture_tui.tui.messages import IntakeChanged
from posture_tui.tui.read_only import EditsVisit
from posture_tui.tui.screens.dialogs import ConfirmScreen
from posture_tui.tui.screens.intake_dialogs import ConditionDialog, PainDialog
from posture_tui.tui.session import VisitSession
from posture_tui.tui.widgets.line_rows import LineRows

TEXT_FIELDS: tuple[tuple[str, str, str, int], ...] = (
    # (field, label, placeholder, the record check's length limit; 0: none, a date is parsed)
    ("name", "Name", "first and last name", NAME_LENGTH),
    ("birth_date", "Born", "YYYY-MM-DD", 0),
    ("contact", "Contact", "phone or email", TEXT_LENGTH),
    ("complaints", "Complaints", "what brings the client", TEXT_LENGTH),
    ("goals", "Goals", "what the client wants to be able to do", TEXT_LENGTH),
    ("medications", "Medications", "current medication", TEXT_LENGTH),
)


def parse_birth_date(text: str) -> date | None:
    """YYYY-MM-DD or DD.MM.YYYY; '' is None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("birth date: use YYYY-MM-DD")


class PainList(EditsVisit, LineRows):
    """Pain entries; a adds, enter (or a click) edits, x removes (after confirming)."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"add", "remove", "edit", "select"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add pain", id="pain.add", show=False),
        Binding("x,delete", "remove", "Remove pain", id="pain.remove", show=False),
        Binding("e", "edit", "Edit pain", id="pain.edit", show=False),
        Binding("enter", "select", "Edit pain", id="pain.select", show=False),
    ]

    def __init__(self, session: VisitSession) -> None:
        self.session = session
        super().__init__(self._lines(), id="pain-list")

    def _lines(self) -> list[Text]:
        if not self.session.assessment.pain:
            return [Text("no pain reported · press a to add", style="dim")]
        lines = []
        for entry in self.session.assessment.pain:
            name = self.session.knowledge.region_name(entry.region)
            side = side_word(entry.side)
            lines.append(Text(f"{entry.score:>2}/10  {name} {side}".rstrip()))
        return lines

    def rebuild(self) -> None:
        self.set_rows(self._lines(), keep_cursor=True)

    @work
    async def action_add(self) -> None:
        entry = await self.app.push_screen_wait(PainDialog(self.session.knowledge))
        if entry is not None:
            self.session.set_pain([*self.session.assessment.pain, entry])
            self.rebuild()
            self.move_to(len(self.session.assessment.pain) - 1)
            self.post_message(IntakeChanged())

    @work
    async def action_edit(self) -> None:
        index = self.index
        pain = list(self.session.assessment.pain)
        if index is None or index >= len(pain):
            return
        entry = await self.app.push_screen_wait(PainDialog(self.session.knowledge, pain[index]))
        if entry is not None:
            pain[index] = entry
            self.session.set_pain(pain)
            self.rebuild()
            self.post_message(IntakeChanged())

    def action_select(self) -> None:
        if self.session.assessment.pain:
            self.action_edit()
        else:
            self.action_add()

    def on_click(self, event: events.Click) -> None:
        super().on_click(event)
        if self.row_at(event) is not None:
            self.run_edit("select")

    @work
    async def action_remove(self) -> None:
        index = self.index
        pain = list(self.session.assessment.pain)
        if index is None or index >= len(pain):
            return
        name = self.session.knowledge.region_name(pain[index].region)
        if await self.app.push_screen_wait(ConfirmScreen(f"Remove the pain entry {name}?")):
            del pain[index]
            self.session.set_pain(pain)
            self.rebuild()
            self.post_message(IntakeChanged())


class ContraList(EditsVisit, LineRows):
    """Screened conditions (or, with `red_flags`, the red flags) with a tick box each.

    Space or enter (or a click) ticks or unticks; ticking a condition that takes details asks
    for them, and e edits them. Drawn line by line (LineRows): as a ListView its rows were 30
    widgets, about a third of the time it took to open the intake.
    """

    EDITS: ClassVar[frozenset[str]] = frozenset({"tick", "details"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "tick", "Tick/untick", id="contra.toggle", show=False),
        Binding("e", "details", "Edit details", id="contra.details", show=False),
    ]

    def __init__(self, session: VisitSession, *, red_flags: bool = False) -> None:
        self.session = session
        self.red_flags = red_flags
        super().__init__(self._lines(), id="red-flag-list" if red_flags else "contra-list")

    def _lines(self) -> list[Text]:
        return [Text(self._line(condition_id)) for condition_id in self._ids()]

    def _ids(self) -> list[str]:
        return [
            key
            for key, condition in self.session.knowledge.contraindications.items()
            if condition.red_flag is self.red_flags
        ]

    def _line(self, condition_id: str) -> str:
        knowledge = self.session.knowledge
        condition = knowledge.contraindications[condition_id]
        entry = self._entry(condition_id)
        tick = "[x]" if entry else "[ ]"
        text = f"{tick} {condition.name}"
        if entry is not None:
            details = condition_details(entry, knowledge)
            if details:
                text += f" — {details}"
        elif condition.details or condition.has_region:
            text += " (asks for details)"
        return text

    def _entry(self, condition_id: str) -> ContraindicationEntry | None:
        return next(
            (e for e in self.session.assessment.contraindications if e.id == condition_id), None
        )

    def rebuild(self) -> None:
        self.set_rows(self._lines(), keep_cursor=True)

    def refresh_ticks(self) -> None:
        for index, condition_id in enumerate(self._ids()):
            self.set_row(index, Text(self._line(condition_id)))

    def on_click(self, event: events.Click) -> None:
        super().on_click(event)
        if self.row_at(event) is not None:
            self.run_edit("tick")

    def _current(self) -> str | None:
        index = self.index
        ids = self._ids()
        return ids[index] if index is not None and index < len(ids) else None

    def _store(self, entries: list[ContraindicationEntry]) -> None:
        self.session.set_contraindications(entries)
        self.refresh_ticks()
        self.post_message(IntakeChanged())

    @work
    async def action_tick(self) -> None:
        condition_id = self._current()
        if condition_id is None:
            return
        condition = self.session.knowledge.contraindications[condition_id]
        entries = list(self.session.assessment.contraindications)
        current = self._entry(condition_id)
        if current is not None:
            entries.remove(current)
        else:
            entry = ContraindicationEntry(id=condition_id)
            if condition.details or condition.has_region:
                asked = await self.app.push_screen_wait(
                    ConditionDialog(self.session.knowledge, condition_id)
                )
                if asked is None:
                    return
                entry = asked
            entries.append(entry)
        self._store(entries)

    @work
    async def action_details(self) -> None:
        condition_id = self._current()
        current = self._entry(condition_id) if condition_id else None
        if condition_id is None or current is None:
            return
        condition = self.session.knowledge.contraindications[condition_id]
        if not (condition.details or condition.has_region):
            self.notify(f"{condition.name} takes no details.")
            return
        asked = await self.app.push_screen_wait(
            ConditionDialog(self.session.knowledge, condition_id, current)
        )
        if asked is not None:
            entries = list(self.session.assessment.contraindications)
            entries[entries.index(current)] = asked
            self._store(entries)


def intake_problems(session: VisitSession) -> list[str]:
    """What the stored intake lacks for a save; a birth date being typed is checked as well
    while the intake pane is open."""
    return [] if session.client.name.strip() else ["enter the client's name"]


class IntakePane(VerticalScroll):
    """The whole intake; text fields save into the session as they are typed."""

    def __init__(self, session: VisitSession) -> None:
        super().__init__(id="intake")
        self.session = session

    def compose(self) -> ComposeResult:
        last = self.session.follow_up_of
        if last is not None:
            flags = ", ".join(flag.name for flag in last.analysis.flags) or "no flags"
            if self.session.assessment.prefilled_from:
                # A re-assessment asks pain afresh, so a comparison never shows an old score
                # as new; the last scores are shown here to ask about.
                before = pain_summary(self.session.knowledge, last.pain) or "none"
                carried = f"Contraindications are carried over; ask about pain (last: {before})."
            else:
                carried = "Pain and contraindications are carried over: update what changed."
            yield Static(
                f"Follow-up to the visit of {when(last.created, date_only=True)} ({flags}). "
                + carried,
                id="follow-up-note",
            )
        for field_id, label, placeholder, max_length in TEXT_FIELDS:
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field-label")
                # No select-all on focus: one stray key would replace a whole stored name.
                yield Input(
                    placeholder=placeholder,
                    id=f"f-{field_id}",
                    compact=True,
                    select_on_focus=False,
                    max_length=max_length,
                )
        with Horizontal(classes="field-row"):
            yield Label(
                "Changes" if self.session.follow_up_of else "Visit notes", classes="field-label"
            )
            yield Input(
                placeholder="what changed since the last visit?"
                if self.session.follow_up_of
                else "notes on this visit",
                id="f-notes",
                compact=True,
                select_on_focus=False,
                max_length=TEXT_LENGTH,
            )
        yield Static("", id="intake-problem")
        yield Static("Pain (NPRS 0-10)   a add · e edit · x remove", classes="section-title")
        yield PainList(self.session)
        yield Static(
            "Red flags (any one postpones hands-on work)   space ticks", classes="section-title"
        )
        yield ContraList(self.session, red_flags=True)
        yield Static(
            "Contraindications   space ticks · details asked · e edits them",
            classes="section-title",
        )
        yield ContraList(self.session)

    def _values(self) -> dict[str, str]:
        client = self.session.client
        return {
            "name": client.name,
            "birth_date": client.birth_date.isoformat() if client.birth_date else "",
            "contact": client.contact,
            "complaints": client.complaints,
            "goals": client.goals,
            "medications": client.medications,
            "notes": self.session.assessment.notes,
        }

    def on_mount(self) -> None:
        self.load(lists=False)  # the lists were composed with their rows

    def load(self, *, lists: bool = True) -> None:
        """Fill every field from the session (on open, reload or amend)."""
        # Set here, not given to Input(): a value given there posts Input.Changed on mount,
        # which would mark an untouched visit as changed.
        for field_id, value in self._values().items():
            widget = self.query_one(f"#f-{field_id}", Input)
            with widget.prevent(Input.Changed):
                widget.value = value
            widget.disabled = self.session.read_only
        if lists:
            self.query_one(PainList).rebuild()
            for contra in self.query(ContraList):
                contra.rebuild()

    def focus_first(self) -> None:
        # A follow-up starts where the therapist writes: what changed since the last visit.
        # Focused at once (Widget.focus() waits for the next idle), so the visit opens ready.
        first = self.query_one("#f-notes" if self.session.follow_up_of else "#f-name", Input)
        self.screen.set_focus(self.query_one(PainList) if first.disabled else first)

    @on(events.DescendantBlur)
    def _left_field(self, event: events.DescendantBlur) -> None:
        """A field left shows the start of its text, not the middle where the cursor was."""
        if isinstance(event.widget, Input):
            event.widget.cursor_position = 0

    @on(events.DescendantFocus)
    def _entered_field(self, event: events.DescendantFocus) -> None:
        """Back in a field, the cursor is at the end, ready to add to what is there."""
        if isinstance(event.widget, Input):
            event.widget.cursor_position = len(event.widget.value)

    def problems(self) -> list[str]:
        """What must be fixed before saving (one line each)."""
        found = intake_problems(self.session)
        try:
            parse_birth_date(self.query_one("#f-birth_date", Input).value)
        except ValueError as error:
            found.append(str(error))
        return found

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        field_id = (event.input.id or "").removeprefix("f-")
        if self.session.read_only or not field_id:
            return
        event.stop()
        problem = self.query_one("#intake-problem", Static)
        if field_id == "notes":
            self.session.set_notes(event.value)
        elif field_id == "birth_date":
            try:
                self.session.update_client(birth_date=parse_birth_date(event.value))
                problem.update("")
                problem.display = False
                event.input.remove_class("invalid")
            except ValueError as error:
                problem.update(str(error))
                problem.display = True
                event.input.add_class("invalid")
                return
        else:
            self.session.update_client(**{field_id: event.value})
        self.post_message(IntakeChanged())

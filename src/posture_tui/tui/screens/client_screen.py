"""A client's page: their intake at a glance and their assessments by date (history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from posture_tui.domain.records import Assessment, Client
from posture_tui.domain.text import safe
from posture_tui.store.errors import StoreError
from posture_tui.tui.format import birth, pain_summary, when
from posture_tui.tui.screens.dialogs import Choice, ChoiceScreen, ConfirmScreen
from posture_tui.tui.screens.too_small import WatchesSize
from posture_tui.tui.widgets.key_bar import KeyBar
from posture_tui.tui.widgets.row_table import RowTable
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp


def client_text(app: PostureApp, client: Client) -> Text:
    knowledge = app.knowledge
    text = Text()
    text.append(safe(client.name), style="bold")
    text.append(f" · born {birth(client.birth_date)}")
    if client.contact:
        text.append(f" · {safe(client.contact)}")
    text.append("\n")
    for label, value in (
        ("Complaints", client.complaints),
        ("Goals", client.goals),
        ("Medications", client.medications),
    ):
        if value:
            text.append(f"{label}: ", style="bold")
            text.append(f"{safe(value, multiline=True)}\n")
    if client.pain:
        text.append("Pain: ", style="bold")
        text.append(f"{safe(pain_summary(knowledge, client.pain))}\n")
    if client.contraindications:
        conditions = knowledge.contraindications
        names = ", ".join(
            (conditions[c.id].name if c.id in conditions else c.id)
            + (f" ({knowledge.region_name(c.region)})" if c.region else "")
            for c in client.contraindications
        )
        text.append("Contraindications: ", style="bold yellow")
        text.append(f"{safe(names)}\n")
    return text


def status_text(assessment: Assessment) -> str:
    if assessment.is_signed:
        return f"signed r{assessment.revision}"
    if assessment.amends_revision is not None:
        return f"amending r{assessment.revision}"
    return f"draft r{assessment.revision}"


class ClientScreen(WatchesSize, Screen[None]):
    """History: enter opens an assessment; n starts a new (follow-up) visit."""

    HELP = (
        "The client's assessments, newest first. Enter opens one (signed ones are read-only; "
        "F8 in the visit amends). n starts a new visit: after a first visit it is a follow-up "
        "that starts from the last intake and asks what changed; r starts a re-assessment with "
        "the last findings prefilled (marked 'from last visit' until confirmed or changed). "
        "v lists the revisions of an amended assessment; p shows progress, e exports."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="history.open", show=False),
        Binding("n", "new_visit", "New visit", id="history.new"),
        Binding("r", "reassess", "Re-assess", id="history.reassess"),
        Binding("v", "revisions", "Revisions", id="history.revisions", show=False),
        Binding("e", "export", "Export", id="history.export"),
        Binding("p", "progress", "Progress", id="history.progress"),
        Binding("x", "delete", "Delete draft", id="history.delete", show=False),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.assessments: list[Assessment] = []

    @property
    def papp(self) -> PostureApp:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="client-header", classes="title-bar")
        yield Static("", id="client-summary")
        yield Static("Assessments (newest first)", classes="section-title")
        yield RowTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        # No reload here: ScreenResume follows the first mount too and loads the record once.
        self.query_one("#history", DataTable).add_columns("Date", "Status", "Therapist", "Flags")
        self.query_one("#history", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            client = self.papp.repository.get_client(self.client_id)
            self.assessments = self.papp.repository.list_assessments(self.client_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.query_one("#client-header", Static).update(Text(f"Client · {safe(client.name)}"))
        self.query_one("#client-summary", Static).update(client_text(self.papp, client))
        table = self.query_one("#history", DataTable)
        row = table.cursor_row
        table.clear()
        for assessment in self.assessments:
            flags = ", ".join(flag.name for flag in assessment.analysis.flags) or "none"
            table.add_row(
                when(assessment.created),
                status_text(assessment),
                Text(safe(assessment.therapist)),  # str cells are parsed as markup
                Text(safe(flags)),
                key=assessment.id,
            )
        if self.assessments:
            table.move_cursor(row=min(row, len(self.assessments) - 1))
        self.query_one("#history-empty", Static).update(
            "No assessments yet. Press n for the first visit." if not self.assessments else ""
        )

    def _selected(self) -> Assessment | None:
        if not self.assessments:
            return None
        return self.assessments[self.query_one("#history", DataTable).cursor_row]

    @on(DataTable.RowSelected, "#history")
    def action_open(self) -> None:
        assessment = self._selected()
        if assessment is None:
            return
        self._open(assessment.id, None)

    def _open(self, assessment_id: str, revision: int | None) -> None:
        from posture_tui.tui.screens.visit import VisitScreen
        from posture_tui.tui.visit_start import open_visit_session

        try:
            session = open_visit_session(self.papp, self.client_id, assessment_id, revision)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(VisitScreen(session))

    def action_new_visit(self) -> None:
        from posture_tui.tui.screens.visit import VisitScreen
        from posture_tui.tui.visit_start import new_visit_session

        try:
            session = new_visit_session(self.papp, self.client_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(VisitScreen(session))

    @work
    async def action_revisions(self) -> None:
        assessment = self._selected()
        if assessment is None:
            return
        revisions = self.papp.repository.assessment_revisions(self.client_id, assessment.id)
        if len(revisions) <= 1:
            self.notify("This assessment has a single revision.")
            return
        keys = "123456789abcdefghijklmopqrstuvwyz"
        choices = [
            Choice(
                keys[i],
                f"r{rev.revision} {status_text(rev)} {when(rev.updated)}",
                str(rev.revision),
            )
            for i, rev in enumerate(revisions[: len(keys)])
        ]
        answer = await self.app.push_screen_wait(ChoiceScreen("Open which revision?", choices))
        if answer is not None:
            self._open(assessment.id, int(answer))

    def action_export(self) -> None:
        assessment = self._selected()
        from posture_tui.tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.client_id, assessment.id if assessment else None))

    def action_reassess(self) -> None:
        """A visit prefilled from the latest (findings marked "from last visit")."""
        from posture_tui.tui.screens.progress import start_reassessment

        start_reassessment(self.papp, self.client_id)

    def action_progress(self) -> None:
        from posture_tui.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.client_id))

    @work
    async def action_delete(self) -> None:
        assessment = self._selected()
        if assessment is None:
            return
        if assessment.is_signed or assessment.amends_revision is not None:
            self.notify(
                "Signed records are kept; only an unsigned draft can be deleted.",
                severity="warning",
            )
            return
        question = (
            f"Delete the draft assessment of {when(assessment.created)}? This cannot be undone."
        )
        if await self.app.push_screen_wait(ConfirmScreen(question, yes="Delete", no="Keep")):
            try:
                self.papp.repository.delete_assessment(self.client_id, assessment.id)
            except StoreError as error:
                self.notify(str(error), severity="error")
            self.reload()

    def action_back(self) -> None:
        self.dismiss(None)

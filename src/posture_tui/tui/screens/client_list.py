"""The first screen: find a client as you type, recent clients first, or create a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Static

from posture_tui.domain.text import safe
from posture_tui.store.api import ClientPage, ClientSummary
from posture_tui.store.errors import StoreError
from posture_tui.tui.format import when
from posture_tui.tui.screens.too_small import WatchesSize
from posture_tui.tui.widgets.client_table import ClientRow, ClientTable
from posture_tui.tui.widgets.key_bar import KeyBar
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp


def literal(text: str) -> str:
    """Typed text for a message that is read as markup: every "[" is taken literally.

    (textual.markup.escape leaves an unclosed "[/x" alone, which still breaks the message.)
    """
    return text.replace("[", "\\[")


# Putting all 2,000 clients of a big clinic in the table made the first screen and each search
# keystroke slow; the table holds what a screen of that height can show.
MIN_ROWS = 20


def row_limit(terminal_height: int) -> int:
    """How many matching clients the table draws on a terminal this tall."""
    return max(MIN_ROWS, terminal_height)


def table_row(summary: ClientSummary) -> ClientRow:
    """Name, born, visits, last visit: the columns of the client list."""
    born = summary.birth_date.isoformat() if summary.birth_date else ""
    last = when(summary.last_assessed, date_only=True)
    name = f"{summary.name} (demo)" if summary.synthetic else summary.name  # synthetic client
    return ClientRow(summary.id, (name, born, str(summary.assessments), last))


class ClientListScreen(WatchesSize, Screen[None]):
    """Search box on top, clients below; enter opens the highlighted client."""

    HELP = (
        "Type to search by name or birth date (1980-02-03 or 03.02.1980). Up/down pick a "
        "client, enter opens their history. F2 starts a new client with a first visit. "
        "ctrl+p jumps to any client from anywhere. F3 lists the drafts kept for you: "
        "r resumes one, d discards one (asks first)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "new_client", "New client", id="clients.new"),
        Binding("enter", "open", "Open", id="clients.open", show=False),
        Binding("down", "move(1)", "Next", id="clients.down", show=False),
        Binding("up", "move(-1)", "Previous", id="clients.up", show=False),
        Binding("f8", "delete", "Delete client", id="clients.delete"),
        Binding("f3", "drafts", "Drafts", id="clients.drafts"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: tuple[ClientSummary, ...] = ()  # the rows the table holds
        self._problem = ""  # the store problem last reported
        self._limit = 0  # rows the table may draw; follows the terminal height
        self._has_drafts = False  # F3 Drafts shows only while drafts are kept

    @property
    def papp(self) -> PostureApp:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield Static("posture-tui · clients", classes="title-bar")
        yield Input(placeholder="Search name or birth date…", id="search")
        yield ClientTable(id="clients")
        yield Static("", id="clients-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        # No reload here: ScreenResume follows the first mount too and loads the list once.
        self.query_one("#search", Input).focus()
        self.offer_draft()

    def on_screen_resume(self) -> None:
        self.reload()
        # F3 Drafts shows while drafts are kept; read the folder here, not on every binding check
        self._has_drafts = self.papp.repository.has_drafts()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drafts":
            return self._has_drafts
        return True

    def action_drafts(self) -> None:
        self.offer_draft(asked=True)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        if self.is_mounted and row_limit(self.app.size.height) != self._limit:
            self.refilter()  # a taller terminal shows more rows

    def reload(self) -> None:
        self._problem = ""  # a store problem is said again after a reload
        self.refilter()

    @on(Input.Changed, "#search")
    def refilter(self) -> None:
        """The first rows that match, from the store's paged listing: what a screen shows
        costs the same with 100,000 clients as with 2,000."""
        query = self.query_one("#search", Input).value
        limit = self._limit = row_limit(self.app.size.height)
        try:
            page = self.papp.repository.client_page(query, limit)
        except StoreError as error:
            if str(error) != self._problem:  # once, not on every key typed
                self._problem = str(error)
                self.notify(str(error), severity="error")
            page = ClientPage((), 0, 0)
        self.shown = page.rows
        self.query_one("#clients", ClientTable).set_rows([table_row(s) for s in page.rows])
        if not page.total:
            status = "No clients yet. Press F2 to add the first one."
        elif not page.matched:
            status = f"No client matches “{literal(query)}”. F2 adds a new client."
        elif page.more:  # each line fits 80 columns: the keys that follow must not be cut
            status = (
                f"Over {page.matched:,} of {page.total:,} clients match · the {limit} most "
                "recent shown · type to narrow"
            )
        elif page.matched > limit:
            status = (
                f"{page.matched:,} of {page.total:,} clients · the {limit} most recent shown"
                " · type to narrow"
            )
        else:
            status = f"{page.matched:,} of {page.total:,} clients · enter opens"
        # one line high in app.tcss, so a new text needs no new layout of the screen
        self.query_one("#clients-empty", Static).update(status, layout=False)

    def _selected_id(self) -> str | None:
        return self.query_one("#clients", ClientTable).cursor_key

    def action_move(self, delta: int) -> None:
        table = self.query_one("#clients", ClientTable)
        table.move_cursor(table.cursor_row + delta)

    @on(Input.Submitted, "#search")
    def action_open(self) -> None:
        client_id = self._selected_id()
        if client_id is None:
            self.notify("No client selected. F2 adds a new client.", severity="warning")
            return
        self.papp.open_client(client_id)

    @on(ClientTable.Selected, "#clients")
    def _row_selected(self) -> None:
        self.action_open()

    def action_new_client(self) -> None:
        from posture_tui.tui.screens.visit import VisitScreen
        from posture_tui.tui.visit_start import new_client_session

        self.app.push_screen(VisitScreen(new_client_session(self.papp)))

    @work
    async def action_delete(self) -> None:
        from posture_tui.tui.screens.dialogs import ConfirmScreen

        client_id = self._selected_id()
        if client_id is None:
            return
        summary = next(s for s in self.shown if s.id == client_id)
        sure = await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete {literal(summary.name)} and all {summary.assessments} assessments? "
                "This cannot be undone.",
                yes="Delete",
                no="Keep",
            )
        )
        if not sure:
            return
        try:
            self.papp.repository.delete_client(client_id)
        except StoreError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(f"Deleted {literal(safe(summary.name))}.")
        self.reload()

    @work
    async def offer_draft(self, asked: bool = False) -> None:
        """On start (and F3), every draft this login kept: resume one, discard one after a
        confirmation, or keep them all for later. A damaged draft never hides the others."""
        try:
            drafts, problems = self.papp.repository.list_drafts()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        for problem in problems:
            self.notify(f"A draft could not be read: {problem}", severity="error")
        if not drafts:
            if asked and not problems:
                self.notify("No drafts are kept for you.")
            return
        from posture_tui.tui.screens.drafts import DraftsScreen

        chosen = await self.app.push_screen_wait(DraftsScreen(drafts))
        if chosen is not None:
            from posture_tui.tui.screens.visit import VisitScreen
            from posture_tui.tui.visit_start import session_from_draft

            self.app.push_screen(VisitScreen(session_from_draft(self.papp, chosen)))

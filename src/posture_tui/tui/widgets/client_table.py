"""The client list's table: one widget drawing each row as a single line of text (Line API).

Textual's DataTable lays out every cell through Rich when rows change, which made each search
keystroke and the first screen slow on a big clinic. The client list only needs four plain text
columns, a header, zebra stripes and a row cursor, so this widget sizes the columns with
`cell_len` and draws each visible line as one segment. Kept over Textual's OptionList while it
costs less (benchmarks/rows_bench.py: a search keystroke replacing 200 rows costs 3.5 ms of CPU
against 15.9 ms in an OptionList of the same rows as padded text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from posture_tui.domain.text import safe

COLUMNS = ("Name", "Born", "Visits", "Last visit")
PADDING = 1  # blank cells each side of a column, as DataTable draws them
ELLIPSIS = "…"


class ClientRow(NamedTuple):
    """One client as the table shows it; `key` is the client id."""

    key: str
    cells: tuple[str, str, str, str]


def cleaned(row: ClientRow) -> ClientRow:
    name, born, visits, last = row.cells
    return ClientRow(row.key, (shown(name), born, visits, last))


def shown(text: str) -> str:
    """The text a cell shows: its first line, with any control character as U+FFFD.

    Cells are never read as markup; a newline or escape code in a name cannot break the row.
    """
    return safe(text.split("\n", 1)[0])


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with an ellipsis) to exactly `width` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + ELLIPSIS[: max(width, 0)]


class ClientTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Header plus one line per client, a row cursor, zebra stripes; click to pick a row.

    The keys (up, down, enter) belong to the client list screen, which calls `move_cursor`;
    the table has no bindings of its own so they work the same whether it or the search box
    has focus.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "client-table--header",
        "client-table--even-row",
        "client-table--odd-row",
        "client-table--cursor",
        "client-table--hover",
    }

    class Selected(Message):
        """A row was picked by a click on the highlighted row."""

        def __init__(self, table: ClientTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> ClientTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[ClientRow] = []
        self._widths = [cell_len(label) for label in COLUMNS]
        self._cursor = 0
        self._hover: int | None = None

    # ------------------------------------------------------------------ data
    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        """The client id of the highlighted row, None when the table is empty."""
        return self._rows[self._cursor].key if self._rows else None

    def get_row_at(self, index: int) -> tuple[str, str, str, str]:
        return self._rows[index].cells

    def set_rows(self, rows: Sequence[ClientRow]) -> bool:
        """Show these rows, cursor on the first; False if they were shown already.

        Rows already shown are not measured or drawn again: only the cursor goes back to the
        first row, as it does for new rows.
        """
        clean = [cleaned(row) for row in rows]
        if clean == self._rows:
            if self._cursor:
                self.move_cursor(0)
            return False
        self._rows = clean
        self._widths = [
            max([cell_len(label), *(cell_len(row.cells[n]) for row in clean)])
            for n, label in enumerate(COLUMNS)
        ]
        self._cursor = 0
        self._hover = None
        self.virtual_size = Size(0, len(clean) + 1)  # never wider than the widget: no x scroll
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()
        return True

    def move_cursor(self, row: int) -> None:
        """Highlight `row` (clamped to the rows shown) and scroll it into view."""
        if not self._rows:
            return
        self._cursor = min(max(row, 0), len(self._rows) - 1)
        self._hover = None
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False)
        self.refresh()

    # ------------------------------------------------------------------ drawing
    def _column_widths(self, width: int) -> list[int]:
        """Content width of each column; the name gives way (ellipsis) on a narrow terminal."""
        widths = list(self._widths)
        others = sum(widths[1:]) + 2 * PADDING * len(widths)
        widths[0] = max(min(widths[0], width - others), cell_len(COLUMNS[0]))
        return widths

    def _line(self, cells: Sequence[str], width: int) -> str:
        pad = " " * PADDING
        text = "".join(
            f"{pad}{fit(cell, size)}{pad}"
            for cell, size in zip(cells, self._column_widths(width), strict=True)
        )
        return set_cell_size(text, width)

    def _row_style(self, index: int) -> Style:
        parity = "client-table--odd-row" if index % 2 else "client-table--even-row"
        style = self.get_component_rich_style(parity)
        if index == self._hover:
            style += self.get_component_rich_style("client-table--hover")
        if index == self._cursor:
            style += self.get_component_rich_style("client-table--cursor")
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = self.get_component_rich_style("client-table--header")
            return Strip([Segment(self._line(COLUMNS, width), header)], width)
        index = y - 1 + int(self.scroll_y)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        line = self._line(self._rows[index].cells, width)
        return Strip([Segment(line, self._row_style(index))], width)

    # ------------------------------------------------------------------ mouse
    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return None
        index = offset.y - 1 + int(self.scroll_y)
        return index if index < len(self._rows) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_under(event)
        if index is None:
            return
        event.stop()
        if index == self._cursor:
            self.post_message(self.Selected(self, self._rows[index].key))
        else:
            self.move_cursor(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_under(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, _: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

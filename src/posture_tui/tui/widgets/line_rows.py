"""Rows drawn line by line under one cursor: a move or a rewrite repaints the rows it changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize


class LineRows(ScrollView, can_focus=True):
    """Rows of ROW_HEIGHT lines under one cursor, drawn with the Line API.

    One widget draws every row, so moving the cursor or rewriting a row refreshes those lines
    and scrolls without a layout pass of the screen; a ListView of widgets mounts, styles and
    repaints one widget or more per row. Subclasses set ROW_HEIGHT and may set a CURSOR_MARK
    drawn before the cursor row (blanks of its width before the others). All look like a
    ListView (`LineRows` in app.tcss). Kept over Textual's OptionList while it costs less
    (benchmarks/rows_bench.py: a cursor move costs 2.6 ms of CPU against 4.4 ms).
    """

    ROW_HEIGHT: ClassVar[int] = 1
    CURSOR_MARK: ClassVar[str] = ""
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-rows--cursor", "line-rows--hover"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", id="rows.arrow_down", show=False),
        Binding("up", "cursor_up", "Up", id="rows.arrow_up", show=False),
        Binding("j", "cursor_down", "Down", id="rows.down", show=False),
        Binding("k", "cursor_up", "Up", id="rows.up", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another row."""

        def __init__(self, rows: LineRows, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

        @property
        def control(self) -> LineRows:
            return self.rows

    def __init__(self, texts: Sequence[Text] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._texts: list[Text] = list(texts)
        self._cursor = 0
        self._hover: int | None = None
        self._strips: dict[int, tuple[tuple[bool, Style, int], list[Strip]]] = {}
        self.virtual_size = Size(0, len(self._texts) * self.ROW_HEIGHT)

    # --- content -----------------------------------------------------------------------------

    @property
    def index(self) -> int | None:
        """The cursor row, or None when there are no rows."""
        return self._cursor if self._texts else None

    def __len__(self) -> int:
        return len(self._texts)

    def row_plain(self, index: int) -> str:
        """A row's text as drawn, cursor mark included."""
        return self._row_text(index).plain

    def set_rows(self, texts: Sequence[Text], *, keep_cursor: bool = False) -> None:
        """Show new rows: the cursor on the first and the list at the top, or (keep_cursor)
        the cursor where it was as far as the new rows reach."""
        self._texts = list(texts)
        self._cursor = min(self._cursor, max(len(self._texts) - 1, 0)) if keep_cursor else 0
        self._strips.clear()
        self.virtual_size = Size(0, len(self._texts) * self.ROW_HEIGHT)
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def set_row(self, index: int, text: Text) -> None:
        """Rewrite one row; only its lines repaint."""
        if 0 <= index < len(self._texts):
            self._texts[index] = text
            self._refresh_row(index)

    def move_to(self, index: int) -> None:
        """Put the cursor on a row (clamped), scroll it into view and say so."""
        if not self._texts:
            return
        index = max(0, min(index, len(self._texts) - 1))
        if index == self._cursor:
            return
        previous, self._cursor = self._cursor, index
        self._refresh_row(previous)
        self._refresh_row(index)
        self.scroll_to_cursor()
        self.post_message(self.Highlighted(self, index))

    def scroll_to_cursor(self) -> None:
        if not self._texts or not self.scrollable_content_region:
            return
        height = self.ROW_HEIGHT
        self.scroll_to_region(
            Region(0, self._cursor * height, self.scrollable_content_region.width, height),
            animate=False,
            force=True,
            immediate=True,
        )

    def _refresh_row(self, index: int) -> None:
        self._strips.pop(index, None)
        self.refresh_lines(index * self.ROW_HEIGHT, self.ROW_HEIGHT)

    # --- keys and mouse ----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_to(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self._cursor - 1)

    def row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        row = (offset.y + self.scroll_offset.y) // self.ROW_HEIGHT
        return row if 0 <= row < len(self._texts) else None

    def on_click(self, event: events.Click) -> None:
        row = self.row_at(event)
        if row is not None:
            self.move_to(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            previous, self._hover = self._hover, row
            for index in (previous, row):
                if index is not None:
                    self._refresh_row(index)

    def on_show(self) -> None:
        self.scroll_to_cursor()

    # --- drawing -----------------------------------------------------------------------------

    def _row_text(self, index: int) -> Text:
        if not self.CURSOR_MARK:
            return Text.assemble(self._texts[index], no_wrap=True, overflow="ellipsis")
        mark = self.CURSOR_MARK if index == self._cursor else " " * len(self.CURSOR_MARK)
        return Text.assemble(
            Text(mark, style="bold"), self._texts[index], no_wrap=True, overflow="ellipsis"
        )

    def _row_style(self, index: int) -> Style:
        if index == self._cursor:
            return self.get_visual_style("line-rows--cursor")
        if index == self._hover:
            return self.get_visual_style("line-rows--hover")
        return self.visual_style

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        style = self._row_style(index)
        key = (index == self._cursor, style, width)
        cached = self._strips.get(index)
        if cached is not None and cached[0] == key:
            return cached[1]
        height = self.ROW_HEIGHT
        visual = visualize(self, self._row_text(index))
        strips = Visual.to_strips(self, visual, width, height, style, pad=True)
        blank = Strip.blank(width, style.rich_style)
        strips = [*strips, *[blank] * (height - len(strips))]
        self._strips[index] = (key, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, line = divmod(self.scroll_offset.y + y, self.ROW_HEIGHT)
        if not 0 <= index < len(self._texts):
            return Strip.blank(width, self.visual_style.rich_style)
        return self._row_strips(index, width)[line]

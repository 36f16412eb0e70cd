"""Checklist rows drawn line by line: a move or an answer repaints the rows it changed, no more."""

from __future__ import annotations

from posture_tui.tui.widgets.line_rows import LineRows


class ChecklistRows(LineRows):
    """Two-line rows under one cursor; the cursor row carries the ▶ mark and the cursor style.

    A ListView of Statics repainted every row and laid the screen out again whenever it
    scrolled; these rows are one Line API widget (see LineRows).
    """

    ROW_HEIGHT = 2
    CURSOR_MARK = "▶ "

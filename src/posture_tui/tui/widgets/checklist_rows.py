"""Checklist rows drawn line by line: a move or an answer repaints the rows it changed, no more."""

from __future__ import annotations

from posture_tui.tui.widgets.line_rows import LineRows


class ChecklistRows(LineRows):
    """Two-line rows under one cursor; the cursor row carries the ▶ mark and the cursor style.

    A ListView of Statics repainted every row and laid the screen out again whenever it
    scrolled; these rows are one Line API widget (see LineRows). Kept over Textual's OptionList
    while it costs less (benchmarks/rows_bench.py: a move and an answer cost 2.7 ms of CPU here
    against 6.4 ms in an OptionList of the same rows, a move 3.4 against 5.0 ms).
    """

    ROW_HEIGHT = 2
    CURSOR_MARK = "▶ "

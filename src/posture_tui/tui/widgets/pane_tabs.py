"""The tab line over a ContentSwitcher: one line of text, the shown pane in reverse video.

The workstation's one convention for tabs (the visit's panes, the progress screen's views).
Kept over Textual's TabbedContent while it costs less (benchmarks/tabs_bench.py: a pane switch
costs 5-6 ms of CPU against 30-35 ms, a tab label change 2-3 ms against 5 ms; the visit changes
the results tab's count at every checklist answer). The line is redrawn only when its text
changes, without a layout pass; keys switch panes (the screen's bindings), and a click on a
tab chooses it too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from posture_tui.tui.widgets.repaint import show


class PaneTabs(Static):
    """Tabs as `(pane id, label)`; `active` is the pane shown."""

    DEFAULT_CSS = "PaneTabs { height: 1; }"

    class Chosen(Message):
        """A tab was clicked: the screen shows its pane."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self, tabs: Sequence[tuple[str, str]], active: str, *, id: str | None = None
    ) -> None:
        super().__init__("", id=id)
        self._labels = dict(tabs)
        self._active = active

    def on_mount(self) -> None:
        self._draw()

    @property
    def active(self) -> str:
        return self._active

    @active.setter
    def active(self, pane: str) -> None:
        self._active = pane
        self._draw()

    def set_label(self, pane: str, label: str) -> None:
        self._labels[pane] = label
        self._draw()

    def _draw(self) -> None:
        line = Text()
        for pane, label in self._labels.items():
            line.append(f" {label} ", style="bold reverse" if pane == self._active else "")
            line.append(" ")
        show(self, line)

    def pane_at(self, x: int) -> str | None:
        """The pane whose tab is at column `x` of the line."""
        start = 0
        for pane, label in self._labels.items():
            width = cell_len(label) + 2
            if start <= x < start + width:
                return pane
            start += width + 1
        return None

    def on_click(self, event: events.Click) -> None:
        pane = self.pane_at(event.x)
        if pane is not None:
            self.post_message(self.Chosen(pane))

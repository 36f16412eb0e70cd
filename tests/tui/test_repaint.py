"""A fixed-height line is updated only when what it shows changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from posture_tui.tui.widgets.repaint import show


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("", id="line")


async def test_show_keeps_an_unchanged_line_and_updates_a_changed_one() -> None:
    app = OneLine()
    async with app.run_test():
        line = app.query_one("#line", Static)
        first = Text.assemble(("Lateral", "bold reverse"), " 1/12")
        show(line, first)
        assert line.content is first
        show(line, Text.assemble(("Lateral", "bold reverse"), " 1/12"))
        assert line.content is first  # equal text and styles: left alone
        restyled = Text.assemble(("Lateral", "green"), " 1/12")
        show(line, restyled)
        assert line.content is restyled  # same words, another style: redrawn
        show(line, "Lateral 1/12")
        assert line.content == "Lateral 1/12"  # a string replaces a Text of the same words

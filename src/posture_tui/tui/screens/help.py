"""F1 help: every key active where help was asked, and a short note on the screen's flow."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys; escape, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help", id="help.close")
    ]

    def __init__(
        self, rows: list[tuple[str, str]], text: str = "", *, title: str = "Keys here"
    ) -> None:
        super().__init__(classes="dialog")
        self.rows = rows
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.rows), default=4) + 2
        lines = [f"{key:<{width}}{description}" for key, description in self.rows]
        body = "\n".join(lines)
        if self.text:
            body = f"{self.text.strip()}\n\n{body}"
        with VerticalScroll(classes="dialog-box help-box", id="help-scroll"):
            yield Static(
                f"{self.title_text}  (escape closes, arrows scroll)", classes="dialog-title"
            )
            yield Static(body, markup=False, id="help-body")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

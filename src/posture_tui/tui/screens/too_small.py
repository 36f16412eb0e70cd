"""Shown instead of the app while the terminal is smaller than 80x24."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


class WatchesSize:
    """Mixin for screens: after every resize the app checks the terminal is still big enough."""

    app: App[Any]

    def on_resize(self, event: events.Resize) -> None:
        check = getattr(self.app, "check_size", None)
        if check is not None:
            self.app.call_later(check)


class TooSmallScreen(WatchesSize, ModalScreen[None]):
    """Asks the therapist to enlarge the terminal; disappears once it is large enough."""

    def compose(self) -> ComposeResult:
        yield Static(self._message(), id="too-small")

    def _message(self) -> str:
        width, height = self.app.size
        return (
            f"Please enlarge the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT} "
            f"(it is {width}x{height} now). Your work is kept."
        )

    def refresh_size(self) -> None:
        self.query_one("#too-small", Static).update(self._message())

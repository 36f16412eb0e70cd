"""The app's overrides of Textual's private crash path, exit lines and colour filters."""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import RenderableType
from rich.text import Text
from textual.app import App
from textual.filter import LineFilter


class CompatApp(App[None]):
    """An app whose crash or panic ends with one line of its own and a non-zero status, never
    a traceback (its locals may hold health data), and whose exit lines are printed whole.

    Subclasses say what the line is (`crash_exit_line`, `panic_exit_line`); everything that
    touches Textual's private state for it is here.
    """

    def crash_exit_line(self, error: BaseException) -> str:
        """The line that ends a crash (called once, as the app stops)."""
        return f"internal error {type(error).__name__}"

    def panic_exit_line(self, given: str | None) -> str:
        """The line that ends a panic; `given`: a one-line message of ours, if it was one."""
        return given or "internal error"

    def add_exit_line(self, line: str) -> None:
        """A line printed to stderr as the app exits, as it is (never wrapped or cropped)."""
        self._exit_renderables.append(Text(line, no_wrap=True))

    def replace_filters(self, replace: Callable[[LineFilter], LineFilter]) -> None:
        """Swap each of Textual's line filters (NO_COLOR's monochrome one, say)."""
        self._filters = [replace(line_filter) for line_filter in self._filters]

    def _handle_exception(self, error: Exception) -> None:
        self._return_code = 1
        if self._exception is None:  # lets Pilot tests re-raise it
            self._exception = error
            self._exception_event.set()
        self.add_exit_line(self.crash_exit_line(error))
        self._close_messages_no_wait()

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's last resort (its input thread died, say)."""
        if not self._return_code:
            self._return_code = 1
        given = [r.plain for r in renderables if isinstance(r, Text) and "\n" not in r.plain]
        self.add_exit_line(self.panic_exit_line(given[0] if len(given) == 1 else None))
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Exit lines of ours are written as they are, one line each: Rich wrapped or cropped
        them at the terminal's width."""
        lines = [r.plain if isinstance(r, Text) else r for r in self._exit_renderables]
        if lines and all(isinstance(line, str) and "\n" not in line for line in lines):
            for line in lines:
                print(line, file=sys.stderr)
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()

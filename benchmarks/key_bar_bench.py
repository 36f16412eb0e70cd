"""The key bar against Textual's own Footer(compact=True): the CPU a focus change costs.

Issue 18 item 4 asks to keep a hand-written widget only where the built-in misses its goal.
Both apps are the same screen: two focusable panes with five bindings each (as the visit's
panes have), ten screen bindings, and at the bottom either `KeyBar` (tui/widgets/key_bar.py)
or `Footer(compact=True)`. Tab moves the focus from pane to pane 40 times; each move changes
the bindings shown, which is when the Footer composes a widget per key again. The figure is
the mean CPU from the key to the settled screen (benchmarks/_keys.py), Footer as the baseline;
the key bar is kept only while it costs less (ratio <= 1).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer, Static

from benchmarks._keys import versus

SIZE = (80, 24)
KEYS = ["tab"] * 40


class Pane(Widget, can_focus=True):
    """A focusable pane with bindings of its own."""

    DEFAULT_CSS = "Pane { height: 1fr; }"

    def render(self) -> str:
        return type(self).__name__


class FirstPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(letter, "app.bell", f"Do {letter}", id=f"bench.{letter}") for letter in "abcde"
    ]


class SecondPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(letter, "app.bell", f"Do {letter}", id=f"bench.{letter}") for letter in "vwxyz"
    ]


class BarApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"f{n}", "app.bell", f"Key {n}", id=f"bench.f{n}") for n in range(1, 11)
    ]

    def __init__(self, bar: str) -> None:
        super().__init__()
        self.bar = bar

    def compose(self) -> ComposeResult:
        yield Static("two panes; tab moves between them")
        yield FirstPane()
        yield SecondPane()
        if self.bar == "footer":
            yield Footer(compact=True)
        else:
            from posture_tui.tui.widgets.key_bar import KeyBar

            yield KeyBar()


def run() -> list[dict[str, object]]:
    return [
        versus(
            "focus change with the key bar (vs Footer compact)",
            lambda: BarApp("keybar"),
            lambda: BarApp("footer"),
            KEYS,
            SIZE,
        )
    ]


if __name__ == "__main__":
    for result in run():
        print(result)

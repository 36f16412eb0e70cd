"""The key bar at the bottom of each screen: the keys that work now, drawn as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

SEPARATOR = "▏"


class Key(NamedTuple):
    """One key shown: what to press, what it does, and whether it works here."""

    key: str
    display: str
    description: str
    enabled: bool


class Span(NamedTuple):
    """The columns a key takes on the bar, for clicks and hover."""

    start: int
    end: int
    key: Key


class KeyBar(Widget):
    """Looks like Textual's compact Footer, but is one widget drawing one line.

    The Footer composes a widget per key again whenever the bindings change (every change of
    screen or focus): about 100 ms of the 190 ms it took to open a client's page here. This
    bar works out its keys on the same signal and repaints only when they changed. A click on
    a key presses it; the command palette key sits at the right, as in the Footer.

    Measured against Footer(compact=True) of Textual 8.2.8 (benchmarks/key_bar_bench.py): a
    focus change costs 5.5 ms of CPU with this bar and 16.5 ms with the Footer, most of a
    keystroke's 20 ms budget; kept for that.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
        "key-bar--hover",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[list[Key], Key | None] = ([], None)
        self._spans: list[Span] = []
        self._hover: Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = self._current_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _current_keys(self) -> tuple[list[Key], Key | None]:
        """The shown bindings, one per action in the Footer's order, and the palette key."""
        active = self.screen.active_bindings
        shown: dict[str, Key] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = self._key(binding, enabled)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = self._key(binding, enabled)
        return list(shown.values()), palette

    def _key(self, binding: Binding, enabled: bool) -> Key:
        return Key(binding.key, self.app.get_key_display(binding), binding.description, enabled)

    # --- drawing -----------------------------------------------------------------------------

    def render(self) -> Text:
        left, palette = self._keys
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[Span] = []
        for key in left:
            start = line.cell_len
            self._append_key(line, key)
            spans.append(Span(start, line.cell_len, key))
            line.append(" ")
        if palette is not None:
            right = Text(no_wrap=True, end="")
            right.append(SEPARATOR, self.get_component_rich_style("key-bar--separator"))
            self._append_key(right, palette)
            right.append(" ")  # the Footer's margin after it
            # Docked right as in the Footer: it covers the end of a row of keys too long.
            room = max(width - right.cell_len, 0)
            line.truncate(room, pad=True)
            spans = [span._replace(end=min(span.end, room)) for span in spans if span.start < room]
            spans.append(Span(room + 1, room + right.cell_len - 1, palette))
            line.append_text(right)
        line.truncate(width, pad=True)
        self._spans = spans
        return line

    def _append_key(self, line: Text, key: Key) -> None:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        if key == self._hover and key.enabled:
            hover = self.get_component_rich_style("key-bar--hover")
            key_style, description_style = key_style + hover, description_style + hover
        if not key.enabled:
            key_style, description_style = (
                key_style + Style(dim=True),
                description_style + Style(dim=True),
            )
        line.append(key.display, key_style)
        if key.description:
            line.append(f" {key.description}", description_style)

    # --- mouse -------------------------------------------------------------------------------

    def _key_at(self, x: int) -> Key | None:
        return next((span.key for span in self._spans if span.start <= x < span.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: Key | None) -> None:
        if key != self._hover:
            self._hover = key
            self.refresh()

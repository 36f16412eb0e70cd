"""Minimal reproduction for Textual: keys read in one burst go to the widget focused when each
key is read, before the binding of the key ahead of them has run.

Run: python docs/upstream/textual_keys_routed_when_read.py
Expected: "second screen got 'ab'". Textual 8.2.8 prints "first screen got 'ab'": F2's binding
pushes a screen whose Input takes focus, but "a" and "b", read in the same packet (as over SSH),
were already routed to the first screen's Input.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input


class Second(Screen[None]):
    AUTO_FOCUS = "Input"

    def compose(self) -> ComposeResult:
        yield Input(id="second")


class Burst(App[None]):
    BINDINGS = [("f2", "second", "Second screen")]

    def compose(self) -> ComposeResult:
        yield Input(id="first")

    def action_second(self) -> None:
        self.push_screen(Second())


async def main() -> None:
    app = Burst()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app._driver is not None
        for key, char in (("f2", None), ("a", "a"), ("b", "b")):  # one packet
            app._driver.send_message(events.Key(key, char))
        await pilot.pause(0.5)
        first = app.screen_stack[0].query_one("#first", Input).value
        second = (
            app.screen.query_one("#second", Input).value
            if app.screen is not app.screen_stack[0]
            else ""
        )
        print(f"first screen got {first!r}, second screen got {second!r}")


if __name__ == "__main__":
    asyncio.run(main())

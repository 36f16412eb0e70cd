"""Keys typed ahead are handled in order, each after the effects of the one before it."""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

from posture_tui.tui.textual_compat.pumps import settled

# How often a held key looks again whether everything has settled, and for how long at most:
# a safety net, not the mechanism (a widget that never goes quiet, a blinking cursor posting to
# itself twice a second, must not hold keys back for ever).
RETRY_SECONDS = 0.002
MAX_WAIT_SECONDS = 3.0


class TypeAhead(App[None]):
    """An app that holds a key until the keys before it have been fully handled.

    Over SSH several keys often arrive in one packet. Textual hands each to the widget that
    has focus when the key is read, before the key ahead of it has run its binding: F2 and a
    name typed quickly put the name in the client search instead of the new client's name
    field. Here a key read while the app, the current screen or any widget on it has not
    settled (textual_compat/pumps.py) waits in a queue of its own; a task hands the held keys
    over one by one, each once everything has settled. Whether it has is exact; only when to
    look again is a timer, so a loaded machine makes keys wait longer, never go astray.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._handing_over: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and (self._held or self._handing_over is not None or self._busy(handling=True))
        ):
            self._held.append(event)
            if self._handing_over is None:
                self._handing_over = asyncio.create_task(self._hand_over())
            return
        await super().on_event(event)

    @property
    def typing_ahead(self) -> bool:
        """Whether keys are held or being handed over (tests wait for this, as a person
        waits for the screen)."""
        return bool(self._held) or self._handing_over is not None

    def _pumps(self) -> list[MessagePump]:
        """The app, the current screen and every widget on it."""
        if not self.screen_stack:  # no screen yet, or the app is closing
            return [self]
        screen = self.screen
        return [self, screen, *screen.walk_children(with_self=False)]

    def _busy(self, *, handling: bool = False) -> bool:
        """Whether any pump has something left to do; `handling`: called from the app's own
        handler (the key it is deciding about), which counts as done."""
        return not all(settled(pump, handling=handling and pump is self) for pump in self._pumps())

    async def _settled(self) -> None:
        """Return once every pump has settled (or MAX_WAIT_SECONDS have passed)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_WAIT_SECONDS  # wall time: a loaded machine sleeps longer
        while self._busy() and loop.time() < deadline:
            await asyncio.sleep(RETRY_SECONDS)

    async def _hand_over(self) -> None:
        """Hand the held keys over in order, each once the one before it has settled."""
        try:
            while self._held and self.is_running:
                await self._settled()
                if not self._held or not self.is_running or not self.screen_stack:
                    break
                await super().on_event(self._held.popleft())
        finally:
            self._held.clear()  # closing: nothing left to type into
            self._handing_over = None

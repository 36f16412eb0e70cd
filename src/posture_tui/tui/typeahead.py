"""Keys typed ahead are handled in order, each after the effects of the one before it."""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.timer import Timer

# How often a held key looks again whether the app has settled, and for how long at most:
# a widget that never goes quiet (a blinking cursor posts to itself) must not hold keys back.
RETRY_SECONDS = 0.002
MAX_TRIES = 250


class TypeAhead(App[None]):
    """An app that holds a key until the keys before it have been fully handled.

    Over SSH several keys often arrive in one packet. Textual hands each to the widget that
    has focus when the key is read, before the key ahead of it has run its binding: F2 and a
    name typed quickly put the name in the client search instead of the new client's name
    field. Here a key read while the screen or the app still has messages to handle waits
    in a queue of its own and is handled, in order, once they are done.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._retry: Timer | None = None
        self._tries = 0

    async def on_event(self, event: events.Event) -> None:
        waiting = self._held or self._retry is not None  # keys held, or one being handled
        if isinstance(event, events.Key) and not event.is_forwarded and (waiting or self._busy()):
            self._held.append(event)
            self._retry_later()
            return
        await super().on_event(event)

    def _busy(self) -> bool:
        """True while the app or any widget of the current screen has messages waiting.

        A widget that is handling a key right now has an empty queue, so a key whose binding
        is found only once it has bubbled up from the focused widget can still be overtaken:
        that is why tab is a priority binding of the app (app.py).
        """
        if self.message_queue_size:
            return True
        if not self.screen_stack:  # no screen yet, or the app is closing: nothing to wait for
            return False
        screen = self.screen
        return bool(screen.message_queue_size) or any(
            widget.message_queue_size for widget in screen.walk_children(with_self=False)
        )

    def _retry_later(self) -> None:
        if self._retry is None:
            self._retry = self.set_timer(RETRY_SECONDS, self._release)

    async def _release(self) -> None:
        """Handle the oldest held key once the app has settled (or waited long enough).

        `_retry` stays set until the key has been handed over: the timer runs this in a task of
        its own, so a key arriving meanwhile must neither start a second release nor go past
        the held ones.
        """
        if not self._held or not self.is_running or not self.screen_stack:
            self._held.clear()  # nothing held, or closing: nothing left to type into
            self._retry = None
            return
        if self._busy() and self._tries < MAX_TRIES:
            self._tries += 1
            self._retry = self.set_timer(RETRY_SECONDS, self._release)
            return
        self._tries = 0
        try:
            await super().on_event(self._held.popleft())
        finally:
            self._retry = None
        if self._held:
            self._retry_later()  # the next key waits for the effects of this one

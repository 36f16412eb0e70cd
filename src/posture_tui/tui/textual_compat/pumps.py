"""Whether a Textual message pump has settled: nothing queued, nothing being handled."""

from __future__ import annotations

from typing import Any

from textual.message_pump import MessagePump


def settled(pump: MessagePump, *, handling: bool = False) -> bool:
    """Whether `pump` has nothing left to do: no message queued or peeked at, none being
    handled (its loop is parked waiting for the next one), and it has started if it is to.

    Textual routes a key to the widget focused when the key is read; the key then travels from
    queue to queue (the widget, its parents, the screen, the app, where a binding may push a
    screen), and a pump's queue is empty while it handles a message: the queue alone says
    "settled" too early. `handling`: the caller is this pump's own handler (the app deciding
    about a key), which counts as done.
    """
    queue: Any = pump._message_queue
    if queue.qsize() or pump._pending_message is not None:
        return False
    if handling:
        return True
    if not pump._running:  # not started yet (busy: composing comes first), or closed
        return bool(pump._closed)
    return bool(queue.ready_event._waiters)  # parked in get(): between messages

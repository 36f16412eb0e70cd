"""An idle workstation sends nothing to the terminal (issue 17): no blinking cursor, so no
SSH traffic while the therapist talks with the client, unless a blinking cursor is asked for."""

from __future__ import annotations

import time
from pathlib import Path

from tests.hostile.terminal import AppInPty

IDLE_SECONDS = 3.0


def _idle_bytes(store: Path, env: dict[str, str] | None = None) -> int:
    app = AppInPty(store, env=env)
    try:
        app.wait_for(b"demo clients?")
        app.type("n\r", 0.3)
        app.wait_for(b"F2")
        app.type("a", 0.2)  # the search box has the focus: a cursor that could blink
        deadline = time.monotonic() + 15
        while True:  # settled: half a second with nothing sent
            before = len(app.seen)
            app.drain(0.5)
            if len(app.seen) == before or time.monotonic() > deadline:
                break
        before = len(app.seen)
        app.drain(IDLE_SECONDS)
        return len(app.seen) - before
    finally:
        app.type("\x11", 0.3)  # ctrl+q
        app.wait(15)


def test_an_idle_workstation_writes_nothing_to_the_terminal(tmp_path: Path) -> None:
    assert _idle_bytes(tmp_path / "store") == 0


def test_a_blinking_cursor_when_asked_for_writes_while_idle(tmp_path: Path) -> None:
    """The check itself: with the blink asked for, the same idle seconds send the cursor."""
    assert _idle_bytes(tmp_path / "store", {"POSTURE_TUI_CURSOR_BLINK": "1"}) > 0

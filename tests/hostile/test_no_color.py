"""NO_COLOR means no colour codes at all (issue 15): the real app under a pty, every screen a
first visit passes through, and not one SGR colour parameter in the bytes it sent."""

from __future__ import annotations

import re
from pathlib import Path

from tests.hostile.terminal import AppInPty

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(data: bytes) -> set[bytes]:
    """Every SGR sequence that sets a colour: 38/48 (256 or true colour), 30-37, 40-47, 90-107."""
    found: set[bytes] = set()
    for match in SGR.finditer(data):
        for param in match.group(1).replace(b":", b";").split(b";"):
            if not param.isdigit():
                continue
            number = int(param)
            if (
                number in (38, 48)
                or 30 <= number <= 37
                or 40 <= number <= 47
                or 90 <= number <= 107
            ):
                found.add(match.group(0))
                break
    return found


def test_no_color_sends_no_colour_codes(tmp_path: Path) -> None:
    app = AppInPty(tmp_path / "store", env={"NO_COLOR": "1"})
    app.wait_for(b"demo clients?")
    app.type("n\r", 0.3)
    app.wait_for(b"F2")
    for key in ("f2", "A", "b", "tab", "f3"):
        app.type(key, 0.3)
    app.wait_for(b"Severity")
    for key in ("2", "r", "j", "\x1b[14~", "\x1b[15~", "\x1b[17~"):  # answer, F4, F5, F6
        app.type(key, 0.5)
    app.wait_for(b"Saved")
    app.type("\x11", 0.5)  # ctrl+q
    app.wait(15)
    assert b"Traceback" not in app.seen
    assert SGR.search(bytes(app.seen)), "the app drew nothing styled at all"
    assert colour_codes(bytes(app.seen)) == set()
    assert b"\x1b[7m" in app.seen or re.search(rb"\x1b\[[0-9;]*;7[;m]", bytes(app.seen))


def test_colour_codes_are_found_when_colour_is_on(tmp_path: Path) -> None:
    """The check itself: without NO_COLOR the same start sends colour codes."""
    app = AppInPty(tmp_path / "store")
    app.wait_for(b"demo clients?")
    app.type("n\r", 0.3)
    app.wait_for(b"F2")
    app.drain(0.5)
    app.type("\x11", 0.5)
    app.wait(15)
    assert colour_codes(bytes(app.seen))

"""The terminal's input thread survives any bytes: a sequence Textual cannot parse is dropped.

Textual (8.2.8) reads the terminal in a thread of its own and parses it with a generator
(`textual._xterm_parser.XTermParser`). Some byte sequences make that parser raise: the nine bytes
`ESC [ 1114112 ~` reach `chr(1114112)` (ValueError: one past the last code point), and invalid
UTF-8 trips the strict decoder. The exception ends the generator and the thread, and the driver
then calls `App.panic` with a full traceback: the app exited with status 0 and an unsaved visit
was lost. Here the driver starts reading again with a fresh parser instead, so the chunk that held
the sequence (at most 4 KB of what the terminal sent at once) is dropped and nothing else is.

Only when reading fails again and again (the terminal itself is broken, not a stray sequence)
does the app end, through its own crash path: draft kept, one line, a non-zero status.
"""

from __future__ import annotations

import time
from collections import deque

from rich.text import Text
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

MAX_FAILURES = 50  # restarts allowed within FAILURE_WINDOW seconds before giving up
FAILURE_WINDOW = 5.0


def input_error_line(error: BaseException) -> str:
    """One line for a terminal that could not be read: the error type only, never the bytes."""
    return f"posture-tui: cannot read the terminal ({type(error).__name__})"


class GuardedLinuxDriver(LinuxDriver):
    """Textual's Linux driver whose input thread restarts after a parse error."""

    dropped = 0  # sequences dropped since the app started (for tests and support)

    def _run_input_thread(self) -> None:
        failures: deque[float] = deque(maxlen=MAX_FAILURES)
        while True:
            try:
                self.run_input_thread()
                return
            except Exception as error:
                if self.exit_event.is_set():
                    return
                now = time.monotonic()
                failures.append(now)
                type(self).dropped += 1
                if len(failures) == MAX_FAILURES and now - failures[0] < FAILURE_WINDOW:
                    self._app.call_later(self._app.panic, Text(input_error_line(error)))
                    return
                # A fresh parser and decoder read on; what broke the old ones is gone.
            except BaseException as error:  # pragma: no cover - SystemExit in a thread
                self._app.call_later(self._app.panic, Text(input_error_line(error)))
                return


def guarded(driver_class: type[Driver]) -> type[Driver]:
    """The guarded driver in place of Textual's Linux driver; any other driver as it is."""
    if driver_class is LinuxDriver:
        return GuardedLinuxDriver
    return driver_class

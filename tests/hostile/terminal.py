"""The real app in a pseudo-terminal: start it, type keys, read its screen, signal it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

KEYS = {"f2": "\x1bOQ", "f3": "\x1bOR", "f6": "\x1b[17~", "tab": "\t", "enter": "\r"}


class AppInPty:
    """`posture-tui start --db STORE` on an 80x24 pty; the output is drained as it comes."""

    def __init__(self, store: Path, env: dict[str, str] | None = None) -> None:
        self.seen = bytearray()
        pid, fd = pty.fork()
        if pid == 0:  # child
            child_env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
            child_env.pop("NO_COLOR", None)
            child_env.update(env or {})
            os.execve(
                sys.executable,
                [sys.executable, "-m", "posture_tui", "start", "--db", str(store)],
                child_env,
            )
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.pid, self.fd = pid, fd
        self.status: int | None = None

    def drain(self, seconds: float = 0.0) -> None:
        deadline = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.seen.extend(chunk)

    def wait_for(self, needle: bytes, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"the app never showed {needle!r}")
            self.drain(0.05)

    def type(self, key: str, pause: float) -> None:
        os.write(self.fd, KEYS.get(key, key).encode())
        self.drain(pause)

    def kill(self, signum: signal.Signals, timeout: float = 15.0) -> int:
        """Send the signal and reap the process (SIGKILL after `timeout`); the wait status."""
        os.kill(self.pid, signum)
        return self.wait(timeout, f"of {signum.name}")

    def wait(self, timeout: float = 15.0, after: str = "") -> int:
        """Reap the process once it exits (SIGKILL after `timeout`); the wait status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                break
            self.drain(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
            with contextlib.suppress(OSError):
                os.close(self.fd)
            raise AssertionError(f"the app did not exit within {timeout} s {after}".rstrip())
        with contextlib.suppress(OSError):
            self.drain(0.1)
            os.close(self.fd)
        return self.status

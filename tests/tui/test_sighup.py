"""SIGHUP (the SSH link dropping) and SIGTERM during a visit keep the draft: a real pty."""

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

import pytest

from posture_tui.store.repository import open_store

F2 = "\x1bOQ"
F3 = "\x1bOR"


def _read_until(fd: int, needle: bytes, seen: bytearray, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"never saw {needle!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen.extend(chunk)


def _start(store: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child: the app on a fresh terminal of 80x24
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
        env.pop("NO_COLOR", None)
        os.execve(
            sys.executable,
            [sys.executable, "-m", "posture_tui", "start", "--db", str(store)],
            env,
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def _type(fd: int, *keys: str) -> None:
    for key in keys:
        os.write(fd, key.encode())
        time.sleep(0.15)


def _finish(pid: int, fd: int, seen: bytearray) -> int:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return status
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            with contextlib.suppress(OSError):
                seen.extend(os.read(fd, 65536))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    raise AssertionError("the app did not exit after the signal")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_signal_during_a_visit_keeps_the_draft(tmp_path: Path, signum: signal.Signals) -> None:
    store = tmp_path / "store"
    pid, fd = _start(store)
    seen = bytearray()
    _read_until(fd, b"[y/N]", seen)  # an empty store offers demo clients first
    _type(fd, "n\r")
    _read_until(fd, b"New client", seen)
    _type(fd, F2)
    _read_until(fd, b"Medications", seen)
    _type(fd, *"Kim Kay", F3)
    _read_until(fd, b"Severity", seen)
    _type(fd, "2", "2", "r")
    time.sleep(0.3)  # well inside the autosave delay: only the signal handler can save now
    os.kill(pid, signum)
    status = _finish(pid, fd, seen)
    assert os.WIFEXITED(status) or os.WIFSIGNALED(status)
    assert b"Traceback" not in seen and b"Kim Kay" not in seen.split(b"\x1b[?1049l")[-1]

    draft = open_store(store).load_draft()
    assert draft is not None
    assert draft.client.name == "Kim Kay"
    assert draft.assessment is not None
    answered = {finding.item: finding for finding in draft.assessment.findings}
    assert len(answered) == 2

"""Issue 13, item 9: any bytes on the terminal leave the app alive, and a crash keeps the draft.

`ESC [ 1114112 ~` made Textual's parser call chr(1114112): the input thread died, a traceback
was printed, the app exited with status 0 and the unsaved client was lost. The real app runs in
a pseudo-terminal here, as over SSH.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from tests.hostile.terminal import AppInPty
from tests.tui.conftest import SIZE
from tests.tui.helpers import type_text
from textual.drivers.linux_driver import LinuxDriver
from textual.widgets import Input

from posture_tui.domain.records import Client
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.tui.app import PostureApp
from posture_tui.tui.textual_compat.input_thread import (
    GuardedLinuxDriver,
    guarded,
    input_error_line,
)

NAME = "Kim Kay"
HOSTILE = (
    b"\x1b[1114112~",  # the nine bytes of the issue: chr() one past U+10FFFF
    b"\x1b[99999999999999999999999~",
    b"\x1b[1114112;5u",  # the same code point as a kitty key
    b"\x1b[97;1;1114112u",  # ... and as its text
    b"\x1b[<99999999;1;1M",  # a mouse report with an absurd button
    b"\xff\xfe\xc3",  # invalid UTF-8
    # Past 32 characters Textual gives up on a sequence and hands its characters over as
    # typed keys (its design, not a crash): 40 here, as 5000 would take a while to type.
    b"\x1b[" + b"9" * 40 + b"~",
)


def _alive(app: AppInPty) -> bool:
    done, status = os.waitpid(app.pid, os.WNOHANG)
    if done:
        app.status = status
    return not done


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with one client, so the app opens on the client list (no demo question)."""
    path = tmp_path / "store"
    repo = open_store(path)
    when = repo.clock()
    repo.save_client(Client(id="c-1", name="Someone Else", created=when, updated=when))
    return path


def test_hostile_bytes_are_dropped_and_the_app_carries_on(store: Path, tmp_path: Path) -> None:
    app = AppInPty(store, env={"POSTURE_TUI_EXPORTS": str(tmp_path / "exports")})
    try:
        app.wait_for(b"F2")
        app.drain(0.3)
        app.type("f2", 0.2)
        app.wait_for(b"Medications")
        for key in NAME:
            app.type(key, 0.05)
        for sequence in HOSTILE:
            os.write(app.fd, sequence)
            app.drain(0.3)
            assert _alive(app), f"the app ended after {sequence[:12]!r}"
        # Still responsive: the keys typed now reach the screen they are meant for.
        app.type("f3", 0.2)
        app.wait_for(b"Severity")
        app.type("2", 0.2)
        assert _alive(app)
        assert b"Traceback" not in app.seen and b"ValueError" not in app.seen
        status = app.kill(signal.SIGTERM)
    finally:
        if app.status is None:
            app.kill(signal.SIGKILL)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM
    draft = open_store(store).load_draft()
    assert draft is not None, "the unsaved client was lost"
    # The name typed before the bytes is intact (keys Textual reissued may follow it).
    assert draft.client.name.startswith(NAME)


def test_the_guarded_driver_replaces_textuals_linux_driver(
    make_app: Callable[..., PostureApp],
) -> None:
    assert guarded(LinuxDriver) is GuardedLinuxDriver
    assert make_app().get_driver_class() is GuardedLinuxDriver or os.name != "posix"


async def _dirty_visit(app: PostureApp, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("f2")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await type_text(pilot, NAME)  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    assert app.screen.query_one("#f-name", Input).value == NAME


async def test_input_thread_giving_up_keeps_the_draft_and_exits_non_zero(
    make_app: Callable[..., PostureApp], repo: TinyRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the guarded driver does when the terminal cannot be read at all: Textual's panic,
    made to keep the draft, show one line and end with status 1 (it was 0)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _dirty_visit(app, pilot)
        app.panic(Text(input_error_line(ValueError("chr() arg not in range(0x110000)"))))
    assert app.return_code == 1
    assert capsys.readouterr().err == (
        "posture-tui: cannot read the terminal (ValueError) (unsaved work was kept as a draft)\n"
    )
    draft = repo.load_draft()
    assert draft is not None and draft.client.name == NAME


async def test_a_panic_with_a_traceback_shows_one_line_only(
    make_app: Callable[..., PostureApp], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.panic(Text("Traceback (most recent call last):\n  secret locals"))
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err
    assert "secret" not in err and "Traceback" not in err


async def test_a_store_that_stops_taking_drafts_never_quits_silently(
    make_app: Callable[..., PostureApp], repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store turned read-only during a visit: ctrl+q warns first, then ends with status 1
    and a line saying the visit was lost (it ended with 0 and lost it without a word)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _dirty_visit(app, pilot)

        def refuse(draft: object) -> None:
            raise StoreError("could not write drafts/root.json: Read-only file system")

        monkeypatch.setattr(repo, "save_draft", refuse)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert any("ctrl+q again" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1


async def test_a_crash_when_no_draft_can_be_written_says_so(
    make_app: Callable[..., PostureApp],
    repo: TinyRepository,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = make_app()
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await _dirty_visit(app, pilot)

            def refuse(draft: object) -> None:
                raise StoreError("could not write: Read-only file system")

            monkeypatch.setattr(repo, "save_draft", refuse)
            app.call_later(_boom)
            await pilot.pause()
    assert app.return_code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error RuntimeError" in err
    assert "could not be kept" in err and NAME not in err


def _boom() -> None:
    raise RuntimeError("internal")

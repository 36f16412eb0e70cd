"""A monkey at the keyboard: thousands of seeded random keys on every screen of the real app.

The app runs on a real store in tmp_path (a few demo clients) at sizes from 20x10 to 200x60.
Keys are weighted toward the ones that change screens (function keys, enter, escape, tab), so
the client list, visit panes, dialogs, history, progress, export, help and the palette all get
their share. No key may raise, and afterwards the store passes `posture-tui check`.
"""

from __future__ import annotations

import random
from collections import deque
from pathlib import Path

import pytest
from tests.hostile.conftest import TickingClock, size, store_problems
from tests.hostile.documents import VALID
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import PostureApp, build_app
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.use_cases.demo import generate
from posture_tui.use_cases.transfer import import_payload

KEYS = size(1500, 8000)
RESIZE_EVERY = 120
NAVIGATION = (
    "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "enter", "escape", "tab",
    "shift+tab", "ctrl+p", "ctrl+s", "pageup", "pagedown", "home", "end",
)  # fmt: skip
EDITING = (
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    "up", "down", "left", "right", "space", "backspace", "delete",
    "left_square_bracket", "right_square_bracket", "plus", "minus", "full_stop", "comma",
    "slash", "question_mark",
)  # fmt: skip
NON_ASCII = ("ü", "é", "ł", "ß", "中", "😀")


def random_keys(rng: random.Random, count: int) -> list[str]:
    keys = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.25:
            keys.append(rng.choice(NAVIGATION))
        elif roll < 0.97:
            keys.append(rng.choice(EDITING))
        else:
            keys.append(rng.choice(NON_ASCII))
    return keys


def key_event(key: str) -> events.Key:
    names = {"space": " ", "full_stop": ".", "comma": ",", "slash": "/", "plus": "+"}
    names |= {"minus": "-", "question_mark": "?"}
    names |= {"left_square_bracket": "[", "right_square_bracket": "]"}
    if len(key) == 1:
        return events.Key(key, key)
    return events.Key(key, names.get(key))


# Ways in from the client list (typed by a person); random keys then roam from there.
ENTRIES: tuple[tuple[str, ...], ...] = (
    ("f2",),  # new client: intake with text inputs
    ("f2", *["tab"] * 7, "a"),  # the pain dialog
    ("f2", *["tab"] * 8, "space"),  # the contraindication screen
    ("enter",),  # a client's history
    ("enter", "enter"),  # an assessment (signed ones read-only)
    ("enter", "n"),  # a follow-up visit
    ("enter", "n", "f5"),  # its plan pane
    ("enter", "n", "f4"),  # its results pane
    ("enter", "r"),  # re-assessment
    ("enter", "p"),  # progress
    ("enter", "e"),  # export dialog
    ("enter", "v"),  # revisions
    ("f1",),
    ("ctrl+p",),
)


async def send(pilot: Pilot[None], app: PostureApp, key: str) -> None:
    assert app._driver is not None
    app._driver.send_message(key_event(key))
    await pilot._wait_for_screen()
    # Keys typed ahead wait in the app's own queue (tui/typeahead.py), which the pilot does not
    # see: the monkey waits for it to drain, as a person waits for the screen. Without this, a
    # loaded machine built a backlog of hundreds of keys, and the escapes that should bring the
    # client list back were still queued behind them when the test looked.
    for _ in range(3000):
        if not app.typing_ahead:
            break
        await pilot.pause(0.01)
    if key in NAVIGATION:
        await pilot.pause(0.001)  # a person takes at least a frame to see a new screen


async def back_to_client_list(pilot: Pilot[None], app: PostureApp) -> None:
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    # Escape backs out of everything; a choice that escape does not close (unsaved changes)
    # gets "k" (keep as draft) or "l" (later).
    # An export in progress ignores escape until it is written (a PDF takes a few seconds).
    for key in ("escape", "k", "l") * 100:
        if isinstance(app.screen, ClientListScreen):
            break
        await send(pilot, app, key)
        await pilot.pause(0.1)
    assert isinstance(app.screen, ClientListScreen), f"stuck on {app.screen}"
    app.screen.query_one("#search", Input).value = ""
    await pilot.pause()


class QuitCleanly(Exception):
    """The monkey chose Quit (the palette offers it): a clean exit, not a failure."""


async def hammer(
    pilot: Pilot[None], app: PostureApp, rng: random.Random, entries: list[tuple[str, ...]]
) -> set[str]:
    """Run the entries in turn (each followed by random keys), taking them off the list."""
    recent: deque[str] = deque(maxlen=40)
    screens: set[str] = set()
    per_entry = KEYS // len(ENTRIES)
    number = 0
    while entries:
        entry = entries.pop(0)
        await back_to_client_list(pilot, app)
        for key in (*entry, *random_keys(rng, per_entry)):
            number += 1
            recent.append(key)
            await send(pilot, app, key)
            if app._exception is not None:
                raise AssertionError(
                    f"after key {number} ({list(recent)}): {app._exception!r}"
                ) from app._exception
            if not app.is_running or app._exit_renderables:
                app.screens_seen = screens  # type: ignore[attr-defined]
                raise QuitCleanly
            screens.add(type(app.screen).__name__)
            if number % RESIZE_EVERY == 0:
                await pilot.resize_terminal(rng.randint(20, 200), rng.randint(10, 60))
                await pilot.pause()
    await back_to_client_list(pilot, app)
    return screens


@pytest.mark.parametrize("seed", [1] if KEYS < 5000 else [1, 2, 3, 4])
async def test_random_keys_on_every_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setenv("POSTURE_TUI_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    knowledge = load_knowledge()
    store = tmp_path / "store"
    repo = open_store(store, clock=TickingClock())
    generate(repo, knowledge, analyze, clients=6, assessments=2, seed=seed)
    # The most recent client (first in the list) has a name that is also Textual markup.
    hostile = {"client": {"name": "Lee [/] Park [b]née Kim"}, "assessment": VALID["assessment"]}
    import_payload(repo, hostile, knowledge)
    rng = random.Random(seed)
    entries = list(ENTRIES)
    screens: set[str] = set()
    starts = 0
    while entries:  # a Quit chosen from the palette ends a session; the next one goes on
        starts += 1
        assert starts <= len(ENTRIES)
        app = build_app(open_store(store), knowledge, therapist="monkey", clock=TickingClock())
        app.autosave_seconds = 0.05
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                while not isinstance(app.screen, ClientListScreen):  # a kept draft: later
                    await pilot.press("l")
                screens |= await hammer(pilot, app, rng, entries)
                app.exit()
        except QuitCleanly:
            screens |= app.screens_seen  # type: ignore[attr-defined]
        assert app.return_code in (0, None)
    # Enough of the app must have been reached for the run to mean something.
    wanted = {"ClientListScreen", "ClientScreen", "VisitScreen", "HelpScreen", "SafeCommandPalette"}
    wanted |= {"ProgressScreen", "ExportDialog", "TooSmallScreen", "PainDialog"}
    assert wanted <= screens, f"never reached {wanted - screens}"
    assert store_problems(store) == []
    open_store(store).list_clients()  # the store still opens and lists


async def test_pagedown_before_the_palette_is_drawn(tmp_path: Path) -> None:
    """ctrl+p and PageDown in one packet: Textual 8.2 raised KeyError and the app ended."""
    knowledge = load_knowledge()
    repo = open_store(tmp_path / "store", clock=TickingClock())
    generate(repo, knowledge, analyze, clients=30, assessments=1, seed=1)
    app = build_app(repo, knowledge, therapist="monkey", clock=TickingClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._driver is not None
        for key in ("ctrl+p", "pagedown"):
            app._driver.send_message(key_event(key))
            await pilot._wait_for_screen()
        await pilot.pause()
        assert app._exception is None and app.is_running
        assert isinstance(app.screen, CommandPalette)
        # Once the matches are drawn, PageDown pages through them as usual.
        await pilot.press(*"a")
        await pilot.pause(0.3)
        command_list = app.screen.query_one(CommandList)
        assert command_list.option_count > 10
        before = command_list.highlighted or 0
        await pilot.press("pagedown")
        assert (command_list.highlighted or 0) > before

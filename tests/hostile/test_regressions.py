"""Crashes the monkey test found, pinned down as plain reproducible key sequences."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import TickingClock
from textual.command import CommandPalette

from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import build_app
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.too_small import TooSmallScreen


async def test_palette_key_after_the_terminal_shrank_under_the_palette(tmp_path: Path) -> None:
    app = build_app(open_store(tmp_path / "store"), load_knowledge(), therapist="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.resize_terminal(40, 10)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+p", "f1")
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 0


async def test_a_second_palette_key_keeps_one_palette(tmp_path: Path) -> None:
    repo = open_store(tmp_path / "store", clock=TickingClock())
    app = build_app(repo, load_knowledge(), therapist="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", "f1", "ctrl+p")
        await pilot.pause()
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1

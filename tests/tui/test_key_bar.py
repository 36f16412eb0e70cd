"""The key bar: the keys of the screen and focus, kept current, and a click presses a key."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE
from textual.command import CommandPalette

from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.visit import VisitScreen
from posture_tui.tui.widgets.key_bar import KeyBar


def bar_text(app: PostureApp) -> str:
    return str(app.screen.query_one(KeyBar).render()).rstrip()


async def test_the_bar_follows_the_screen_and_a_click_presses_its_key(
    make_app: Callable[..., PostureApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert bar_text(app).startswith("F2 New client F8 Delete client ^q Quit F1 Help")
        assert bar_text(app).endswith("▏^p Jump to client")
        await pilot.click(KeyBar, offset=(1, 0))  # on "F2"
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert bar_text(app).startswith("F6 Save F7 Sign ^q Quit")  # no export before a save
        await pilot.press("f3")
        await pilot.pause()
        assert bar_text(app).startswith("[ Prev view ] Next view F6 Save")  # the checklist keys
        await pilot.click(KeyBar, offset=(SIZE[0] - 5, 0))  # on "^p Jump to client"
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

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


# A name a person could type (brackets are allowed in names) that is also Textual markup.
MARKUP_NAME = "Lee [/] Park [b]née Kim"


async def test_client_names_and_searches_are_never_read_as_markup(tmp_path: Path) -> None:
    """Found by the long monkey: typing "[/" in the search box crashed the app, and a client
    whose name holds "[/" crashed every start (the client list parsed names as markup)."""
    from textual.widgets import Static

    from posture_tui.domain.records import Client, Draft
    from posture_tui.tui.screens.client_screen import ClientScreen
    from posture_tui.tui.screens.dialogs import ConfirmScreen
    from posture_tui.tui.screens.drafts import DraftRows, DraftsScreen
    from posture_tui.tui.widgets.client_table import ClientTable
    from posture_tui.use_cases.transfer import import_payload

    knowledge = load_knowledge()
    repo = open_store(tmp_path / "store", clock=TickingClock())
    doc = {"client": {"name": MARKUP_NAME}, "assessment": {"findings": []}}
    import_payload(repo, doc, knowledge, therapist="ann [/]")
    draft_client = Client(id=repo.new_id("client"), name=MARKUP_NAME)
    repo.save_draft(Draft(client=draft_client, assessment=None, saved_at=TickingClock()()))
    app = build_app(repo, knowledge, therapist="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)  # the draft offer names the client
        assert MARKUP_NAME in app.screen.query_one(DraftRows).row_plain(0)
        await pilot.press("d")  # the discard question names it too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        table = app.screen.query_one("#clients", ClientTable)
        assert str(table.get_row_at(0)[0]) == MARKUP_NAME
        await pilot.press("left_square_bracket", "slash", "x")
        await pilot.pause()
        assert "No client matches" in str(app.screen.query_one("#clients-empty", Static).render())
        await pilot.press("backspace", "backspace", "backspace", "f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        for key in ("p", "escape", "e", "escape"):  # progress and export name the client too
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, ClientScreen)


async def test_the_palette_lists_a_client_whose_name_is_markup(tmp_path: Path) -> None:
    from posture_tui.tui.screens.client_screen import ClientScreen
    from posture_tui.use_cases.transfer import import_payload

    knowledge = load_knowledge()
    repo = open_store(tmp_path / "store", clock=TickingClock())
    import_payload(repo, {"client": {"name": MARKUP_NAME}, "assessment": {}}, knowledge)
    app = build_app(repo, knowledge, therapist="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)  # the palette lists clients before anything is typed
        await pilot.press("l", "e", "e")
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)

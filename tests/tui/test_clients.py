"""Client list: recent first, search as you type, palette jump, delete with confirmation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from tests.tui.conftest import SIZE, START, seed_client
from tests.tui.helpers import type_text
from textual.pilot import Pilot

from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.screens.dialogs import ConfirmScreen
from posture_tui.tui.widgets.client_table import ClientTable


def names(app: PostureApp) -> list[str]:
    table = app.screen.query_one("#clients", ClientTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def test_search_recent_first_and_open(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Ada Old", date(1950, 1, 2), when=START - timedelta(days=300))
    seed_client(repo, "Cy Recent", date(1990, 12, 24), when=START)
    seed_client(repo, "Bea Middle", date(1975, 5, 6), when=START - timedelta(days=30))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert names(app) == ["Cy Recent", "Bea Middle", "Ada Old"]
        await type_text(pilot, "bea")
        assert names(app) == ["Bea Middle"]
        await pilot.press(*["backspace"] * 3)
        await type_text(pilot, "24.12.1990")
        assert names(app) == ["Cy Recent"]
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "1950-01")
        assert names(app) == ["Ada Old"]
        await type_text(pilot, "x")
        assert names(app) == []
        assert "No client matches" in str(app.screen.query_one("#clients-empty").content)
        await pilot.press(*["backspace"] * 8)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert "Bea Middle" in str(app.screen.query_one("#client-summary").content)


async def test_search_ignores_accents_and_case(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Zoë Müller", date(1980, 2, 3))
    seed_client(repo, "Ana García", date(1975, 5, 6))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "ZOE mu")
        assert names(app) == ["Zoë Müller"]
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "garcí")
        assert names(app) == ["Ana García"]
        assert str(app.screen.query_one("#clients-empty").content).startswith("1 of 2 clients")


async def _jump_with_palette(pilot: Pilot[None], text: str) -> None:
    """ctrl+p, the text, enter: as a therapist jumps to a client from anywhere."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_jumps_to_client(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Ada Old", date(1950, 1, 2))
    target, _ = seed_client(repo, "Zed Zimmer", date(1980, 2, 3))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _jump_with_palette(pilot, "zimmer")
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == target.id


async def test_palette_in_a_large_store_uses_the_store_search(
    make_app: Callable[..., PostureApp], repo: TinyRepository, monkeypatch
) -> None:
    """Past FUZZY_UP_TO clients the palette offers the store's matches (every word typed, most
    recent first), so a key costs the same at 100,000 clients; below, its fuzzy match."""
    from posture_tui.tui import commands

    monkeypatch.setattr(commands, "FUZZY_UP_TO", 2)
    seed_client(repo, "Ada Old", date(1950, 1, 2))
    seed_client(repo, "Bo Ek", date(1960, 1, 2))
    target, _ = seed_client(repo, "Zed Zimmer", date(1980, 2, 3))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = commands.ClientProvider(app.screen, None)
        assert [s.name for s in provider._clients("zim")] == ["Zed Zimmer"]
        assert [s.name for s in provider._clients("zmr")] == []  # no fuzzy match at this size
        await _jump_with_palette(pilot, "zimmer")
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == target.id


async def test_delete_needs_confirmation(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Ada Old")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # a bare escape never deletes
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        assert len(repo.list_clients()) == 1
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert repo.list_clients() == []
        assert names(app) == []

"""The shipped knowledge base loads once the client list is drawn, and a broken one ends the app."""

from __future__ import annotations

import pytest
from tests.tui.conftest import SIZE, FixedClock, seed_client
from tests.tui.helpers import visit

from posture_tui.knowledge.model import Knowledge
from posture_tui.knowledge.reader import KnowledgeError
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import build_app
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.widgets.client_table import ClientTable


async def test_the_knowledge_base_loads_once_after_the_client_list_is_up(
    repo: TinyRepository, knowledge: Knowledge
) -> None:
    seed_client(repo, "Ada Lovelace")
    seen_when_loaded: list[tuple[bool, int]] = []

    def loader() -> Knowledge:
        screen = app.screen
        rows = screen.query_one(ClientTable).row_count if screen.is_mounted else 0
        seen_when_loaded.append((isinstance(screen, ClientListScreen), rows))
        return knowledge

    app = build_app(repo, loader, therapist="dana", clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert seen_when_loaded == [(True, 1)]  # loaded once, with the client list showing
        await pilot.press("f2")
        await pilot.pause()
        screen = visit(app)
        await pilot.press("f3")
        await pilot.pause()
        assert screen.session.knowledge is knowledge  # the visit uses the loaded base
    assert seen_when_loaded == [(True, 1)]


async def test_a_knowledge_base_that_cannot_load_ends_the_app_with_one_line(
    repo: TinyRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    def loader() -> Knowledge:
        raise KnowledgeError("patterns.toml: invalid TOML: Expected '=' (at line 3, column 7)")

    app = build_app(repo, loader, therapist="dana", clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    said = capsys.readouterr().err.replace("\n", "")  # Rich wraps it at the terminal's width
    assert said == (
        "posture-tui: knowledge base: patterns.toml: invalid TOML: Expected '=' (at line 3, "
        "column 7)"
    )

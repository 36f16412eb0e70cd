"""Terminal rules: enlarge below 80x24, F1 help, --no-mouse, NO_COLOR, no data in crashes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import open_first_visit, text_of, typed_ahead
from textual.app import App
from textual.widgets import Input

from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp, crash_line
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.help import HelpScreen
from posture_tui.tui.screens.too_small import TooSmallScreen


async def test_small_terminal_asks_to_enlarge(make_app: Callable[..., PostureApp]) -> None:
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "enlarge the terminal" in text_of(app, "#too-small")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        await pilot.resize_terminal(79, 24)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_f1_lists_the_keys_of_the_place(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Jo Jay")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_visit(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = text_of(app, "#help-body")
        for words in ("Severity 2", "Side left", "Next view", "F6", "Save", "F7", "Sign", "Note"):
            assert words in body
        assert "ctrl+shift" not in body and "alt+" not in body
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_no_mouse_turns_mouse_reporting_off(
    make_app: Callable[..., PostureApp],
    repo: TinyRepository,
    knowledge: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(self: App[None], *args: Any, **kwargs: Any) -> None:
        seen.update(kwargs)

    monkeypatch.setattr(App, "run", fake_run)
    from posture_tui.tui.app import build_app

    build_app(repo, knowledge, no_mouse=True).run()
    assert seen["mouse"] is False
    build_app(repo, knowledge).run()
    assert seen["mouse"] is True


def test_no_color_is_honoured(
    repo: TinyRepository, knowledge: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posture_tui.tui.app import build_app

    monkeypatch.setenv("NO_COLOR", "1")
    assert build_app(repo, knowledge).no_color


def test_crash_line_names_type_and_place_only() -> None:
    secret = "Ann Lee, pain 9/10"
    try:
        raise ValueError(secret)
    except ValueError as error:
        line = crash_line(error)
    assert "ValueError" in line and "test_terminal.py" in line
    assert secret not in line


async def test_keys_arriving_in_one_packet_fill_the_fields_in_order(
    make_app: Callable[..., PostureApp],
) -> None:
    """Over SSH a fast typist's keys arrive together; tab must still move on before the next."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await typed_ahead(pilot, app, burst("Ann Lee\t1980-01-02\t555"))
        values = {f: app.screen.query_one(f"#f-{f}", Input).value for f in FIELDS}
        assert values == {"name": "Ann Lee", "birth_date": "1980-01-02", "contact": "555"}


async def test_keys_typed_ahead_of_a_new_screen_land_on_it(
    make_app: Callable[..., PostureApp],
) -> None:
    """F2 and a name in one packet: the name goes to the new client, not the client search."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await typed_ahead(pilot, app, [("f2", None), *burst("Bo\t1975-05-06")])
        values = {f: app.screen.query_one(f"#f-{f}", Input).value for f in FIELDS}
        assert values == {"name": "Bo", "birth_date": "1975-05-06", "contact": ""}
        assert app.screen_stack[-2].query_one("#search", Input).value == ""


FIELDS = ("name", "birth_date", "contact")


def burst(text: str) -> list[tuple[str, str | None]]:
    names = {"\t": "tab", " ": "space", "-": "minus"}
    return [(names.get(character, character), character) for character in text]

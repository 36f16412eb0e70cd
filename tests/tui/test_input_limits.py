"""Every text a therapist types is cut at the record check's limit (domain/limits.py): what
the TUI saves always reads back, never as a damaged record."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE
from tests.tui.helpers import go_to_item, notices, type_text, visit
from textual.widgets import Input

from posture_tui.domain.limits import NAME_LENGTH, NOTE_LENGTH, TEXT_LENGTH
from posture_tui.store.check import check_store
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.dialogs import TextPrompt

LIMITS = {
    "f-name": NAME_LENGTH,
    "f-contact": TEXT_LENGTH,
    "f-complaints": TEXT_LENGTH,
    "f-goals": TEXT_LENGTH,
    "f-medications": TEXT_LENGTH,
    "f-notes": TEXT_LENGTH,
}


async def test_a_250_character_name_keeps_200_and_saves_a_record_that_reads_back(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        screen = visit(app)
        assert isinstance(app.focused, Input) and app.focused.id == "f-name"
        # 250 characters: the first 190 as a paste would bring them, 60 more key by key.
        app.focused.insert_text_at_cursor("Ann " + "x" * 186)
        await type_text(pilot, "x" * 60)
        await pilot.pause()
        assert app.focused.value == "Ann " + "x" * (NAME_LENGTH - 4)
        limits = {i.id: i.max_length for i in screen.query(Input) if i.id in LIMITS}
        assert limits == LIMITS
        await pilot.press("f6")
        await pilot.pause()
        client_id = screen.session.client.id
        assert app.is_running
    assert not [m for m in notices(app) if "damaged" in m or "not allowed" in m]
    stored = repo.get_client(client_id)  # reads back: the record check passes
    assert stored.name == "Ann " + "x" * (NAME_LENGTH - 4)
    assert [row.name for row in repo.list_clients()] == [stored.name]
    assert check_store(repo.path).problems == []


async def test_a_finding_note_is_cut_at_its_limit(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("f3")
        await go_to_item(pilot, app, "forward_head")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        prompt = app.screen.query_one(Input)
        assert prompt.max_length == NOTE_LENGTH
        prompt.insert_text_at_cursor("y" * NOTE_LENGTH)
        await type_text(pilot, "zzz")
        assert prompt.value == "y" * NOTE_LENGTH


async def test_a_text_prompt_without_a_limit_has_none(
    make_app: Callable[..., PostureApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(TextPrompt("Minutes", "5"))
        await pilot.pause()
        assert app.screen.query_one(Input).max_length == 0

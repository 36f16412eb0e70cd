"""Every draft is kept (issue 15): one per visit, all listed at start, each resumable where the
therapist was, each discarded only after a confirmation; two sessions keep both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import SIZE
from tests.tui.helpers import answer, type_text, visit
from textual.pilot import Pilot

from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.dialogs import ConfirmScreen
from posture_tui.tui.screens.drafts import DraftRows, DraftsScreen
from posture_tui.tui.widgets.checklist import ChecklistPane


async def _new_client_kept(pilot: Pilot[None], app: PostureApp, name: str, item: str) -> None:
    """F2, a name, F3, one answer, escape, k: a new client's visit kept as a draft."""
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.press("f3")
    await answer(pilot, app, item, 2)
    await pilot.press("escape")
    await pilot.pause()
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(app.screen, ClientListScreen)


def _rows(app: PostureApp) -> list[str]:
    rows = app.screen.query_one(DraftRows)
    return [rows.row_plain(index) for index in range(len(rows))]


async def test_a_second_visit_kept_never_replaces_the_first(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _new_client_kept(pilot, app, "Ida First", "forward_head")
        await pilot.press("f2")  # a second new client, left open when the app quits
        await pilot.pause()
        await type_text(pilot, "Jo Second")
        await pilot.pause(0.5)
        await pilot.press("ctrl+q")
        await pilot.pause()
    drafts, problems = repo.list_drafts()
    assert problems == []
    assert sorted(d.client.name for d in drafts) == ["Ida First", "Jo Second"]

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DraftsScreen)
        rows = _rows(again)
        assert len(rows) == 2
        assert "Jo Second" in rows[0] and "Ida First" in rows[1]  # newest first
        assert "new client" in rows[1] and "kept 2026-03-02" in rows[1]
        assert "checklist" in rows[1]  # where the therapist was
        await pilot.press("j", "r")  # resume the older one
        await pilot.pause()
        screen = visit(again)
        assert screen.session.client.name == "Ida First"
        assert screen.pane == "checklist"
        pane = screen.query_one(ChecklistPane)
        assert pane.current_item() is not None
        await pilot.press("f6")  # saved: only this draft is done
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, ClientListScreen)
        assert [d.client.name for d in repo.list_drafts()[0]] == ["Jo Second"]
        await pilot.press("f3")  # the drafts are listed again on demand
        await pilot.pause()
        assert isinstance(again.screen, DraftsScreen)
        assert len(_rows(again)) == 1
        await pilot.press("escape")
        await pilot.pause()
    assert [d.client.name for d in repo.list_drafts()[0]] == ["Jo Second"]


async def test_each_draft_is_discarded_only_after_a_confirmation(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _new_client_kept(pilot, app, "Kim One", "forward_head")
        await _new_client_kept(pilot, app, "Lu Two", "forward_head")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("escape")  # a bare escape never discards
        await pilot.pause()
        assert len(repo.list_drafts()[0]) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(again.screen, DraftsScreen)
        assert len(_rows(again)) == 1 and "Kim One" in _rows(again)[0]
        await pilot.press("l")
        await pilot.pause()
    assert [d.client.name for d in repo.list_drafts()[0]] == ["Kim One"]


async def test_two_sessions_under_one_login_keep_both_drafts(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    from posture_tui.store.repository import open_store

    one = make_app()
    two = make_app(open_store(store_path))  # a second session on the same store
    async with one.run_test(size=SIZE) as first, two.run_test(size=SIZE) as second:
        await first.pause()
        await second.pause()
        await first.press("f2")
        await second.press("f2")
        await first.pause()
        await second.pause()
        await type_text(first, "Mo Left")
        await type_text(second, "Ny Right")
        await first.pause(0.5)
        await second.pause(0.5)
        await first.press("ctrl+q")
        await second.press("ctrl+q")
        await first.pause()
        await second.pause()
    assert sorted(d.client.name for d in repo.list_drafts()[0]) == ["Mo Left", "Ny Right"]


async def test_a_resumed_draft_is_kept_under_one_file(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    """Resuming and keeping again leaves one draft of the visit, with the new work."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _new_client_kept(pilot, app, "Ola Once", "forward_head")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await answer(pilot, again, "rounded_shoulders", 1, "b")
        await pilot.pause(0.5)
        await pilot.press("ctrl+q")
        await pilot.pause()
    drafts, _ = repo.list_drafts()
    assert len(drafts) == 1
    assert drafts[0].assessment is not None and len(drafts[0].assessment.findings) == 2
    assert drafts[0].item == "rounded_shoulders" or drafts[0].pane == "checklist"

"""Drafts: autosave after a change, escape never loses work, resume on the next start."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import answer, new_client_visit, text_of, visit

from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.dialogs import ChoiceScreen
from posture_tui.tui.screens.drafts import DraftRows, DraftsScreen
from posture_tui.tui.screens.visit import VisitScreen


async def test_autosave_escape_and_resume(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_client_visit(pilot, app, "Gil Gray")
        await pilot.press("f3")
        await answer(pilot, app, "forward_head", 2)
        await pilot.pause(0.5)  # autosave fires a moment after the last change
        draft = repo.load_draft()
        assert draft is not None and draft.client.name == "Gil Gray"
        assert draft.assessment is not None
        assert [f.item for f in draft.assessment.findings] == ["forward_head"]
        assert repo.list_clients() == []  # a draft is not a save

        # Escape asks; escaping the question stays on the visit.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        await answer(pilot, app, "rounded_shoulders", 1, "b")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")  # keep as draft and close
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
    kept = repo.load_draft()
    assert kept is not None and len(kept.assessment.findings) == 2  # type: ignore[union-attr]

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DraftsScreen)
        assert "Gil Gray" in again.screen.query_one(DraftRows).row_plain(0)
        await pilot.press("r")
        await pilot.pause()
        session = visit(again).session
        assert session.client.name == "Gil Gray"
        assert len(session.assessment.findings) == 2
        await pilot.press("f6")
        await pilot.pause()
    assert repo.load_draft() is None
    assert [summary.name for summary in repo.list_clients()] == ["Gil Gray"]


async def test_discarding_a_draft_needs_confirmation(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_client_visit(pilot, app, "Hal")
        await pilot.pause(0.5)
        await pilot.press("ctrl+q")  # quitting keeps the draft too
        await pilot.pause()
    assert repo.load_draft() is not None
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # not sure after all
        await pilot.pause()
    assert repo.load_draft() is not None
    third = make_app()
    async with third.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert repo.load_draft() is None


async def test_a_resumed_follow_up_is_still_a_follow_up(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    _, (first,) = seed_client(repo, "Fay Follow")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "n")  # the client's page, then a new visit: a follow-up
        await pilot.pause()
        assert visit(app).session.follow_up_of is not None
        await pilot.press("f3")
        await answer(pilot, app, "forward_head", 2)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")  # keep as draft and close
        await pilot.pause()

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = visit(again)
        assert screen.session.follow_up_of is not None
        assert screen.session.follow_up_of.id == first.id
        assert "follow-up" in text_of(again, "#visit-header")
        assert screen.pane == "checklist"  # where the therapist was, not the intake
        await pilot.press("f2")
        await pilot.pause()
        labels = [str(label.content) for label in screen.query(".field-label")]
        assert labels[-1] == "Changes"
        assert "Follow-up to the visit of" in str(screen.query_one("#follow-up-note").content)

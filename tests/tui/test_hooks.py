"""The screens other pieces provide open from the keys this UI reserves for them."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import visit

from posture_tui.domain.assessment import Finding
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.screens.export_dialog import ExportDialog
from posture_tui.tui.screens.outcomes import OutcomesScreen
from posture_tui.tui.screens.progress import ProgressScreen
from posture_tui.tui.widgets.checklist_rows import ChecklistRows


async def test_export_progress_reassess_and_outcomes_keys(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Lou Lind", findings=(Finding("forward_head", 2),), visits=2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        for key, screen_type in (("e", ExportDialog), ("p", ProgressScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ClientScreen)
        await pilot.press("r")
        await pilot.pause()
        session = visit(app).session
        assert session.assessment.unconfirmed == ("forward_head",)
        await pilot.press("f3")
        await pilot.pause()
        assert "[from last visit]" in visit(app).query_one(ChecklistRows).row_plain(0)
        await pilot.press("2")  # the same answer confirms it
        await pilot.pause()
        assert session.assessment.unconfirmed == ()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)

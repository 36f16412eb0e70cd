"""Keys mean the same in a re-assessment as in a first visit (issue 15): a severity on a sided
item waits for its side, prefilled or not, and confirming one item never changes another."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import go_to_item, visit

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.widgets.checklist import ChecklistPane
from posture_tui.tui.widgets.checklist_rows import ChecklistRows

LAST = (
    Finding("rounded_shoulders", 2, Side.RIGHT),
    Finding("thoracic_kyphosis_increased", 1),
    Finding("knee_hyperextension", 2, Side.LEFT),
)


async def test_one_r_on_a_prefilled_sided_item_answers_that_item(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Pia Prefill", findings=LAST, visits=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "r")  # the client's page, a re-assessment
        await pilot.pause()
        session = visit(app).session
        assert "rounded_shoulders" in session.assessment.unconfirmed
        await pilot.press("f3")
        await go_to_item(pilot, app, "rounded_shoulders")
        rows = visit(app).query_one(ChecklistRows)
        assert "[from last visit]" in rows.row_plain(1)
        await pilot.press("1")  # waits for the side, as in a first visit
        await pilot.pause()
        pane = visit(app).query_one(ChecklistPane)
        assert pane.current_item().id == "rounded_shoulders"  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        assert session.finding("rounded_shoulders") == Finding("rounded_shoulders", 1, Side.RIGHT)
        # the next item is untouched and still marked as from the last visit
        assert session.finding("thoracic_kyphosis_increased") == LAST[1]
        assert "thoracic_kyphosis_increased" in session.assessment.unconfirmed
        assert pane.current_item().id == "thoracic_kyphosis_increased"  # type: ignore[union-attr]

        # Confirming with the same severity waits too; moving on keeps the side it had.
        await go_to_item(pilot, app, "knee_hyperextension")
        await pilot.press("2")
        await pilot.pause()
        assert pane.current_item().id == "knee_hyperextension"  # type: ignore[union-attr]
        assert "Side L" in str(visit(app).query_one("#item-detail").content)
        await pilot.press("j")
        await pilot.pause()
        assert session.finding("knee_hyperextension") == LAST[2]
        assert "knee_hyperextension" not in session.assessment.unconfirmed


async def test_the_same_keys_in_a_first_visit(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2", "Q", "f3")
        await pilot.pause()
        session = visit(app).session
        await go_to_item(pilot, app, "rounded_shoulders")
        await pilot.press("2", "r")  # answered with a side
        await go_to_item(pilot, app, "rounded_shoulders")
        await pilot.press("1", "r")  # and corrected with the same two keys
        await pilot.pause()
        assert session.finding("rounded_shoulders") == Finding("rounded_shoulders", 1, Side.RIGHT)
        assert session.finding("thoracic_kyphosis_increased") is None


async def test_signing_keeps_the_checklist_cursor(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Sol Sign", findings=(Finding("forward_head", 2),), visits=1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the client's page, the visit
        await pilot.pause()
        await pilot.press("f3")
        await go_to_item(pilot, app, "pelvic_tilt_anterior")
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        screen = visit(app)
        assert screen.session.read_only
        pane = screen.query_one(ChecklistPane)
        assert pane.current_item().id == "pelvic_tilt_anterior"  # type: ignore[union-attr]

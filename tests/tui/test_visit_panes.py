"""A visit opens on one pane; the others are built when first shown and show the same visit."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import go_to_item, visit
from textual.widgets import Input

from posture_tui.domain.assessment import Finding
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.widgets.intake import ContraList, IntakePane
from posture_tui.tui.widgets.plan import PlanPane


async def test_a_visit_saved_from_the_checklist_alone_keeps_the_stored_intake(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, _ = seed_client(repo, "Ada Lovelace", findings=(Finding("forward_head", 1),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the client, then their newest visit
        await pilot.pause()
        screen = visit(app)
        assert screen.pane == "checklist"
        assert screen.mounted(IntakePane) is None  # not built until F2
        await go_to_item(pilot, app, "forward_head")
        await pilot.press("3", "f6")
        await pilot.pause()
        (saved,) = repo.list_assessments(client.id)
        assert {f.item: f.severity for f in saved.findings} == {"forward_head": 3}
        assert repo.get_client(client.id).name == "Ada Lovelace"
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#f-name", Input).value == "Ada Lovelace"
        assert "saved" in str(screen.query_one("#visit-header").render())
        await pilot.press("f5")
        await pilot.pause()
        assert screen.mounted(PlanPane) is not None and screen.pane == "plan"
        await pilot.press("f2")
        await pilot.pause()
        assert len(screen.query(IntakePane)) == 1  # shown again, not built twice
        assert app.focused is screen.query_one("#f-name", Input)


async def test_contraindications_tick_with_a_click_as_with_space(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    conditions = [c for c in app.knowledge.contraindications.values() if not c.red_flag]
    plain = [c.id for c in conditions if not c.details][:2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")  # a new client's visit opens on the intake
        await pilot.pause()
        screen = visit(app)
        contra = screen.query_one("#contra-list", ContraList)
        screen.set_focus(contra)
        await pilot.pause()
        first = [c.id for c in conditions].index(plain[0])
        second = [c.id for c in conditions].index(plain[1])
        contra.move_to(first)
        await pilot.press("space")
        await pilot.pause()
        contra.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        top = contra.scroll_offset.y
        await pilot.click("#contra-list", offset=(4, second - top))
        await pilot.pause()
        ticked = {entry.id for entry in screen.session.assessment.contraindications}
        assert ticked == set(plain)
        assert contra.row_plain(second).startswith("[x] ")
        await pilot.press("space")  # the cursor followed the click: untick it again
        await pilot.pause()
        ticked = {entry.id for entry in screen.session.assessment.contraindications}
        assert ticked == {plain[0]}

"""The smaller defects of issue 15: the measurements counter, care notes read in full at 80x24,
a long field shown from its start after leaving it."""

from __future__ import annotations

from collections.abc import Callable

from attrs import evolve
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import new_client_visit, text_of, type_text, visit

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.help import HelpScreen
from posture_tui.tui.widgets.checklist import ChecklistPane
from posture_tui.tui.widgets.plan import PlanPane


async def test_the_measurements_counter_follows_each_value(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2", "M", "f3", "pageup")  # the measurements view
        await pilot.pause()
        assert visit(app).query_one(ChecklistPane).view == "measurements"
        assert "Measurements 0/4" in text_of(app, "#view-progress")
        for value in ("44", "1", "2"):
            await type_text(pilot, value)
            await pilot.press("tab")
            await pilot.pause()
        assert "Measurements 3/4" in text_of(app, "#view-progress")


async def test_enter_on_a_step_reads_its_whole_reason_and_care_note(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(
        repo,
        "Cai Care",
        findings=(Finding("forward_head", 3), Finding("rounded_shoulders", 3, Side.BILATERAL)),
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")  # the client's page, the visit
        await pilot.pause()
        session = visit(app).session
        conditions = (ContraindicationEntry("anticoagulants"),)
        session.assessment = evolve(session.assessment, contraindications=conditions)
        session.recompute()
        await pilot.press("f5")
        await pilot.pause()
        plan = visit(app).session.plan
        cared = [n for n, step in enumerate(plan.steps) if step.care]
        assert cared, "the anticoagulant softens no step"
        await pilot.press(*["down"] * cared[0])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("#help-body").render())
        step = plan.steps[cared[0]]
        assert step.reason in body.replace("\n", " ") or step.reason[:40] in body
        assert "Care:" in body
        await pilot.press("escape")
        await pilot.pause()
        assert visit(app).query_one(PlanPane) is not None


async def test_a_long_field_left_shows_its_start(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_client_visit(pilot, app, "Lee Long")
        await pilot.press("tab", "tab", "tab")  # birth date, contact, complaints
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and field.id == "f-complaints"
        words = "stiff neck after long days at the desk and a sore lower back on waking " * 2
        await type_text(pilot, words.strip())
        await pilot.pause()
        assert field.scroll_offset.x > 0  # the end is in view while typing
        await pilot.press("tab")
        await pilot.pause()
        assert field.cursor_position == 0 and field.scroll_offset.x == 0
        await pilot.press("shift+tab")
        await pilot.pause()
        assert field.cursor_position == len(field.value)  # back in, ready to add at the end

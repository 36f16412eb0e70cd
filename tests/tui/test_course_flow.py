"""A course of treatment by keyboard at 80x24: the first visit plans the next ones, and a
follow-up started from the client page opens on the focus the course planned for visit 2."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE
from tests.tui.helpers import answer, new_client_visit, text_of, type_text, visit

from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.screens.help import HelpScreen


async def test_a_follow_up_opens_on_the_next_visit_of_the_course(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await new_client_visit(pilot, app, "Ada Course")
        await pilot.press("f3")
        await answer(pilot, app, "forward_head", 2)
        await answer(pilot, app, "rounded_shoulders", 2, "b")
        await answer(pilot, app, "thoracic_kyphosis_increased", 2)
        await answer(pilot, app, "pelvic_tilt_anterior", 2)
        await answer(pilot, app, "lumbar_lordosis_increased", 2)
        await pilot.press("f5")
        await pilot.pause()
        first = visit(app).session.plan
        assert first.visit_number == 1 and first.series
        assert "Course (c): visit 1 of" in text_of(app, "#plan-course")
        assert "about" in text_of(app, "#program-title")
        assert 3 <= len(first.exercises) <= 5
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await type_text(pilot, "ada")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("n")
        await pilot.pause()
        follow_up = visit(app).session
        await pilot.press("f5")
        await pilot.pause()
        plan = follow_up.plan
        planned = first.series[0]
        assert follow_up.assessment.visit_number == 2
        assert plan.visit_number == 2 and plan.note == ""  # no longer a first visit
        assert plan.focus_regions[: len(planned.regions)] == planned.regions
        worked = {s.muscle for s in plan.steps if s.muscle}
        assert worked & {t.muscle for t in planned.targets}
        assert [e.id for e in plan.exercises] == [e.id for e in first.exercises]
        assert "visit 2 of" in text_of(app, "#plan-course")

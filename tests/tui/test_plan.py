"""Plan editing at 80x24: what was left out and why, remove, add, reorder, minutes and doses."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import notices, open_first_visit, text_of
from textual.widgets import DataTable

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.dialogs import ConfirmScreen
from posture_tui.tui.screens.help import HelpScreen
from posture_tui.tui.screens.plan_dialogs import DoseDialog, StepDialog

UPPER_CROSSED = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.RIGHT),
    Finding("thoracic_kyphosis_increased", 2),
)


async def test_plan_edits(make_app: Callable[..., PostureApp], repo: TinyRepository) -> None:
    client, (first,) = seed_client(repo, "Ida Ivy", findings=UPPER_CROSSED)
    repo.save_assessment(
        attrs.evolve(first, contraindications=(ContraindicationEntry("pacemaker"),))
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        session = screen.session
        await pilot.press("f5")
        await pilot.pause()
        engine = session.plan
        assert engine.excluded, "the pacemaker must leave something out"

        # What contraindications left out is shown with the reason and the replacement.
        first_out = engine.excluded[0]
        left_out = len(engine.excluded) + len(engine.excluded_exercises)
        assert f"Left out: {left_out}" in text_of(app, "#plan-excluded")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        full = text_of(app, "#help-body")
        for entry in engine.excluded:
            assert app.knowledge.technique_name(entry.technique) in full
            assert entry.reason in full
        assert "Pacemaker" in full
        if first_out.instead:
            assert f"instead: {app.knowledge.technique_name(first_out.instead)}" in full
        await pilot.press("escape")
        await pilot.pause()

        # Reorder within a layer (d then u); leaving the layer is refused with a notice.
        layers = [step.layer for step in engine.steps]
        assert layers[0] == layers[1]
        await pilot.press("d")
        await pilot.pause()
        assert session.plan.steps[1] == engine.steps[0]
        assert session.plan.steps[0] == engine.steps[1]
        await pilot.press("u")
        await pilot.pause()
        assert session.plan.steps[:2] == engine.steps[:2]
        await pilot.press("u")
        await pilot.pause()
        assert any("layer" in message for message in notices(app))

        # Minutes with + and -.
        await pilot.press("plus", "plus", "minus")
        await pilot.pause()
        assert session.plan.steps[0].minutes == engine.steps[0].minutes + 1

        # j and k move the cursor, as in the checklist: + now lengthens the second step.
        steps = screen.query_one("#steps", DataTable)
        await pilot.press("j")
        assert steps.cursor_row == 1
        await pilot.press("plus")
        await pilot.pause()
        assert session.plan.steps[1].minutes == engine.steps[1].minutes + 1
        await pilot.press("k")
        assert steps.cursor_row == 0

        # Add a step: it lands at the end of its own layer.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StepDialog)
        techniques = list(app.knowledge.techniques)
        await pilot.press("enter", *["down"] * (techniques.index("passive_stretch") + 1), "enter")
        await pilot.press("f6")
        await pilot.pause()
        added = [s for s in session.plan.steps if s.reason == "added by the therapist"]
        assert [s.technique for s in added] == ["passive_stretch"]
        order = [step.layer for step in session.plan.steps]
        assert order == sorted(order, key=list(type(order[0])).index)

        # Exercises: tab to the home program, edit the dose, fewer sets with -.
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is screen.query_one("#exercises", DataTable)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DoseDialog)
        await pilot.press("end", "backspace", "4", "f6")
        await pilot.pause()
        assert session.plan.exercises[0].dose.sets == 4
        await pilot.press("minus")
        await pilot.pause()
        assert session.plan.exercises[0].dose.sets == 3

        # Remove an exercise only after confirming.
        count = len(session.plan.exercises)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(session.plan.exercises) == count
        await pilot.press("x", "y")
        await pilot.pause()
        assert len(session.plan.exercises) == count - 1

        # Save: the edited plan is what is stored; g rebuilds from the engine after confirming.
        await pilot.press("f6")
        await pilot.pause()
        stored = repo.get_assessment(client.id, first.id)
        assert stored.plan == session.plan
        await pilot.press("g", "y")
        await pilot.pause()
        assert session.assessment.plan is None
        assert session.plan == session.analysis.plan

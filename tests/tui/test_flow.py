"""End to end at 80x24 through the real store: intake, checklist, results, plan, sign, reopen."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE
from tests.tui.helpers import answer, text_of, type_text, visit
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.screens.dialogs import ConfirmScreen
from posture_tui.tui.screens.intake_dialogs import ConditionDialog, PainDialog
from posture_tui.tui.widgets.intake import ContraList, PainList


async def pick(pilot: Pilot[None], options: list[str], wanted: str, *, blank: bool = True) -> None:
    """Open a focused Select with enter and move down to the wanted option."""
    await pilot.press("enter")
    await pilot.press(*["down"] * (options.index(wanted) + int(blank)), "enter")


async def test_whole_first_visit(make_app: Callable[..., PostureApp], repo: TinyRepository) -> None:
    app = make_app()
    knowledge = app.knowledge
    regions = list(knowledge.pain_regions)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        await pilot.press("f2")
        await pilot.pause()
        screen = visit(app)
        assert isinstance(app.focused, Input) and app.focused.id == "f-name"
        await type_text(pilot, "Ann Lee")
        await pilot.press("tab")
        await type_text(pilot, "1975-05-06")
        await pilot.press("tab", "tab")
        await type_text(pilot, "neck ache at the desk")
        await pilot.press("tab", "tab", "tab", "tab")  # goals, medications, notes -> pain list
        assert isinstance(app.focused, PainList)

        # Pain: neck, right, 6/10.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PainDialog)
        await pick(pilot, regions, "neck")
        await pilot.press("tab")
        await pick(pilot, ["none", "left", "right", "bilateral"], "right", blank=False)
        await pilot.press("tab")
        await type_text(pilot, "6")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.assessment.pain == (PainEntry("neck", 6, Side.RIGHT),)

        # The red-flag screen comes first: nothing ticked, so nothing is postponed.
        await pilot.press("tab")
        assert isinstance(app.focused, ContraList) and app.focused.red_flags
        # A condition with its details: skin lesion over the low back, left side.
        await pilot.press("tab")
        assert isinstance(app.focused, ContraList) and not app.focused.red_flags
        conditions = [c for c, v in knowledge.contraindications.items() if not v.red_flag]
        await pilot.press(*["down"] * conditions.index("skin_lesion"))
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConditionDialog)
        await pick(pilot, regions, "low_back")
        await pilot.press("tab")
        await pick(pilot, ["none", "left", "right"], "left", blank=False)
        await pilot.press("f6")
        await pilot.pause()
        assert screen.session.assessment.contraindications == (
            ContraindicationEntry("skin_lesion", "low_back", side=Side.LEFT),
        )

        # Checklist raising upper crossed; results update without saving.
        await pilot.press("f3")
        await answer(pilot, app, "forward_head", 2)
        await answer(pilot, app, "rounded_shoulders", 2, "r")
        await answer(pilot, app, "thoracic_kyphosis_increased", 3)
        await pilot.press("f4")
        await pilot.pause()
        results = text_of(app, "#results-body")
        assert "Upper crossed" in results
        for item in ("forward_head", "rounded_shoulders", "thoracic_kyphosis_increased"):
            assert knowledge.checklist[item].label in results
        assert "3 severe" in results and "2 moderate" in results

        # Plan: remove the first step (after confirming), add a minute to the next one.
        await pilot.press("f5")
        await pilot.pause()
        engine_steps = screen.session.plan.steps
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("plus")
        await pilot.pause()
        edited = screen.session.assessment.plan
        assert edited is not None
        assert edited.steps[0].minutes == engine_steps[1].minutes + 1
        assert len(edited.steps) == len(engine_steps) - 1

        # Save, then sign (confirmed): read-only afterwards.
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        signed = screen.session.assessment
        assert signed.is_signed and signed.signed_by == "dana"
        await pilot.press("f3", "0")
        await pilot.pause()
        assert screen.session.assessment.findings == signed.findings

        # Back to the list, search, open history, open the assessment: same data.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        await type_text(pilot, "lee")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == 1
        assert "signed" in str(history.get_row_at(0)[1])
        await pilot.press("enter")
        await pilot.pause()
        reopened = visit(app).session
        assert reopened.read_only
        assert reopened.assessment.findings == signed.findings
        assert reopened.assessment.plan == edited
        assert reopened.assessment.pain == (PainEntry("neck", 6, Side.RIGHT),)
        assert reopened.client.name == "Ann Lee"
        assert reopened.client.complaints == "neck ache at the desk"
        assert [f.pattern for f in reopened.analysis.flags].count("upper_crossed") == 1

    stored = repo.list_assessments(reopened.client.id)
    assert [a.status for a in stored] == ["signed"]

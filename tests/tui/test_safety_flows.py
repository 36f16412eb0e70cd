"""Red flags, overrides with a reason and trigger-point screening, driven by keyboard at 80x24."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE
from tests.tui.helpers import answer, new_client_visit, text_of, type_text

from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry, TriggerPoint
from posture_tui.store import audit
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.dialogs import ChoiceScreen, TextPrompt
from posture_tui.tui.widgets.intake import ContraList

REASON = "Temperature 36.8 today; GP saw her yesterday, infection over"


async def test_a_red_flag_postpones_the_plan_until_overridden_with_a_reason(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_client_visit(pilot, app, "Red Flag")
        flags = screen.query_one("#red-flag-list", ContraList)
        screen.set_focus(flags)
        await pilot.pause()
        red = [k for k, c in app.knowledge.contraindications.items() if c.red_flag]
        flags.move_to(red.index("fever_or_infection"))
        await pilot.press("space")
        await pilot.pause()
        assert flags.row_plain(red.index("fever_or_infection")).startswith("[x] Fever")
        await pilot.press("f3")
        await answer(pilot, app, "forward_head", 2)
        await answer(pilot, app, "rounded_shoulders", 2, "r")
        await answer(pilot, app, "thoracic_kyphosis_increased", 3)

        await pilot.press("f4")
        await pilot.pause()
        results = text_of(app, "#results-body")
        assert results.startswith("POSTPONE HANDS-ON WORK AND REFER")
        assert "Red flag: Fever or infection" in results
        assert results.index("Red flag") < results.index("Upper crossed")

        await pilot.press("f5")
        await pilot.pause()
        assert "POSTPONE HANDS-ON WORK AND REFER" in text_of(app, "#plan-summary")
        plan = screen.session.plan
        assert plan.steps == () and plan.exercises == ()
        assert plan.excluded and all("postponed" in e.reason for e in plan.excluded[:3])
        await pilot.press("x")  # editing a postponed plan is refused, not silently lost
        await pilot.pause()
        assert screen.session.plan.steps == ()

        # An override needs a written reason: a keystroke is not one.
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "ok")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.assessment.overrides == ()
        assert screen.session.plan.postponed is not None

        await pilot.press("v")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await type_text(pilot, REASON)
        await pilot.press("enter")
        await pilot.pause()
        (override,) = screen.session.assessment.overrides
        assert (override.red_flag, override.reason, override.by) == (
            "fever_or_infection",
            REASON,
            "dana",
        )
        plan = screen.session.plan
        assert plan.postponed is None and plan.steps
        # the red flag still shapes the work: no tools or cups with a fever
        assert not {s.technique for s in plan.steps} & {"gua_sha", "cupping"}

        await pilot.press("f6")
        await pilot.pause()
        assert screen.session.assessment.revision == 1
    stored = repo.get_assessment(screen.session.client.id, screen.session.assessment.id)
    assert stored is not None and stored.overrides == (override,)
    events = [e for e in audit.read(repo.layout.audit) if e["action"].endswith("override")]
    assert [e["action"] for e in events] == ["assessment.red_flag_override"]
    line = repo.layout.audit.read_text()
    assert "fever" not in line.lower() and "36.8" not in line


async def test_a_screening_candidate_is_confirmed_with_a_key_and_enters_the_plan(
    make_app: Callable[..., PostureApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_client_visit(pilot, app, "Temple Ache")
        screen.session.set_pain([PainEntry("head_temple", 6, Side.RIGHT)])
        await pilot.press("f4")
        await pilot.pause()
        results = text_of(app, "#results-body")
        assert "Screen for trigger points" in results
        (candidate,) = screen.session.analysis.screen_candidates
        assert "temporalis" in candidate.muscles and "upper_trapezius" in candidate.muscles
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        first = candidate.muscles[0]
        await pilot.press("1")
        await pilot.pause()
        assert screen.session.assessment.trigger_points == (TriggerPoint(first, Side.RIGHT),)
        steps = [(s.muscle, s.side) for s in screen.session.plan.steps if s.muscle]
        assert (first, Side.RIGHT) in steps
        assert "Trigger points confirmed" in text_of(app, "#results-body")


async def test_calf_pain_with_a_dvt_history_is_a_warning_not_a_referral(
    make_app: Callable[..., PostureApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_client_visit(pilot, app, "Calf Pain")
        screen.session.set_contraindications([ContraindicationEntry("dvt_history")])
        screen.session.set_pain([PainEntry("calf", 5, Side.LEFT)])
        await pilot.press("f3")
        await answer(pilot, app, "feet_pronated", 2, "l")
        await answer(pilot, app, "knee_valgus", 2, "l")
        await pilot.press("f4")
        await pilot.pause()
        results = text_of(app, "#results-body")
        assert "Red flag: Suspected DVT (derived warning)" in results
        assert "may refer to" not in results  # the calf pain is never explained away
        assert screen.session.plan.postponed is not None

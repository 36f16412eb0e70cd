"""Pilot tests of the progress screen, the outcomes modal and the re-assessment key at 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from posture_tui.domain.records import OutcomeMeasures
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import PostureApp, build_app
from posture_tui.tui.screens.outcomes import OutcomesScreen
from posture_tui.tui.screens.progress import ProgressScreen
from posture_tui.tui.widgets.body_map import BodyMapWidget
from posture_tui.tui.widgets.trend import TrendChart

from .helpers import BASE

SIZE = (80, 24)


def make_app(store_dir: Path) -> PostureApp:
    repository = open_store(store_dir, clock=lambda: BASE)
    return build_app(repository, load_knowledge(), therapist="tess", clock=lambda: BASE)


def shown(app: PostureApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_progress_compares_the_last_two_visits_and_can_pick_others(store_dir: Path) -> None:
    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ProgressScreen("c1"))
        await pilot.pause()
        assert "Progress · Ada Example · 3 visits" in shown(app, "#progress-header")
        text = shown(app, "#comparison")
        assert "Visit a2 (2026-03-09) -> visit a3 (2026-03-16)" in text
        assert "Neck (right)" in text and "much better" in text
        # choose the first visit as "from" with the keyboard only
        await pilot.press("f", "enter", "up", "enter")
        await pilot.pause()
        assert app.screen.query_one("#from", Select).value == "a1"
        text = shown(app, "#comparison")
        assert "Visit a1 (2026-03-02) -> visit a3 (2026-03-16)" in text
        assert "20/50 (moderate) -> 8/50 (mild)" in text and "improved" in text


async def test_trend_and_body_map_tabs(store_dir: Path) -> None:
    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ProgressScreen("c1"))
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.view == "trend"  # type: ignore[attr-defined]
        chart = str(app.screen.query_one(TrendChart).render())
        assert "3 visits, oldest first" in chart
        neck = next(line for line in chart.splitlines() if "Neck (right)" in line)
        assert neck.split()[-3:] == ["7", "5", "2"]
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.view == "map"  # type: ignore[attr-defined]
        assert "later visit, 2026-03-16" in shown(app, "#map-caption")
        later = str(app.screen.query_one(BodyMapWidget).render())
        assert "[ 3+] knee" in later  # left knee pain 3, mild finding: right of the FRONT figure
        await pilot.press("v")
        await pilot.pause()
        assert "earlier visit, 2026-03-09" in shown(app, "#map-caption")
        tabs = shown(app, "#progress-tabs")  # a click on a tab shows its view, as its key does
        await pilot.click("#progress-tabs", offset=(tabs.index("Changes"), 0))
        await pilot.pause()
        assert app.screen.view == "changes"  # type: ignore[attr-defined]
        assert app.screen.query_one("#changes").display
        earlier = str(app.screen.query_one(BodyMapWidget).render())
        assert "[ 3+] knee" not in earlier


async def test_client_with_one_visit_is_told_progress_needs_two(store_dir: Path) -> None:
    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ProgressScreen("c2"))
        await pilot.pause()
        assert "Progress needs two assessments" in shown(app, "#comparison")


async def test_p_on_the_history_screen_opens_progress(store_dir: Path) -> None:
    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_client("c1")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressScreen)


async def test_reassess_opens_a_visit_prefilled_from_the_latest(store_dir: Path) -> None:
    from posture_tui.tui.screens.visit import VisitScreen

    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ProgressScreen("c1"))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VisitScreen)
        assessment = screen.session.assessment
        assert assessment.prefilled_from == "a3"
        assert set(assessment.unconfirmed) == {"forward_head", "knee_valgus"}
        assert assessment.revision == 0 and assessment.id not in {"a1", "a2", "a3"}
        # Pain is asked afresh, and the intake says so with the last visit's scores to ask about.
        assert assessment.pain == ()
        note = shown(app, "#follow-up-note")
        assert "ask about pain (last: Neck right 2/10, Knee left 3/10)" in " ".join(note.split())
        assert "Pain and contraindications are carried over" not in note


async def test_outcomes_modal_scores_as_you_type_and_returns_the_answers(store_dir: Path) -> None:
    app = make_app(store_dir)
    results: list[OutcomeMeasures | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(OutcomesScreen(), results.append)
        await pilot.pause()
        await pilot.press(*"3221")  # NDI sections 1-4, cursor moves down after each answer
        await pilot.pause()
        scores = shown(app, "#outcomes-scores")
        assert "NDI 20/50 (moderate), 4 of 10 sections answered, scaled" in scores
        assert "ODI not answered" in scores
        # the cursor is on section 5; move into the ODI column, answer 4 (9 is refused)
        await pilot.press("right", "right", "4", "9")
        await pilot.press("up", "x")  # back to ODI section 5 and clear it again
        await pilot.press("down", "5")  # ODI section 6
        await pilot.press("f6")
        await pilot.pause()
    assert results == [
        OutcomeMeasures(
            ndi=(3, 2, 2, 1, None, None, None, None, None, None),
            odi=(None, None, None, None, None, 5, None, None, None, None),
        )
    ]


async def test_outcomes_escape_asks_before_discarding_answers(store_dir: Path) -> None:
    app = make_app(store_dir)
    results: list[OutcomeMeasures | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(OutcomesScreen(OutcomeMeasures(ndi=(1,) * 10)), results.append)
        await pilot.pause()
        assert "NDI 10/50 (mild)" in shown(app, "#outcomes-scores")
        await pilot.press("0", "escape")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen) and results == []
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]


async def test_outcomes_kept_in_a_visit_are_saved_with_it(store_dir: Path) -> None:
    from posture_tui.tui.screens.outcomes import edit_outcomes
    from posture_tui.tui.screens.visit import VisitScreen
    from posture_tui.tui.visit_start import open_visit_session

    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = VisitScreen(open_visit_session(app, "c1", "a2"))
        app.push_screen(screen)
        await pilot.pause()
        edit_outcomes(screen)
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        await pilot.press("right", "right", *"2222222222", "f6")
        await pilot.pause()
        assert app.screen is screen and screen.session.dirty
        await screen.save()
        await pilot.pause()
    stored = app.repository.get_assessment("c1", "a2")
    assert stored.outcomes == OutcomeMeasures(ndi=None, odi=(2,) * 10)


async def test_history_keys_reassess_and_outcomes_end_to_end(store_dir: Path) -> None:
    from posture_tui.tui.screens.visit import VisitScreen

    app = make_app(store_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_client("c1")
        await pilot.pause()
        await pilot.press("r")  # re-assess from the latest visit (a3)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VisitScreen)
        assert screen.session.assessment.prefilled_from == "a3"
        assert "forward_head" in screen.session.assessment.unconfirmed
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OutcomesScreen)
        await pilot.press(*"4444444444", "f6")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.assessment.outcomes.ndi == (4,) * 10

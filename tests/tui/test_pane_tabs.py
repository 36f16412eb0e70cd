"""The tab line: keys and clicks show a pane, the shown one is marked, counts follow the visit."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import open_first_visit, text_of

from posture_tui.domain.assessment import Finding
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.widgets.pane_tabs import PaneTabs


async def test_a_click_on_a_tab_shows_its_pane_as_its_key_does(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    findings = (Finding("forward_head", 2), Finding("rounded_shoulders", 2))
    seed_client(repo, "Bo Berg", findings=findings)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        line = text_of(app, "#pane-tabs")
        assert "F4 Results (1)" in line
        await pilot.click("#pane-tabs", offset=(line.index("F4") + 1, 0))
        await pilot.pause()
        assert screen.pane == "results"
        assert screen.query_one(PaneTabs).active == "results"
        await pilot.click("#pane-tabs", offset=(line.index("F2") + 1, 0))
        await pilot.pause()
        assert screen.pane == "intake"
        await pilot.press("f5")
        await pilot.pause()
        assert screen.query_one(PaneTabs).active == "plan"
        await pilot.click("#pane-tabs", offset=(len(line) + 5, 0))  # past the last tab
        await pilot.pause()
        assert screen.pane == "plan"

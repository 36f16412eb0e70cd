"""Checklist keys at 80x24: move, severity, side, note, clear, views, measurements."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import go_to_item, notices, open_first_visit, text_of, type_text
from textual.widgets import Input

from posture_tui.domain.common import Side
from posture_tui.knowledge.model import VIEWS
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.dialogs import TextPrompt
from posture_tui.tui.widgets.checklist import ChecklistPane
from posture_tui.tui.widgets.checklist_rows import ChecklistRows


async def test_checklist_keys(make_app: Callable[..., PostureApp], repo: TinyRepository) -> None:
    seed_client(repo, "Bo Berg")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        session = screen.session
        pane = screen.query_one(ChecklistPane)
        rows = pane.query_one(ChecklistRows)
        assert app.focused is rows and pane.view == "lateral"
        lateral = [item.id for item in pane.items]

        # j/k move like the arrows.
        await pilot.press("j", "j", "k")
        assert pane.current_item().id == lateral[1]  # type: ignore[union-attr]

        # A midline item refuses a side, with a notification; nothing is stored.
        await go_to_item(pilot, app, "forward_head")
        await pilot.press("r")
        await pilot.pause()
        assert session.finding("forward_head") is None
        assert any("midline" in message for message in notices(app))

        # Severity then side on a sided item; the row shows digit and word.
        await go_to_item(pilot, app, "rounded_shoulders")
        await pilot.press("3")
        await pilot.pause()
        assert pane.current_item().id == "rounded_shoulders"  # type: ignore[union-attr]
        assert "Now l, r or b" in text_of(app, "#item-detail")
        await pilot.press("l")
        await pilot.pause()
        finding = session.finding("rounded_shoulders")
        assert finding is not None and (finding.severity, finding.side) == (3, Side.LEFT)
        row = rows.row_plain(lateral.index("rounded_shoulders"))
        assert "3 severe" in row and " L " in row

        # A note on the item, shown on its row.
        await go_to_item(pilot, app, "rounded_shoulders")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "worse on the left")
        await pilot.press("enter")
        await pilot.pause()
        assert session.finding("rounded_shoulders").note == "worse on the left"  # type: ignore[union-attr]
        assert "note: worse on the left" in rows.row_plain(1)

        # x clears an answer back to unanswered.
        await go_to_item(pilot, app, "forward_head")
        await pilot.press("1")
        await go_to_item(pilot, app, "forward_head")
        await pilot.press("x")
        await pilot.pause()
        assert session.finding("forward_head") is None
        assert "unanswered" in rows.row_plain(0)

        # Progress per view; ] and [ move between views.
        assert f"Lateral 1/{len(lateral)}" in text_of(app, "#view-progress")
        await pilot.press("right_square_bracket")
        assert pane.view == VIEWS[1]
        await pilot.press("left_square_bracket")
        assert pane.view == VIEWS[0]
        await pilot.press("pageup")
        assert pane.view == "measurements"

        # Measurements with units; a number sets the measurement, nonsense is refused.
        form_text = " ".join(str(label.content) for label in screen.query(".unit"))
        assert "degrees" in form_text and "cm" in form_text
        assert isinstance(app.focused, Input) and app.focused.id == "m-cva_deg"
        await type_text(pilot, "44")
        await pilot.pause()
        assert session.assessment.measurements.get("cva_deg") == 44.0
        await type_text(pilot, "0")
        await pilot.pause()
        assert "at most" in text_of(app, "#measure-problem")
        assert session.assessment.measurements.get("cva_deg") == 44.0
        for text in ("nan", "inf"):  # float() reads both; a record may hold neither
            await pilot.press(*["backspace"] * 3)  # an emptied field is "not measured"
            await type_text(pilot, text)
            await pilot.pause()
            assert "not a number" in text_of(app, "#measure-problem")
            assert session.assessment.measurements.get("cva_deg") is None


async def test_checklist_rows_click_and_scroll(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Bo Berg")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        pane = screen.query_one(ChecklistPane)
        rows = pane.query_one(ChecklistRows)
        items = pane.items

        # A click on the second line of the third row puts the cursor there.
        await pilot.click(ChecklistRows, offset=(30, 5))
        await pilot.pause()
        assert rows.index == 2 and pane.current_item() == items[2]
        assert rows.row_plain(2).startswith("▶ ") and rows.row_plain(0).startswith("  ")
        assert items[2].label in text_of(app, "#item-detail")

        # Moving down past the visible rows scrolls the cursor row into view.
        last = len(items) - 1
        await pilot.press(*["j"] * (last - 2))
        await pilot.pause()
        assert rows.index == last and rows.scroll_offset.y > 0
        top = rows.scroll_offset.y
        assert top <= 2 * last and 2 * last + 2 <= top + rows.scrollable_content_region.height
        first_line = rows.render_line(2 * last - top).text
        assert first_line.startswith("▶ ") and items[last].label in first_line

        # Another view starts at its first row, scrolled to the top.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert rows.index == 0 and rows.scroll_offset.y == 0
        assert rows.row_plain(0).startswith("▶ ")

"""The client table: rows fit the terminal, odd names stay one plain line, mouse and cursor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.tui.conftest import SIZE, seed_client
from textual.app import App, ComposeResult

from posture_tui.store.repository import TinyRepository
from posture_tui.tui import app as app_module
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_list import ClientListScreen
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.widgets.client_table import ClientRow, ClientTable, fit, shown


def test_a_cell_is_one_printable_line() -> None:
    assert shown("Ada Old") == "Ada Old"
    assert shown("Ada\nOld") == "Ada"
    assert shown("Ada\x1b[31mOld\tX") == "Ada\ufffd[31mOld\ufffdX"


def test_fit_pads_or_cuts_with_an_ellipsis() -> None:
    assert fit("Ada", 5) == "Ada  "
    assert fit("Ada Lovelace", 6) == "Ada L…"
    assert fit("山田太郎", 5) == "山田…"
    assert fit("Ada", 0) == ""


def row(key: str, name: str) -> ClientRow:
    return ClientRow(key, (name, "1950-01-02", "3", "2026-03-02"))


class TableApp(App[None]):
    CSS_PATH = Path(app_module.__file__).parent / "app.tcss"

    def compose(self) -> ComposeResult:
        yield ClientTable(id="clients")


async def test_rows_fit_the_width_and_the_cursor_scrolls_into_view() -> None:
    app = TableApp()
    async with app.run_test(size=(50, 6)) as pilot:
        table = app.query_one(ClientTable)
        rows = [row(f"c{n}", f"Client {n:02d} with a long name") for n in range(12)]
        assert table.set_rows(rows)
        assert not table.set_rows(rows)  # the same rows: nothing to redraw
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(table.size.height)]
        assert all(len(line) == table.scrollable_content_region.width for line in lines)
        assert lines[0].startswith(" Name")
        assert "…" in lines[1] and "2026-03-02" in lines[1]
        table.move_cursor(11)
        await pilot.pause()
        assert table.cursor_key == "c11"
        last = table.render_line(table.size.height - 1)
        assert last.text.startswith(" Client 11 wit… ")
        cursor = table.get_component_rich_style("client-table--cursor").bgcolor
        above = table.render_line(table.size.height - 2)
        assert {s.style.bgcolor for s in last if s.style} == {cursor}
        assert cursor not in {s.style.bgcolor for s in above if s.style}
        table.move_cursor(99)
        assert table.cursor_row == 11
        table.move_cursor(-5)
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        table.move_cursor(11)
        assert not table.set_rows(rows)  # the same rows again: the cursor still goes home
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0


async def test_click_highlights_a_row_and_a_second_click_opens_it(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Ada Old", date(1950, 1, 2))
    target, _ = seed_client(repo, "Bea New", date(1975, 5, 6))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#clients", ClientTable)
        assert [table.get_row_at(n)[0] for n in range(table.row_count)] == [
            "Bea New",
            "Ada Old",
        ]
        await pilot.click("#clients", offset=(3, 2))  # header, then the second row
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        assert table.cursor_row == 1
        await pilot.click("#clients", offset=(3, 0))  # the header picks nothing
        await pilot.pause()
        assert isinstance(app.screen, ClientListScreen)
        await pilot.click("#clients", offset=(3, 1))
        await pilot.pause()
        assert table.cursor_row == 0
        await pilot.click("#clients", offset=(3, 1))
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == target.id

"""Search: the client list filtered on each keystroke at 2,000 clients, against an in-memory list.

The workstation's client list on the 2,000 x 10 store at 80x24, typing a name, a birth year
and erasing them key by key. The baseline is a minimal Textual app (an Input over a DataTable)
holding the same 2,000 rows in a Python list, filtering them with the same substring test on
each keystroke and drawing as many rows as the client list does. Both are timed the same way
(benchmarks/_keys.py): CPU from key event to repainted screen.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Input

from benchmarks._fixture import big_store, row
from benchmarks._keys import press_costs, typical

SIZE = (80, 24)
TYPED = ("ana gar", "1980", "mü")


def keys() -> list[str]:
    sequence: list[str] = []
    for text in TYPED:
        sequence += ["space" if ch == " " else ch for ch in text]
        sequence += ["backspace"] * len(text)
    return sequence


def shown_rows() -> int:
    """As many rows as the client list draws at SIZE."""
    from posture_tui.tui.screens import client_list

    limit = getattr(client_list, "row_limit", None)
    return 10_000 if limit is None else int(limit(SIZE[1]))


class InMemoryList(App[None]):
    """Search box and table over a plain list of (name, born, visits, last visit)."""

    def __init__(self, rows: list[tuple[str, str, str, str]], limit: int) -> None:
        super().__init__()
        self.rows = rows
        self.keys = [f"{name.casefold()} {born}" for name, born, _, _ in rows]
        self.limit = limit

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search", id="search")
        yield DataTable(id="table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Name", "Born", "Visits", "Last visit")
        self.refilter()
        self.query_one(Input).focus()

    @on(Input.Changed)
    def refilter(self) -> None:
        words = self.query_one(Input).value.casefold().split()
        table = self.query_one(DataTable)
        table.clear()
        shown = [r for r, k in zip(self.rows, self.keys, strict=True) if all(w in k for w in words)]
        for item in shown[: self.limit]:
            table.add_row(*item)


def _rows() -> list[tuple[str, str, str, str]]:
    from posture_tui.store.repository import open_store

    found = open_store(big_store()).list_clients()
    return [
        (
            s.name,
            s.birth_date.isoformat() if s.birth_date else "",
            str(s.assessments),
            s.last_assessed.date().isoformat() if s.last_assessed else "",
        )
        for s in found
    ]


async def _real(sequence: list[str]) -> list[float]:
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app

    app = build_app(open_store(big_store()), load_knowledge(), therapist="bench")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await press_costs(pilot, sequence)


async def _baseline(sequence: list[str]) -> list[float]:
    app = InMemoryList(_rows(), shown_rows())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await press_costs(pilot, sequence)


def run() -> list[dict[str, Any]]:
    sequence = keys()
    asyncio.run(_baseline(sequence[:3]))  # warm both sides once
    asyncio.run(_real(sequence[:3]))
    real = asyncio.run(_real(sequence))
    base = asyncio.run(_baseline(sequence))
    value = typical(real)
    return [
        row("search per keystroke, client list at 2000", value, "ms", None, ("value", 20.0)),
        row("search per keystroke vs in-memory list", value, "ms", typical(base), ("ratio", 2.0)),
    ]

"""Checklist: key press to updated screen while answering 40 items, against a minimal list app.

The workstation: a new client's visit at 80x24, checklist pane; each item gets a seeded
severity 0-3 and, when sided and not 0, a side key; ] moves to the next view. After the 34
items of the three views, [ goes back and six more are answered (40 in all). The baseline is a
minimal Textual app with one ListView of two-line rows that takes the very same key sequence:
a digit or side key rewrites the current row and moves down, a bracket goes back to the top.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, ListItem, ListView, Static

from benchmarks._fixture import row, workdir
from benchmarks._keys import press_costs, typical

ITEMS = 40
SIZE = (80, 24)
SIDES = ("l", "r", "b")


def key_sequence(knowledge: Any, seed: int = 3) -> list[str]:
    """The keys a therapist presses to answer ITEMS items, view by view."""
    from posture_tui.knowledge.model import VIEWS

    rng = random.Random(seed)
    views = [view for view in VIEWS if view != "measurements"]
    keys: list[str] = []
    answered = 0
    order = [*views, "back", views[1]]
    for view in order:
        if view == "back":
            keys.append("left_square_bracket")
            continue
        for item in knowledge.items_in_view(view):
            if answered == ITEMS:
                return keys
            severity = rng.randint(0, 3)
            keys.append(str(severity))
            if item.sided and severity > 0:
                keys.append(rng.choice(SIDES))
            answered += 1
        if view != views[-1] and answered < ITEMS:
            keys.append("right_square_bracket")
    return keys


class MinimalList(App[None]):
    """One ListView; answer keys rewrite the row and move on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"answer('{n}')") for n in range(4)),
        *(Binding(key, f"answer('{key}')") for key in SIDES),
        Binding("left_square_bracket,right_square_bracket", "top"),
    ]

    def compose(self) -> ComposeResult:
        yield ListView(*(ListItem(Static(self.text(n, "-"))) for n in range(14)), id="rows")
        yield Footer()

    @staticmethod
    def text(n: int, answer: str) -> str:
        return f"  {answer:<12} mid   Item {n} — what to look for\n{'':21}how to look for it"

    def on_mount(self) -> None:
        self.query_one(ListView).focus()

    def action_answer(self, answer: str) -> None:
        rows = self.query_one(ListView)
        index = rows.index or 0
        rows.children[index].query_one(Static).update(self.text(index, answer))
        if answer.isdigit() and index < len(rows.children) - 1:
            rows.index = index + 1

    def action_top(self) -> None:
        self.query_one(ListView).index = 0


async def _real(keys: list[str]) -> list[float]:
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app

    app = build_app(open_store(workdir() / "checklist-store"), load_knowledge(), therapist="b")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")  # new client: opens the visit on the intake
        await pilot.press("f3")  # checklist
        await pilot.pause()
        costs = await press_costs(pilot, keys)
        session = app.screen.session  # type: ignore[attr-defined]
        answered = len(session.assessment.findings)
        assert answered >= 34, f"only {answered} items answered"
        app.screen.dismiss(None)  # leave without the unsaved-changes question
    return costs


async def _baseline(keys: list[str]) -> list[float]:
    app = MinimalList()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await press_costs(pilot, keys)


def run() -> list[dict[str, Any]]:
    from posture_tui.knowledge.loader import load_knowledge

    keys = key_sequence(load_knowledge())
    asyncio.run(_baseline(keys[:5]))  # warm imports and caches on both sides
    real = asyncio.run(_real(keys))
    base = asyncio.run(_baseline(keys))
    return [
        row(
            f"checklist key to screen, {ITEMS} items ({len(keys)} keys)",
            typical(real),
            "ms",
            typical(base),
            ("ratio", 1.5),
        )
    ]

"""Opening a visit: CPU from the key to the settled screen, on the 2,000 x 10 store.

Not one of issue 8's figures and so without a goal: it watches the keys that build a screen,
which the checklist and search figures (keys on a screen already built) do not. Five rounds,
the median of each: enter on the newest client and again on their newest visit (it opens on
the checklist), F2 to its intake (built on first show), escape twice, then F2 on the client
list for a new client (it opens on the intake) and escape.
"""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path
from typing import Any

from benchmarks._fixture import big_store, row
from benchmarks._keys import press_costs

ROUNDS = 5
SIZE = (80, 24)


async def _costs(store: Path) -> dict[str, list[float]]:
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app
    from posture_tui.tui.screens.visit import VisitScreen

    costs: dict[str, list[float]] = {"open": [], "intake": [], "new": []}
    app = build_app(open_store(store), load_knowledge(), therapist="bench")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(ROUNDS):
            await press_costs(pilot, ["enter"])  # the client page
            costs["open"] += await press_costs(pilot, ["enter"])
            screen = app.screen
            assert isinstance(screen, VisitScreen) and screen.pane == "checklist", screen
            costs["intake"] += await press_costs(pilot, ["f2"])
            await press_costs(pilot, ["escape", "escape"])  # nothing changed: no question
            costs["new"] += await press_costs(pilot, ["f2"])
            assert isinstance(app.screen, VisitScreen) and app.screen.pane == "intake"
            await press_costs(pilot, ["escape"])
    return costs


def run() -> list[dict[str, Any]]:
    costs = asyncio.run(_costs(big_store()))
    names = {
        "open": "open a client's visit (enter), CPU",
        "intake": "  then its intake, first shown (F2), CPU",
        "new": "new client's visit (F2), CPU",
    }
    return [row(names[key], statistics.median(values), "ms") for key, values in costs.items()]

"""Key-press timing in a Pilot session: the CPU the app spends from key event to repainted screen.

Pilot's press() waits for idle with fixed 20 ms sleeps and, twice per key, queues a callback on
every widget of the screen, so neither its wall time nor its CPU time is the app's own cost
(a screen of 140 widgets paid 4x more for the waiting than one of 30). Here each key goes
through the app's own key path (`App._press_keys`, what press() uses underneath), then we wait
until the process is idle, which includes the timer-driven repaint. The process CPU time over
that span is the work the key caused: handlers, layout and render of the updated screen.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Callable, Iterable

from textual._wait import wait_for_idle
from textual.app import App
from textual.pilot import Pilot


async def press_costs(pilot: Pilot[None], keys: Iterable[str]) -> list[float]:
    """CPU milliseconds per key, each measured from the key event to the settled screen."""
    app = pilot.app
    costs = []
    for key in keys:
        started = time.process_time()
        await app._press_keys([key])
        await wait_for_idle(0)
        costs.append((time.process_time() - started) * 1000)
        if app._exception is not None:
            raise app._exception
    return costs


def typical(costs: list[float]) -> float:
    """The mean: every key press counts, a slow one as much as a fast one."""
    return statistics.fmean(costs)


async def app_key_costs(app: App[None], keys: list[str], size: tuple[int, int]) -> list[float]:
    """CPU milliseconds per key in `app` run headless at `size`, after four keys of warm-up."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press_costs(pilot, keys[:4])
        return await press_costs(pilot, keys)


def versus(
    name: str,
    ours: Callable[[], App[None]],
    theirs: Callable[[], App[None]],
    keys: list[str],
    size: tuple[int, int],
    rounds: int = 3,
) -> dict[str, object]:
    """Our widget's app against the built-in's, run in turn `rounds` times each (garbage
    collected before each run, so no run pays for the one before): the median of each side's
    mean key cost. Ours is kept only while it costs less."""
    from benchmarks._fixture import row

    costs: dict[str, list[float]] = {"ours": [], "theirs": []}
    for _ in range(rounds):
        for side, make in (("ours", ours), ("theirs", theirs)):
            gc.collect()
            costs[side].append(typical(asyncio.run(app_key_costs(make(), keys, size))))
    return row(
        name,
        statistics.median(costs["ours"]),
        "ms",
        statistics.median(costs["theirs"]),
        ("ratio", 1.0),
    )

"""Data every benchmark shares: a 2,000 x 10 store built once per run by the demo generator."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

CLIENTS = int(os.environ.get("POSTURE_TUI_BENCH_CLIENTS", "2000"))
ASSESSMENTS = int(os.environ.get("POSTURE_TUI_BENCH_ASSESSMENTS", "10"))
SEED = 7


@functools.cache
def workdir() -> Path:
    """A temporary folder removed when the run ends."""
    path = Path(tempfile.mkdtemp(prefix="posture-bench-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@functools.cache
def big_store() -> Path:
    """A store of CLIENTS x ASSESSMENTS synthetic records (about 30 s at the default size)."""
    from posture_tui.engine.analyze import analyze
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.use_cases.demo import generate

    path = workdir() / f"store-{CLIENTS}x{ASSESSMENTS}"
    started = time.perf_counter()
    repo = open_store(path)
    generate(repo, load_knowledge(), analyze, clients=CLIENTS, assessments=ASSESSMENTS, seed=SEED)
    print(
        f"  built {CLIENTS} clients x {ASSESSMENTS} assessments in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return path


def row(
    name: str,
    value: float,
    unit: str,
    baseline: float | None = None,
    goal: tuple[str, float] | None = None,
) -> dict[str, object]:
    """One result row in the shape benchmarks/run.py prints."""
    ratio = None if baseline is None or baseline <= 0 else value / baseline
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "goal": None if goal is None else [goal[0], goal[1]],
    }


def median_time(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)

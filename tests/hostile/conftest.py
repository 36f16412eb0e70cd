"""Shared pieces of the hostile suite: run size (CI or long), store snapshots, a seeded store.

POSTURE_TUI_HOSTILE=long makes every test here run longer (more examples, keys, kills and a
minute of concurrency); the default fits the CI budget.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

LONG = os.environ.get("POSTURE_TUI_HOSTILE", "").strip().lower() == "long"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def size(ci: int, long: int) -> int:
    """The count to use in this run."""
    return long if LONG else ci


class TickingClock:
    """A clock that advances one second per call from a fixed start."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the store folder with its bytes (the lock file holds none)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def store_problems(root: Path) -> list[str]:
    """What `posture-tui check` would list for this store."""
    from posture_tui.store.check import check_store

    return [str(problem) for problem in check_store(root).problems]

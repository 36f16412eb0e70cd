"""Fixtures for store tests: a fixed ticking clock and fresh stores in temporary folders."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from posture_tui.store.repository import TinyRepository, open_store

from .helpers import START


class TickingClock:
    """Each call returns a time one second after the previous one."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def repo(store_dir: Path, clock: TickingClock) -> TinyRepository:
    return open_store(store_dir, clock=clock)

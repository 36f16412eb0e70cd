"""Fixtures for store tests: a fixed ticking clock and fresh stores in temporary folders."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from posture_tui.store.repository import TinyRepository, open_store

from .helpers import START, make_assessment, make_client


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


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private cache folder for this test (where a check keeps its memory)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("POSTURE_TUI_NO_CACHE", raising=False)


@pytest.fixture
def checked(repo: TinyRepository, own_cache: None) -> TinyRepository:
    """Six clients, one with a visit, and a healthy check that remembered them."""
    from posture_tui.store.check import check_store

    for number in range(6):
        repo.save_client(make_client(f"c-{number}", f"Client {number}"))
    repo.save_assessment(make_assessment("c-1"))
    assert check_store(repo.path).problems == []
    return repo

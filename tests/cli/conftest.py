"""Fixtures for the CLI tests: a clean environment with the clock zone pinned."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No store, knowledge, settings or export folder leaks in from the shell; zone is UTC."""
    monkeypatch.setenv("TZ", "UTC")  # export file names carry the local visit date
    time.tzset()
    monkeypatch.delenv("POSTURE_TUI_KNOWLEDGE", raising=False)
    monkeypatch.delenv("POSTURE_TUI_DB", raising=False)
    monkeypatch.delenv("POSTURE_TUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("POSTURE_TUI_EXPORTS", str(tmp_path / "exports"))
    yield
    monkeypatch.undo()
    time.tzset()

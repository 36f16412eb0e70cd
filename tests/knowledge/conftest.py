"""Fixtures for knowledge tests: a private cache folder and a helper that writes override files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from posture_tui.knowledge.loader import KnowledgeError, load_knowledge
from posture_tui.knowledge.model import Knowledge


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the parse cache out of the real home folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("POSTURE_TUI_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def clinic_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    return folder


@pytest.fixture
def load_error(clinic_dir: Path) -> Callable[..., str]:
    """Write the given files into an override folder and return the loader's error message."""

    def run(**files: str) -> str:
        for name, text in files.items():
            (clinic_dir / f"{name}.toml").write_text(text, encoding="utf-8")
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(clinic_dir)
        message = str(caught.value)
        assert "\n" not in message, "errors are one line"
        return message

    return run

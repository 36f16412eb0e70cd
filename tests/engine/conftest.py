"""Fixtures for engine tests: a small hand-built knowledge base and builders for inputs."""

from __future__ import annotations

import pytest

from posture_tui.knowledge.model import Knowledge

from .mini import mini_knowledge


@pytest.fixture(scope="session")
def mini() -> Knowledge:
    return mini_knowledge()

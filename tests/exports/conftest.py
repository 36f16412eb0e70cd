"""Fixtures for the export tests: the hand-built record and its documents."""

from __future__ import annotations

import pytest

from posture_tui.domain.records import Assessment, Client
from posture_tui.knowledge.model import Knowledge

from .records import make_assessment, make_client, make_knowledge


@pytest.fixture
def knowledge() -> Knowledge:
    return make_knowledge()


@pytest.fixture
def client() -> Client:
    return make_client()


@pytest.fixture
def assessment() -> Assessment:
    return make_assessment()

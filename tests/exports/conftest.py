"""Fixtures for the export tests: the hand-built record and its documents."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from posture_tui.domain.records import Assessment, Client
from posture_tui.knowledge.model import Knowledge

from .records import make_assessment, make_client, make_knowledge


@pytest.fixture(autouse=True)
def utc_zone() -> Iterator[None]:
    """Exports show local time; the tests pin the zone so golden files hold everywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def knowledge() -> Knowledge:
    return make_knowledge()


@pytest.fixture
def client() -> Client:
    return make_client()


@pytest.fixture
def assessment() -> Assessment:
    return make_assessment()

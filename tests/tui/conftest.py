"""Fixtures for the TUI tests: a real store on tmp_path, the shipped knowledge, fixed clock."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from posture_tui.domain.assessment import Finding
from posture_tui.domain.records import Assessment, Client
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.tui.app import PostureApp, build_app

SIZE = (80, 24)
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_zone() -> Iterator[None]:
    """Dates are shown in local time; tests pin the zone so screens are reproducible."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


class FixedClock:
    """A clock that advances one minute per call, from a fixed start."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def repo(store_path: Path) -> TinyRepository:
    return open_store(store_path, clock=FixedClock())


@pytest.fixture
def make_app(repo: TinyRepository, knowledge: Knowledge) -> Callable[..., PostureApp]:
    def make(repository: TinyRepository | None = None, therapist: str = "dana") -> PostureApp:
        app = build_app(repository or repo, knowledge, therapist=therapist, clock=FixedClock())
        app.autosave_seconds = 0.2
        return app

    return make


def seed_client(
    repo: TinyRepository,
    name: str,
    birth: date | None = None,
    *,
    findings: tuple[Finding, ...] = (),
    visits: int = 1,
    when: datetime = START,
) -> tuple[Client, list[Assessment]]:
    """A stored client with `visits` draft assessments (the newest last)."""
    client = repo.save_client(
        Client(id=repo.new_id(), name=name, birth_date=birth, created=when, updated=when)
    )
    saved = []
    for number in range(visits):
        moment = when + timedelta(days=7 * number)
        saved.append(
            repo.save_assessment(
                Assessment(
                    id=repo.new_id(),
                    client_id=client.id,
                    therapist="dana",
                    created=moment,
                    updated=moment,
                    findings=findings,
                )
            )
        )
    return client, saved

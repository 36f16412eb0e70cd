"""Snapshots of the main screens at 80x24, fixed clock and data (update: --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from tests.tui.conftest import SIZE, START, seed_client
from textual.pilot import Pilot

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp

FINDINGS = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.RIGHT),
    Finding("thoracic_kyphosis_increased", 3),
    Finding("shoulder_elevated", 1, Side.RIGHT),
)


@pytest.fixture
def seeded(repo: TinyRepository) -> TinyRepository:
    seed_client(repo, "Ada Old", date(1950, 1, 2), when=START - timedelta(days=300))
    seed_client(repo, "Bea Middle", date(1975, 5, 6), when=START - timedelta(days=30))
    client, (visit,) = seed_client(repo, "Cy Recent", date(1990, 12, 24), findings=FINDINGS)
    repo.save_client(
        attrs.evolve(
            client,
            complaints="neck and shoulder ache after desk work",
            goals="work a full day without headache",
            pain=(PainEntry("neck", 6, Side.RIGHT),),
            contraindications=(ContraindicationEntry("pacemaker"),),
        )
    )
    repo.save_assessment(
        attrs.evolve(
            visit,
            pain=(PainEntry("neck", 6, Side.RIGHT),),
            contraindications=(ContraindicationEntry("pacemaker"),),
        )
    )
    return repo


def open_visit(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the most recent client
        await pilot.pause()
        await pilot.press("enter")  # their newest assessment
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_client_list(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_history(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, press=["enter"])


def test_intake(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_visit("f2"))


def test_checklist(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_visit("j", "j"))


def test_results(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_visit("f4"))


def test_plan(
    snap_compare: Any, seeded: TinyRepository, make_app: Callable[..., PostureApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_visit("f5"))

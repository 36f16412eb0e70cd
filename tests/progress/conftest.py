"""A real store on a temporary folder with one client and three visits (fixed clock and ids)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.domain.records import Client
from posture_tui.store.repository import TinyRepository, open_store

from .helpers import BASE, flag, overactive, visit


def three_visits() -> list:  # type: ignore[type-arg]
    return [
        visit(
            1,
            findings=[
                Finding("forward_head", 3),
                Finding("shoulder_elevated", 2, Side.RIGHT),
                Finding("rounded_shoulders", 2, Side.BILATERAL),
            ],
            pain=[PainEntry("neck", 7, Side.RIGHT), PainEntry("head_temple", 5, Side.RIGHT)],
            flags=[
                flag("upper_crossed", 0.9, "strong", [overactive("upper_trapezius", Side.RIGHT)])
            ],
            measurements=Measurements(cva_deg=42.0),
            ndi=[3, 2, 2, 2, 3, 1, 2, 1, 2, 2],
        ),
        visit(
            2,
            findings=[Finding("forward_head", 2), Finding("shoulder_elevated", 2, Side.RIGHT)],
            pain=[PainEntry("neck", 5, Side.RIGHT), PainEntry("head_temple", 3, Side.RIGHT)],
            flags=[
                flag("upper_crossed", 0.6, "moderate", [overactive("upper_trapezius", Side.RIGHT)])
            ],
            measurements=Measurements(cva_deg=45.0),
        ),
        visit(
            3,
            findings=[Finding("forward_head", 1), Finding("knee_valgus", 1, Side.LEFT)],
            pain=[PainEntry("neck", 2, Side.RIGHT), PainEntry("knee", 3, Side.LEFT)],
            flags=[flag("upper_crossed", 0.3, "weak", [overactive("upper_trapezius", Side.RIGHT)])],
            measurements=Measurements(cva_deg=49.0),
            ndi=[1, 1, 1, 1, 1, 0, 1, 0, 1, 1],
        ),
    ]


@pytest.fixture
def store_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "store"
    repository = open_store(path, clock=lambda: BASE)
    fill(repository)
    yield path


def fill(repository: TinyRepository) -> None:
    repository.save_client(Client(id="c1", name="Ada Example"))
    repository.save_client(Client(id="c2", name="Bo Single"))
    for assessment in three_visits():
        repository.save_assessment(assessment)
    repository.save_assessment(visit(1, client_id="c2"))

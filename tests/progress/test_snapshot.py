"""Snapshot of the body map widget for a known record (80x24, hand-made knowledge base)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.progress.body_map import body_map_for
from posture_tui.tui.widgets.body_map import BodyMapWidget

from .helpers import flag, overactive, small_knowledge, visit

KNOWN_RECORD = visit(
    1,
    findings=[
        Finding("forward_head", 2),
        Finding("shoulder_elevated", 3, Side.RIGHT),
        Finding("knee_valgus", 1, Side.LEFT),
    ],
    pain=[
        PainEntry("shoulder_top", 8, Side.RIGHT),
        PainEntry("head_temple", 6, Side.RIGHT),
        PainEntry("low_back", 3),
        PainEntry("sacrum", 10),
    ],
    flags=[flag("upper_crossed", 0.6, "moderate", [overactive("pectoralis_minor", Side.LEFT)])],
)


class BodyMapHarness(App[None]):
    """Hosts the widget alone, as the progress screen and results pane show it."""

    def compose(self) -> ComposeResult:
        knowledge = small_knowledge()
        yield BodyMapWidget(
            body_map_for(KNOWN_RECORD, knowledge), knowledge=knowledge, details=False
        )


def test_body_map_widget_snapshot(snap_compare: Any) -> None:
    assert snap_compare(BodyMapHarness(), terminal_size=(80, 24))

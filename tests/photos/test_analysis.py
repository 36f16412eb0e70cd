"""From a photo's landmarks to the measurements it would fill in and the findings it suggests."""

from __future__ import annotations

from pathlib import Path

from posture_tui.domain.common import Side
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.photos.analysis import analyze_photos
from posture_tui.photos.geometry import Point

from .test_geometry import front_skeleton, moved


def raised_right_shoulder(_: Path) -> tuple[dict[str, Point], tuple[int, int]]:
    return moved(front_skeleton(), "right_shoulder", dy=-20), (1000, 2000)


def test_a_raised_shoulder_suggests_its_finding_on_that_side_with_its_reason() -> None:
    report = analyze_photos({"front": Path("f.jpg")}, load_knowledge(), 170, raised_right_shoulder)
    fills = {fill.measurement: fill.value for fill in report.fills}
    assert fills == {"shoulder_height_diff_cm": 2.0, "iliac_crest_diff_cm": 0.0}
    (suggestion,) = report.suggestions
    assert (suggestion.item, suggestion.severity, suggestion.side) == (
        "shoulder_elevated",
        1,
        Side.RIGHT,
    )
    assert "Shoulder heights differ by 1 cm or more" in suggestion.why
    assert "side not recorded" not in suggestion.why  # the photo shows the side
    knees = [m for m in report.views[0].measures if m.id.startswith("knee_angle")]
    assert [f"{m.value:g}" for m in knees] == ["0", "0"]  # straight legs: 0, never -0

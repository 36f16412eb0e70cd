"""The landmarks and plumb line drawn over a photo, and its half-block preview for a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.photos import pose
from posture_tui.photos.overlay import LINE, MARK, annotated, preview

from .test_geometry import front_skeleton

pytest.importorskip("PIL", reason="the photos extra (Pillow) is not installed: make setup")


def blank(path: Path, size: tuple[int, int] = (1000, 2000)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (255, 255, 255)).save(path)
    return path


def test_the_plumb_line_runs_through_the_ankles_midpoint_and_the_marks_show(
    tmp_path: Path,
) -> None:
    from PIL import Image

    image = annotated(
        Image.new("RGB", (1000, 2000), (255, 255, 255)), front_skeleton(), "front", 0.5
    )
    assert image.getpixel((500, 50)) == MARK  # the ankles' midpoint is at x = 500
    assert image.getpixel((400, 400)) == LINE  # the line joining the shoulders
    assert image.getpixel((700, 400)) == MARK  # the left shoulder's mark
    assert image.getpixel((900, 1000)) == (255, 255, 255)


@pytest.mark.skipif(not pose.available(), reason="the photos extra is not installed: make setup")
def test_the_preview_fits_the_cells_given_and_keeps_the_marks(tmp_path: Path) -> None:
    text = preview(blank(tmp_path / "front.png"), front_skeleton(), "front", 0.5, 40, 20)
    lines = text.plain.split("\n")
    assert len(lines) == 20 and all(len(line) <= 40 for line in lines)
    colours = {
        tuple(span.style.color.triplet)  # type: ignore[union-attr, arg-type]
        for span in text.spans
        if span.style.color  # type: ignore[union-attr]
    }
    assert MARK in colours and (255, 255, 255) in colours

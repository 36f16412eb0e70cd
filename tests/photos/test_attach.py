"""A measured photo as the visit keeps it: its format read from the bytes, not the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.photos.analysis import ViewReport
from posture_tui.photos.attach import kept_photo
from posture_tui.photos.geometry import PhotoError

Image = pytest.importorskip("PIL.Image", reason="the photos extra (Pillow) is not installed")


def _view(path: Path) -> ViewReport:
    return ViewReport("front", path.name, (), False, path=path)


def test_a_phones_jpeg_with_a_second_picture_is_kept_as_a_jpeg(tmp_path: Path) -> None:
    """Many phones write JPEGs holding a second, smaller picture, which Pillow reads as MPO."""
    path = tmp_path / "front.jpg"
    first, second = Image.new("RGB", (300, 600), "white"), Image.new("RGB", (30, 60), "grey")
    first.save(path, format="MPO", save_all=True, append_images=[second])
    with Image.open(path) as opened:
        assert opened.format == "MPO"
    photo, data = kept_photo(_view(path), 170.0)
    assert (photo.format, photo.width, photo.height, photo.height_cm) == ("jpg", 300, 600, 170.0)
    assert data == path.read_bytes()


def test_a_photo_neither_jpeg_nor_png_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "front.jpg"  # the name says JPEG; the bytes say otherwise
    Image.new("RGB", (300, 600), "white").save(path, format="BMP")
    with pytest.raises(PhotoError, match="only JPEG and PNG photos are kept with a visit"):
        kept_photo(_view(path))

"""A measured photo as the visit keeps it: its bytes, the record of what was measured on it,
and the visit with each view's newest photo."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from attrs import evolve

from posture_tui.domain.photos import PHOTO_FORMATS, Landmark, Photo, sha256_of, with_views
from posture_tui.domain.records import Assessment
from posture_tui.photos.analysis import ViewReport
from posture_tui.photos.geometry import PhotoError
from posture_tui.photos.overlay import MEASURED


def kept_photo(view: ViewReport, height_cm: float | None = None) -> tuple[Photo, bytes]:
    """The record of a measured photo (with the client's height it was scaled by, if one was
    given) and the bytes to keep; PhotoError (one line) if the file changed or went since it
    was measured."""
    if view.path is None:
        raise PhotoError(f"{view.photo}: the photo's file is not known")
    data = _read(view.path)
    from PIL import Image, ImageOps

    try:
        with Image.open(BytesIO(data)) as image:
            suffix = PHOTO_FORMATS.get(image.format or "")
            width, height = ImageOps.exif_transpose(image).size
    except (OSError, ValueError):
        raise PhotoError(f"{view.path}: the photo changed since it was measured") from None
    if suffix is None:
        raise PhotoError(f"{view.path}: only JPEG and PNG photos are kept with a visit")
    landmarks = tuple(
        Landmark(name, round(point.x, 1), round(point.y, 1), round(point.visibility, 3))
        for name, point in view.landmarks
        if name in MEASURED
    )
    photo = Photo(
        view=view.view,
        sha256=sha256_of(data),
        format=suffix,
        size=len(data),
        width=width,
        height=height,
        measures=view.measures,
        left_out=view.left_out,
        landmarks=landmarks,
        scaled=view.scaled,
        height_cm=height_cm,
    )
    return photo, data


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PhotoError(f"{path}: {error.strerror or 'cannot be read'}") from None


def with_photos(assessment: Assessment, photos: Iterable[Photo]) -> Assessment:
    """The visit with these photos, each replacing the one it had of the same view."""
    return evolve(assessment, photos=with_views(assessment.photos, photos))

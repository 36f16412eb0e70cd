"""A visit's photos as the record keeps them: which file, and what was measured on it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Annotated

from attrs import field, frozen

from posture_tui.domain.common import Side
from posture_tui.domain.convert import to_tuple
from posture_tui.domain.limits import MAX_LANDMARKS, MAX_PHOTO_PIXELS
from posture_tui.structuring.rules import Items, Matches, OneOf, Range

FRONT, SIDE, BACK = "front", "side", "back"
PHOTO_VIEWS = (FRONT, SIDE, BACK)
PHOTO_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png"}
"""The image formats a photo is kept in (as Pillow names them), and each one's file suffix: a
phone's JPEG with a second, smaller picture in it reads as MPO, and is kept as the JPEG it is."""
PHOTO_SUFFIXES = ("jpg", "png")
SHA256 = re.compile(r"[0-9a-f]{64}")


@frozen
class Measure:
    """One measure from a photo: its value (degrees or cm), the client's side it leans to, and
    the confidence (the lowest visibility of the landmarks it used)."""

    id: str
    value: float
    unit: str
    side: Side | None
    confidence: float


@frozen
class Landmark:
    """A landmark the measures used: its pixel position and how sure the model was (0-1)."""

    name: str
    x: float
    y: float
    visibility: float


@frozen
class Photo:
    """A photo kept with a visit (its bytes in the store's photos folder, named by client and
    SHA-256, so that the name proves the bytes), with what was measured on it."""

    view: Annotated[str, OneOf(PHOTO_VIEWS)]
    # what the store names its file by, so never a path
    sha256: Annotated[str, Matches(SHA256.pattern, "must be 64 lowercase hexadecimal digits")]
    format: Annotated[str, OneOf(PHOTO_SUFFIXES)]
    size: Annotated[int, Range(1, 1 << 40)]  # bytes
    width: Annotated[int, Range(1, MAX_PHOTO_PIXELS)]
    height: Annotated[int, Range(1, MAX_PHOTO_PIXELS)]
    measures: tuple[Measure, ...] = field(factory=tuple, converter=to_tuple)
    left_out: tuple[str, ...] = field(factory=tuple, converter=to_tuple)
    landmarks: Annotated[tuple[Landmark, ...], Items(MAX_LANDMARKS)] = field(
        factory=tuple, converter=to_tuple
    )
    scaled: bool = False  # distances in cm were measured (the client's height was given)
    # the client's standing height it was scaled by (offered next time)
    height_cm: Annotated[float | None, Range(50, 250)] = None

    def file_name(self, client_id: str) -> str:
        return photo_file_name(client_id, self.sha256, self.format)


def sha256_of(data: bytes) -> str:
    """The digest a kept photo is named and checked by."""
    return hashlib.sha256(data).hexdigest()


def photo_file_name(client_id: str, sha256: str, suffix: str) -> str:
    return f"{client_id}.{sha256}.{suffix}"


def with_views(kept: Iterable[Photo], new: Iterable[Photo]) -> tuple[Photo, ...]:
    """The photos with each new one replacing the one kept of the same view, front to back."""
    latest = {photo.view: photo for photo in kept}
    latest.update((photo.view, photo) for photo in new)
    order = {view: number for number, view in enumerate(PHOTO_VIEWS)}
    return tuple(sorted(latest.values(), key=lambda photo: order.get(photo.view, len(order))))


def known_height(visits: Iterable[Iterable[Photo]]) -> float | None:
    """The client's height as last entered for a photo: the first found, visits newest first
    (each visit given as its photos), so a height is entered once, not at every visit."""
    for photos in visits:
        for photo in photos:
            if photo.height_cm is not None:
                return photo.height_cm
    return None

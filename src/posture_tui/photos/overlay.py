"""A photo with its landmarks and plumb line drawn over it, and that drawn in half blocks for a
terminal (a cell is two pixels, the upper as the foreground of "▀", the lower as its
background: any terminal with colour shows it, over SSH too)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.style import Style
from rich.text import Text

from posture_tui.domain.photos import Photo
from posture_tui.photos.geometry import SIDE, PhotoError, Point

MARK = (255, 64, 64)
LINE = (64, 200, 255)
# the pairs of landmarks drawn joined: shoulders, hips, and each leg
JOINED = (
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("left_ear", "left_shoulder"),
    ("right_ear", "right_shoulder"),
)


MEASURED = frozenset(name for pair in JOINED for name in pair) | {"nose"}
"""The landmarks the measures use (the face's, hands' and feet's others are not drawn)."""


def annotated(
    image: Any, points: Mapping[str, Point], view: str, min_visibility: float, scale: float = 1.0
) -> Any:
    """A copy of the photo (upright, already resized by `scale`) with the landmarks the measures
    use, the lines joining them, and a plumb line: through the ankles' midpoint from the front
    or back, through the ankle from the side. Only landmarks the model sees clearly are drawn;
    lines and marks keep a visible size however small the picture."""
    from PIL import ImageDraw

    drawn = image.copy()
    draw = ImageDraw.Draw(drawn)
    seen = {
        name: Point(p.x * scale, p.y * scale)
        for name, p in points.items()
        if name in MEASURED and p.visibility >= min_visibility
    }
    width = max(1, drawn.width // 200)
    for a, b in JOINED:
        if a in seen and b in seen:
            draw.line([(seen[a].x, seen[a].y), (seen[b].x, seen[b].y)], fill=LINE, width=width)
    ankles = [seen[n] for n in ("left_ankle", "right_ankle") if n in seen]
    if ankles:
        if view == SIDE:
            ankles = ankles[:1]
        x = sum(p.x for p in ankles) / len(ankles)
        draw.line([(x, 0), (x, drawn.height)], fill=MARK, width=width)
    radius = max(1, drawn.width // 120)
    for point in seen.values():
        box = [point.x - radius, point.y - radius, point.x + radius, point.y + radius]
        draw.ellipse(box, fill=MARK)
    return drawn


def preview(
    path: Path,
    points: Mapping[str, Point],
    view: str,
    min_visibility: float,
    columns: int,
    rows: int,
) -> Text:
    """The photo with its landmarks in `columns` x `rows` cells of half blocks, proportions
    kept (a cell is about twice as tall as wide); drawn after shrinking, so they stay visible."""
    from posture_tui.photos.pose import read_image

    image = read_image(path)
    scale = min(columns / image.width, 2 * rows / image.height)
    width, height = max(1, int(image.width * scale)), max(2, int(image.height * scale) // 2 * 2)
    small = image.resize((width, height))
    return half_blocks(annotated(small, points, view, min_visibility, width / image.width))


def half_blocks(image: Any) -> Text:
    """An RGB image of an even height as cells of "▀": the upper pixel the foreground, the
    lower the background."""
    pixels = image.convert("RGB").load()
    text = Text(no_wrap=True)
    for y in range(0, image.height - 1, 2):
        for x in range(image.width):
            top, bottom = pixels[x, y], pixels[x, y + 1]
            text.append("▀", Style(color=f"rgb{top}", bgcolor=f"rgb{bottom}"))
        if y + 3 < image.height:
            text.append("\n")
    return text


DRAWN_HEIGHT = 900
"""Pixels high a photo is drawn at for the notes (enough to see the landmarks when printed)."""


def drawn_jpeg(data: bytes, photo: Photo, min_visibility: float) -> tuple[bytes, int, int]:
    """The kept photo, upright and at most DRAWN_HEIGHT high, with its landmarks and plumb line,
    as JPEG bytes and their size; PhotoError if the bytes are not the photo, ImportError
    without Pillow (the photos extra)."""
    from io import BytesIO

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise PhotoError("the kept photo does not read as an image") from None
    scale = min(1.0, DRAWN_HEIGHT / image.height)
    small = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    points = {mark.name: Point(mark.x, mark.y, mark.visibility) for mark in photo.landmarks}
    picture = annotated(small, points, photo.view, min_visibility, scale)
    out = BytesIO()
    picture.save(out, format="JPEG", quality=82)
    return out.getvalue(), picture.width, picture.height

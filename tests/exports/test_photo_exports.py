"""A visit's photos in the note (and, when asked, the handout): drawn with their landmarks in
HTML and PDF, their measures in every format, and a plain line when one cannot be drawn."""

from __future__ import annotations

import base64
import re
import sys
from io import BytesIO

import pytest
from attrs import evolve

from posture_tui.domain.common import Side
from posture_tui.domain.photos import Landmark, Measure, Photo, sha256_of
from posture_tui.domain.records import Assessment, Client
from posture_tui.exports.api import export_bytes
from posture_tui.knowledge.model import Knowledge

Image = pytest.importorskip("PIL.Image", reason="the photos extra (Pillow) is not installed")


def _jpeg() -> bytes:
    picture = Image.new("RGB", (400, 1000), (235, 235, 235))
    out = BytesIO()
    picture.save(out, format="JPEG")
    return out.getvalue()


DATA = _jpeg()
POINTS = {
    "left_shoulder": (260, 300),
    "right_shoulder": (140, 290),
    "left_hip": (240, 550),
    "right_hip": (160, 550),
    "left_ankle": (230, 950),
    "right_ankle": (170, 950),
}
PHOTO = Photo(
    view="front",
    sha256=sha256_of(DATA),
    format="jpg",
    size=len(DATA),
    width=400,
    height=1000,
    measures=(Measure("head_tilt_deg", 3.5, "deg", Side.RIGHT, 0.97),),
    left_out=("pelvic level: the left hip is not clearly visible",),
    landmarks=tuple(Landmark(name, x, y, 0.99) for name, (x, y) in POINTS.items()),
)


def _export(
    what: str, fmt: str, client: Client, visit: Assessment, knowledge: Knowledge, **more: object
) -> bytes:
    return export_bytes(
        what, fmt, client, evolve(visit, photos=(PHOTO,)), knowledge, photos=lambda _: DATA, **more
    )


def test_the_html_note_shows_the_photo_drawn_with_its_landmarks(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    page = _export("note", "html", client, assessment, knowledge).decode()
    assert "<h2>Posture photos</h2>" in page
    assert page.index("<h2>Posture photos</h2>") > page.index("<h2>O: Objective</h2>")
    assert "<li>Head tilt: 3.5 deg, towards the right (confidence 0.97)</li>" in page
    assert "<li>Not measured: pelvic level: the left hip is not clearly visible</li>" in page
    found = re.search(
        r'alt="Front photo with its landmarks and plumb line".*?base64,([^"]+)"', page
    )
    assert found is not None
    drawn = Image.open(BytesIO(base64.b64decode(found[1]))).convert("RGB")
    assert drawn.size == (360, 900)  # shrunk to the drawing height, proportions kept
    red, green, blue = drawn.getpixel((int(260 * 0.9), int(300 * 0.9)))  # the left shoulder
    assert red > 200 and green < 120 and blue < 120  # marked
    assert drawn.getpixel((5, 5))[0] > 200  # the photo itself around the marks


def test_the_pdf_note_embeds_the_drawn_photo(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    with_photo = _export("note", "pdf", client, assessment, knowledge)
    without = export_bytes("note", "pdf", client, assessment, knowledge)
    assert with_photo.count(b"/Subtype /Image") == without.count(b"/Subtype /Image") + 1


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_the_text_formats_carry_the_measures_without_a_picture(
    client: Client, assessment: Assessment, knowledge: Knowledge, fmt: str
) -> None:
    text = _export("note", fmt, client, assessment, knowledge).decode()
    assert "Front photo" in text and "Head tilt: 3.5 deg, towards the right" in text
    assert "base64" not in text


def test_the_handout_shows_photos_only_when_asked(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    plain = _export("handout", "html", client, assessment, knowledge).decode()
    assert "posture photos" not in plain.lower()
    asked = _export("handout", "html", client, assessment, knowledge, handout_photos=True).decode()
    assert "<h2>Your posture photos</h2>" in asked and "data:image/jpeg;base64," in asked
    photos = asked[asked.index("<h2>Your posture photos</h2>") :]
    assert "<li>Head tilt: 3.5 deg, towards the right</li>" in photos  # plain, for the client
    assert "confidence" not in photos and "Not measured" not in photos and "C7" not in photos


def test_a_photo_that_cannot_be_drawn_says_why(
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visit = evolve(assessment, photos=(PHOTO,))
    missing = export_bytes("note", "txt", client, visit, knowledge, photos=lambda _: None)
    assert b"The photo is missing or damaged in the store (run posture-tui check)." in missing
    monkeypatch.setitem(sys.modules, "PIL", None)  # as without the photos extra
    page = export_bytes("note", "html", client, visit, knowledge, photos=lambda _: DATA).decode()
    assert "Not drawn: the photos extra (Pillow) is not installed." in page
    assert "Head tilt: 3.5 deg" in page and "data:image/jpeg" not in page

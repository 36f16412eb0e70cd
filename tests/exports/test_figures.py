"""Exercise pictures: every shipped exercise's figure renders as SVG and as PDF vector art; a
clinic's image replaces the drawing; the handout shows the pictures in HTML and PDF."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from posture_tui.exports.api import build_document, render
from posture_tui.exports.figures import (
    BAND,
    CLOSE,
    FAR,
    GROUND,
    HEAD_R,
    MOTION,
    Drawing,
    draw_pdf,
    drawing,
    picture,
    svg,
)
from posture_tui.knowledge.figures import ExerciseFigure, Pose, Prop
from posture_tui.knowledge.loader import load_knowledge

from .real import real_assessment, real_client

SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = load_knowledge()


def _png() -> bytes:
    """A 2 x 2 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("exercise_id", sorted(SHIPPED.exercises))
def test_every_shipped_exercise_has_a_figure_that_renders(exercise_id: str) -> None:
    exercise = SHIPPED.exercises[exercise_id]
    shown = picture(exercise_id, exercise.name, SHIPPED)
    assert shown is not None and shown.drawing is not None
    root = ElementTree.fromstring(svg(shown.drawing, shown.alt))  # well-formed XML
    assert root.findtext(f"{SVG}title") == f"{exercise.name}: start and end position"
    assert len(root.findall(f"{SVG}polyline")) >= 10  # two bodies, a floor each, an arrow
    assert len(root.findall(f"{SVG}circle")) >= 2  # two heads
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    height = draw_pdf(pdf, shown, 20, 20, 170)
    assert 10 < height < 120
    page = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]
    content = page.get_contents()
    assert content is not None
    ops = content.get_data().decode("latin-1")
    assert ops.count(" l") >= 10 and " c" in ops  # lines and (Bezier) circles
    assert "Start" in page.extract_text() and "End" in page.extract_text()


def _floors(shown: Drawing) -> int:
    return sum(1 for ln in shown.lines if ln.colour == GROUND and ln.width == 0.8)


def test_close_and_top_views_have_no_floor_and_a_close_view_shows_the_mouth_open() -> None:
    shut = Pose(view="close", trunk=90, head=90, arm=(20.0, 143.0))
    open_ = Pose(view="close", trunk=90, head=90, jaw=30.0)
    shown = drawing(ExerciseFigure(exercise="x", start=shut, end=open_))
    assert _floors(shown) == 0
    heads = [c for c in shown.circles if c.fill == (255, 255, 255)]
    assert [c.radius for c in heads] == [HEAD_R * CLOSE] * 2
    jaws = [ln for ln in shown.lines if ln.width == 1.0 and len(ln.points) == 3]
    assert len(jaws) == 2  # the open jaw's chin sits lower below its head than the shut one's
    drops = [jaw.points[1][1] - head.centre[1] for jaw, head in zip(jaws, heads, strict=True)]
    assert drops[1] > drops[0]
    side = drawing(ExerciseFigure(exercise="x", start=Pose(), end=Pose()))
    assert _floors(side) == 2
    top = Pose(view="top", trunk=0.0, head=0.0, arm=(-90.0, -90.0), arm2=(90.0, 90.0))
    seen_from_above = drawing(ExerciseFigure(exercise="x", start=top, end=top))
    assert _floors(seen_from_above) == 0
    assert not [ln for ln in seen_from_above.lines if ln.width == 1.4]  # no eyes: face down


def test_an_arrow_a_fixed_band_and_the_lower_limbs_lying_on_the_side() -> None:
    arrow = Prop(kind="arrow", at="hand", tx=5.0)
    band = Prop(kind="band", at="hand", tx=30.0, ty=60.0)  # an anchor 60 above the floor
    start = Pose(arm=(0.0, 0.0))
    end = Pose(arm=(-60.0, -60.0), props=(arrow,))
    shown = drawing(ExerciseFigure(exercise="x", start=start, end=end, props=(band,)))
    assert sum(1 for ln in shown.lines if ln.colour == MOTION) == 2  # shaft and head
    anchors = [c.centre[1] for c in shown.circles if c.colour == GROUND]
    bands = [ln for ln in shown.lines if ln.colour == BAND]
    assert len(bands) == 2 and len(anchors) == 2 and anchors[0] == anchors[1]
    lying = Pose(
        view="front", trunk=180, head=180, arm2=(180.0, 180.0), leg=(0.0, 0.0), leg2=(0.0, 0.0)
    )
    shown = drawing(ExerciseFigure(exercise="x", start=lying, end=lying))
    assert sum(1 for ln in shown.lines if ln.colour == FAR) == 4  # lower arm and leg, twice


def test_a_clinic_image_replaces_the_drawing(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "chin.png").write_bytes(_png())
    (tmp_path / "figures.toml").write_text(
        '[figures.chin_tuck]\nimage = "pics/chin.png"\n', encoding="utf-8"
    )
    knowledge = load_knowledge(tmp_path)
    shown = picture("chin_tuck", "Chin tuck", knowledge)
    assert shown is not None and shown.drawing is None and shown.image == _png()
    document = build_document(
        "handout", real_client("c1", "Ann"), real_assessment(knowledge, "c1"), knowledge
    )
    html = render(document, "html").decode()
    if "Chin tuck" in html:
        assert "data:image/png;base64," in html
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_page()
    draw_pdf(pdf, shown, 20, 20, 170)
    page = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]
    images = page["/Resources"]["/XObject"].get_object()
    assert [x.get_object()["/Subtype"] for x in images.values()] == ["/Image"]


def test_the_handout_shows_every_exercise_picture_in_html_and_pdf() -> None:
    assessment = real_assessment(SHIPPED, "c1")
    document = build_document("handout", real_client("c1", "Ann"), assessment, SHIPPED)
    exercises = assessment.effective_plan.exercises
    assert exercises
    html = render(document, "html").decode()
    for exercise in exercises:
        assert f"<title>{exercise.name}: start and end position</title>" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="pose"') == len(exercises)
    reader = PdfReader(io.BytesIO(render(document, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert text.count("Start") >= len(exercises) and text.count("End") >= len(exercises)
    markdown = render(document, "md").decode()
    assert "<svg" not in markdown

"""Exercise pictures: a stick figure's start and end pose as line art, or a clinic's image.

The geometry is computed once into a `Drawing` (lines, circles and labels in picture units,
y down); `svg()` writes it as inline SVG for HTML and `draw_pdf()` as fpdf2 vector calls.
"""

from __future__ import annotations

import base64
import math
from html import escape
from typing import Any

from attrs import frozen

from posture_tui.knowledge.figures import ExerciseFigure, Pose, Prop
from posture_tui.knowledge.model import Knowledge

# Segment lengths and sizes in model units (a standing figure is about 90 high).
TRUNK, SHOULDER, NECK, HEAD_R = 30.0, 27.0, 3.0, 5.5
UPPER_ARM, FOREARM, THIGH, SHIN, FOOT = 15.0, 14.0, 21.0, 20.0, 6.0
HALF_SHOULDERS, HALF_HIPS = 8.0, 4.5  # front view
BODY_W = 2.8  # stroke width of the body
PAD = 6.0  # space around each pose
GAP = 26.0  # between the start and the end pose (the arrow)
LABEL = 9.0  # height of the "Start" / "End" line under the poses
INK = (20, 20, 20)
FAR = (125, 125, 125)  # the far arm and leg
PROP = (70, 110, 170)
PROP_FILL = (214, 228, 245)
GROUND = (110, 110, 110)
BAND = (200, 80, 60)
MOTION = (225, 115, 20)  # an arrow showing which way something moves
CLOSE = 2.6  # a close view's magnification
JAW_HINGE, CHIN, LIP = (
    (0.05, -0.6),
    (0.95, -0.85),
    (0.97, -0.28),
)  # in head radii: forward, up from the centre
MM_PER_UNIT = 0.42  # PDF scale
PX_PER_UNIT = 1.6  # HTML scale

Colour = tuple[int, int, int]
Point = tuple[float, float]


@frozen
class Line:
    points: tuple[Point, ...]
    width: float
    colour: Colour


@frozen
class Circle:
    centre: Point
    radius: float
    width: float
    colour: Colour
    fill: Colour | None = None


@frozen
class Label:
    at: Point  # the centre of the text's baseline
    text: str


@frozen
class Drawing:
    """Line art in picture units, y pointing down, (0, 0) at the top left."""

    width: float
    height: float
    lines: tuple[Line, ...]
    circles: tuple[Circle, ...]
    labels: tuple[Label, ...]


@frozen
class Picture:
    """What an exercise card shows: a drawing, or a clinic's image file's bytes."""

    alt: str
    drawing: Drawing | None = None
    image: bytes = b""
    image_type: str = ""  # png or jpeg


def _dir(angle: float) -> Point:
    rad = math.radians(angle)
    return math.cos(rad), math.sin(rad)


def _at(origin: Point, angle: float, length: float) -> Point:
    dx, dy = _dir(angle)
    return origin[0] + dx * length, origin[1] + dy * length


def _joints(pose: Pose) -> dict[str, Point]:
    """Every joint of the pose, hip at (0, 0), y up."""
    hip = (0.0, 0.0)
    side = pose.view in ("side", "close")
    right = _dir(pose.trunk - 90)

    joints = {
        "hip": hip,
        "low_back": _spine_point(pose, 0.25),
        "mid_back": _spine_point(pose, 0.5),
        "upper_back": _spine_point(pose, 0.72),
        "neck": _spine_point(pose, 1.0),
    }
    shoulder = _spine_point(pose, SHOULDER / TRUNK)
    face = _dir(pose.head - 90)
    neck = joints["neck"]
    head = _at(_at(neck, _neck(pose), NECK), pose.head, HEAD_R)
    if side:
        head = (head[0] + face[0] * HEAD_R * 0.3, head[1] + face[1] * HEAD_R * 0.3)
    joints["head"] = head
    shoulders = (shoulder, shoulder)
    hips = (hip, hip)
    if not side:
        # lying on the side, seen from the front: shoulders and hips stacked, a little narrower
        lying = _lying_on_side(pose)
        half_s, half_h = (5.5, 2.5) if lying else (HALF_SHOULDERS, HALF_HIPS)
        shoulders = (
            (shoulder[0] + right[0] * half_s, shoulder[1] + right[1] * half_s),
            (shoulder[0] - right[0] * half_s, shoulder[1] - right[1] * half_s),
        )
        hips = (
            (hip[0] + right[0] * half_h, hip[1] + right[1] * half_h),
            (hip[0] - right[0] * half_h, hip[1] - right[1] * half_h),
        )
    joints["shoulder"], joints["shoulder2"] = shoulders
    joints["hip1"], joints["hip2"] = hips
    for suffix, (upper, lower), start in (
        ("", pose.arm, shoulders[0]),
        ("2", pose.arm2, shoulders[1]),
    ):
        joints["elbow" + suffix] = _at(start, upper, UPPER_ARM)
        joints["hand" + suffix] = _at(joints["elbow" + suffix], lower, FOREARM)
    for suffix, (upper, lower), foot, start, turn in (
        ("", pose.leg, pose.foot, hips[0], 90.0),
        ("2", pose.leg2, pose.foot2, hips[1], 90.0 if side else -90.0),
    ):
        joints["knee" + suffix] = _at(start, upper, THIGH)
        joints["ankle" + suffix] = _at(joints["knee" + suffix], lower, SHIN)
        angle = foot if foot is not None else lower + turn
        joints["toe" + suffix] = _at(joints["ankle" + suffix], angle, FOOT if side else 4.0)
    return joints


class _Pen:
    """Collects the shapes of one pose in model units (y up)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.circles: list[Circle] = []

    def line(self, *points: Point, width: float = BODY_W, colour: Colour = INK) -> None:
        self.lines.append(Line(tuple(points), width, colour))

    def circle(
        self, centre: Point, radius: float, *, width: float = 1.0, colour: Colour = PROP,
        fill: Colour | None = PROP_FILL,
    ) -> None:  # fmt: skip
        self.circles.append(Circle(centre, radius, width, colour, fill))

    def bottom(self) -> float:
        low = [y - line.width / 2 for line in self.lines for _, y in line.points]
        low += [c.centre[1] - c.radius - c.width / 2 for c in self.circles]
        return min(low, default=0.0)

    def shifted(self, dx: float, dy: float) -> _Pen:
        pen = _Pen()
        pen.lines = [
            Line(tuple((x + dx, y + dy) for x, y in ln.points), ln.width, ln.colour)
            for ln in self.lines
        ]
        pen.circles = [
            Circle((c.centre[0] + dx, c.centre[1] + dy), c.radius, c.width, c.colour, c.fill)
            for c in self.circles
        ]
        return pen

    def scaled(self, factor: float) -> _Pen:
        """Every point and radius `factor` times as far from the origin; widths stay."""
        pen = _Pen()
        pen.lines = [
            Line(tuple((x * factor, y * factor) for x, y in ln.points), ln.width, ln.colour)
            for ln in self.lines
        ]
        pen.circles = [
            Circle((c.centre[0] * factor, c.centre[1] * factor), c.radius * factor, c.width,
                   c.colour, c.fill)
            for c in self.circles
        ]  # fmt: skip
        return pen

    def box(self) -> tuple[float, float, float, float]:
        xs = [x for ln in self.lines for x, _ in ln.points]
        ys = [y for ln in self.lines for _, y in ln.points]
        for c in self.circles:
            xs += [c.centre[0] - c.radius, c.centre[0] + c.radius]
            ys += [c.centre[1] - c.radius, c.centre[1] + c.radius]
        return min(xs), min(ys), max(xs), max(ys)


def _place(prop: Prop, joints: dict[str, Point]) -> Point:
    x, y = joints[prop.at]
    return x + prop.dx, y + prop.dy


def _neck(pose: Pose) -> float:
    return pose.head if pose.neck is None else pose.neck


def _lying_on_side(pose: Pose) -> bool:
    return pose.view == "front" and abs(_dir(pose.trunk)[1]) < 0.7


def _arrow(pen: _Pen, start: Point, end: Point) -> None:
    pen.line(start, end, width=1.1, colour=MOTION)
    angle = math.degrees(math.atan2(end[1] - start[1], end[0] - start[0]))
    pen.line(_at(end, angle + 152, 2.2), end, _at(end, angle - 152, 2.2), width=1.1,
             colour=MOTION)  # fmt: skip


def _round_prop(pen: _Pen, prop: Prop, joints: dict[str, Point]) -> None:
    """The props that sit against the body: drawn before the floor is known."""
    centre = _place(prop, joints)
    end = (
        (joints[prop.to][0] + prop.tx, joints[prop.to][1] + prop.ty)
        if prop.to
        else (centre[0] + prop.tx, centre[1] + prop.ty)
    )
    if prop.kind == "ball":
        pen.circle(centre, prop.size or 3.2)
    elif prop.kind == "roller":
        radius = prop.size or 4.5
        pen.circle(centre, radius)
        pen.circle(centre, radius * 0.35, fill=None)
    elif prop.kind == "towel":
        pen.circle(centre, prop.size or 2.2, fill=(240, 230, 200), colour=(150, 120, 60))
    elif prop.kind == "weight":
        a, b = (centre[0] - 2.5, centre[1]), (centre[0] + 2.5, centre[1])
        pen.line(a, b, width=1.2, colour=PROP)
        pen.circle(a, 1.6, colour=PROP, fill=PROP)
        pen.circle(b, 1.6, colour=PROP, fill=PROP)
    elif prop.kind == "step":  # a step of height `ty` under the point
        _step(pen, centre, prop.size or 16.0, centre[1] - prop.ty)
    elif prop.kind == "band":  # between two joints (one tied to a fixed point: _ground_prop)
        pen.line(centre, end, width=1.2, colour=BAND)
    elif prop.kind == "stick":
        pen.line(centre, end, width=1.6, colour=(150, 110, 60))
    elif prop.kind == "arrow":
        _arrow(pen, centre, end)


def _ground_prop(
    pen: _Pen, prop: Prop, joints: dict[str, Point], floor: float, front: bool
) -> None:
    """Props that stand on the floor."""
    x, y = _place(prop, joints)
    if prop.kind == "band":  # tied to an anchor tx across from the hip, ty above the floor
        anchor = (joints["hip"][0] + prop.tx, floor + prop.ty)
        pen.line((x, y), anchor, width=1.2, colour=BAND)
        pen.circle(anchor, 1.3, colour=GROUND, fill=GROUND)
    elif prop.kind == "chair" and front:  # seen from the front: seat, legs, the back behind
        seat = y - 1.8
        for post in (x - 12.0, x + 12.0):
            pen.line((post, seat), (post, floor), width=1.4, colour=PROP)
        pen.line((x - 12.0, seat), (x + 12.0, seat), width=1.6, colour=PROP)
    elif prop.kind == "chair":  # the seat under the given point, its back behind (to the left)
        seat = y - 1.8
        back = x - 7.0 if prop.size >= 0 else x + 7.0
        ahead = x + 9.0 if prop.size >= 0 else x - 9.0
        pen.line((back, seat + 20), (back, floor), width=1.4, colour=PROP)
        pen.line((back, seat), (ahead, seat), width=1.6, colour=PROP)
        pen.line((ahead, seat), (ahead, floor), width=1.4, colour=PROP)
    elif prop.kind == "chair_hold":  # a chair's back held at the point, its seat beyond
        away = 1.0 if prop.size >= 0 else -1.0
        seat = floor + 20.0
        pen.line((x, y), (x, floor), width=1.4, colour=PROP)
        pen.line((x, seat), (x + away * 14.0, seat), width=1.6, colour=PROP)
        pen.line((x + away * 14.0, seat), (x + away * 14.0, floor), width=1.4, colour=PROP)
    elif prop.kind in ("wall", "door"):
        height = prop.size or 95.0
        side = 1.0 if prop.dx >= 0 else -1.0
        pen.line((x, floor), (x, floor + height), width=1.4 if prop.kind == "wall" else 2.4,
                 colour=GROUND)  # fmt: skip
        if prop.kind == "wall":
            for step in range(4, int(height), 8):
                a = (x, floor + step)
                pen.line(a, (x + side * 3.0, floor + step + 3.0), width=0.6, colour=GROUND)
        else:
            pen.line((x, floor + height), (x + side * 8.0, floor + height), width=2.4,
                     colour=GROUND)  # fmt: skip
    elif prop.kind == "step":  # a step up to the point from the floor
        _step(pen, (x, y), prop.size or 16.0, floor)
    elif prop.kind == "mat":
        length = prop.size or 80.0
        pen.line((x - length / 2, floor + 0.7), (x + length / 2, floor + 0.7), width=1.4,
                 colour=(160, 190, 160))  # fmt: skip


def _step(pen: _Pen, top: Point, width: float, floor: float) -> None:
    x, y = top
    pen.line(
        (x - width / 2, floor), (x - width / 2, y), (x + width / 2, y), (x + width / 2, floor),
        width=1.2, colour=PROP,
    )  # fmt: skip


def _grounded(prop: Prop) -> bool:
    """Props drawn down to the floor once the floor is known."""
    return (
        prop.kind in ("chair", "chair_hold", "wall", "door", "mat")
        or (prop.kind == "step" and prop.ty <= 0)
        or (prop.kind == "band" and not prop.to)
    )


def _pose(pose: Pose, shared: tuple[Prop, ...]) -> _Pen:
    """One pose on its floor (y = 0), y up; a close view magnified, its lowest point at 0."""
    joints = _joints(pose)
    pen = _Pen()
    every = (*shared, *pose.props)
    close = pose.view == "close"
    for prop in every:
        if not _grounded(prop) and prop.kind != "arrow":
            _round_prop(pen, prop, joints)
    side = pose.view in ("side", "close")
    # far limbs (side view) and the lower ones (lying on the side) grey, so the two tell apart
    far = FAR if side or _lying_on_side(pose) else INK
    low = 0.5 if close else 0.0  # a close view shows the upper half of the back
    trunk = [_spine_point(pose, low + (1 - low) * i / 8) for i in range(9)]
    neck = (joints["neck"], _at(joints["neck"], _neck(pose), NECK))
    for suffix, colour in (("2", far), ("", INK)):
        if not close:
            hip = joints["hip" + ("2" if suffix else "1")]
            pen.line(
                hip, joints["knee" + suffix], joints["ankle" + suffix], joints["toe" + suffix],
                colour=colour,
            )  # fmt: skip
        if suffix == "2":
            pen.line(*_arm(pose, joints, suffix), colour=colour)
            if side:  # far limbs behind the trunk, the near ones in front
                pen.line(*trunk)
                pen.line(*neck)
    if not side:
        pen.line(joints["hip1"], joints["hip2"])
        pen.line(joints["shoulder"], joints["shoulder2"])
        pen.line(*trunk)
        pen.line(*neck)
    _head(pen, pose, joints["head"])
    pen.line(*_arm(pose, joints, ""))  # in front of the head
    for prop in every:
        if prop.kind == "arrow":
            _round_prop(pen, prop, joints)
    bottom = pen.bottom()
    for prop in every:
        if _grounded(prop) and not (close and prop.kind in ("chair", "chair_hold", "step")):
            _ground_prop(pen, prop, joints, bottom, not side)
    if close:
        pen = pen.scaled(CLOSE)
        bottom *= CLOSE
    return pen.shifted(0.0, -bottom)


def _arm(pose: Pose, joints: dict[str, Point], suffix: str) -> tuple[Point, ...]:
    """An arm's points; a close view shows only the top of an arm whose hand is not at the head."""
    shoulder = joints["shoulder" + suffix]
    elbow, hand = joints["elbow" + suffix], joints["hand" + suffix]
    if pose.view == "close" and math.dist(hand, joints["head"]) > 2 * HEAD_R:
        return shoulder, (shoulder[0] + (elbow[0] - shoulder[0]) * 0.4,
                          shoulder[1] + (elbow[1] - shoulder[1]) * 0.4)  # fmt: skip
    return shoulder, elbow, hand


def _head(pen: _Pen, pose: Pose, head: Point) -> None:
    """The head: a nose in a side view (an eye and the jaw too in a close view), or two eyes."""
    pen.circle(head, HEAD_R, width=BODY_W * 0.8, colour=INK, fill=(255, 255, 255))
    face = pose.head - 90
    if pose.view == "top":  # the back of the head: face down
        return
    if pose.view == "front":  # two eyes: their slant shows a head tipped to one side
        for turn in (-38.0, 38.0):
            eye = _at(head, pose.head + turn, HEAD_R * 0.35)
            pen.line(eye, _at(eye, face, 0.1), width=1.4)
        return
    # the nose shows which way the face looks (face up or face down)
    tip = _at(head, face, HEAD_R + 2.2)
    pen.line(_at(head, face + 25, HEAD_R), tip, _at(head, face - 10, HEAD_R), width=1.2)
    if pose.view != "close":
        return
    forward, up = _dir(face), _dir(pose.head)

    def at(f: float, u: float) -> Point:  # head radii forward and up from the centre
        return (
            head[0] + (forward[0] * f + up[0] * u) * HEAD_R,
            head[1] + (forward[1] * f + up[1] * u) * HEAD_R,
        )

    eye = at(0.5, 0.25)
    pen.line(eye, _at(eye, face, 0.1), width=1.0)
    hinge = at(*JAW_HINGE)

    def opened(point: Point) -> Point:  # turned down about the hinge as the mouth opens
        length = math.dist(hinge, point)
        angle = math.degrees(math.atan2(point[1] - hinge[1], point[0] - hinge[0]))
        return _at(hinge, angle - pose.jaw, length)

    pen.line(hinge, opened(at(*CHIN)), opened(at(*LIP)), width=1.0)  # the lower jaw


def _spine_point(pose: Pose, share: float) -> Point:
    """A point `share` of the way up the spine, bowed out by `curve` (a front view: sideways)."""
    back = _dir(pose.trunk + 90)
    bow = pose.curve * math.sin(math.pi * share)
    x, y = _at((0.0, 0.0), pose.trunk, TRUNK * share)
    return x + back[0] * bow, y + back[1] * bow


def drawing(figure: ExerciseFigure) -> Drawing:
    """Start and end pose side by side on one scale, an arrow between them."""
    assert figure.start is not None and figure.end is not None
    pens = [_pose(figure.start, figure.props), _pose(figure.end, figure.props)]
    boxes = [pen.box() for pen in pens]
    top = max(box[3] for box in boxes) + PAD
    lines: list[Line] = []
    circles: list[Circle] = []
    labels: list[Label] = []
    x = 0.0
    for index, (pen, box) in enumerate(zip(pens, boxes, strict=True)):
        left = x + PAD - box[0]
        width = box[2] - box[0] + 2 * PAD
        # y up -> y down: y' = top - y
        for ln in pen.lines:
            pts = tuple((px + left, top - py) for px, py in ln.points)
            lines.append(Line(pts, ln.width, ln.colour))
        for c in pen.circles:
            circles.append(
                Circle((c.centre[0] + left, top - c.centre[1]), c.radius, c.width, c.colour, c.fill)
            )
        if (figure.start, figure.end)[index].view in ("side", "front"):  # the floor
            lines.append(Line(((x + 1, top), (x + width - 1, top)), 0.8, GROUND))
        labels.append(Label((x + width / 2, top + LABEL - 1.5), ("Start", "End")[index]))
        x += width
        if index == 0:
            mid = top / 2
            a, b = (x + 5, mid), (x + GAP - 5, mid)
            lines.append(Line((a, b), 1.6, INK))
            lines.append(Line(((b[0] - 4, mid - 3), b, (b[0] - 4, mid + 3)), 1.6, INK))
            x += GAP
    return Drawing(x, top + LABEL, tuple(lines), tuple(circles), tuple(labels))


def picture(exercise_id: str, name: str, knowledge: Knowledge) -> Picture | None:
    """The exercise's picture, or None when the knowledge base has none for it."""
    figure = knowledge.figures.get(exercise_id)
    if figure is None:
        return None
    alt = f"{name}: start and end position"
    if figure.image:
        try:
            with open(figure.image, "rb") as stream:
                data = stream.read()
        except OSError:
            data = b""
        if data:
            return Picture(alt=alt, image=data, image_type=figure.image_type)
        return None
    if figure.start is None:
        return None
    return Picture(alt=alt, drawing=drawing(figure))


def _rgb(colour: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def svg(drawing: Drawing, alt: str) -> str:
    """The drawing as an inline SVG element with a title (its alt text)."""
    parts = []
    for ln in drawing.lines:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in ln.points)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{_rgb(ln.colour)}" '
            f'stroke-width="{ln.width:g}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    for c in drawing.circles:
        fill = _rgb(c.fill) if c.fill else "none"
        parts.append(
            f'<circle cx="{c.centre[0]:.1f}" cy="{c.centre[1]:.1f}" r="{c.radius:g}" '
            f'fill="{fill}" stroke="{_rgb(c.colour)}" stroke-width="{c.width:g}"/>'
        )
    for label in drawing.labels:
        parts.append(
            f'<text x="{label.at[0]:.1f}" y="{label.at[1]:.1f}" text-anchor="middle" '
            f'font-size="6.5" fill="#444">{escape(label.text)}</text>'
        )
    width, height = drawing.width * PX_PER_UNIT, drawing.height * PX_PER_UNIT
    title = escape(alt, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pose" role="img" '
        f'aria-label="{title}" viewBox="0 0 {drawing.width:.1f} {drawing.height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}"><title>{title}</title>'
        + "".join(parts)
        + "</svg>"
    )


def html(picture: Picture) -> str:
    """The picture for an HTML page: inline SVG, or the clinic's image as a data: URI."""
    if picture.drawing is not None:
        return f'<div class="pose">{svg(picture.drawing, picture.alt)}</div>'
    data = base64.b64encode(picture.image).decode("ascii")
    alt = escape(picture.alt, quote=True)
    return (
        f'<div class="pose"><img src="data:image/{picture.image_type};base64,{data}" '
        f'alt="{alt}"></div>'
    )


IMAGE_HEIGHT_MM = 45.0  # a clinic's image in the PDF


def pdf_size(picture: Picture, room: float) -> tuple[float, float]:
    """Width and height in mm the picture takes in a PDF, at most `room` wide."""
    if picture.drawing is not None:
        scale = min(MM_PER_UNIT, room / picture.drawing.width)
        return picture.drawing.width * scale, picture.drawing.height * scale
    return min(room, IMAGE_HEIGHT_MM * 1.6), IMAGE_HEIGHT_MM


def draw_pdf(pdf: Any, picture: Picture, x: float, y: float, room: float) -> float:
    """Draw at (x, y) in mm with fpdf2, at most `room` wide; the height used."""
    width, height = pdf_size(picture, room)
    if picture.drawing is None:
        from io import BytesIO

        pdf.image(BytesIO(picture.image), x=x, y=y, h=height, keep_aspect_ratio=True, w=width)
        return height
    d = picture.drawing
    scale = width / d.width
    with pdf.local_context(stroke_cap_style="ROUND", stroke_join_style="ROUND"):
        for ln in d.lines:
            pdf.set_draw_color(*ln.colour)
            pdf.set_line_width(ln.width * scale)
            pts = [(x + px * scale, y + py * scale) for px, py in ln.points]
            if len(pts) == 2:
                pdf.line(pts[0][0], pts[0][1], pts[1][0], pts[1][1])
            else:
                pdf.polyline(pts, style="D")
        for c in d.circles:
            pdf.set_draw_color(*c.colour)
            pdf.set_line_width(c.width * scale)
            if c.fill is not None:
                pdf.set_fill_color(*c.fill)
            pdf.circle(
                x=x + c.centre[0] * scale,
                y=y + c.centre[1] * scale,
                radius=c.radius * scale,
                style="DF" if c.fill is not None else "D",
            )
        pdf.set_font(size=6.5 * scale / 0.3528)  # picture units to points
        pdf.set_text_color(68, 68, 68)
        for label in d.labels:
            half = pdf.get_string_width(label.text) / 2
            pdf.text(x + label.at[0] * scale - half, y + label.at[1] * scale, label.text)
    return height

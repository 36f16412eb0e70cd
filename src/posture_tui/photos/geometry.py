"""Posture measures from body landmarks on a front, back or side photo: pure geometry.

Landmarks are in image pixels, y growing downwards, each with the model's visibility (0-1).
Sides are the client's, taken from where a point lies in the picture rather than from the
model's left/right labels: in a front photo the client's right is on the picture's left, in a
back photo on its right. Centimetres need a scale (pixels per cm); without one a measure that
is a distance is left out and the angles stay.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from attrs import frozen

from posture_tui.domain.common import Side
from posture_tui.domain.photos import BACK as BACK
from posture_tui.domain.photos import FRONT as FRONT
from posture_tui.domain.photos import SIDE as SIDE
from posture_tui.domain.photos import Measure as Measure


@frozen
class Point:
    """A landmark: pixel position and how sure the model is that it is visible (0-1)."""

    x: float
    y: float
    visibility: float = 1.0


class PhotoError(ValueError):
    """A photo that cannot be measured: a one-line reason the therapist can act on."""


Landmarks = Mapping[str, Point]


def _needed(points: Landmarks, names: tuple[str, ...], min_visibility: float) -> list[Point]:
    found = []
    for name in names:
        point = points.get(name)
        if point is None or point.visibility < min_visibility:
            seen = 0.0 if point is None else point.visibility
            raise PhotoError(
                f"the {name.replace('_', ' ')} is not clearly visible (visibility {seen:.2f}, "
                f"needs {min_visibility:.2f}): retake the photo with the whole body in frame"
            )
        found.append(point)
    return found


def _mid(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2, min(a.visibility, b.visibility))


def _client_side(dx: float, view: str) -> Side:
    """The client's side a horizontal displacement `dx` (pixels, + is the picture's right)
    points to, in a front or back photo."""
    right_in_picture = dx > 0
    return Side.LEFT if right_in_picture == (view == FRONT) else Side.RIGHT


def _level(a: Point, b: Point, view: str) -> tuple[float, Side | None]:
    """Pixels one point is higher than the other, and the client's side of the higher one."""
    if a.y == b.y:
        return 0.0, None
    higher = a if a.y < b.y else b
    lower = b if higher is a else a
    return lower.y - higher.y, _client_side(higher.x - lower.x, view)


@frozen
class Reading:
    """What one photo measured, and each measure it could not take with the reason."""

    measures: tuple[Measure, ...]
    left_out: tuple[str, ...]


class _Collector:
    """Measures taken one by one: one whose landmarks do not show is noted, not guessed."""

    def __init__(self, points: Landmarks, min_visibility: float) -> None:
        self.points = points
        self.min_visibility = min_visibility
        self.measures: list[Measure] = []
        self.left_out: list[str] = []

    def need(self, *names: str) -> list[Point]:
        return _needed(self.points, names, self.min_visibility)

    def take(self, name: str, measure: Callable[[], Measure | None]) -> None:
        try:
            found = measure()
        except PhotoError as error:
            self.left_out.append(f"{name}: {error}")
            return
        if found is not None:
            self.measures.append(found)

    def reading(self) -> Reading:
        if not self.measures:
            reasons = "; ".join(self.left_out) or "nothing to measure"
            raise PhotoError(f"nothing could be measured ({reasons})")
        return Reading(tuple(self.measures), tuple(self.left_out))


def frontal_measures(
    points: Landmarks, view: str, px_per_cm: float | None, min_visibility: float
) -> Reading:
    """Head tilt, shoulder and pelvic levels, head and trunk shift, and knee angles, from a
    front or back photo; distances only with a scale."""
    if view not in (FRONT, BACK):
        raise ValueError(f"not a front or back view: {view}")
    taken = _Collector(points, min_visibility)
    _check_frontal(points, min_visibility)

    def tilt() -> Measure:
        ear_l, ear_r = taken.need("left_ear", "right_ear")
        rise, side = _level(ear_l, ear_r, view)
        angle = math.degrees(math.atan2(rise, abs(ear_l.x - ear_r.x) or 1.0))
        # the head tilts towards the lower ear: the side opposite the higher one
        lower = None if side is None else side.opposite()
        return Measure("head_tilt_deg", round(angle, 1), "deg", lower, _vis(ear_l, ear_r))

    def level(name: str, left: str, right: str) -> Measure | None:
        a, b = taken.need(left, right)
        pixels, higher = _level(a, b, view)
        if not px_per_cm:
            return None
        return Measure(name, round(pixels / px_per_cm, 1), "cm", higher, _vis(a, b))

    def shift(name: str, top: Point, base: Point) -> Measure | None:
        if not px_per_cm:
            return None
        dx = top.x - base.x
        side = None if dx == 0 else _client_side(dx, view)
        return Measure(name, round(abs(dx) / px_per_cm, 1), "cm", side, _vis(top, base))

    def head_shift() -> Measure | None:
        nose, ank_l, ank_r = taken.need("nose", "left_ankle", "right_ankle")
        return shift("head_shift_cm", nose, _mid(ank_l, ank_r))

    def trunk_shift() -> Measure | None:
        sh_l, sh_r, hip_l, hip_r = taken.need(
            "left_shoulder", "right_shoulder", "left_hip", "right_hip"
        )
        return shift("trunk_shift_cm", _mid(sh_l, sh_r), _mid(hip_l, hip_r))

    def knee(side: str, other: str) -> Measure:
        hip, knee_point, ankle, other_knee = taken.need(
            f"{side}_hip", f"{side}_knee", f"{side}_ankle", f"{other}_knee"
        )
        return _knee(f"knee_angle_{side}_deg", hip, knee_point, ankle, other_knee)

    taken.take("head tilt", tilt)
    taken.take(
        "shoulder level", lambda: level("shoulder_level_cm", "left_shoulder", "right_shoulder")
    )
    taken.take("pelvic level", lambda: level("pelvic_level_cm", "left_hip", "right_hip"))
    taken.take("head shift", head_shift)
    taken.take("trunk shift", trunk_shift)
    taken.take("left knee angle", lambda: knee("left", "right"))
    taken.take("right knee angle", lambda: knee("right", "left"))
    return taken.reading()


def _knee(name: str, hip: Point, knee: Point, ankle: Point, other_knee: Point) -> Measure:
    """How far the leg bends at the knee in the frontal plane: positive for valgus (the knee
    towards the other leg, "knock knee"), negative for varus."""
    thigh = math.atan2(knee.x - hip.x, knee.y - hip.y)
    shank = math.atan2(ankle.x - knee.x, ankle.y - knee.y)
    bend = abs(math.degrees(thigh - shank))
    # the knee's offset from the hip-ankle line, towards the other knee or away from it
    span = ankle.y - hip.y or 1.0
    line_x = hip.x + (ankle.x - hip.x) * (knee.y - hip.y) / span
    inward = (knee.x - line_x) * (other_knee.x - line_x) > 0
    side = Side.LEFT if name.endswith("left_deg") else Side.RIGHT
    value = round(bend if inward else -bend, 1) + 0.0  # a straight knee reads 0, not -0
    return Measure(name, value, "deg", side, _vis(hip, knee, ankle))


def _check_frontal(points: Landmarks, min_visibility: float) -> None:
    """A front or back photo shows the shoulders side by side (in a side photo they overlap)."""
    try:
        sh_l, sh_r = _needed(points, ("left_shoulder", "right_shoulder"), min_visibility)
    except PhotoError:
        return  # each measure that needs them says so
    hips = [points.get("left_hip"), points.get("right_hip")]
    if all(hip is not None and hip.visibility >= min_visibility for hip in hips):
        torso = abs(sum(h.y for h in hips if h) / 2 - _mid(sh_l, sh_r).y) or 1.0
        if abs(sh_l.x - sh_r.x) < 0.25 * torso:
            raise PhotoError(
                "the shoulders overlap: this looks like a side photo, not a front or back one"
            )


def side_measures(points: Landmarks, px_per_cm: float | None, min_visibility: float) -> Reading:
    """From a side photo: the head's forward position (ear against shoulder), an estimate of
    the craniovertebral angle, and the ear, shoulder, hip and knee against a plumb line through
    the ankle (+ is forward of it)."""
    near = _nearer_side(points)
    taken = _Collector(points, min_visibility)
    ear, shoulder = taken.need(f"{near}_ear", f"{near}_shoulder")
    _check_side(points, shoulder, min_visibility)
    facing = _facing(points, ear)

    def cva() -> Measure:
        forward = (ear.x - shoulder.x) * facing
        rise = shoulder.y - ear.y
        # C7 is not a landmark of the model: the shoulder stands in for it, so this reads a few
        # degrees off a CVA measured at C7; it compares well between visits on the same setup.
        angle = math.degrees(math.atan2(rise, forward)) if rise > 0 else 0.0
        return Measure("cva_estimate_deg", round(angle, 1), "deg", None, _vis(ear, shoulder))

    def forward() -> Measure | None:
        if not px_per_cm:
            return None
        distance = (ear.x - shoulder.x) * facing / px_per_cm
        return Measure("head_forward_cm", round(distance, 1), "cm", None, _vis(ear, shoulder))

    def plumb(part: str) -> Measure | None:
        point, ankle = taken.need(f"{near}_{part}", f"{near}_ankle")
        if not px_per_cm:
            return None
        offset = (point.x - ankle.x) * facing / px_per_cm
        return Measure(f"plumb_{part}_cm", round(offset, 1), "cm", None, _vis(point, ankle))

    taken.take("craniovertebral angle", cva)
    taken.take("head forward", forward)
    for part in ("ear", "shoulder", "hip", "knee"):
        taken.take(f"{part} against the plumb line", lambda part=part: plumb(part))  # type: ignore[misc]
    return taken.reading()


def _nearer_side(points: Landmarks) -> str:
    """`left` or `right`: the side turned to the camera (its landmarks are the more visible)."""
    parts = ("ear", "shoulder", "hip", "knee", "ankle")

    def seen(side: str) -> float:
        return sum(points[f"{side}_{p}"].visibility for p in parts if f"{side}_{p}" in points)

    return "left" if seen("left") >= seen("right") else "right"


def _facing(points: Landmarks, ear: Point) -> int:
    """+1 if the client faces the picture's right, -1 if its left (the nose ahead of the ear)."""
    nose = points.get("nose")
    if nose is None or nose.x == ear.x:
        raise PhotoError("the face is not clear enough to tell which way the client faces")
    return 1 if nose.x > ear.x else -1


def _check_side(points: Landmarks, shoulder: Point, min_visibility: float) -> None:
    """A side photo shows one shoulder over the other (side by side is a front or back one)."""
    left, right = points.get("left_shoulder"), points.get("right_shoulder")
    ear = points.get("left_ear") or points.get("right_ear")
    if left is None or right is None or ear is None:
        return
    neck = abs(shoulder.y - ear.y) or 1.0
    if (
        min(left.visibility, right.visibility) >= min_visibility
        and abs(left.x - right.x) > 1.5 * neck
    ):
        raise PhotoError("both shoulders show side by side: this looks like a front or back photo")


def scale_from_height(
    points: Landmarks, height_cm: float, eye_to_ankle_share: float, min_visibility: float
) -> float:
    """Pixels per cm from the client's height: the eyes stand `eye_to_ankle_share` of the
    height above the ankles (the top of the head is not a landmark). One eye and one ankle
    that show clearly are enough (a side photo hides the far ones)."""
    eyes = [
        p
        for n in ("left_eye", "right_eye")
        if (p := points.get(n)) and p.visibility >= min_visibility
    ]
    ankles = [
        p
        for n in ("left_ankle", "right_ankle")
        if (p := points.get(n)) and p.visibility >= min_visibility
    ]
    if not eyes or not ankles:
        raise PhotoError(
            "an eye and an ankle must show clearly to scale the photo by the client's height "
            "(take the whole body, head to feet)"
        )
    eye_y = sum(p.y for p in eyes) / len(eyes)
    ankle_y = sum(p.y for p in ankles) / len(ankles)
    if ankle_y <= eye_y:
        raise PhotoError("the ankles are not below the eyes: is the photo upside down?")
    return (ankle_y - eye_y) / (height_cm * eye_to_ankle_share)


def _vis(*points: Point) -> float:
    return round(min(point.visibility for point in points), 2)

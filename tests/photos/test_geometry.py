"""Landmarks to angles and levels on hand-built skeletons: sides are the client's, mirrors agree."""

from __future__ import annotations

import math

import pytest
from attrs import evolve

from posture_tui.domain.common import Side
from posture_tui.photos.geometry import (
    BACK,
    FRONT,
    PhotoError,
    Point,
    frontal_measures,
    scale_from_height,
    side_measures,
)

WIDTH = 1000.0
PX_PER_CM = 10.0
VISIBLE = 0.5


def front_skeleton() -> dict[str, Point]:
    """Standing square to the camera: the client's left on the picture's right."""
    return {
        "nose": Point(500, 200),
        "left_eye": Point(520, 190),
        "right_eye": Point(480, 190),
        "left_ear": Point(540, 200),
        "right_ear": Point(460, 200),
        "left_shoulder": Point(700, 400),
        "right_shoulder": Point(300, 400),
        "left_hip": Point(560, 900),
        "right_hip": Point(440, 900),
        "left_knee": Point(560, 1300),
        "right_knee": Point(440, 1300),
        "left_ankle": Point(560, 1700),
        "right_ankle": Point(440, 1700),
    }


def mirrored(points: dict[str, Point]) -> dict[str, Point]:
    """The same body seen from behind: the picture flipped left to right."""
    return {name: evolve(p, x=WIDTH - p.x) for name, p in points.items()}


def moved(points: dict[str, Point], name: str, dx: float = 0, dy: float = 0) -> dict[str, Point]:
    point = points[name]
    return {**points, name: evolve(point, x=point.x + dx, y=point.y + dy)}


def by_id(points: dict[str, Point], view: str = FRONT) -> dict[str, tuple[float, Side | None]]:
    reading = frontal_measures(points, view, PX_PER_CM, VISIBLE)
    return {m.id: (m.value, m.side) for m in reading.measures}


def test_a_level_body_measures_level_and_straight() -> None:
    found = by_id(front_skeleton())
    assert found["shoulder_level_cm"] == (0.0, None)
    assert found["pelvic_level_cm"] == (0.0, None)
    assert found["head_tilt_deg"] == (0.0, None)
    assert found["trunk_shift_cm"] == (0.0, None)
    assert found["knee_angle_left_deg"][0] == 0.0


def test_the_clients_raised_right_shoulder_reads_right_from_the_front_and_from_behind() -> None:
    raised = moved(front_skeleton(), "right_shoulder", dy=-20)  # 2 cm higher
    assert by_id(raised)["shoulder_level_cm"] == (2.0, Side.RIGHT)
    assert by_id(mirrored(raised), BACK)["shoulder_level_cm"] == (2.0, Side.RIGHT)
    hip = moved(front_skeleton(), "left_hip", dy=-15)
    assert by_id(hip)["pelvic_level_cm"] == (1.5, Side.LEFT)
    assert by_id(mirrored(hip), BACK)["pelvic_level_cm"] == (1.5, Side.LEFT)


def test_the_head_tilts_towards_the_lower_ear() -> None:
    tilted = moved(front_skeleton(), "right_ear", dy=14)  # the client's right ear lower
    value, side = by_id(tilted)["head_tilt_deg"]
    assert side is Side.RIGHT and value == pytest.approx(math.degrees(math.atan2(14, 80)), 0.1)
    assert by_id(mirrored(tilted), BACK)["head_tilt_deg"] == (value, Side.RIGHT)


def test_head_and_trunk_shift_to_the_clients_side() -> None:
    shifted = moved(moved(front_skeleton(), "left_shoulder", dx=-60), "right_shoulder", dx=-60)
    # shoulders 6 cm towards the picture's left: the client's right in a front photo
    assert by_id(shifted)["trunk_shift_cm"] == (6.0, Side.RIGHT)
    assert by_id(mirrored(shifted), BACK)["trunk_shift_cm"] == (6.0, Side.RIGHT)
    head = moved(front_skeleton(), "nose", dx=30)
    assert by_id(head)["head_shift_cm"] == (3.0, Side.LEFT)


def test_a_knee_towards_the_other_leg_is_valgus_and_away_is_varus() -> None:
    inward = moved(front_skeleton(), "left_knee", dx=-40)  # towards the right leg
    angle = by_id(inward)["knee_angle_left_deg"]
    expected = 2 * math.degrees(math.atan2(40, 400))
    assert angle[0] == pytest.approx(expected, abs=0.1) and angle[1] is Side.LEFT
    outward = moved(front_skeleton(), "right_knee", dx=-40)  # away from the left leg
    assert by_id(outward)["knee_angle_right_deg"][0] == pytest.approx(-expected, abs=0.1)
    assert by_id(mirrored(inward), BACK)["knee_angle_left_deg"][0] == pytest.approx(
        expected, abs=0.1
    )


def side_skeleton(facing_right: bool = True) -> dict[str, Point]:
    """Side on, the client's left turned to the camera, the ear 2 cm ahead of the shoulder."""
    points = {
        "nose": Point(560, 200),
        "left_eye": Point(545, 190),
        "left_ear": Point(500, 200),
        "left_shoulder": Point(480, 400),
        "right_shoulder": Point(470, 400, 0.3),
        "left_hip": Point(490, 900),
        "left_knee": Point(505, 1300),
        "left_ankle": Point(490, 1700),
        "right_ear": Point(500, 200, 0.1),
    }
    return points if facing_right else mirrored(points)


@pytest.mark.parametrize("facing_right", [True, False])
def test_the_side_view_measures_forward_whichever_way_the_client_faces(
    facing_right: bool,
) -> None:
    reading = side_measures(side_skeleton(facing_right), PX_PER_CM, VISIBLE)
    found = {m.id: m.value for m in reading.measures}
    assert found["head_forward_cm"] == 2.0
    assert found["cva_estimate_deg"] == pytest.approx(math.degrees(math.atan2(200, 20)), abs=0.1)
    assert found["plumb_ear_cm"] == 1.0
    assert found["plumb_shoulder_cm"] == -1.0
    assert found["plumb_knee_cm"] == 1.5


def test_distances_need_a_scale_and_angles_do_not() -> None:
    found = {m.id for m in frontal_measures(front_skeleton(), FRONT, None, VISIBLE).measures}
    assert found == {"head_tilt_deg", "knee_angle_left_deg", "knee_angle_right_deg"}
    side = side_measures(side_skeleton(), None, VISIBLE).measures
    assert {m.id for m in side} == {"cva_estimate_deg"}


def test_scale_from_the_clients_height() -> None:
    # eyes at 190, ankles at 1700: 1,510 px are 0.9 of 168 cm
    assert scale_from_height(front_skeleton(), 168, 0.9, VISIBLE) == pytest.approx(
        1510 / (168 * 0.9)
    )
    upside_down = {name: evolve(p, y=2000 - p.y) for name, p in front_skeleton().items()}
    with pytest.raises(PhotoError, match="upside down"):
        scale_from_height(upside_down, 168, 0.9, VISIBLE)
    cut_off = {
        **front_skeleton(),
        **{n: Point(500, 2100, 0.1) for n in ("left_ankle", "right_ankle")},
    }
    with pytest.raises(PhotoError, match="an eye and an ankle must show clearly"):
        scale_from_height(cut_off, 168, 0.9, VISIBLE)


def test_a_hidden_landmark_or_the_wrong_view_is_named_not_guessed() -> None:
    hidden = {**front_skeleton(), "left_knee": Point(560, 1300, visibility=0.2)}
    reading = frontal_measures(hidden, FRONT, PX_PER_CM, VISIBLE)
    assert "knee_angle_left_deg" not in {m.id for m in reading.measures}
    assert "shoulder_level_cm" in {m.id for m in reading.measures}
    assert reading.left_out == (
        "left knee angle: the left knee is not clearly visible (visibility 0.20, needs 0.50): "
        "retake the photo with the whole body in frame",
        "right knee angle: the left knee is not clearly visible (visibility 0.20, needs 0.50): "
        "retake the photo with the whole body in frame",
    )
    nobody = {name: evolve(p, visibility=0.1) for name, p in front_skeleton().items()}
    with pytest.raises(PhotoError, match=r"nothing could be measured \(head tilt: the left ear"):
        frontal_measures(nobody, FRONT, PX_PER_CM, VISIBLE)
    turned = {
        **front_skeleton(),
        "left_shoulder": Point(505, 400),
        "right_shoulder": Point(495, 400),
    }
    with pytest.raises(PhotoError, match="looks like a side photo"):
        frontal_measures(turned, FRONT, PX_PER_CM, VISIBLE)
    with pytest.raises(PhotoError, match="looks like a front or back photo"):
        side_measures(front_skeleton(), PX_PER_CM, VISIBLE)

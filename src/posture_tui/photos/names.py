"""How the photo measures are named and their sides worded, for the command line and the TUI."""

from __future__ import annotations

from posture_tui.photos.geometry import Measure

MEASURE_NAMES = {
    "head_tilt_deg": "Head tilt",
    "shoulder_level_cm": "Shoulder level difference",
    "pelvic_level_cm": "Pelvic (hip) level difference",
    "head_shift_cm": "Head shift from the midline",
    "trunk_shift_cm": "Trunk shift (shoulders over hips)",
    "knee_angle_left_deg": "Left knee angle (+ valgus, - varus)",
    "knee_angle_right_deg": "Right knee angle (+ valgus, - varus)",
    "cva_estimate_deg": "Craniovertebral angle, estimated",
    "head_forward_cm": "Head forward of the shoulder",
    "plumb_ear_cm": "Ear against the plumb line",
    "plumb_shoulder_cm": "Shoulder against the plumb line",
    "plumb_hip_cm": "Hip against the plumb line",
    "plumb_knee_cm": "Knee against the plumb line",
}
SIDE_WORDS = {
    "head_tilt_deg": "towards the {side}",
    "shoulder_level_cm": "{side} higher",
    "pelvic_level_cm": "{side} higher",
    "head_shift_cm": "to the {side}",
    "trunk_shift_cm": "to the {side}",
}


def measure_name(measure: Measure) -> str:
    return MEASURE_NAMES.get(measure.id, measure.id)


def value_text(measure: Measure) -> str:
    """The value with its unit and, where it has one, the client's side in words."""
    words = SIDE_WORDS.get(measure.id, "").format(side=measure.side.value) if measure.side else ""
    return f"{measure.value:g} {measure.unit}" + (f", {words}" if words else "")

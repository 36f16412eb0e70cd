"""Exercise figures in the knowledge base: stick-figure poses (figures.toml) or a clinic's image.

A pose is a side view (or, with `view = "front"`, a front view; with `view = "close"`, a larger
side view of just the head, neck and arms; with `view = "top"`, a face-down body seen from above)
of a simple skeleton given as absolute segment angles in degrees: 0 points right (the way the
figure faces), 90 up, -90 down, 180 left. `[poses.NAME]` are named base poses;
`[figures.EXERCISE_ID]` gives a `start` and an `end` pose, each a base pose (`pose = "stand"`)
with overrides, plus `props` both share (a wall, a chair, a ball...), or an `image` file
relative to the knowledge folder that set it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from attrs import field, frozen

from posture_tui.domain.convert import to_tuple
from posture_tui.knowledge.reader import Node, type_name

VIEWS = ("side", "front", "close", "top")
PROPS = (
    "ball",
    "roller",
    "towel",
    "chair",
    "chair_hold",
    "wall",
    "door",
    "step",
    "band",
    "weight",
    "stick",
    "mat",
    "arrow",
)
JOINTS = (
    "hip",
    "low_back",
    "mid_back",
    "upper_back",
    "neck",
    "head",
    "shoulder",
    "elbow",
    "hand",
    "elbow2",
    "hand2",
    "knee",
    "ankle",
    "toe",
    "knee2",
    "ankle2",
    "toe2",
)
# A pose key and whether it takes one angle or a pair (upper, lower segment).
ANGLES = ("trunk", "head", "neck", "jaw", "curve", "foot", "foot2", "feet")
PAIRS = ("arm", "arm2", "arms", "leg", "leg2", "legs")
POSE_KEYS = ("pose", "view", "props", *ANGLES, *PAIRS)
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@frozen
class Prop:
    """Something the figure uses, placed at a joint plus an offset (model units, y up)."""

    kind: str
    at: str = "hip"
    dx: float = 0.0
    dy: float = 0.0
    size: float = 0.0  # 0: the kind's usual size
    to: str = ""  # a band, stick or arrow: the joint it runs to ("" = a fixed point)
    tx: float = 0.0
    ty: float = 0.0


@frozen
class Pose:
    """Every angle resolved: base pose and overrides merged."""

    view: str = "side"
    trunk: float = 90.0
    head: float = 90.0
    neck: float | None = None  # None: in line with the head (a chin tuck tips it back)
    jaw: float = 0.0  # how far the mouth is open, degrees (drawn in a close view)
    curve: float = 0.0  # how far the middle of the back bows out behind (front view: sideways)
    arm: tuple[float, float] = (-95.0, -85.0)  # the near arm: upper arm, forearm
    arm2: tuple[float, float] = (-95.0, -85.0)  # the far arm
    leg: tuple[float, float] = (-90.0, -90.0)  # thigh, shin
    leg2: tuple[float, float] = (-90.0, -90.0)
    foot: float | None = None  # None: at a right angle to the shin
    foot2: float | None = None
    props: tuple[Prop, ...] = field(factory=tuple, converter=to_tuple)


@frozen
class ExerciseFigure:
    """An exercise's picture: a clinic's image file, or the start and end pose."""

    exercise: str
    start: Pose | None = None
    end: Pose | None = None
    props: tuple[Prop, ...] = field(factory=tuple, converter=to_tuple)
    image: str = ""  # absolute path of the image file ("" = draw the poses)
    image_type: str = ""  # png or jpeg


def image_type(head: bytes) -> str | None:
    """png or jpeg from a file's first bytes; None for anything else."""
    for magic, kind in IMAGE_TYPES.items():
        if head.startswith(magic):
            return kind
    return None


def _number(node: Node, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        node.fail(key, f"expected a number, got {type_name(value)}")
    return float(value)


def _pair(node: Node, key: str) -> tuple[float, float]:
    value = node.data[key]
    if not isinstance(value, list) or len(value) != 2:
        node.fail(key, "expected two angles [upper, lower]")
    return (_number(node, key, value[0]), _number(node, key, value[1]))


def prop(node: Node) -> Prop:
    node.only("kind", "at", "dx", "dy", "size", "to", "tx", "ty")
    kind = node.choice("kind", PROPS)
    at = node.choice("at", JOINTS, "hip")
    to = node.choice("to", ("", *JOINTS), "") if "to" in node.data else ""
    return Prop(
        kind=kind,
        at=at,
        dx=node.opt_number("dx") or 0.0,
        dy=node.opt_number("dy") or 0.0,
        size=node.opt_number("size") or 0.0,
        to=to,
        tx=node.opt_number("tx") or 0.0,
        ty=node.opt_number("ty") or 0.0,
    )


def props(node: Node) -> tuple[Prop, ...]:
    return tuple(prop(entry) for entry in node.tables("props"))


def pose(node: Node, bases: dict[str, Pose]) -> Pose:
    """A pose table: its base pose (`pose = NAME`, default a standing side view) overridden."""
    node.only(*POSE_KEYS)
    base = Pose()
    if "pose" in node.data:
        name = node.text("pose")
        if name not in bases:
            known = ", ".join(sorted(bases)) or "none defined"
            node.fail("pose", f"unknown base pose '{name}' (poses: {known})")
        base = bases[name]
    values: dict[str, Any] = {}
    if "view" in node.data:
        values["view"] = node.choice("view", VIEWS)
    for key in ("trunk", "head", "neck", "jaw", "curve", "foot", "foot2"):
        if key in node.data:
            values[key] = _number(node, key, node.data[key])
    if "feet" in node.data:
        values["foot"] = values["foot2"] = _number(node, "feet", node.data["feet"])
    for both, one, two in (("arms", "arm", "arm2"), ("legs", "leg", "leg2")):
        if both in node.data:
            values[one] = values[two] = _pair(node, both)
        for key in (one, two):
            if key in node.data:
                values[key] = _pair(node, key)
    if "props" in node.data:
        values["props"] = (*base.props, *props(node))
    return Pose(
        view=values.get("view", base.view),
        trunk=values.get("trunk", base.trunk),
        head=values.get("head", base.head),
        neck=values.get("neck", base.neck),
        jaw=values.get("jaw", base.jaw),
        curve=values.get("curve", base.curve),
        arm=values.get("arm", base.arm),
        arm2=values.get("arm2", base.arm2),
        leg=values.get("leg", base.leg),
        leg2=values.get("leg2", base.leg2),
        foot=values.get("foot", base.foot),
        foot2=values.get("foot2", base.foot2),
        props=values.get("props", base.props),
    )


def base_poses(section: Node | None) -> dict[str, Pose]:
    """`[poses.NAME]`, each maybe built on an earlier-defined one (`pose = OTHER`)."""
    bases: dict[str, Pose] = {}
    if section is None:
        return bases
    pending = {entry.key: entry for entry in section.entries()}
    while pending:
        ready = [
            key
            for key, entry in pending.items()
            if not isinstance(entry.data.get("pose"), str) or entry.data["pose"] not in pending
        ]
        if not ready:  # every one left waits on another: a loop
            entry = next(iter(pending.values()))
            entry.fail("pose", f"base poses build on each other in a loop: {', '.join(pending)}")
        for key in ready:
            bases[key] = pose(pending.pop(key), bases)
    return bases


def figure(
    node: Node, bases: dict[str, Pose], resolve: Callable[[tuple[str, ...], str], Path]
) -> ExerciseFigure:
    """`[figures.EXERCISE_ID]`: `start` and `end` poses with shared `props`, or an `image`."""
    node.only("start", "end", "props", "image")
    node.ctx.refs.append(("exercise", node.key, node.path))
    if "image" in node.data:
        name = node.text("image")
        path = resolve((*node.path, "image"), name)
        try:
            with path.open("rb") as stream:
                head = stream.read(16)
        except OSError as error:
            node.fail("image", f"cannot read image file '{name}': {error.strerror or error}")
        kind = image_type(head)
        if kind is None:
            node.fail("image", f"'{name}' is not a PNG or JPEG image")
        return ExerciseFigure(exercise=node.key, image=str(path), image_type=kind)
    for key in ("start", "end"):
        if key not in node.data:
            node.fail(key, "a figure needs a start and an end pose, or an image")
    return ExerciseFigure(
        exercise=node.key,
        start=pose(node.table("start"), bases),
        end=pose(node.table("end"), bases),
        props=props(node),
    )

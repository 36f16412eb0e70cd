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
from typing import Annotated, Any

import attrs
from attrs import evolve, field, frozen

from posture_tui.domain.convert import to_tuple
from posture_tui.knowledge.reader import Node, structure_node
from posture_tui.structuring.rules import BLANK, OneOf

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
Angles = tuple[float, ...]  # upper and lower segment
BOTH_SIDES = {"feet": ("foot", "foot2"), "arms": ("arm", "arm2"), "legs": ("leg", "leg2")}
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


@frozen
class Prop:
    """Something the figure uses, placed at a joint plus an offset (model units, y up)."""

    kind: Annotated[str, OneOf(PROPS)]
    at: Annotated[str, OneOf(JOINTS)] = "hip"
    dx: float = 0.0
    dy: float = 0.0
    size: float = 0.0  # 0: the kind's usual size
    # a band, stick or arrow: the joint it runs to ("" = a fixed point)
    to: Annotated[str, OneOf(("", *JOINTS)), BLANK] = ""
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


@frozen
class PoseTable:
    """A pose as a file writes it: a base pose (`pose = NAME`) and the angles it changes;
    `arms`, `legs` and `feet` set both sides at once, and `props` add to the base's."""

    pose: str | None = None
    view: Annotated[str | None, OneOf(VIEWS)] = None
    trunk: float | None = None
    head: float | None = None
    neck: float | None = None
    jaw: float | None = None
    curve: float | None = None
    foot: float | None = None
    foot2: float | None = None
    feet: float | None = None
    arm: Angles | None = None
    arm2: Angles | None = None
    arms: Angles | None = None
    leg: Angles | None = None
    leg2: Angles | None = None
    legs: Angles | None = None
    props: tuple[Prop, ...] = ()


@frozen
class FigureTable:
    """`[figures.EXERCISE_ID]`: a start and an end pose with the props both share, or an
    image file."""

    start: PoseTable | None = None
    end: PoseTable | None = None
    props: tuple[Prop, ...] = ()
    image: str | None = None


def pose(node: Node, table: PoseTable, bases: dict[str, Pose]) -> Pose:
    """A pose table over its base pose (default a standing side view)."""
    base = Pose()
    if table.pose is not None:
        if table.pose not in bases:
            known = ", ".join(sorted(bases)) or "none defined"
            node.fail("pose", f"unknown base pose '{table.pose}' (poses: {known})")
        base = bases[table.pose]
    given = {
        key: value
        for key, value in attrs.asdict(table, recurse=False).items()
        if value is not None and key not in ("pose", "props")
    }
    for key, value in given.items():
        if isinstance(value, tuple) and len(value) != 2:
            node.fail(key, "expected two angles [upper, lower]")
    changes: dict[str, Any] = {}
    for both, sides in BOTH_SIDES.items():  # a side's own angle, given too, wins below
        if both in given:
            changes.update(dict.fromkeys(sides, given.pop(both)))
    changes.update(given)
    if table.props:
        changes["props"] = (*base.props, *table.props)
    return evolve(base, **changes)


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
            entry = pending.pop(key)
            bases[key] = pose(entry, structure_node(entry, PoseTable), bases)
    return bases


def figure(
    node: Node, bases: dict[str, Pose], resolve: Callable[[tuple[str, ...], str], Path]
) -> ExerciseFigure:
    """`[figures.EXERCISE_ID]`: `start` and `end` poses with shared `props`, or an `image`."""
    table = structure_node(node, FigureTable)
    node.ctx.refs.append(("exercise", node.key, node.path))
    if table.image is not None:
        name = table.image
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
    if table.start is None or table.end is None:
        missing = "start" if table.start is None else "end"
        node.fail(missing, "a figure needs a start and an end pose, or an image")
    return ExerciseFigure(
        exercise=node.key,
        start=pose(Node(node.ctx, (*node.path, "start"), {}), table.start, bases),
        end=pose(Node(node.ctx, (*node.path, "end"), {}), table.end, bases),
        props=table.props,
    )

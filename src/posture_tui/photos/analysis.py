"""From a visit's photos to measures, the measurements they would fill in, and the findings
those suggest: everything proposed, nothing set until the therapist confirms it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from attrs import evolve, frozen

from posture_tui.domain.assessment import Measurements
from posture_tui.domain.common import Side
from posture_tui.engine.findings import observe
from posture_tui.engine.index import index_for
from posture_tui.knowledge.model import Knowledge
from posture_tui.photos.geometry import (
    BACK,
    FRONT,
    SIDE,
    Landmarks,
    Measure,
    PhotoError,
    Point,
    frontal_measures,
    scale_from_height,
    side_measures,
)

VIEWS = (FRONT, SIDE, BACK)
UNSIDED = " (side not recorded)"  # engine/findings.py marks a sided finding raised without one
MIN_HEIGHT_CM, MAX_HEIGHT_CM = 50.0, 250.0


@frozen
class ViewReport:
    """The measures of one photo."""

    view: str
    photo: str  # the file's name, as given
    measures: tuple[Measure, ...]
    scaled: bool  # centimetres could be measured (a height was given and the photo scaled)
    left_out: tuple[str, ...] = ()  # each measure not taken, with the reason
    path: Path | None = None  # the photo, for a preview with its landmarks
    landmarks: tuple[tuple[str, Point], ...] = ()


@frozen
class Fill:
    """A measurement a photo measure would fill in, with where it comes from."""

    measurement: str
    value: float
    measure: str
    view: str
    confidence: float


@frozen
class Suggestion:
    """A checklist finding the filled-in measurements would raise."""

    item: str
    severity: int
    side: Side | None
    why: str


@frozen
class PhotoReport:
    views: tuple[ViewReport, ...]
    fills: tuple[Fill, ...]
    suggestions: tuple[Suggestion, ...]


Finder = Callable[[Path], tuple[Landmarks, tuple[int, int]]]


def analyze_photos(
    photos: Mapping[str, Path],
    knowledge: Knowledge,
    height_cm: float | None,
    find: Finder,
) -> PhotoReport:
    """Measure each photo (`view` -> file), then propose fills and findings. `find` gives a
    photo's landmarks (photos/pose.py; a test gives hand-built ones)."""
    if height_cm is not None and not MIN_HEIGHT_CM <= height_cm <= MAX_HEIGHT_CM:
        raise PhotoError(f"height: {height_cm:g} cm is not a standing height (50-250 cm)")
    settings = knowledge.settings.photos
    views = []
    for view in VIEWS:
        path = photos.get(view)
        if path is None:
            continue
        points, _ = find(path)
        notes: list[str] = []
        scale = None
        if height_cm is not None:
            try:
                scale = scale_from_height(
                    points, height_cm, settings.eye_to_ankle_share, settings.min_visibility
                )
            except PhotoError as error:
                notes.append(f"distances in cm: {error}")
        try:
            if view == SIDE:
                reading = side_measures(points, scale, settings.min_visibility)
            else:
                reading = frontal_measures(points, view, scale, settings.min_visibility)
        except PhotoError as error:
            raise PhotoError(f"{path}: {error}") from None
        left_out = (*notes, *reading.left_out)
        views.append(
            ViewReport(
                view,
                path.name,
                reading.measures,
                scale is not None,
                left_out,
                path,
                tuple(points.items()),
            )
        )
    fills = _fills(views, knowledge)
    return PhotoReport(tuple(views), fills, _suggestions(views, fills, knowledge))


def _fills(views: list[ViewReport], knowledge: Knowledge) -> tuple[Fill, ...]:
    """Each measurement once, from the surest photo; a value outside its range is left out."""
    best: dict[str, Fill] = {}
    targets = dict(knowledge.settings.photos.fills)
    for report in views:
        for measure in report.measures:
            measurement = targets.get(measure.id)
            definition = knowledge.measurements.get(measurement) if measurement else None
            if measurement is None or definition is None or definition.kind != "number":
                continue
            low, high = definition.minimum, definition.maximum
            if (low is not None and measure.value < low) or (
                high is not None and measure.value > high
            ):
                continue
            fill = Fill(measurement, measure.value, measure.id, report.view, measure.confidence)
            held = best.get(measurement)
            if held is None or fill.confidence > held.confidence:
                best[measurement] = fill
    return tuple(best.values())


def _suggestions(
    views: list[ViewReport], fills: tuple[Fill, ...], knowledge: Knowledge
) -> tuple[Suggestion, ...]:
    """The findings the knowledge base's measurement rules raise from the fills, each with the
    side the photo shows (a number measurement has none of its own)."""
    measurements = Measurements({fill.measurement: fill.value for fill in fills})
    observed = observe(knowledge, index_for(knowledge), (), measurements)
    sides = {
        fill.measurement: measure.side
        for fill in fills
        for report in views
        if report.view == fill.view
        for measure in report.measures
        if measure.id == fill.measure
    }
    found = []
    for item_id, present in observed.present.items():
        item = knowledge.checklist[item_id]
        side = next((sides[m] for m in present.measurements if sides.get(m)), None)
        present = evolve(present, side=side if item.sided else None)
        why = "; ".join(note for note in observed.notes if note.startswith(item.label))
        if present.side is not None:  # the engine's note could not know it; the photo shows it
            why = why.replace(UNSIDED, "")
        found.append(Suggestion(item_id, present.severity, present.side, why))
    return tuple(found)

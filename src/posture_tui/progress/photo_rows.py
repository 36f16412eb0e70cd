"""The photo measures of a comparison as rows of text: the measure and its view, before,
after, the change and its direction."""

from __future__ import annotations

from posture_tui.domain.common import Side
from posture_tui.photos.names import MEASURE_NAMES
from posture_tui.progress.compare import Comparison


def photo_rows(comparison: Comparison) -> list[tuple[str, str, str, str, str]]:
    """(measure with its view, before, after, change, direction) of each photo measure taken
    from the same view at both visits; a sided value shows its size and side."""
    rows = []
    for m in comparison.photo_measures:
        unit = f" {m.unit}" if m.unit else ""
        label = f"{MEASURE_NAMES.get(m.id, m.id)} ({m.view} photo)"
        change = "-" if m.change is None else f"{m.change:+g}{unit}"
        before = _value(m.before, m.before_side, unit)
        after = _value(m.after, m.after_side, unit)
        rows.append((label, before, after, change, m.direction))
    return rows


def _value(value: float | None, side: Side | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if side is None:
        return f"{value:g}{unit}"
    return f"{abs(value):g}{unit} {side.value}"

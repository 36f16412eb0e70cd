"""The body map's cells as JSON-ready dicts (for `progress --format json` and the exports)."""

from __future__ import annotations

from typing import Any

from posture_tui.progress.body_map import BodyMap


def body_map_to_json(body_map: BodyMap, *, assessment_id: str | None = None) -> dict[str, Any]:
    """Cells sorted by region and side; sides are the client's own (not the viewer's)."""
    cells = sorted(
        body_map.cells.values(), key=lambda c: (c.region, "" if c.side is None else c.side.value)
    )
    return {
        "assessment_id": assessment_id,
        "cells": [
            {
                "region": cell.region,
                "side": None if cell.side is None else cell.side.value,
                "pain": cell.pain,
                "severity": cell.severity,
                "marks": [
                    {"kind": m.kind, "id": m.id, "severity": m.severity, "detail": m.detail or None}
                    for m in cell.marks
                ],
            }
            for cell in cells
        ],
    }

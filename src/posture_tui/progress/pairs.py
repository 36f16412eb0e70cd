"""Which earlier visit a visit is compared with: by default the one just before it."""

from __future__ import annotations

from collections.abc import Iterable

from posture_tui.domain.records import Assessment
from posture_tui.progress.trend import chronological


def visit_before(visits: Iterable[Assessment], assessment: Assessment) -> Assessment | None:
    """The visit created just before `assessment` (by created time, ties by id), or None for a
    first visit. `visits` may be in any order and may hold `assessment` itself."""
    key = (assessment.created, assessment.id)
    earlier = [
        visit
        for visit in chronological(visits)
        if visit.id != assessment.id and (visit.created, visit.id) < key
    ]
    return earlier[-1] if earlier else None

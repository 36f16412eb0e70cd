"""Record builders shared by the store tests (fixed ids and times, markers for health data)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.domain.records import Assessment, Client

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SECRET = "SECRET-NOTE"  # put in notes; must never reach the audit trail


def make_client(client_id: str = "c-anna", name: str = "Anna Zoë Müller", **extra: Any) -> Client:
    fields: dict[str, Any] = {
        "id": client_id,
        "name": name,
        "birth_date": date(1980, 4, 2),
        "complaints": "stiff neck after desk work",
        "notes": f"{SECRET} prefers mornings",
        "pain": (PainEntry("neck", 6, Side.RIGHT),),
        "contraindications": (ContraindicationEntry("skin_lesion", "upper_back"),),
        **extra,
    }
    return Client(**fields)


def make_assessment(
    client_id: str = "c-anna", assessment_id: str = "a-one", **extra: Any
) -> Assessment:
    fields: dict[str, Any] = {
        "id": assessment_id,
        "client_id": client_id,
        "therapist": "therapist-a",
        "created": START,
        "updated": START,
        "findings": (Finding("forward_head", 2), Finding("shoulder_elevated", 2, Side.RIGHT)),
        "measurements": Measurements(cva_deg=44.5),
        "notes": f"{SECRET} visit",
        **extra,
    }
    return Assessment(**fields)


def set_at(record: dict[str, Any], path: str, value: object) -> None:
    """Set one value in a JSON record by a path such as ``assessments[0].findings[1].note``."""
    target: Any = record
    parts = path.replace("[", ".[").split(".")
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value

"""Builders for hand-made assessments and a small hand-made knowledge base used by the tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from posture_tui.domain.analysis import Analysis, Flag, MuscleImplication
from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Role, Side
from posture_tui.domain.intake import PainEntry
from posture_tui.domain.records import Assessment, OutcomeMeasures
from posture_tui.knowledge.model import (
    ChecklistItem,
    Knowledge,
    MeasurementDef,
    Muscle,
    PainRegion,
)

BASE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REGIONS = [
    "head_temple",
    "head_back",
    "face_jaw",
    "neck",
    "shoulder_top",
    "shoulder_front",
    "upper_back",
    "chest",
    "arm",
    "hand",
    "low_back",
    "sacrum",
    "buttock",
    "hip_lateral",
    "groin",
    "thigh_front",
    "thigh_lateral",
    "thigh_back",
    "knee",
    "calf",
    "foot",
]


def visit(
    number: int,
    *,
    findings: Sequence[Finding] = (),
    pain: Sequence[PainEntry] = (),
    flags: Sequence[Flag] = (),
    measurements: Measurements | None = None,
    ndi: Sequence[int | None] | None = None,
    odi: Sequence[int | None] | None = None,
    client_id: str = "c1",
) -> Assessment:
    """Visit `number` of client c1, a week after the previous one, id "a<number>"."""
    when = BASE + timedelta(weeks=number - 1)
    return Assessment(
        id=f"a{number}",
        client_id=client_id,
        therapist="tess",
        created=when,
        updated=when,
        findings=tuple(findings),
        measurements=measurements or Measurements(),
        pain=tuple(pain),
        outcomes=OutcomeMeasures(
            ndi=tuple(ndi) if ndi is not None else None,
            odi=tuple(odi) if odi is not None else None,
        ),
        analysis=Analysis(flags=tuple(flags)),
    )


def flag(
    pattern: str, strength: float, label: str, muscles: Sequence[MuscleImplication] = ()
) -> Flag:
    return Flag(
        pattern=pattern,
        name=pattern.replace("_", " ").capitalize(),
        evidence=("forward_head",),
        strength=strength,
        strength_label=label,
        muscles=tuple(muscles),
    )


def overactive(muscle: str, side: Side | None = None) -> MuscleImplication:
    return MuscleImplication(muscle, Role.OVERACTIVE, side)


def small_knowledge() -> Knowledge:
    """Just enough knowledge for names and for placing findings and muscles on the body map."""
    checklist = {
        "forward_head": ChecklistItem(
            "forward_head", "lateral", "Forward head", "ear ahead", "look", False, regions=("neck",)
        ),
        "shoulder_elevated": ChecklistItem(
            "shoulder_elevated",
            "anterior_posterior",
            "Shoulder elevated",
            "one shoulder higher",
            "look",
            True,
            plane="frontal",
            regions=("shoulder_top",),
        ),
        "knee_valgus": ChecklistItem(
            "knee_valgus",
            "anterior_posterior",
            "Knee valgus",
            "knees in",
            "look",
            True,
            regions=("knee",),
        ),
    }
    muscles = {
        "upper_trapezius": Muscle("upper_trapezius", "Upper trapezius", "shoulder_top"),
        "pectoralis_minor": Muscle("pectoralis_minor", "Pectoralis minor", "chest"),
    }
    return Knowledge(
        checklist=checklist,
        measurements={
            "cva_deg": MeasurementDef(
                "cva_deg", "Craniovertebral angle", "deg", hint="", better="higher"
            )
        },
        measurement_rules=(),
        patterns={},
        muscles=muscles,
        exercises={},
        techniques={},
        pain_regions={r: PainRegion(r, r.replace("_", " ").capitalize()) for r in REGIONS},
        contraindications={},
        compensations=(),
    )

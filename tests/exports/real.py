"""A record made the way the app makes it: the shipped knowledge and the real engine."""

from __future__ import annotations

from datetime import UTC, date, datetime

from posture_tui.domain.assessment import AssessmentInput, Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.model import Knowledge

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FINDINGS = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.BILATERAL),
    Finding("thoracic_kyphosis_increased", 2),
    Finding("shoulder_elevated", 1, Side.RIGHT),
    Finding("pelvic_tilt_anterior", 2),
    Finding("lumbar_lordosis_increased", 2),
)
PAIN = (PainEntry("head_temple", 6, Side.RIGHT), PainEntry("low_back", 4))
CONTRAINDICATIONS = (ContraindicationEntry("anticoagulants"),)


def real_client(client_id: str = "c-real", name: str = "Zoë 山田太郎") -> Client:
    return Client(
        id=client_id,
        name=name,
        birth_date=date(1980, 5, 17),
        complaints="Headaches at the right temple; low back ache when standing.",
        goals="Garden for an hour without pain.",
        pain=PAIN,
        contraindications=CONTRAINDICATIONS,
        created=WHEN,
        updated=WHEN,
    )


def real_assessment(knowledge: Knowledge, client_id: str = "c-real") -> Assessment:
    measurements = Measurements(cva_deg=44.0, shoulder_height_diff_cm=1.5)
    analysis = analyze(
        knowledge,
        AssessmentInput(findings=FINDINGS, measurements=measurements),
        pain=PAIN,
        contraindications=CONTRAINDICATIONS,
    )
    return Assessment(
        id="a-real",
        client_id=client_id,
        therapist="dana",
        created=WHEN,
        updated=WHEN,
        findings=FINDINGS,
        measurements=measurements,
        pain=PAIN,
        contraindications=CONTRAINDICATIONS,
        analysis=analysis,
    )

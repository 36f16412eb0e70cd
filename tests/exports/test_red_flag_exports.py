"""The exports show a postponed plan and a red-flag override as plainly as the workstation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from attrs import evolve

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.exports.api import export_bytes
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FINDINGS = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.RIGHT),
    Finding("thoracic_kyphosis_increased", 2),
)
REASON = "Afebrile today at 36.8; GP saw her yesterday and cleared massage"


@pytest.fixture(scope="module")
def kb() -> Knowledge:
    return load_knowledge()


def _visit(kb: Knowledge, overrides: tuple[Override, ...] = ()) -> tuple[Client, Assessment]:
    conditions = (ContraindicationEntry("fever_or_infection"),)
    pain = (PainEntry("neck", 4, Side.RIGHT),)
    assessment = Assessment(
        id="a1",
        client_id="c1",
        therapist="dana",
        created=WHEN,
        updated=WHEN,
        findings=FINDINGS,
        pain=pain,
        contraindications=conditions,
        overrides=overrides,
        revision=1,
    )
    analysis = analyze(kb, assessment.engine_input(), pain, conditions)
    client = Client(id="c1", name="Ann Lee", contraindications=conditions, pain=pain)
    return client, evolve(assessment, analysis=analysis)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_the_note_of_a_postponed_visit_says_so_first_and_refers(kb: Knowledge, fmt: str) -> None:
    client, assessment = _visit(kb)
    text = export_bytes("note", fmt, client, assessment, kb).decode("utf-8")
    assert "POSTPONE HANDS-ON WORK AND REFER" in text
    assert "reschedule; GP if it persists" in text
    assert "Red flag: Fever or infection" in text
    assert text.index("POSTPONE HANDS-ON WORK") < text.index("Left out and why")
    assert "postponed: red flag" in text  # the steps it would have had, listed as postponed


def test_the_note_prints_an_override_with_its_reason_who_and_when(kb: Knowledge) -> None:
    override = Override("fever_or_infection", REASON, by="dana", at=WHEN)
    client, assessment = _visit(kb, (override,))
    text = export_bytes("note", "md", client, assessment, kb).decode("utf-8")
    assert "POSTPONE HANDS-ON WORK" not in text
    assert "Red flags overridden by the therapist" in text
    assert REASON in text and "dana" in text


def test_the_handout_of_a_postponed_visit_asks_the_client_to_see_a_doctor(kb: Knowledge) -> None:
    client, assessment = _visit(kb)
    text = export_bytes("handout", "txt", client, assessment, kb).decode("utf-8")
    assert "postponed hands-on treatment and your home exercises" in text
    assert "Step 1" not in text  # no exercise is handed out while the red flag stands

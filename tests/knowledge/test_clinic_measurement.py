"""A measurement a clinic adds in its knowledge folder works everywhere, with no code change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.assessment import Measurements
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.exports.api import build_document, render
from posture_tui.incoming import DocumentError
from posture_tui.incoming import parse_document as parse
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import compare_assessments
from posture_tui.store.repository import open_store

CLINIC = """
[measurements.wall_angel_gap_cm]
label = "Wall angel gap"
unit = "cm"
hint = "Back to the wall, arms in a W: the distance from the wrist to the wall."
minimum = 0
maximum = 40
better = "lower"

[measurements.slump_test]
label = "Slump test"
hint = "Seated slump with knee extension: symptoms reproduced on that side."
kind = "choice"
choices = ["negative", "left", "right", "bilateral"]
normal = "negative"
scores = { negative = 0, left = 1, right = 1, bilateral = 2 }

[[measurement_rules]]
measurement = "wall_angel_gap_cm"
item = "rounded_shoulders"
at_least = 5
severity = 2
text = "Wrists 5 cm or more off the wall in a wall angel: rounded shoulders."
"""

WHEN = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    folder = tmp_path_factory.mktemp("clinic")
    (folder / "measurements.toml").write_text(CLINIC, encoding="utf-8")
    return load_knowledge(folder)


def _visit(number: int, **values: float | str) -> Assessment:
    return Assessment(
        id=f"a-{number}",
        client_id="c-1",
        therapist="dana",
        created=WHEN.replace(day=number),
        updated=WHEN.replace(day=number),
        measurements=Measurements(values),
    )


def test_a_document_records_it_and_refuses_a_value_out_of_its_range(clinic: Knowledge) -> None:
    doc = {
        "client": {"name": "Ana Example"},
        "assessment": {"measurements": {"wall_angel_gap_cm": 7, "slump_test": "left"}},
    }
    parsed = parse(doc, clinic)
    assert parsed.assessment.measurements.get("wall_angel_gap_cm") == 7.0
    assert parsed.assessment.measurements.get("slump_test") == "left"
    doc["assessment"]["measurements"] = {"wall_angel_gap_cm": 70}
    with pytest.raises(DocumentError, match=r"wall_angel_gap_cm: must be within 0..40"):
        parse(doc, clinic)
    doc["assessment"]["measurements"] = {"slump_test": "maybe"}
    with pytest.raises(DocumentError, match="slump_test: must be one of negative, left"):
        parse(doc, clinic)


def test_its_rule_raises_a_finding_with_the_measurement_as_evidence(clinic: Knowledge) -> None:
    analysis = analyze(clinic, _visit(1, wall_angel_gap_cm=7.0).engine_input())
    raised = [note for note in analysis.derived if note.startswith("Rounded shoulders")]
    assert raised and "wall_angel_gap_cm (7 cm)" in raised[0] and "severity 2" in raised[0]
    calm = analyze(clinic, _visit(1, wall_angel_gap_cm=3.0).engine_input())
    assert not any(note.startswith("Rounded shoulders") for note in calm.derived)


def test_it_is_stored_exported_and_compared_between_visits(
    clinic: Knowledge, tmp_path: Path
) -> None:
    repo = open_store(tmp_path / "store")
    repo.save_client(Client(id="c-1", name="Ana Example"))
    first = repo.save_assessment(_visit(1, wall_angel_gap_cm=7.0, slump_test="bilateral"))
    second = repo.save_assessment(_visit(2, wall_angel_gap_cm=3.5, slump_test="right"))
    again = open_store(tmp_path / "store").get_assessment("c-1", "a-2")
    assert again.measurements == Measurements(wall_angel_gap_cm=3.5, slump_test="right")

    changes = {m.id: m for m in compare_assessments(first, second, clinic).measurements}
    gap, slump = changes["wall_angel_gap_cm"], changes["slump_test"]
    assert (gap.change, gap.direction, gap.unit) == (-3.5, "better", "cm")
    assert slump.direction == "better"
    sided = compare_assessments(
        second, evolve(second, measurements=Measurements(slump_test="left")), clinic
    )
    assert {m.id: m.direction for m in sided.measurements}["slump_test"] == "changed side"

    client = repo.get_client("c-1")
    text = render(build_document("note", client, second, clinic, earlier=first), "md").decode()
    assert "Wall angel gap" in text and "3.5 cm" in text and "Slump test" in text

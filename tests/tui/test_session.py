"""The visit session without Textual: edits, read-only guard, plan order, recompute on change."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
from tests.tui.conftest import START

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import LAYER_ORDER, Layer, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.domain.records import SIGNED, Assessment, Client
from posture_tui.knowledge.model import Knowledge
from posture_tui.tui.session import ReadOnlyError, VisitSession, evolve

UPPER = (
    ("forward_head", 2, None),
    ("rounded_shoulders", 2, Side.RIGHT),
    ("thoracic_kyphosis_increased", 2, None),
)


def session(knowledge: Knowledge, **changes: object) -> VisitSession:
    client = Client(id="c1", name="Test Client")
    assessment = evolve(
        Assessment(id="a1", client_id="c1", therapist="dana", created=START, updated=START),
        **changes,
    )
    made = VisitSession(knowledge, client, assessment)
    made.recompute()
    return made


def test_findings_recompute_flags(knowledge: Knowledge) -> None:
    visit = session(knowledge)
    assert visit.analysis.flags == ()
    for item, severity, side in UPPER:
        visit.set_severity(item, severity)
        if side:
            visit.set_side(item, side)
    assert "upper_crossed" in [flag.pattern for flag in visit.analysis.flags]
    assert visit.dirty
    visit.clear_finding("forward_head")
    visit.clear_finding("thoracic_kyphosis_increased")
    assert "upper_crossed" not in [flag.pattern for flag in visit.analysis.flags]


def test_midline_items_take_no_side(knowledge: Knowledge) -> None:
    visit = session(knowledge)
    with pytest.raises(ValueError, match="midline"):
        visit.set_side("forward_head", Side.LEFT)
    assert visit.finding("forward_head") is None


def test_contraindication_changes_the_plan(knowledge: Knowledge) -> None:
    visit = session(knowledge, findings=tuple(Finding(i, s, d) for i, s, d in UPPER))
    before = visit.plan.excluded
    visit.set_contraindications([ContraindicationEntry("pacemaker")])
    assert len(visit.plan.excluded) > len(before)
    assert visit.client.contraindications == (ContraindicationEntry("pacemaker"),)


def test_plan_keeps_layer_order(knowledge: Knowledge) -> None:
    visit = session(knowledge, findings=tuple(Finding(i, s, d) for i, s, d in UPPER))
    steps = visit.plan.steps
    boundary = next(i for i in range(len(steps) - 1) if steps[i].layer != steps[i + 1].layer)
    assert visit.move_step(boundary, 1) is None  # would leave its layer
    assert visit.plan.steps == steps
    first_fascia = evolve(steps[0], reason="added")
    index = visit.add_step(first_fascia)
    layers = [step.layer for step in visit.plan.steps]
    assert layers == sorted(layers, key=LAYER_ORDER.index)
    assert visit.plan.steps[index].layer is Layer.FASCIA
    visit.rebuild_plan()
    assert visit.assessment.plan is None


def test_signed_is_read_only(knowledge: Knowledge) -> None:
    visit = session(knowledge, status=SIGNED, signed_at=datetime(2026, 3, 3), signed_by="dana")
    with pytest.raises(ReadOnlyError):
        visit.set_severity("forward_head", 1)
    assert not visit.dirty


def test_session_module_does_not_import_textual() -> None:
    code = "import sys, posture_tui.tui.session; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

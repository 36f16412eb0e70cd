"""Re-assessment prefilled from the last visit, each finding "from last visit" until confirmed."""

from __future__ import annotations

from datetime import timedelta

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.progress.reassess import (
    FROM_LAST_VISIT,
    confirm_all,
    confirm_finding,
    finding_label,
    is_unconfirmed,
    prefill_reassessment,
    set_finding,
)

from .helpers import BASE, visit


def previous_visit():  # type: ignore[no-untyped-def]
    import attrs

    old = visit(
        1,
        findings=[
            Finding("forward_head", 2),
            Finding("shoulder_elevated", 1, Side.RIGHT),
            Finding("head_tilt", 0),
        ],
        pain=[PainEntry("neck", 6, Side.RIGHT)],
        measurements=Measurements(cva_deg=45.0),
        ndi=[2] * 10,
    )
    return attrs.evolve(
        old,
        contraindications=(ContraindicationEntry("anticoagulants"),),
        session_minutes=45,
        status="signed",
        notes="private",
    )


def test_prefill_copies_findings_unconfirmed_and_starts_a_fresh_draft() -> None:
    old = previous_visit()
    now = BASE + timedelta(weeks=2)
    new = prefill_reassessment(old, new_id="a2", now=now, therapist="sam")
    assert (new.id, new.client_id, new.therapist) == ("a2", "c1", "sam")
    assert new.created == now and new.updated == now
    assert new.findings == old.findings
    assert set(new.unconfirmed) == {"forward_head", "shoulder_elevated", "head_tilt"}
    assert all(finding_label(new, f.item) == FROM_LAST_VISIT for f in new.findings)
    assert new.prefilled_from == "a1"
    assert new.status == "draft" and not new.is_signed and new.signed_at is None
    assert new.contraindications == old.contraindications
    assert new.session_minutes == 45
    # asked and measured afresh
    assert new.pain == () and new.measurements == Measurements()
    assert new.outcomes.ndi is None and new.notes == "" and new.analysis.flags == ()


def test_changing_or_confirming_an_item_clears_from_last_visit() -> None:
    new = prefill_reassessment(previous_visit(), new_id="a2", now=BASE, therapist="sam")
    changed = set_finding(new, Finding("forward_head", 1))
    assert not is_unconfirmed(changed, "forward_head")
    assert finding_label(changed, "forward_head") == ""
    assert is_unconfirmed(changed, "shoulder_elevated")
    assert [f.severity for f in changed.findings if f.item == "forward_head"] == [1]
    assert changed.findings[0].item == "forward_head"  # order kept
    confirmed = confirm_finding(changed, "shoulder_elevated")
    assert confirmed.findings == changed.findings
    assert set(confirmed.unconfirmed) == {"head_tilt"}
    assert confirm_all(confirmed).unconfirmed == ()


def test_setting_a_new_item_adds_it() -> None:
    new = prefill_reassessment(previous_visit(), new_id="a2", now=BASE, therapist="sam")
    added = set_finding(new, Finding("knee_valgus", 2, Side.LEFT))
    assert added.findings[-1] == Finding("knee_valgus", 2, Side.LEFT)
    assert len(added.findings) == 4

"""Start a re-assessment from the last visit: findings prefilled and marked "from last visit"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from posture_tui.domain.assessment import Finding
from posture_tui.domain.records import DRAFT, Assessment

FROM_LAST_VISIT = "from last visit"


def prefill_reassessment(
    previous: Assessment, *, new_id: str, now: datetime, therapist: str
) -> Assessment:
    """A new draft for the same client with the previous findings, each still unconfirmed.

    Carried over: every finding, severity 0 answers included (all unconfirmed), the
    contraindications (they still apply until removed), the session length, and the place in
    the course (the next visit number and the focus the course planned for it).
    Not carried over: pain, measurements and outcome measures, which are asked and measured
    afresh so a comparison never shows an old value as a new one; nor the analysis, plan,
    notes and signature.
    """
    # Passed as a dict: mypy cannot type the domain's `converter=tuple` fields.
    number = previous.visit_number + 1
    planned = next((v for v in previous.effective_plan.series if v.number == number), None)
    fields: dict[str, Any] = {
        "findings": previous.findings,
        "contraindications": previous.contraindications,
        "unconfirmed": tuple(dict.fromkeys(f.item for f in previous.findings)),
        # the next visit of the course, starting from the focus the course planned for it
        "visit_number": number,
        "planned_focus": planned.regions if planned is not None else (),
        "planned_targets": planned.targets if planned is not None else (),
        "carried_exercises": previous.effective_plan.exercises,
    }
    return Assessment(
        id=new_id,
        client_id=previous.client_id,
        therapist=therapist,
        created=now,
        updated=now,
        session_minutes=previous.session_minutes,
        status=DRAFT,
        prefilled_from=previous.id,
        **fields,
    )


def is_unconfirmed(assessment: Assessment, item: str) -> bool:
    """True while the item still shows the previous visit's answer, unconfirmed."""
    return item in assessment.unconfirmed


def confirm_finding(assessment: Assessment, item: str) -> Assessment:
    """The therapist checked the item and it is as last time."""
    remaining = tuple(i for i in assessment.unconfirmed if i != item)
    changes: dict[str, Any] = {"unconfirmed": remaining}
    return attrs.evolve(assessment, **changes)


def confirm_all(assessment: Assessment) -> Assessment:
    changes: dict[str, Any] = {"unconfirmed": ()}
    return attrs.evolve(assessment, **changes)


def set_finding(assessment: Assessment, finding: Finding) -> Assessment:
    """Replace (or add) the answer for `finding.item`; a changed item is no longer unconfirmed.

    Severity 0 is kept as an answer (the item was checked and the sign is absent).
    """
    items = [f.item for f in assessment.findings]
    if finding.item in items:
        at = items.index(finding.item)
        findings = (*assessment.findings[:at], finding, *assessment.findings[at + 1 :])
    else:
        findings = (*assessment.findings, finding)
    changes: dict[str, Any] = {"findings": findings}
    return confirm_finding(attrs.evolve(assessment, **changes), finding.item)


def finding_label(assessment: Assessment, item: str) -> str:
    """ "from last visit" for an unconfirmed item, else an empty string (for the checklist UI)."""
    return FROM_LAST_VISIT if is_unconfirmed(assessment, item) else ""

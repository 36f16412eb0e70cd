"""What the handout and the note say, independent of the format they are drawn in."""

from __future__ import annotations

import attrs

from posture_tui.domain.analysis import Plan
from posture_tui.domain.records import DRAFT, Assessment, Client
from posture_tui.exports.api import build_document
from posture_tui.exports.markdown import render_markdown
from posture_tui.exports.text import render_text
from posture_tui.knowledge.model import Knowledge

from .records import EXERCISES, SIGNED_AT


def _text(what: str, client: Client, assessment: Assessment, knowledge: Knowledge) -> str:
    return render_text(build_document(what, client, assessment, knowledge))


def test_handout_groups_exercises_by_phase_in_continuum_order(client, assessment, knowledge):
    text = _text("handout", client, assessment, knowledge)
    steps = ["Step 1: Release", "Step 2: Stretch", "Step 3: Strengthen", "Step 4: Put it"]
    positions = [text.upper().index(step.upper()) for step in steps]
    assert positions == sorted(positions)
    # each exercise sits under its own phase heading
    order = [text.index(exercise.name) for exercise in EXERCISES]
    assert order == sorted(order)
    assert positions[1] < text.index("Side neck stretch") < positions[2]


def test_phase_order_does_not_follow_the_plan_order(client, assessment, knowledge):
    shuffled = attrs.evolve(
        assessment.analysis.plan, exercises=tuple(reversed(assessment.analysis.plan.exercises))
    )
    record = attrs.evolve(assessment, analysis=attrs.evolve(assessment.analysis, plan=shuffled))
    text = _text("handout", client, record, knowledge)
    assert (
        text.index("Foam roll the upper back") < text.index("Chin tuck") < text.index("Wall angel")
    )


def test_handout_gives_each_exercise_target_side_dose_and_instruction(
    client, assessment, knowledge
):
    text = _text("handout", client, assessment, knowledge)
    assert "Works on: Top of the shoulder and side of the neck" in text
    assert "Side: Your right side" in text
    assert "Side: Both sides at once" in text
    flat = " ".join(text.split())
    assert "How much: Do this 12 times, holding 2 seconds each time, twice." in flat
    assert "Take 4 seconds to lower." in flat
    assert "How often: Every day" in text
    assert "Slide your chin straight back" in text
    assert "Works on: Your whole body" in text


def test_handout_header_and_review_date(client, assessment, knowledge):
    text = _text("handout", client, assessment, knowledge)
    assert "Client: 山田太郎" in text
    assert "Date: 20 November 2026" in text
    assert "Therapist: Dr. Ana Müller" in text
    assert "Next review: 18 December 2026 (4 weeks after this visit)" in text
    six = render_text(build_document("handout", client, assessment, knowledge, review_weeks=6))
    assert "Next review: 1 January 2027 (6 weeks after this visit)" in six


def test_handout_summary_is_the_plain_language_pattern_summary(client, assessment, knowledge):
    text = " ".join(_text("handout", client, assessment, knowledge).split())
    assert "Your head sits forward and your shoulders round in" in text
    assert "not a diagnosis" in text
    assert "the side of the head (right): 6 out of 10" in text
    assert "upper_crossed" not in text and "Upper crossed pattern\n" not in text


def test_handout_uses_the_therapists_edited_plan(client, assessment, knowledge):
    edited = Plan(session_minutes=45, exercises=EXERCISES[3:4])
    text = _text("handout", client, attrs.evolve(assessment, plan=edited), knowledge)
    assert "Chin tuck" in text
    assert "Wall angel" not in text and "Doorway chest stretch" not in text


def test_handout_of_a_draft_says_so(client, assessment, knowledge):
    draft = attrs.evolve(assessment, status=DRAFT, signed_at=None, signed_by=None)
    assert "not signed" in _text("handout", client, draft, knowledge)
    assert "not signed" not in _text("handout", client, assessment, knowledge)


def test_handout_without_exercises_or_flags(client, assessment, knowledge):
    empty = attrs.evolve(assessment, plan=Plan(session_minutes=60))
    empty = attrs.evolve(empty, analysis=attrs.evolve(assessment.analysis, flags=()))
    text = _text("handout", client, empty, knowledge)
    assert "No home exercises were set" in text
    assert "No particular posture pattern stood out" in text


def test_note_is_soap_in_order(client, assessment, knowledge):
    text = _text("note", client, assessment, knowledge)
    heads = ["S: SUBJECTIVE", "O: OBJECTIVE", "A: ASSESSMENT", "P: PLAN"]
    positions = [text.index(head) for head in heads]
    assert positions == sorted(positions)


def test_note_subjective(client, assessment, knowledge):
    text = _text("note", client, assessment, knowledge)
    subjective = text[: text.index("O: OBJECTIVE")]
    assert "Neck ache after long days at the computer." in subjective
    assert "Work a full day without a headache." in subjective
    assert "Head, temple  right  6/10" in subjective
    assert "Anticoagulant medication" in subjective
    assert "Skin lesion               Upper back  healing graze" in subjective


def test_note_objective_findings_by_view_with_severity_word_digit_and_side(
    client, assessment, knowledge
):
    text = _text("note", client, assessment, knowledge)
    objective = text[text.index("O: OBJECTIVE") : text.index("A: ASSESSMENT")]
    # one table for every view, in checklist order, the view named on each row
    assert "Rounded shoulders            Lateral               moderate (2)  bilateral" in objective
    assert "Shoulder elevated            Anterior / posterior  mild (1)      right" in objective
    assert objective.index("Rounded shoulders") < objective.index("Shoulder elevated")
    assert objective.index("Shoulder elevated") < objective.index("Arms fall forward")
    assert "Craniovertebral angle       44.5 deg" in objective
    assert "Shoulder height difference  1.2 cm" in objective


def test_note_assessment_flags_evidence_roles_and_referrals(client, assessment, knowledge):
    text = _text("note", client, assessment, knowledge)
    part = text[text.index("A: ASSESSMENT") : text.index("P: PLAN")]
    flat = " ".join(part.split())
    assert "Upper crossed pattern strong (0.72) Forward head, Rounded shoulders, Increased" in flat
    assert "Overactive: Upper trapezius (right), Pectoralis minor" in flat
    assert "Underactive: Deep neck flexors, Lower trapezius" in flat
    assert "Primary: Forward head" in flat
    assert "Compensatory: Head tilt (left): Tilts away from the higher shoulder." in flat
    assert "Head, temple, right (pain 6/10): Upper trapezius (right)" in flat


def test_note_plan_layers_minutes_exclusions_and_home_program(client, assessment, knowledge):
    text = _text("note", client, assessment, knowledge)
    part = text[text.index("P: PLAN") :]
    layers = ["1. Fascia (8 min)", "2. Neuromuscular (12 min)", "3. Cupping (0 min)"]
    assert [part.index(layer) for layer in layers] == sorted(part.index(x) for x in layers)
    assert "Static compression, Upper trapezius, right, 6 min: Trigger point may refer" in part
    assert (
        "Cupping: Skin lesion: not over broken skin: Upper back, left. Instead: Gua sha."
        in " ".join(part.split())
    )
    assert "Exercise: Chin tuck" in part
    assert "Care: anticoagulants: lighter pressure" in part  # each step keeps its care note
    flat = " ".join(part.split())
    assert "Session 60 min; steps total 35 min hands-on (plan as generated)." in flat


def test_note_status_times_and_amendment(client, assessment, knowledge):
    signed = _text("note", client, assessment, knowledge)
    assert "Status: signed" in signed
    assert "Signed: 2026-11-20 10:45 UTC by Dr. Ana Müller" in signed
    amended = attrs.evolve(
        assessment,
        status=DRAFT,
        revision=1,
        amends_revision=0,
        amended_by="Dr. Ana Müller",
        amended_at=SIGNED_AT,
        signed_at=None,
        signed_by=None,
    )
    text = _text("note", client, amended, knowledge)
    assert "Status: draft" in text
    assert "Assessment: a-0001, revision 1" in text
    assert "Amends: revision 0, amended by Dr. Ana Müller at 2026-11-20 10:45 UTC" in text
    assert "DRAFT: not signed" in text


def test_note_lists_excluded_home_exercises(client, assessment, knowledge):
    from posture_tui.domain.analysis import Excluded

    plan = attrs.evolve(
        assessment.analysis.plan,
        excluded_exercises=(
            Excluded("prone_press", "not in the first trimester", None, "anticoagulants"),
        ),
    )
    record = attrs.evolve(assessment, plan=plan)
    text = render_markdown(build_document("note", client, record, knowledge))
    # one line with the count, grouped by condition (the id of an unknown exercise as it is)
    assert "Home exercises left out (1): Anticoagulant medication: prone\\_press." in text
    assert "(plan edited by the therapist)" in text


def test_times_and_dates_are_shown_in_local_time(client, assessment, knowledge, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Pacific/Auckland")  # 11:30 UTC is 00:30 NZDT the next day
    time.tzset()
    late = attrs.evolve(assessment, created=assessment.created.replace(hour=11, minute=30))
    note = _text("note", client, late, knowledge)
    assert "Created: 2026-11-21 00:30 NZDT" in note
    assert "Date: 21 November 2026" in _text("handout", client, late, knowledge)

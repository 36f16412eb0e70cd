"""The clinical note: one assessment as a SOAP record with status, therapist and times."""

from __future__ import annotations

from posture_tui.domain.analysis import Flag, Plan
from posture_tui.domain.common import LAYER_ORDER, PHASE_ORDER
from posture_tui.domain.intake import ContraindicationEntry, Override, PainEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.exercises import minutes_per_day
from posture_tui.exports.body_map import note_body_map, visit_body_map
from posture_tui.exports.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from posture_tui.exports.progress_note import note_progress
from posture_tui.exports.words import (
    condition_details,
    condition_label,
    exercise_target,
    item_label,
    region_label,
    severity_text,
    side_word,
    stamp,
    technique_target,
)
from posture_tui.knowledge.model import VIEW_NAMES, VIEWS, Knowledge
from posture_tui.progress.compare import Comparison

DISCLAIMER = (
    "Patterns are groups of findings that support clinical reasoning; they are not diagnoses "
    "and not established causes of pain."
)


def build_note(
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    comparison: Comparison | None = None,
) -> Document:
    """The SOAP note of one assessment revision, using its effective (edited) plan; with a
    comparison against an earlier visit, a progress section follows the assessment."""
    progress = [note_progress(comparison, knowledge)] if comparison is not None else []
    return Document(
        kind="note",
        title=f"Clinical note: {client.name}",
        meta=_meta(client, assessment),
        sections=[
            Section("S: Subjective", _subjective(client, assessment, knowledge)),
            Section("O: Objective", _objective(client, assessment, knowledge)),
            Section("A: Assessment", _assessment(assessment, knowledge)),
            *progress,
            Section("P: Plan", _plan(assessment, knowledge)),
        ],
        created=assessment.signed_at or assessment.updated,
        footer=_status_line(assessment),
    )


def _status_line(assessment: Assessment) -> str:
    if assessment.is_signed:
        by = assessment.signed_by or assessment.therapist
        return f"Signed by {by} at {stamp(assessment.signed_at)}."
    return "DRAFT: not signed. This note may still change."


def _meta(client: Client, assessment: Assessment) -> list[tuple[str, str]]:
    rows = [
        ("Client", client.name),
        ("Client ID", client.id),
        ("Birth date", client.birth_date.isoformat() if client.birth_date else "-"),
        ("Assessment", f"{assessment.id}, revision {assessment.revision}"),
        ("Status", "signed" if assessment.is_signed else "draft"),
        ("Therapist", assessment.therapist),
        ("Created", stamp(assessment.created)),
        ("Updated", stamp(assessment.updated)),
    ]
    if assessment.is_signed:
        rows.append(("Signed", f"{stamp(assessment.signed_at)} by {assessment.signed_by or '-'}"))
    if assessment.amends_revision is not None:
        rows.append(
            (
                "Amends",
                f"revision {assessment.amends_revision}, amended by "
                f"{assessment.amended_by or '-'} at {stamp(assessment.amended_at)}",
            )
        )
    if assessment.prefilled_from:
        rows.append(("Prefilled from", assessment.prefilled_from))
    return rows


def _text_or_none(text: str) -> Paragraph:
    return Paragraph(text if text.strip() else "None recorded.")


def _pain_table(pain: tuple[PainEntry, ...], knowledge: Knowledge) -> Table:
    return Table(
        ("Region", "Side", "NPRS (0-10)"),
        [(region_label(p.region, knowledge), side_word(p.side), f"{p.score}/10") for p in pain],
    )


def _contraindication_table(
    entries: tuple[ContraindicationEntry, ...], knowledge: Knowledge, *, red_flags: bool = False
) -> Table:
    rows = []
    for entry in entries:
        known = knowledge.contraindications.get(entry.id)
        if (known is not None and known.red_flag) is not red_flags:
            continue
        rows.append(
            (
                known.name if known else entry.id,
                condition_details(entry, knowledge) or "-",
                entry.note or "-",
            )
        )
    empty = "None ticked at intake." if red_flags else "None reported."
    return Table(("Condition", "Details", "Note"), rows, empty=empty)


def _subjective(client: Client, assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    pain_source = "this visit" if assessment.pain else "intake"
    pain = assessment.pain or client.pain
    contra_source = "this visit" if assessment.contraindications else "intake"
    contraindications = assessment.contraindications or client.contraindications
    blocks: list[Block] = [
        Subheading("Complaints"),
        _text_or_none(client.complaints),
        Subheading("Goals"),
        _text_or_none(client.goals),
    ]
    if client.medications.strip():
        blocks += [Subheading("Medications"), Paragraph(client.medications)]
    blocks += [
        Subheading(f"Pain by region ({pain_source})"),
        _pain_table(pain, knowledge),
        Subheading(f"Red flags ({contra_source})"),
        _contraindication_table(contraindications, knowledge, red_flags=True),
        Subheading(f"Contraindications ({contra_source})"),
        _contraindication_table(contraindications, knowledge),
    ]
    return blocks


def _objective(client: Client, assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    blocks: list[Block] = []
    present = [finding for finding in assessment.findings if finding.severity > 0]
    for view in VIEWS:
        if view == "measurements":
            continue
        rows = [
            (item_label(f.item, knowledge), severity_text(f.severity), side_word(f.side), f.note)
            for f in present
            if (known := knowledge.checklist.get(f.item)) is not None and known.view == view
        ]
        blocks += [
            Subheading(VIEW_NAMES[view]),
            Table(("Finding", "Severity", "Side", "Note"), rows, empty="No findings."),
        ]
    unknown = [f for f in present if f.item not in knowledge.checklist]
    if unknown:
        rows = [(f.item, severity_text(f.severity), side_word(f.side), f.note) for f in unknown]
        blocks += [
            Subheading("Other findings"),
            Table(("Finding", "Severity", "Side", "Note"), rows),
        ]
    blocks += [Subheading(VIEW_NAMES["measurements"]), _measurements(assessment, knowledge)]
    if assessment.analysis.derived:
        blocks += [Subheading("Derived from measurements"), Bullets(assessment.analysis.derived)]
    if assessment.unconfirmed:
        labels = [item_label(item, knowledge) for item in assessment.unconfirmed]
        blocks += [Subheading("Carried from the last visit, not yet confirmed"), Bullets(labels)]
    body_map = visit_body_map(assessment, assessment.pain or client.pain, knowledge)
    return blocks + note_body_map(body_map, knowledge)


def _measurements(assessment: Assessment, knowledge: Knowledge) -> Table:
    rows = []
    values = assessment.measurements
    for name in ("cva_deg", "shoulder_height_diff_cm", "iliac_crest_diff_cm", "thomas_test"):
        value = getattr(values, name)
        if value is None:
            continue
        definition = knowledge.measurements.get(name)
        label = definition.label if definition else name
        unit = definition.unit if definition else ""
        shown = value.value if hasattr(value, "value") else f"{value:g}"
        rows.append((label, f"{shown} {unit}".strip()))
    return Table(("Measurement", "Value"), rows, empty="No measurements taken.")


def _assessment(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    blocks = _safety_blocks(assessment, knowledge)
    flags = assessment.analysis.flags
    if not flags:
        return [*blocks, Paragraph("No pattern was raised by the findings."), Paragraph(DISCLAIMER)]
    blocks.append(Paragraph(DISCLAIMER, emphasis=True))
    for flag in flags:
        blocks += _flag_blocks(flag, knowledge)
    return blocks


def _safety_blocks(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    """Red flags, conflicts to resolve and trigger-point screening: first, before patterns."""
    analysis = assessment.analysis
    blocks: list[Block] = []
    for flag in analysis.red_flags:
        fields = [("Why", flag.why)]
        if flag.detail:
            fields.append(("Found", flag.detail))
        if flag.override is not None:
            fields.append(("Overridden", _override_text(flag.override)))
        else:
            fields.append(("Refer", flag.referral))
        kind = "derived warning" if flag.derived else "red flag"
        blocks += [Subheading(f"Red flag: {flag.name} ({kind})"), Fields(fields)]
    if analysis.conflicts:
        blocks += [
            Subheading("Conflicts to resolve"),
            Bullets(
                [f"{c.text}{f' Test: {c.test}.' if c.test else ''}" for c in analysis.conflicts]
            ),
        ]
    if analysis.screen_candidates:
        blocks += [
            Subheading("Screen for trigger points"),
            Bullets([candidate.text for candidate in analysis.screen_candidates]),
        ]
    if assessment.trigger_points:
        blocks += [
            Subheading("Trigger points confirmed by palpation"),
            Bullets(
                [
                    f"{knowledge.muscle_name(p.muscle)}{f' ({p.side.value})' if p.side else ''}"
                    for p in assessment.trigger_points
                ]
            ),
        ]
    return blocks


def _override_text(override: Override) -> str:
    by = f" by {override.by}" if override.by else ""
    at = f" at {stamp(override.at)}" if override.at else ""
    return f"{override.reason}{by}{at}"


def _flag_blocks(flag: Flag, knowledge: Knowledge) -> list[Block]:
    evidence = ", ".join(item_label(item, knowledge) for item in flag.evidence)
    fields = [
        ("Strength", f"{flag.strength_label} ({flag.strength:.2f})"),
        ("Evidence", evidence or "-"),
    ]
    overactive = [m for m in flag.muscles if m.role.value == "overactive"]
    underactive = [m for m in flag.muscles if m.role.value == "underactive"]
    for label, muscles in (("Overactive", overactive), ("Underactive", underactive)):
        if muscles:
            names = ", ".join(
                f"{knowledge.muscle_name(m.muscle)}{f' ({m.side.value})' if m.side else ''}"
                for m in muscles
            )
            fields.append((label, names))
    blocks: list[Block] = [Subheading(flag.name), Fields(fields)]
    if flag.roles:
        blocks.append(
            Table(
                ("Finding", "Side", "Role", "Why"),
                [
                    (item_label(r.item, knowledge), side_word(r.side), r.role, r.why)
                    for r in flag.roles
                ],
            )
        )
    if flag.referrals:
        blocks.append(Bullets([f"Referral match: {r.text}" for r in flag.referrals]))
    if flag.set_aside:
        blocks.append(Bullets([f"Set aside: {aside.text}" for aside in flag.set_aside]))
    return blocks


def _plan(assessment: Assessment, knowledge: Knowledge) -> list[Block]:
    plan = assessment.effective_plan
    edited = "edited by the therapist" if assessment.plan is not None else "as generated"
    blocks: list[Block] = []
    if plan.postponed is not None:
        blocks += [
            Paragraph(f"POSTPONE HANDS-ON WORK AND REFER. {plan.postponed.reason}.", emphasis=True),
            Fields(
                [
                    ("Refer", plan.postponed.referral),
                    ("Home program", "paused until the red flag is cleared"),
                ]
            ),
        ]
    overrides = [flag for flag in assessment.analysis.red_flags if flag.override is not None]
    if overrides:
        blocks += [
            Subheading("Red flags overridden by the therapist"),
            Table(
                ("Red flag", "Reason", "By", "When"),
                [
                    (
                        flag.name,
                        flag.override.reason,
                        flag.override.by or "-",
                        stamp(flag.override.at) if flag.override.at else "-",
                    )
                    for flag in overrides
                    if flag.override is not None
                ],
            ),
        ]
    focus = ", ".join(knowledge.focus_name(r) for r in plan.focus_regions)
    where = f"Visit {plan.visit_number} of the course; focus: {focus}. " if focus else ""
    blocks.append(
        Paragraph(
            f"{where}Session {plan.session_minutes} min; steps total {plan.total_minutes} min "
            f"hands-on (plan {edited})."
        )
    )
    if plan.note:
        blocks.append(Paragraph(plan.note, emphasis=True))
    blocks += _layers(plan, knowledge)
    blocks += _course(plan, knowledge)
    blocks += [Subheading("Left out and why"), _excluded(plan, knowledge)]
    daily = (
        f" (about {minutes_per_day(knowledge, plan.exercises)} min a day)" if plan.exercises else ""
    )
    blocks += [Subheading(f"Home program{daily}"), _home_program(plan, knowledge)]
    if plan.exercises_later:
        blocks += [
            Subheading("To add or progress at a later visit"),
            Bullets(
                [
                    f"{e.name} ({e.phase.value}, {exercise_target(e, knowledge)})"
                    for e in plan.exercises_later
                ]
            ),
        ]
    if plan.excluded_exercises:
        blocks += [Subheading("Home exercises left out"), _excluded_exercises(plan, knowledge)]
    if assessment.notes.strip():
        blocks += [Subheading("Therapist's notes"), Paragraph(assessment.notes)]
    return blocks


def _layers(plan: Plan, knowledge: Knowledge) -> list[Block]:
    blocks: list[Block] = []
    for number, layer in enumerate(LAYER_ORDER, start=1):
        steps = plan.steps_in(layer)
        rows = [
            (
                knowledge.technique_name(step.technique),
                technique_target(step.muscle, step.region, None, knowledge),
                side_word(step.side),
                f"{step.minutes} min",
                _why(step.reason, step.care),
            )
            for step in steps
        ]
        minutes = sum(step.minutes for step in steps)
        title = layer.value.replace("_", " ").capitalize()
        blocks += [
            Subheading(f"{number}. {title} ({minutes} min)"),
            Table(("Technique", "Target", "Side", "Minutes", "Why"), rows, empty="No steps."),
        ]
    return blocks


def _course(plan: Plan, knowledge: Knowledge) -> list[Block]:
    """The visits after this one, how often, and when to re-assess."""
    if not plan.series and plan.reassess_at_visit is None:
        return []
    rows = []
    for visit in plan.series:
        after = (
            " (after re-assessment, if still needed)"
            if plan.reassess_at_visit is not None and visit.number > plan.reassess_at_visit
            else ""
        )
        rows.append(
            (
                f"{visit.number}{after}",
                ", ".join(knowledge.focus_name(r) for r in visit.regions),
                ", ".join(
                    f"{knowledge.muscle_name(t.muscle)}{f' ({t.side.value})' if t.side else ''}"
                    for t in visit.targets
                ),
                "; ".join(visit.reasons),
            )
        )
    frequency = plan.frequency or "as agreed"
    return [
        Subheading("Course of treatment"),
        Paragraph(
            f"Sessions {frequency}; re-assess at visit {plan.reassess_at_visit}. The region of "
            "the chief complaint stays in every visit until its pain has improved."
        ),
        Table(("Visit", "Focus", "Muscles", "Why"), rows, empty="No later visits planned."),
    ]


def _why(reason: str, care: str) -> str:
    """The reason for a step, then any care a contraindication or endangerment site asks for."""
    if not care:
        return reason
    return f"{reason.rstrip('. ')}. Care: {care}"


def _excluded(plan: Plan, knowledge: Knowledge) -> Table:
    rows = []
    for item in plan.excluded:
        rows.append(
            (
                knowledge.technique_name(item.technique),
                technique_target(item.muscle, item.region, item.side, knowledge),
                f"{condition_label(item.contraindication, knowledge)}: {item.reason}",
                knowledge.technique_name(item.instead) if item.instead else "nothing",
            )
        )
    return Table(("Technique", "Target", "Reason", "Instead"), rows, empty="Nothing left out.")


def _home_program(plan: Plan, knowledge: Knowledge) -> Table:
    rows = [
        (
            phase.value,
            exercise.name,
            exercise_target(exercise, knowledge),
            side_word(exercise.side),
            exercise.dose.text(),
        )
        for phase in PHASE_ORDER
        for exercise in plan.exercises
        if exercise.phase is phase
    ]
    return Table(("Phase", "Exercise", "Target", "Side", "Dose"), rows, empty="No exercises.")


def _excluded_exercises(plan: Plan, knowledge: Knowledge) -> Table:
    rows = []
    for item in plan.excluded_exercises:
        exercise = knowledge.exercises.get(item.technique)
        instead = knowledge.exercises.get(item.instead) if item.instead else None
        rows.append(
            (
                exercise.name if exercise else item.technique,
                f"{condition_label(item.contraindication, knowledge)}: {item.reason}",
                instead.name if instead else (item.instead or "nothing"),
            )
        )
    return Table(("Exercise", "Reason", "Instead"), rows)

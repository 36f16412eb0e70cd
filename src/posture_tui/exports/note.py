"""The clinical note: one assessment as a SOAP record with status, therapist and times."""

from __future__ import annotations

from posture_tui.domain.analysis import Plan
from posture_tui.domain.common import LAYER_ORDER, PHASE_ORDER, Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
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
from posture_tui.exports.given_note import given_blocks
from posture_tui.exports.note_assessment import assessment_blocks, side_note
from posture_tui.exports.progress_note import note_progress
from posture_tui.exports.words import (
    condition_details,
    condition_label,
    exercise_target,
    finding_side,
    item_label,
    local,
    named,
    region_label,
    severity_text,
    side_word,
    stamp,
    technique_target,
    zone_name,
)
from posture_tui.knowledge.model import VIEW_NAMES, VIEWS, Knowledge
from posture_tui.progress.body_map import BodyMap
from posture_tui.progress.body_map_layout import SEVERITY_NAMES
from posture_tui.progress.compare import Comparison
from posture_tui.progress.pain import pain_band
from posture_tui.settings import NO_SETTINGS, ClinicSettings


def build_note(
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    comparison: Comparison | None = None,
    *,
    clinic: ClinicSettings = NO_SETTINGS,
) -> Document:
    """The SOAP note of one assessment revision, using its effective (edited) plan; with a
    comparison against an earlier visit, a progress section follows the assessment. The clinic
    settings turn therapist logins into names with credentials and licence numbers."""
    progress = [note_progress(comparison, knowledge)] if comparison is not None else []
    return Document(
        kind="note",
        title=f"Clinical note: {client.name}",
        meta=_meta(client, assessment, clinic),
        sections=[
            Section("S: Subjective", _subjective(client, assessment, knowledge)),
            Section("O: Objective", _objective(client, assessment, knowledge)),
            Section("A: Assessment", assessment_blocks(assessment, knowledge)),
            *progress,
            Section("P: Plan", _plan(assessment, knowledge)),
        ],
        created=assessment.signed_at or assessment.updated,
        footer=_status_line(assessment, clinic),
    )


def _status_line(assessment: Assessment, clinic: ClinicSettings = NO_SETTINGS) -> str:
    """The signature block: "Signed by NAME, CREDENTIALS, licence NUMBER at LOCAL TIME (zone)"
    (the login alone when the settings do not name that therapist)."""
    if assessment.is_signed:
        login = assessment.signed_by or assessment.therapist
        found = clinic.therapist(login)
        by = found.signature() if found is not None else login
        when, signed = stamp(assessment.signed_at), assessment.signed_at
        if signed is not None and clinic.time_zone:  # the clinic's zone by its IANA name
            when = f"{local(signed):%Y-%m-%d %H:%M} ({zone_name(signed)})"
        return f"Signed by {by} at {when}."
    return "DRAFT: not signed. This note may still change."


def _who(login: str | None, clinic: ClinicSettings) -> str:
    """A login as the settings name it: "Dana Lee, LMT, NMT, licence MA-12345 (dana)"."""
    found = clinic.therapist(login)
    return f"{found.signature()} ({login})" if found is not None else (login or "-")


def _meta(
    client: Client, assessment: Assessment, clinic: ClinicSettings = NO_SETTINGS
) -> list[tuple[str, str]]:
    rows = [
        ("Client", client.name),
        ("Client ID", client.id),
        ("Birth date", client.birth_date.isoformat() if client.birth_date else "-"),
        ("Assessment", f"{assessment.id}, revision {assessment.revision}"),
        ("Status", "signed" if assessment.is_signed else "draft"),
        ("Therapist", _who(assessment.therapist, clinic)),
        ("Created", stamp(assessment.created)),
        ("Updated", stamp(assessment.updated)),
    ]
    if assessment.is_signed:
        signer = _who(assessment.signed_by, clinic)
        rows.append(("Signed", f"{stamp(assessment.signed_at)} by {signer}"))
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
    said = [
        ("Complaints", client.complaints.strip() or "None recorded."),
        ("Goals", client.goals.strip() or "None recorded."),
    ]
    if client.medications.strip():
        said.append(("Medications", client.medications.strip()))
    blocks: list[Block] = [Fields(said)]
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
    present = [finding for finding in assessment.findings if finding.severity > 0]
    views = [view for view in VIEWS if view != "measurements"]
    rank: dict[str, int] = {view: index for index, view in enumerate(views)}

    def view_of(item: str) -> str:
        known = knowledge.checklist.get(item)
        return known.view if known is not None else ""

    # One table for every view: a table per view repeated its headings for a row or two.
    ordered = sorted(present, key=lambda f: rank.get(view_of(f.item), len(rank)))
    rows: list[tuple[str, ...]] = [
        (
            item_label(f.item, knowledge) if view_of(f.item) else f.item,
            _short_view(view_of(f.item)),
            severity_text(f.severity),
            finding_side(f.item, f.side, knowledge),
            f.note,
        )
        for f in ordered
    ]
    columns: tuple[str, ...] = ("Finding", "View", "Severity", "Side", "Note")
    if not any(f.note for f in present):
        columns, rows = columns[:-1], [row[:-1] for row in rows]
    blocks: list[Block] = [
        Subheading("Findings"),
        Table(columns, rows, empty="No findings."),
    ]
    quiet = [VIEW_NAMES[v] for v in views if not any(view_of(f.item) == v for f in present)]
    if present and quiet:
        blocks.append(Paragraph(f"No findings in: {', '.join(quiet)}."))
    blocks += [Subheading(VIEW_NAMES["measurements"]), _measurements(assessment, knowledge)]
    if assessment.analysis.derived:
        blocks += [
            Subheading("Derived from measurements"),
            Bullets([named(text, knowledge) for text in assessment.analysis.derived]),
        ]
    if assessment.unconfirmed:
        labels = [item_label(item, knowledge) for item in assessment.unconfirmed]
        blocks += [Subheading("Carried from the last visit, not yet confirmed"), Bullets(labels)]
    body_map = visit_body_map(assessment, assessment.pain or client.pain, knowledge)
    words = _body_map_words(body_map, knowledge)
    return blocks + [
        Bullets(words) if isinstance(block, Bullets) else block
        for block in note_body_map(body_map, knowledge)
    ]


def _short_view(view: str) -> str:
    """A view's name for a table column: "Lateral", "Anterior / posterior", "Overhead squat"."""
    name = VIEW_NAMES.get(view, "Other")
    return name.removesuffix(" views").removesuffix(" view")


def _body_map_words(body_map: BodyMap, knowledge: Knowledge) -> list[str]:
    """The map in words, short: each painful region with the findings marked there, then one
    line naming the other marked regions. Their findings are in section O's table and their
    muscles in section A; a line for each of them made the note a page longer."""
    rank = {region: index for index, region in enumerate(knowledge.pain_regions)}
    texts: dict[tuple[int, str], dict[str, list[Side | None]]] = {}
    others: dict[tuple[int, str], None] = {}
    cells = sorted(body_map.cells.values(), key=lambda c: "" if c.side is None else c.side.value)
    for cell in cells:
        key = (rank.get(cell.region, len(rank)), knowledge.region_name(cell.region))
        if cell.pain is None:
            others[key] = None
            continue
        parts = [f"pain {cell.pain}/10 ({pain_band(cell.pain)})"]
        for mark in cell.marks:
            if mark.kind == "finding":
                words = SEVERITY_NAMES.get(mark.severity, "")
                parts.append(f"{item_label(mark.id, knowledge)} {words}".strip())
        texts.setdefault(key, {}).setdefault("; ".join(parts), []).append(cell.side)
    lines = []
    for (_, region), by_text in sorted(texts.items()):
        for text, sides in by_text.items():
            if set(sides) == {Side.LEFT, Side.RIGHT}:
                where = f"{region}, both sides"
            else:
                where = ", ".join(
                    f"{region}, {side.value}" if side is not None else region
                    for side in sorted(sides, key=lambda s: "" if s is None else s.value)
                )
            lines.append(f"{where}: {text}")
    rest = [region for key, region in sorted(others) if (key, region) not in texts]
    if rest:
        lines.append(f"Also marked, for the findings in O and the muscles in A: {', '.join(rest)}")
    return lines


def _measurements(assessment: Assessment, knowledge: Knowledge) -> Table:
    rows = []
    values = assessment.measurements.values
    # the knowledge base's order, then any measurement it no longer has (shown by its id)
    names = [
        *(n for n in knowledge.measurements if n in values),
        *sorted(values.keys() - set(knowledge.measurements)),
    ]
    for name in names:
        value = values[name]
        definition = knowledge.measurements.get(name)
        label = definition.label if definition else name
        unit = definition.unit if definition else ""
        shown = value if isinstance(value, str) else f"{value:g}"
        rows.append((label, f"{shown} {unit}".strip()))
    return Table(("Measurement", "Value"), rows, empty="No measurements taken.")


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
    blocks += given_blocks(assessment, knowledge)  # the treatment given, then what comes next
    blocks += _course(plan, knowledge)
    blocks += [Subheading("Left out and why"), _excluded(plan, knowledge)]
    daily = (
        f" (about {minutes_per_day(knowledge, plan.exercises)} min a day)" if plan.exercises else ""
    )
    blocks += [Subheading(f"Home program{daily}"), _home_program(plan, knowledge)]
    if plan.exercises_later:
        blocks.append(_later_exercises(plan))
    if plan.excluded_exercises:
        blocks.append(_excluded_exercises(plan, knowledge))
    if assessment.notes.strip():
        blocks += [Subheading("Therapist's notes"), Paragraph(assessment.notes)]
    return blocks


def _layers(plan: Plan, knowledge: Knowledge) -> list[Block]:
    """Each layer's steps, one line each ("technique, target, side, minutes: why"): as a table
    the reasons wrapped in a narrow column and a visit's steps filled two pages."""
    blocks: list[Block] = []
    for number, layer in enumerate(LAYER_ORDER, start=1):
        steps = plan.steps_in(layer)
        lines = [
            f"{knowledge.technique_name(step.technique)}, "
            f"{technique_target(step.muscle, step.region, None, knowledge)}, "
            f"{side_word(step.side)}, {step.minutes} min: {_why(step.reason, step.care)}"
            for step in steps
        ]
        minutes = sum(step.minutes for step in steps)
        title = layer.value.replace("_", " ").capitalize()
        blocks += [
            Subheading(f"{number}. {title} ({minutes} min)"),
            Bullets(lines, empty="No steps."),
        ]
    return blocks


def _course(plan: Plan, knowledge: Knowledge) -> list[Block]:
    """The visits after this one, how often, and when to re-assess."""
    if not plan.series and plan.reassess_at_visit is None:
        return []
    # A reason every later visit shares (the chief complaint's region) is said once, above.
    shared = (
        [r for r in plan.series[0].reasons if all(r in v.reasons for v in plan.series)]
        if (len(plan.series) > 1)
        else []
    )
    lines = []
    for visit in plan.series:
        after = (
            " (after re-assessment, if still needed)"
            if plan.reassess_at_visit is not None and visit.number > plan.reassess_at_visit
            else ""
        )
        focus = ", ".join(knowledge.focus_name(r) for r in visit.regions)
        muscles = ", ".join(
            f"{knowledge.muscle_name(t.muscle)}{side_note(t.side)}" for t in visit.targets
        )
        why = "; ".join(r for r in visit.reasons if r not in shared) or "as above"
        lines.append(f"Visit {visit.number}{after}: {focus}. Muscles: {muscles}. Why: {why}")
    frequency = plan.frequency or "as agreed"
    every = f" Every visit: {'; '.join(shared)}." if shared else ""
    return [
        Subheading("Course of treatment"),
        Paragraph(
            f"Sessions {frequency}; re-assess at visit {plan.reassess_at_visit}. The region of "
            f"the chief complaint stays in every visit until its pain has improved.{every} "
            "Muscles on both sides unless a side is given."
        ),
        Bullets(lines, empty="No later visits planned."),
    ]


def _why(reason: str, care: str) -> str:
    """The reason for a step, then any care a contraindication or endangerment site asks for."""
    if not care:
        return reason
    return f"{reason.rstrip('. ')}. Care: {care}"


def _excluded(plan: Plan, knowledge: Knowledge) -> Bullets:
    """What the safety rules left out, one line per technique, condition and alternative:
    a rule that removes a technique from many targets (session time, an endangerment site)
    is one line naming the targets, not a row per target."""
    groups: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for item in plan.excluded:
        key = (
            knowledge.technique_name(item.technique),
            condition_label(item.contraindication, knowledge),
            knowledge.technique_name(item.instead) if item.instead else "",
        )
        reasons = groups.setdefault(key, {})
        target = technique_target(item.muscle, item.region, item.side, knowledge)
        reasons.setdefault(named(item.reason, knowledge), []).append(target)
    lines = []
    for (technique, condition, instead), reasons in groups.items():
        targets = list(dict.fromkeys(t for found in reasons.values() for t in found))
        why = "; ".join(reasons)
        count = f" ({len(targets)} targets)" if len(targets) > 1 else ""
        lines.append(
            f"{technique}: {condition}: {why}{count}: {'; '.join(targets)}. "
            f"{f'Instead: {instead}.' if instead else 'Nothing instead.'}"
        )
    return Bullets(lines, empty="Nothing left out.")


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


def _excluded_exercises(plan: Plan, knowledge: Knowledge) -> Paragraph:
    """The home exercises left out, in one line with their count, grouped by condition."""
    groups: dict[str, list[str]] = {}
    for item in plan.excluded_exercises:
        exercise = knowledge.exercises.get(item.technique)
        name = exercise.name if exercise else item.technique
        groups.setdefault(condition_label(item.contraindication, knowledge), []).append(name)
    count = len(plan.excluded_exercises)
    parts = [
        f"{condition}: {', '.join(dict.fromkeys(names))}" for condition, names in groups.items()
    ]
    return Paragraph(f"Home exercises left out ({count}): {'; '.join(parts)}.")


def _later_exercises(plan: Plan) -> Paragraph:
    """The exercises kept for later visits, one line with their count per phase: the record
    and the plan screen (n) keep their names, and a list of thirty filled half a page."""
    counts = [
        f"{sum(e.phase is phase for e in plan.exercises_later)} to {phase.value}"
        for phase in PHASE_ORDER
        if any(e.phase is phase for e in plan.exercises_later)
    ]
    return Paragraph(
        f"To add or progress at a later visit: {len(plan.exercises_later)} exercises "
        f"({', '.join(counts)}); the plan screen lists them."
    )

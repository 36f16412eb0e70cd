"""The client handout: what was found in plain words and the home program, phase by phase."""

from __future__ import annotations

from datetime import date, timedelta

from posture_tui.domain.common import PHASE_ORDER
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.exercises import minutes_per_day
from posture_tui.exports.body_map import handout_body_map, visit_body_map
from posture_tui.exports.document import (
    Block,
    Bullets,
    Document,
    Item,
    Paragraph,
    Section,
    Table,
)
from posture_tui.exports.figures import picture as exercise_picture
from posture_tui.exports.formats import DEFAULT_REVIEW_WEEKS
from posture_tui.exports.progress_handout import handout_progress
from posture_tui.exports.words import (
    PHASE_INTROS,
    PHASE_TITLES,
    client_dose,
    client_frequency,
    client_region,
    client_side,
    client_target,
    long_date,
    visit_date,
)
from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.compare import Comparison
from posture_tui.settings import NO_SETTINGS, ClinicSettings

SAFETY = (
    "Stop any exercise that causes sharp, shooting or increasing pain, numbness or tingling, "
    "and tell your therapist. Mild stretching discomfort is normal."
)
NOT_A_DIAGNOSIS = (
    "These are patterns in how you stand and move, not a diagnosis. Your therapist will check "
    "how they change at your next review."
)


def build_handout(
    client: Client,
    assessment: Assessment,
    knowledge: Knowledge,
    *,
    review_weeks: int = DEFAULT_REVIEW_WEEKS,
    comparison: Comparison | None = None,
    clinic: ClinicSettings = NO_SETTINGS,
) -> Document:
    """The client's handout for one assessment, built from its effective (edited) plan; with a
    comparison against an earlier visit, "Since your last visit" follows what was found."""
    day = visit_date(assessment)
    review = day + timedelta(weeks=review_weeks)
    meta = [
        ("Client", client.name),
        ("Date", long_date(day)),
        ("Therapist", clinic.therapist_name(assessment.therapist)),
        ("Next review", f"{long_date(review)} ({review_weeks} weeks after this visit)"),
    ]
    plan = assessment.effective_plan
    if plan.exercises and plan.postponed is None:
        meta.append(("Each day", f"about {minutes_per_day(knowledge, plan.exercises)} minutes"))
    if not assessment.is_signed:
        meta.append(("Status", "Draft: your therapist has not signed this plan yet"))
    sections = [_found_section(client, assessment, knowledge)]
    if comparison is not None:
        sections.append(handout_progress(comparison, knowledge))
    sections += _warnings(client, assessment, knowledge)
    sections += _program(assessment, knowledge)
    sections += _tick_log(assessment, knowledge, day)
    return Document(
        kind="handout",
        title=f"Your home exercise program: {client.name}",
        meta=meta,
        sections=sections,
        created=assessment.signed_at or assessment.updated,
        footer=f"{SAFETY} Next review: {long_date(review)}.{_call_us(clinic)}",
    )


def _call_us(clinic: ClinicSettings) -> str:
    """The sentence after the footer that says whom to call, from the clinic settings."""
    if clinic.phone:
        return f" Questions? Call {clinic.clinic_name or 'us'} on {clinic.phone}."
    return f" {clinic.clinic_name}." if clinic.clinic_name else ""


def _found_section(client: Client, assessment: Assessment, knowledge: Knowledge) -> Section:
    blocks: list[Block] = []
    summaries: list[str] = []
    for flag in assessment.analysis.flags:
        pattern = knowledge.patterns.get(flag.pattern)
        text = flag.summary or (pattern.summary if pattern else "")
        if text and text not in summaries:
            summaries.append(text)
    if summaries:
        blocks.append(Bullets(summaries))
        blocks.append(Paragraph(NOT_A_DIAGNOSIS, emphasis=True))
    else:
        blocks.append(
            Paragraph(
                "No particular posture pattern stood out at this visit. The exercises below "
                "help keep the changes from your treatment."
            )
        )
    pain = assessment.pain or client.pain
    if pain:
        where = ", ".join(
            f"{client_region(entry.region, knowledge)}"
            f"{f' ({entry.side.value})' if entry.side else ''}: {entry.score} out of 10"
            for entry in pain
        )
        blocks.append(Paragraph(f"Pain you told us about: {where}."))
    blocks += handout_body_map(visit_body_map(assessment, pain, knowledge))
    return Section("What we found", blocks)


def _warnings(client: Client, assessment: Assessment, knowledge: Knowledge) -> list[Section]:
    """Warning signs the knowledge base lists for the client's conditions (e.g. pregnancy)."""
    conditions = assessment.contraindications or client.contraindications
    sections: list[Section] = []
    for condition in dict.fromkeys(entry.id for entry in conditions):
        warning = knowledge.handout_warnings.get(condition)
        if warning is not None:
            blocks: list[Block] = [Paragraph(f"{warning.title}:"), Bullets(warning.signs)]
            sections.append(Section("When to stop", blocks))
    return sections


def _program(assessment: Assessment, knowledge: Knowledge) -> list[Section]:
    plan = assessment.effective_plan
    if plan.postponed is not None:
        return [
            Section(
                "Before we go on",
                [
                    Paragraph(
                        "Your therapist has postponed hands-on treatment and your home exercises "
                        "until you have seen a doctor. Please arrange this: "
                        f"{plan.postponed.referral}.",
                        emphasis=True,
                    ),
                    Paragraph("Your exercises will be set again once you have been cleared."),
                ],
            )
        ]
    exercises = plan.exercises
    if not exercises:
        return [
            Section(
                "Your exercises",
                [Paragraph("No home exercises were set at this visit.")],
            )
        ]
    sections: list[Section] = []
    number = 0
    for phase in PHASE_ORDER:
        in_phase = [exercise for exercise in exercises if exercise.phase is phase]
        if not in_phase:
            continue
        blocks: list[Block] = [Paragraph(PHASE_INTROS[phase])]
        for exercise in in_phase:
            number += 1
            blocks.append(
                Item(
                    number=number,
                    title=exercise.name,
                    fields=[
                        ("Works on", client_target(exercise, knowledge)),
                        ("Side", client_side(exercise.side)),
                        ("How much", client_dose(exercise.dose)),
                        ("How often", client_frequency(exercise.dose)),
                    ],
                    text=exercise.instruction,
                    picture=exercise_picture(exercise.id, exercise.name, knowledge),
                )
            )
        sections.append(Section(f"Step {len(sections) + 1}: {PHASE_TITLES[phase]}", blocks))
    return sections


LOG_DAYS = 14


def _tick_log(assessment: Assessment, knowledge: Knowledge, day: date) -> list[Section]:
    """Two weeks of boxes to tick, one row per exercise in the order of the program: a form
    the renderers keep whole on one page."""
    plan = assessment.effective_plan
    if plan.postponed is not None or not plan.exercises:
        return []
    ordered = [e for phase in PHASE_ORDER for e in plan.exercises if e.phase is phase]
    minutes = minutes_per_day(knowledge, plan.exercises)
    intro = (
        f"Tick a box each day you do an exercise; all of them together take about {minutes} "
        f"minutes a day. Day 1 is {long_date(day + timedelta(days=1))}. Bring this page to "
        "your next visit."
    )
    rows = [(f"{n}. {e.name}", *("" for _ in range(LOG_DAYS))) for n, e in enumerate(ordered, 1)]
    columns = ("Exercise", *(str(d) for d in range(1, LOG_DAYS + 1)))
    return [Section("Your two-week log", [Paragraph(intro), Table(columns, rows, form=True)])]

"""Analysis as plain text for a therapist: flags, layered plan, what was left out, home program."""

from __future__ import annotations

from collections.abc import Sequence

from posture_tui.domain.analysis import Analysis, Excluded, Exercise, Flag, Plan, Step
from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import LAYER_ORDER, PHASE_ORDER, Role, Side, severity_word
from posture_tui.knowledge.model import Knowledge

_LAYER_TITLES = {
    "fascia": "Fascia",
    "neuromuscular": "Neuromuscular",
    "cupping": "Cupping",
    "deep_tissue": "Deep tissue",
    "stretching": "Stretching",
}


def _side(side: Side | None) -> str:
    return f" ({side.value})" if side is not None else ""


def _evidence(knowledge: Knowledge, flag: Flag, findings: Sequence[Finding]) -> str:
    parts: list[str] = []
    for entry in flag.evidence:
        item = knowledge.checklist.get(entry)
        if item is None:
            definition = knowledge.measurements.get(entry)
            parts.append(f"{definition.label if definition else entry} (measurement)")
            continue
        recorded = [f for f in findings if f.item == entry and f.severity > 0]
        if recorded:
            detail = ", ".join(
                f"{f.side.value + ' ' if f.side else ''}{f.severity} {severity_word(f.severity)}"
                for f in recorded
            )
        else:
            detail = "from a measurement"
        parts.append(f"{item.label} [{detail}]")
    return "; ".join(parts)


def _flag_lines(knowledge: Knowledge, flag: Flag, findings: Sequence[Finding]) -> list[str]:
    lines = [
        f"* {flag.name} [{flag.pattern}]: {flag.strength_label} (strength {flag.strength:.2f})",
        f"    evidence: {_evidence(knowledge, flag, findings)}",
    ]
    for role in flag.roles:
        label = (
            knowledge.checklist[role.item].label if role.item in knowledge.checklist else role.item
        )
        lines.append(f"    {role.role}: {label}{_side(role.side)} - {role.why}")
    for kind in (Role.OVERACTIVE, Role.UNDERACTIVE):
        names = [
            f"{knowledge.muscle_name(m.muscle).lower()}{_side(m.side)}"
            for m in flag.muscles
            if m.role is kind
        ]
        if names:
            lines.append(f"    {kind.value}: {', '.join(names)}")
    lines += [f"    referral: {match.text}" for match in flag.referrals]
    lines += [f"    set aside: {entry.text}" for entry in flag.set_aside]
    return lines


def _target(knowledge: Knowledge, muscle: str | None, region: str | None) -> str:
    if muscle is not None:
        return knowledge.muscle_name(muscle)
    return f"{knowledge.region_name(region or '').lower()} region"


def _step_lines(knowledge: Knowledge, number: int, step: Step) -> list[str]:
    target = _target(knowledge, step.muscle, step.region)
    lines = [
        f"  {number:>2}. {knowledge.technique_name(step.technique)} - {target}"
        f"{_side(step.side)}, {step.minutes} min",
        f"      why: {step.reason}",
    ]
    if step.care:
        lines.append(f"      CARE: {step.care}")
    return lines


def _exercise_name(knowledge: Knowledge, exercise_id: str) -> str:
    definition = knowledge.exercises.get(exercise_id)
    return definition.name if definition else exercise_id


def _aim(knowledge: Knowledge, exercise: Exercise) -> str:
    """What the exercise works on: its muscle, else the pattern it integrates."""
    if exercise.muscle:
        return knowledge.muscle_name(exercise.muscle).lower()
    if exercise.pattern:
        pattern = knowledge.patterns.get(exercise.pattern)
        return pattern.name if pattern else exercise.pattern
    return ""


def _excluded_line(
    knowledge: Knowledge, entry: Excluded, name: str, *, exercise: bool = False
) -> str:
    where = (
        f" on the {_target(knowledge, entry.muscle, entry.region)}"
        if entry.muscle or entry.region
        else ""  # a whole-body (integrate) exercise aims at no one muscle or region
    )
    if entry.instead is None:
        instead = "nothing"
    elif exercise:
        instead = _exercise_name(knowledge, entry.instead)
    else:
        instead = knowledge.technique_name(entry.instead)
    reason = entry.reason.rstrip(". ")
    return f"  - {name}{where}{_side(entry.side)}: {reason}; instead: {instead}"


def _red_flag_lines(analysis: Analysis) -> list[str]:
    """RED FLAGS first: a postponed plan says so before anything else."""
    if not analysis.red_flags:
        return []
    lines = ["RED FLAGS"]
    postponed = analysis.plan.postponed
    if postponed is not None:
        lines += [
            "  POSTPONE HANDS-ON WORK AND REFER",
            f"  refer: {postponed.referral}",
            "  The home program is paused until the red flag is cleared.",
        ]
    for flag in analysis.red_flags:
        kind = "derived warning" if flag.derived else "red flag"
        lines.append(f"* {flag.name} [{flag.id}] ({kind}): {flag.why}")
        if flag.detail:
            lines.append(f"    {flag.detail}")
        if flag.override is not None:
            by = f" by {flag.override.by}" if flag.override.by else ""
            lines.append(f"    OVERRIDDEN{by}: {flag.override.reason}")
        else:
            lines.append(f"    refer: {flag.referral}")
    return [*lines, ""]


def _conflict_lines(analysis: Analysis) -> list[str]:
    """CONFLICTS TO RESOLVE: findings that cannot both be true, a muscle in both roles."""
    if not analysis.conflicts:
        return []
    lines = ["CONFLICTS TO RESOLVE"]
    lines += [f"* {conflict.text}" for conflict in analysis.conflicts]
    return [*lines, ""]


def course_lines(knowledge: Knowledge, plan: Plan) -> list[str]:
    """Each later visit of the course: its focus, muscles and reasons (also the TUI's c key)."""
    lines: list[str] = []
    for visit in plan.series:
        after = (
            " (after the re-assessment, if still needed)"
            if plan.reassess_at_visit is not None and visit.number > plan.reassess_at_visit
            else ""
        )
        focus = ", ".join(knowledge.focus_name(r) for r in visit.regions)
        lines.append(f"Visit {visit.number}{after}: {focus}")
        muscles = ", ".join(
            knowledge.muscle_name(t.muscle).lower() + _side(t.side) for t in visit.targets
        )
        lines.append(f"    muscles: {muscles}")
        lines += [f"    why: {reason}" for reason in visit.reasons]
    return lines


def _course_lines(knowledge: Knowledge, plan: Plan) -> list[str]:
    """The visits after this one, how often, and when to re-assess."""
    if not plan.series and plan.reassess_at_visit is None:
        return []
    title = f"COURSE ({plan.frequency}; re-assess at visit {plan.reassess_at_visit})"
    return ["", title, *(f"  {line}" for line in course_lines(knowledge, plan))]


def render_text(analysis: Analysis, knowledge: Knowledge, findings: Sequence[Finding] = ()) -> str:
    """The whole analysis as readable lines (no colour, no markup)."""
    lines: list[str] = [*_red_flag_lines(analysis), *_conflict_lines(analysis), "FLAGS"]
    if not analysis.flags:
        lines.append("  No pattern raised (no finding of severity 1 or more fits a pattern).")
    for flag in analysis.flags:
        lines += _flag_lines(knowledge, flag, findings)
    if analysis.derived:
        lines += ["", "FROM MEASUREMENTS"] + [f"  - {note}" for note in analysis.derived]
    if analysis.screen_candidates:
        lines += ["", "SCREEN FOR TRIGGER POINTS"]
        lines += [f"  - {candidate.text}" for candidate in analysis.screen_candidates]
    plan = analysis.plan
    focus = ", ".join(knowledge.focus_name(f) for f in plan.focus_regions) or "none"
    lines += [
        "",
        f"PLAN: visit {plan.visit_number}, focus {focus} "
        f"({plan.total_minutes} min hands-on of a {plan.session_minutes}-minute session, "
        "outside in)",
    ]
    if plan.note:
        lines.append(f"  {plan.note}")
    if plan.postponed is not None:
        lines.append(f"  POSTPONED: {plan.postponed.reason}")
    number = 0
    for n, layer in enumerate(LAYER_ORDER, start=1):
        steps = plan.steps_in(layer)
        lines.append(f" {n}. {_LAYER_TITLES.get(layer.value, layer.value)}")
        if not steps:
            lines.append("      (nothing in this layer)")
        for step in steps:
            number += 1
            lines += _step_lines(knowledge, number, step)
    lines += _course_lines(knowledge, plan)
    if plan.excluded:
        lines += ["", "LEFT OUT FOR SAFETY"]
        lines += [
            _excluded_line(knowledge, e, knowledge.technique_name(e.technique))
            for e in plan.excluded
        ]
    daily = f" (about {plan.program_minutes_per_day} min a day)" if plan.exercises else ""
    lines += ["", f"HOME PROGRAM{daily}"]
    if not plan.exercises:
        lines.append("  (no exercises)")
    for phase in PHASE_ORDER:
        chosen = [e for e in plan.exercises if e.phase is phase]
        if chosen:
            lines.append(f"  {phase.value.capitalize()}")
        for exercise in chosen:
            aim = _aim(knowledge, exercise)
            if exercise.side is not None:
                aim = f"{aim}, {exercise.side.value}"
            lines.append(f"    - {exercise.name} ({aim}): {exercise.dose.text()}")
            lines.append(f"      {exercise.instruction}")
    if plan.exercises_later:
        lines += ["", "TO ADD OR PROGRESS AT A LATER VISIT"]
        for exercise in plan.exercises_later:
            aim = _aim(knowledge, exercise)
            lines.append(f"  - {exercise.name} ({exercise.phase.value}, {aim})")
    if plan.excluded_exercises:
        lines += ["", "LEFT OUT OF THE HOME PROGRAM"]
        for entry in plan.excluded_exercises:
            name = _exercise_name(knowledge, entry.technique)
            lines.append(_excluded_line(knowledge, entry, name, exercise=True))
    return "\n".join(lines) + "\n"

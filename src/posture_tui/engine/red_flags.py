"""Red flags (CLINICAL.md 5.1): ticked at intake or derived from pain and conditions.

Any red flag that stands (not overridden with a written reason) postpones all hands-on work
and pauses the home program: the plan keeps every step and exercise, listed as left out with
the red flag and the referral, so nothing is dropped silently. Pain in a standing red flag's
regions is never explained as a trigger-point referral.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from posture_tui.domain.analysis import Excluded, Plan, Postponement, RedFlag
from posture_tui.domain.intake import MIN_REASON, ContraindicationEntry, Override, PainEntry
from posture_tui.engine.places import recorded_in
from posture_tui.knowledge.model import Knowledge


def valid_overrides(overrides: Sequence[Override]) -> dict[str, Override]:
    """Overrides that carry a written reason, by red-flag id (the last one counts)."""
    return {o.red_flag: o for o in overrides if len(o.reason.strip()) >= MIN_REASON}


def _flag(knowledge: Knowledge, flag_id: str, overrides: dict[str, Override]) -> RedFlag:
    condition = knowledge.contraindications[flag_id]
    return RedFlag(
        id=flag_id,
        name=condition.name,
        why=condition.why or condition.description,
        referral=condition.referral,
        override=overrides.get(flag_id),
    )


def find_red_flags(
    knowledge: Knowledge,
    pain: Sequence[PainEntry],
    entries: Sequence[ContraindicationEntry],
    overrides: Sequence[Override] = (),
) -> tuple[RedFlag, ...]:
    """Ticked red flags, then derived ones (a derived flag already ticked is not repeated)."""
    by_id = valid_overrides(overrides)
    flags: dict[str, RedFlag] = {}
    for entry in entries:
        condition = knowledge.contraindications.get(entry.id)
        if condition is not None and condition.red_flag and entry.id not in flags:
            flags[entry.id] = _flag(knowledge, entry.id, by_id)
    for derived in knowledge.derived_red_flags.values():
        if derived.id in flags or derived.id not in knowledge.contraindications:
            continue
        hurting = [p for p in pain if p.score > 0 and p.region in derived.pain_regions]
        risks = [
            entry
            for entry in entries
            for risk in derived.risks
            if risk.condition == entry.id
            and recorded_in(knowledge, entry, risk.regions, risk.parts)
        ]
        if not hurting or not risks:
            continue
        where = ", ".join(
            dict.fromkeys(
                (f"{p.side.value} " if p.side else "") + knowledge.region_name(p.region).lower()
                for p in hurting
            )
        )
        with_ = ", ".join(
            dict.fromkeys(knowledge.contraindications[e.id].name.lower() for e in risks)
        )
        detail = (
            f"{where} pain with {with_}: confirm (tick it at intake) or dismiss it with a "
            "reason; until then no hands-on work"
        )
        flags[derived.id] = evolve(_flag(knowledge, derived.id, by_id), derived=True, detail=detail)
    return tuple(flags.values())


def standing(flags: Sequence[RedFlag]) -> tuple[RedFlag, ...]:
    """The red flags not overridden."""
    return tuple(flag for flag in flags if flag.override is None)


def unexplained_pain(
    knowledge: Knowledge, flags: Sequence[RedFlag], pain: Sequence[PainEntry]
) -> tuple[PainEntry, ...]:
    """Pain a trigger-point referral may explain: none in a standing red flag's regions."""
    blocked = {
        region
        for flag in standing(flags)
        for region in knowledge.contraindications[flag.id].pain_regions
    }
    return tuple(entry for entry in pain if entry.region not in blocked)


def postponement(flags: Sequence[RedFlag]) -> Postponement | None:
    """ "Postpone hands-on work and refer", with each standing red flag's reason and referral."""
    active = standing(flags)
    if not active:
        return None
    return Postponement(
        reason="Postpone hands-on work and refer: "
        + "; ".join(f"{flag.name.lower()} ({flag.why.rstrip('.')})" for flag in active),
        referral="; ".join(f"{flag.name}: {flag.referral}" for flag in active),
        red_flags=tuple(flag.id for flag in active),
    )


def postpone(plan: Plan, postponed: Postponement) -> Plan:
    """The plan with every step and exercise listed as postponed; other exclusions kept."""
    names = postponed.red_flags[0]
    step_reason = f"postponed: red flag, refer first ({postponed.referral})"
    steps = [
        Excluded(
            technique=step.technique,
            reason=step_reason,
            instead=None,
            contraindication=names,
            muscle=step.muscle,
            region=step.region,
            side=step.side,
        )
        for step in plan.steps
    ]
    exercise_reason = "home program paused until the red flag is cleared"
    exercises = [
        Excluded(
            technique=exercise.id,
            reason=exercise_reason,
            instead=None,
            contraindication=names,
            muscle=exercise.muscle,
            region=None,
            side=exercise.side,
        )
        for exercise in plan.exercises
    ]
    return evolve(
        plan,
        steps=(),
        exercises=(),
        program_minutes_per_day=0,
        excluded=(*steps, *plan.excluded),
        excluded_exercises=(*exercises, *plan.excluded_exercises),
        postponed=postponed,
    )

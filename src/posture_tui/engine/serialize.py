"""Analysis to plain JSON-ready dicts: the `analyze --format json` shape (see the README)."""

from __future__ import annotations

from typing import Any

from posture_tui.domain.analysis import (
    Analysis,
    Excluded,
    Exercise,
    Flag,
    Plan,
    Postponement,
    RedFlag,
    ScreenCandidate,
    SeriesVisit,
    Step,
)
from posture_tui.domain.common import LAYER_ORDER, Side
from posture_tui.domain.dose import Dose
from posture_tui.domain.intake import Override


def _side(side: Side | None) -> str | None:
    return side.value if side is not None else None


def flag_to_json(flag: Flag) -> dict[str, Any]:
    return {
        "pattern": flag.pattern,
        "name": flag.name,
        "evidence": list(flag.evidence),
        "strength": flag.strength,
        "strength_label": flag.strength_label,
        "summary": flag.summary,
        "muscles": [
            {"muscle": m.muscle, "role": m.role.value, "side": _side(m.side)} for m in flag.muscles
        ],
        "roles": [
            {"item": r.item, "side": _side(r.side), "role": r.role, "why": r.why}
            for r in flag.roles
        ],
        "referrals": [
            {
                "muscle": r.muscle,
                "muscle_side": _side(r.muscle_side),
                "region": r.region,
                "pain_side": _side(r.pain_side),
                "score": r.score,
                "text": r.text,
            }
            for r in flag.referrals
        ],
        "set_aside": [
            {
                "muscle": a.muscle,
                "side": _side(a.side),
                "role": a.role.value,
                "item": a.item,
                "text": a.text,
            }
            for a in flag.set_aside
        ],
    }


def step_to_json(step: Step) -> dict[str, Any]:
    return {
        "technique": step.technique,
        "muscle": step.muscle,
        "region": step.region,
        "side": _side(step.side),
        "minutes": step.minutes,
        "reason": step.reason,
        "care": step.care,
    }


def excluded_to_json(excluded: Excluded, key: str = "technique") -> dict[str, Any]:
    return {
        key: excluded.technique,
        "reason": excluded.reason,
        "instead": excluded.instead,
        "contraindication": excluded.contraindication,
        "muscle": excluded.muscle,
        "region": excluded.region,
        "side": _side(excluded.side),
    }


def dose_to_json(dose: Dose) -> dict[str, Any]:
    return {
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_s": dose.hold_s,
        "frequency": dose.frequency,
        "tempo": dose.tempo,
        "text": dose.text(),
    }


def exercise_to_json(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "phase": exercise.phase.value,
        "muscle": exercise.muscle,
        "side": _side(exercise.side),
        "pattern": exercise.pattern,
        "dose": dose_to_json(exercise.dose),
        "instruction": exercise.instruction,
        "position": exercise.position,
        "loads": list(exercise.loads),
    }


def series_to_json(visit: SeriesVisit) -> dict[str, Any]:
    return {
        "visit": visit.number,
        "focus_regions": list(visit.regions),
        "targets": [
            {"muscle": t.muscle, "side": _side(t.side), "why": t.why} for t in visit.targets
        ],
        "reasons": list(visit.reasons),
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "session_minutes": plan.session_minutes,
        "total_minutes": plan.total_minutes,
        "visit": plan.visit_number,
        "focus_regions": list(plan.focus_regions),
        "note": plan.note,
        "series": [series_to_json(visit) for visit in plan.series],
        "frequency": plan.frequency,
        "reassess_at_visit": plan.reassess_at_visit,
        "postponed": postponed_to_json(plan.postponed),
        "layers": [
            {"layer": layer.value, "steps": [step_to_json(s) for s in plan.steps_in(layer)]}
            for layer in LAYER_ORDER
        ],
        "excluded": [excluded_to_json(e) for e in plan.excluded],
        "excluded_exercises": [excluded_to_json(e, "exercise") for e in plan.excluded_exercises],
    }


def override_to_json(override: Override | None) -> dict[str, Any] | None:
    if override is None:
        return None
    return {
        "red_flag": override.red_flag,
        "reason": override.reason,
        "by": override.by or None,
        "at": override.at.isoformat() if override.at is not None else None,
    }


def red_flag_to_json(flag: RedFlag) -> dict[str, Any]:
    return {
        "id": flag.id,
        "name": flag.name,
        "why": flag.why,
        "referral": flag.referral,
        "derived": flag.derived,
        "detail": flag.detail,
        "overridden": flag.override is not None,
        "override": override_to_json(flag.override),
    }


def postponed_to_json(postponed: Postponement | None) -> dict[str, Any] | None:
    if postponed is None:
        return None
    return {
        "reason": postponed.reason,
        "referral": postponed.referral,
        "red_flags": list(postponed.red_flags),
    }


def screen_candidate_to_json(candidate: ScreenCandidate) -> dict[str, Any]:
    return {
        "region": candidate.region,
        "side": _side(candidate.side),
        "score": candidate.score,
        "muscles": list(candidate.muscles),
        "text": candidate.text,
    }


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """The whole analysis as JSON-ready data: flags, plan, exercises and derived-finding notes."""
    return {
        "red_flags": [red_flag_to_json(flag) for flag in analysis.red_flags],
        "postponed": postponed_to_json(analysis.plan.postponed),
        "overrides": [
            override_to_json(flag.override) for flag in analysis.red_flags if flag.override
        ],
        "conflicts": [
            {
                "kind": c.kind,
                "items": list(c.items),
                "muscle": c.muscle,
                "side": _side(c.side),
                "text": c.text,
                "test": c.test,
            }
            for c in analysis.conflicts
        ],
        "flags": [flag_to_json(flag) for flag in analysis.flags],
        "derived": list(analysis.derived),
        "plan": plan_to_json(analysis.plan),
        "exercises": [exercise_to_json(e) for e in analysis.plan.exercises],
        "exercises_later": [exercise_to_json(e) for e in analysis.plan.exercises_later],
        "program_minutes_per_day": analysis.plan.program_minutes_per_day,
        "screen_candidates": [screen_candidate_to_json(c) for c in analysis.screen_candidates],
    }

"""Analysis to plain JSON-ready dicts: the `analyze --format json` shape (see the README)."""

from __future__ import annotations

from typing import Any

from posture_tui.domain.analysis import Analysis, Excluded, Exercise, Flag, Plan, Step
from posture_tui.domain.common import LAYER_ORDER, Side
from posture_tui.domain.dose import Dose


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
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "session_minutes": plan.session_minutes,
        "total_minutes": plan.total_minutes,
        "layers": [
            {"layer": layer.value, "steps": [step_to_json(s) for s in plan.steps_in(layer)]}
            for layer in LAYER_ORDER
        ],
        "excluded": [excluded_to_json(e) for e in plan.excluded],
        "excluded_exercises": [excluded_to_json(e, "exercise") for e in plan.excluded_exercises],
    }


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """The whole analysis as JSON-ready data: flags, plan, exercises and derived-finding notes."""
    return {
        "flags": [flag_to_json(flag) for flag in analysis.flags],
        "derived": list(analysis.derived),
        "plan": plan_to_json(analysis.plan),
        "exercises": [exercise_to_json(e) for e in analysis.plan.exercises],
    }

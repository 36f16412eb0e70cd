"""Entries of the knowledge base the engine can never reach (`posture-tui knowledge check`)."""

from __future__ import annotations

from posture_tui.knowledge.model import Knowledge


def unreached(kb: Knowledge) -> list[str]:
    """A line per entry nothing reaches: an exercise no muscle, pattern or exercise names; a
    technique the plan never takes (not first in its layer, not the settings' choice for
    trigger points or tight bands, not anything's replacement); a muscle no checklist item,
    pattern or referral zone implicates."""
    return [*_exercises(kb), *_techniques(kb), *_muscles(kb)]


def _exercises(kb: Knowledge) -> list[str]:
    named = {e for m in kb.muscles.values() for e in m.exercises}
    named |= {e for p in kb.patterns.values() for e in p.integrate}
    named |= {r for e in kb.exercises.values() for r in e.replacements}
    return [
        f"exercises.{exercise_id}: no muscle, pattern or exercise names it, so no home "
        "program includes it"
        for exercise_id in kb.exercises
        if exercise_id not in named
    ]


def _techniques(kb: Knowledge) -> list[str]:
    first: dict[str, str] = {}
    for technique in kb.techniques.values():
        first.setdefault(str(technique.layer), technique.id)
    chosen = kb.settings.techniques
    taken = {*first.values(), chosen.trigger_points, chosen.tight_bands}
    taken |= {t.replaced_by for t in kb.techniques.values() if t.replaced_by}
    taken |= {r.instead for t in kb.techniques.values() for r in t.rules if r.instead}
    return [
        f"techniques.{technique.id}: the plan never takes it (it takes the first technique of "
        f"its layer, {first[str(technique.layer)]}, and this one replaces none)"
        for technique in kb.techniques.values()
        if technique.id not in taken
    ]


def _muscles(kb: Knowledge) -> list[str]:
    implicated = {
        muscle
        for item in kb.checklist.values()
        for muscle in (
            *item.overactive,
            *item.underactive,
            *item.opposite_overactive,
            *item.opposite_underactive,
        )
    }
    implicated |= {pm.muscle for p in kb.patterns.values() for pm in p.muscles}
    implicated |= {m.id for m in kb.muscles.values() if m.referral_zones}
    return [
        f"muscles.{muscle_id}: no checklist item, pattern or referral zone implicates it, so "
        "no plan treats it"
        for muscle_id in kb.muscles
        if muscle_id not in implicated
    ]

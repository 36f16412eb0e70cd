"""Lookup tables derived once per Knowledge, so each analysis does no repeated scanning."""

from __future__ import annotations

import re
import weakref
from collections import defaultdict

from attrs import frozen

from posture_tui.domain.common import Layer, Phase
from posture_tui.knowledge.model import (
    Compensation,
    Knowledge,
    MeasurementRule,
    Pattern,
    Technique,
    TechniqueRule,
)


@frozen
class KnowledgeIndex:
    """Derived views of one Knowledge object."""

    pattern_order: tuple[Pattern, ...]  # base patterns before those that require others
    rules_by_measurement: dict[str, tuple[MeasurementRule, ...]]
    compensations_by_item: dict[str, tuple[Compensation, ...]]
    techniques_by_layer: dict[Layer, tuple[Technique, ...]]
    exercises_by_muscle: dict[str, dict[Phase, tuple[str, ...]]]
    muscles_by_zone: dict[str, tuple[str, ...]]
    # technique id -> condition id -> that technique's rules for the condition, in file order
    rules_by_condition: dict[str, dict[str, tuple[TechniqueRule, ...]]]
    # finding and measurement ids an older stored text may hold, and their labels
    labels_by_id: dict[str, str]
    label_ids: re.Pattern[str] | None  # matches any of them as a whole word


_CACHE: dict[int, tuple[weakref.ref[Knowledge], KnowledgeIndex]] = {}


def index_for(knowledge: Knowledge) -> KnowledgeIndex:
    """The index of `knowledge`, built on first use and reused while the object lives."""
    key = id(knowledge)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is knowledge:
        return cached[1]
    built = _build(knowledge)
    for stale in [k for k, (ref, _) in _CACHE.items() if ref() is None]:
        del _CACHE[stale]
    _CACHE[key] = (weakref.ref(knowledge), built)
    return built


def _whole_words(words: dict[str, str]) -> re.Pattern[str] | None:
    """A pattern matching any of the words as a whole word, the longest first."""
    if not words:
        return None
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\b({alternatives})\b")


def _pattern_order(knowledge: Knowledge) -> tuple[Pattern, ...]:
    """Patterns ordered so each comes after the patterns it requires (else file order)."""
    ordered: list[Pattern] = []
    placed: set[str] = set()
    remaining = list(knowledge.patterns.values())
    while remaining:
        ready = [
            p
            for p in remaining
            if all(r in placed or r not in knowledge.patterns for r in p.rule.requires_patterns)
        ]
        if not ready:  # a cycle: the loader refuses these, but never loop forever
            ready = remaining[:1]
        for pattern in ready:
            ordered.append(pattern)
            placed.add(pattern.id)
        remaining = [p for p in remaining if p.id not in placed]
    return tuple(ordered)


def _build(knowledge: Knowledge) -> KnowledgeIndex:
    rules: defaultdict[str, list[MeasurementRule]] = defaultdict(list)
    for rule in knowledge.measurement_rules:
        rules[rule.measurement].append(rule)
    compensations: defaultdict[str, list[Compensation]] = defaultdict(list)
    for comp in knowledge.compensations:
        compensations[comp.item].append(comp)
    by_layer: dict[Layer, list[Technique]] = {layer: [] for layer in Layer}
    for technique in knowledge.techniques.values():
        by_layer[technique.layer].append(technique)
    exercises: dict[str, dict[Phase, tuple[str, ...]]] = {}
    zones: defaultdict[str, list[str]] = defaultdict(list)
    for muscle in knowledge.muscles.values():
        phases: defaultdict[Phase, list[str]] = defaultdict(list)
        for exercise_id in muscle.exercises:
            exercise = knowledge.exercises.get(exercise_id)
            if exercise is not None:
                phases[exercise.phase].append(exercise_id)
        exercises[muscle.id] = {phase: tuple(ids) for phase, ids in phases.items()}
        for zone in muscle.referral_zones:
            zones[zone].append(muscle.id)
    by_condition: dict[str, dict[str, tuple[TechniqueRule, ...]]] = {}
    for technique in knowledge.techniques.values():
        grouped: defaultdict[str, list[TechniqueRule]] = defaultdict(list)
        for cell in technique.rules:
            grouped[cell.condition].append(cell)
        by_condition[technique.id] = {k: tuple(v) for k, v in grouped.items()}
    labels = {
        **{key: item.label for key, item in knowledge.checklist.items() if "_" in key},
        **{key: item.label for key, item in knowledge.measurements.items() if "_" in key},
    }
    return KnowledgeIndex(
        rules_by_condition=by_condition,
        pattern_order=_pattern_order(knowledge),
        rules_by_measurement={k: tuple(v) for k, v in rules.items()},
        compensations_by_item={k: tuple(v) for k, v in compensations.items()},
        techniques_by_layer={k: tuple(v) for k, v in by_layer.items()},
        exercises_by_muscle=exercises,
        muscles_by_zone={k: tuple(v) for k, v in zones.items()},
        labels_by_id=labels,
        label_ids=_whole_words(labels),
    )

"""Turn the merged raw sections into the typed knowledge model, checking shapes and enums."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from posture_tui.domain.common import MAX_SEVERITY, Layer, Phase, Role
from posture_tui.domain.dose import Dose
from posture_tui.knowledge.model import (
    VIEWS,
    ChecklistItem,
    Compensation,
    Contraindication,
    ExerciseDef,
    MeasurementDef,
    MeasurementRule,
    Muscle,
    PainRegion,
    Pattern,
    PatternMuscle,
    PatternRule,
    Technique,
    TechniqueRule,
)
from posture_tui.knowledge.reader import Node

T = TypeVar("T")

ITEM_VIEWS = tuple(view for view in VIEWS if view != "measurements")
PLANES = ("sagittal", "frontal", "transverse", "movement")
RELATIONS = ("same_side", "opposite_side", "any")
MODES = ("exclude", "care")
OPPOSITE = "opposite:"


def keyed(section: Node | None, build: Callable[[Node], T]) -> dict[str, T]:
    if section is None:
        return {}
    return {entry.key: build(entry) for entry in section.entries()}


def checklist_item(node: Node) -> ChecklistItem:
    node.only(
        "view", "label", "prompt", "hint", "sided", "plane", "regions", "overactive", "underactive"
    )
    return ChecklistItem(
        id=node.key,
        view=node.choice("view", ITEM_VIEWS),
        label=node.text("label"),
        prompt=node.text("prompt"),
        hint=node.text("hint"),
        sided=node.flag("sided"),
        plane=node.choice("plane", PLANES, "sagittal"),
        regions=node.texts("regions", "region"),
        overactive=node.texts("overactive", "muscle"),
        underactive=node.texts("underactive", "muscle"),
    )


def measurement(node: Node) -> MeasurementDef:
    node.only("label", "unit", "hint", "kind", "choices", "minimum", "maximum")
    kind = node.choice("kind", ("number", "choice"), "number")
    choices = node.texts("choices")
    minimum, maximum = node.opt_number("minimum"), node.opt_number("maximum")
    if kind == "choice" and not choices:
        node.fail("choices", "a choice measurement needs at least one choice")
    if kind == "number" and choices:
        node.fail("choices", "only a choice measurement has choices")
    if minimum is not None and maximum is not None and minimum >= maximum:
        node.fail("maximum", "must be greater than minimum")
    return MeasurementDef(
        id=node.key,
        label=node.text("label"),
        unit=node.text("unit", "", empty_ok=True),
        hint=node.text("hint"),
        kind=kind,
        choices=choices,
        minimum=minimum,
        maximum=maximum,
    )


def measurement_rule(node: Node) -> MeasurementRule:
    node.only("measurement", "item", "below", "at_least", "severity", "text")
    below, at_least = node.opt_number("below"), node.opt_number("at_least")
    if (below is None) == (at_least is None):
        node.fail(None, "give exactly one of `below` or `at_least`")
    return MeasurementRule(
        measurement=node.ref("measurement", "measurement"),
        item=node.ref("item", "item"),
        below=below,
        at_least=at_least,
        severity=node.integer("severity", 1, minimum=1, maximum=MAX_SEVERITY),
        text=node.text("text", "", empty_ok=True),
    )


def pattern_rule(node: Node) -> PatternRule:
    node.only(
        "core",
        "min_core",
        "required",
        "supporting",
        "excludes",
        "requires_patterns",
        "sided_pool",
        "min_sided",
        "supporting_measurements",
    )
    rule = PatternRule(
        core=node.texts("core", "item"),
        min_core=node.integer("min_core", 0, minimum=0),
        required=node.texts("required", "item"),
        supporting=node.texts("supporting", "item"),
        excludes=node.texts("excludes", "item"),
        requires_patterns=node.texts("requires_patterns", "pattern"),
        sided_pool=node.texts("sided_pool", "sided_item"),
        min_sided=node.integer("min_sided", 0, minimum=0),
        supporting_measurements=node.texts("supporting_measurements", "measurement"),
    )
    if rule.min_core > len(rule.core):
        node.fail("min_core", f"asks for {rule.min_core} of only {len(rule.core)} core items")
    if rule.min_sided > len(rule.sided_pool):
        node.fail("min_sided", f"asks for {rule.min_sided} of {len(rule.sided_pool)} items")
    if not (rule.min_core or rule.required or rule.requires_patterns or rule.min_sided):
        node.fail(
            None, "needs min_core, required, requires_patterns or min_sided (or it always fires)"
        )
    clash = set(rule.excludes) & (set(rule.core) | set(rule.required))
    if clash:
        node.fail("excludes", f"also lists as core or required: {', '.join(sorted(clash))}")
    return rule


def pattern_muscle(node: Node) -> PatternMuscle:
    node.only("muscle", "role", "side_from")
    side_from = node.texts("side_from")
    for index, entry in enumerate(side_from):
        node.ctx.refs.append(
            ("sided_item", entry.removeprefix(OPPOSITE), (*node.path, "side_from", f"[{index}]"))
        )
    return PatternMuscle(
        muscle=node.ref("muscle", "muscle"), role=node.enum("role", Role), side_from=side_from
    )


def pattern_muscles(node: Node) -> tuple[PatternMuscle, ...]:
    muscles = []
    seen: set[tuple[str, Role]] = set()
    for entry in node.tables("muscles"):
        muscle = pattern_muscle(entry)
        if (muscle.muscle, muscle.role) in seen:
            entry.fail("muscle", f"'{muscle.muscle}' is already listed as {muscle.role}")
        seen.add((muscle.muscle, muscle.role))
        muscles.append(muscle)
    return tuple(muscles)


def pattern(node: Node) -> Pattern:
    node.only("name", "summary", "source", "rule", "muscles", "integrate")
    integrate = node.texts("integrate")
    for index, exercise in enumerate(integrate):
        node.ctx.refs.append(
            ("integrate_exercise", exercise, (*node.path, "integrate", f"[{index}]"))
        )
    return Pattern(
        id=node.key,
        name=node.text("name"),
        summary=node.text("summary"),
        source=node.text("source"),
        rule=pattern_rule(node.table("rule")),
        muscles=pattern_muscles(node),
        integrate=integrate,
    )


def dose(node: Node) -> Dose:
    node.only("sets", "reps", "hold_s", "tempo", "frequency")
    result = Dose(
        sets=node.integer("sets", minimum=1),
        frequency=node.text("frequency"),
        reps=node.opt_integer("reps", minimum=1),
        hold_s=node.opt_integer("hold_s", minimum=1),
        tempo=node.text("tempo", "", empty_ok=True),
    )
    if result.reps is None and result.hold_s is None:
        node.fail(None, "a dose needs reps or hold_s (or both)")
    return result


def program_limit(node: Node) -> int:
    """`[program.PHASE] max_exercises = N`: the most exercises of that phase in a program."""
    node.only("max_exercises")
    if node.key not in {phase.value for phase in Phase}:
        known = ", ".join(phase.value for phase in Phase)
        node.fail(None, f"'{node.key}' is not a phase (one of: {known})")
    return node.integer("max_exercises", minimum=1, maximum=50)


def exercise(node: Node, doses: dict[str, Dose]) -> ExerciseDef:
    node.only("name", "phase", "dose", "instruction")
    raw = node.data.get("dose")
    if isinstance(raw, str):
        if raw not in doses:
            known = ", ".join(sorted(doses)) or "none defined"
            node.fail("dose", f"unknown dose preset '{raw}' (presets: {known})")
        chosen = doses[raw]
    else:
        chosen = dose(node.table("dose"))
    return ExerciseDef(
        id=node.key,
        name=node.text("name"),
        phase=node.enum("phase", Phase),
        dose=chosen,
        instruction=node.text("instruction"),
    )


def muscle(node: Node) -> Muscle:
    node.only("name", "region", "referral_zones", "exercises", "endangerment")
    exercises = node.texts("exercises")
    for index, entry in enumerate(exercises):
        node.ctx.refs.append(("muscle_exercise", entry, (*node.path, "exercises", f"[{index}]")))
    return Muscle(
        id=node.key,
        name=node.text("name"),
        region=node.ref("region", "region"),
        referral_zones=node.texts("referral_zones", "region"),
        exercises=exercises,
        endangerment=node.text("endangerment", "", empty_ok=True),
    )


def technique_rule(node: Node) -> TechniqueRule:
    node.only("condition", "mode", "reason", "instead", "in_region")
    instead = node.opt_text("instead")
    if instead is not None:
        node.ctx.refs.append(("technique", instead, (*node.path, "instead")))
    in_region = node.flag("in_region", False)
    condition = node.ref("condition", "condition")
    if in_region:
        node.ctx.refs.append(("regional_condition", condition, (*node.path, "condition")))
    return TechniqueRule(
        condition=condition,
        mode=node.choice("mode", MODES),
        reason=node.text("reason"),
        instead=instead,
        in_region=in_region,
    )


def technique(node: Node) -> Technique:
    node.only("name", "layer", "minutes", "description", "rules", "never_regions", "never_sites")
    rules = tuple(technique_rule(entry) for entry in node.tables("rules"))
    for index, rule in enumerate(rules):
        if rule.instead == node.key:
            node.ctx.fail((*node.path, "rules", f"[{index}]", "instead"), "cannot replace itself")
    return Technique(
        id=node.key,
        name=node.text("name"),
        layer=node.enum("layer", Layer),
        minutes=node.integer("minutes", minimum=1, maximum=120),
        description=node.text("description", "", empty_ok=True),
        rules=rules,
        never_regions=node.texts("never_regions", "region"),
        never_sites=node.texts("never_sites", "site"),
    )


PARTS = ("head", "neck", "trunk", "arm", "leg")


def pain_region(node: Node) -> PainRegion:
    node.only("name", "client_name", "part", "distal", "site")
    return PainRegion(
        id=node.key,
        name=node.text("name"),
        client_name=node.text("client_name", "", empty_ok=True),
        part=node.choice("part", PARTS, "trunk"),
        distal=node.texts("distal", "region"),
        site=node.text("site", "", empty_ok=True),
    )


def contraindication(node: Node) -> Contraindication:
    node.only("name", "has_region", "description")
    return Contraindication(
        id=node.key,
        name=node.text("name"),
        has_region=node.flag("has_region"),
        description=node.text("description", "", empty_ok=True),
    )


def compensation(node: Node) -> Compensation:
    node.only("item", "compensates_for", "relation", "why")
    relation = node.choice("relation", RELATIONS)
    kind = "item" if relation == "any" else "sided_item"
    item = node.ref(kind, "item")
    compensates_for = node.ref(kind, "compensates_for")
    if item == compensates_for:
        node.fail("compensates_for", "an item cannot compensate for itself")
    return Compensation(
        item=item, compensates_for=compensates_for, relation=relation, why=node.text("why")
    )

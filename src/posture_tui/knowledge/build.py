"""Turn the merged raw sections into the typed knowledge model.

Each entry is structured by the one strict converter from its model class (which says the keys,
types, ranges and ids a file may write); what is left here is what one field cannot say alone:
a rule between fields, an id whose kind depends on another field, a default that depends on
the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import attrs
from attrs import evolve, frozen

from posture_tui.domain.common import Phase
from posture_tui.domain.dose import Dose
from posture_tui.domain.limits import ID_LENGTH
from posture_tui.knowledge.model import (
    BodyRegion,
    ChecklistItem,
    Compensation,
    Contraindication,
    DerivedRedFlag,
    ExerciseDef,
    ExerciseRule,
    FindingConflict,
    HandoutWarning,
    HomeProgramSettings,
    MeasurementDef,
    MeasurementRule,
    Muscle,
    PainRegion,
    Pattern,
    PatternRule,
    Settings,
    Site,
    Technique,
    TechniqueRule,
)
from posture_tui.knowledge.reader import Node, structure_node
from posture_tui.structuring.rules import Range, Ref

T = TypeVar("T")

OPPOSITE = "opposite:"


def keyed(section: Node | None, build: Callable[[Node], T]) -> dict[str, T]:
    if section is None:
        return {}
    return {entry.key: build(entry) for entry in section.entries()}


def checklist_item(node: Node) -> ChecklistItem:
    item = structure_node(node, ChecklistItem, "id")
    for over, under in (
        ("overactive", "underactive"),
        ("opposite_overactive", "opposite_underactive"),
    ):
        clash = sorted(set(getattr(item, over)) & set(getattr(item, under)))
        if clash:
            node.fail(under, f"also lists as {over} (one role per muscle): {', '.join(clash)}")
    return item


def measurement(node: Node) -> MeasurementDef:
    if len(node.key) > ID_LENGTH:
        node.fail(None, f"a measurement id is at most {ID_LENGTH} characters")
    built = structure_node(node, MeasurementDef, "id")
    if built.kind == "choice" and not built.choices:
        node.fail("choices", "a choice measurement needs at least one choice")
    if built.kind == "number" and built.choices:
        node.fail("choices", "only a choice measurement has choices")
    if built.minimum is not None and built.maximum is not None and built.minimum >= built.maximum:
        node.fail("maximum", "must be greater than minimum")
    if built.better is not None and built.kind != "number":
        node.fail(
            "better", "only a number measurement has a better direction (a choice has scores)"
        )
    if built.kind == "number" and ("normal" in node.data or "scores" in node.data):
        node.fail(
            "normal" if "normal" in node.data else "scores", "only a choice measurement has this"
        )
    if built.normal is not None and built.normal not in built.choices:
        node.fail("normal", f"'{built.normal}' is not one of: {', '.join(built.choices)}")
    if built.kind == "choice" and built.normal is None:
        node.fail("normal", "a choice measurement names the choice that means nothing was found")
    for choice, _ in built.scores:
        if choice not in built.choices:
            node.ctx.fail(
                (*node.path, "scores", choice),
                f"'{choice}' is not one of the choices: {', '.join(built.choices)}",
            )
    return built


def measurement_rule(node: Node) -> MeasurementRule:
    rule = structure_node(node, MeasurementRule)
    if (rule.below is None) == (rule.at_least is None):
        node.fail(None, "give exactly one of `below` or `at_least`")
    return rule


def pattern_rule(node: Node, rule: PatternRule) -> None:
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


def pattern(node: Node) -> Pattern:
    built = structure_node(node, Pattern, "id")
    pattern_rule(Node(node.ctx, (*node.path, "rule"), {}), built.rule)
    seen: set[tuple[str, str]] = set()
    for index, muscle in enumerate(built.muscles):
        where = Node(node.ctx, (*node.path, "muscles", f"[{index}]"), {})
        if (muscle.muscle, muscle.role) in seen:
            where.fail("muscle", f"'{muscle.muscle}' is already listed as {muscle.role}")
        seen.add((muscle.muscle, muscle.role))
        for position, entry in enumerate(muscle.side_from):
            path = (*where.path, "side_from", f"[{position}]")
            node.ctx.refs.append(("sided_item", entry.removeprefix(OPPOSITE), path))
        if muscle.only_with_side and not muscle.side_from:
            where.fail("only_with_side", "needs side_from to take a side from")
    return built


def dose(node: Node) -> Dose:
    built = structure_node(node, Dose)
    if built.reps is None and built.hold_s is None:
        node.fail(None, "a dose needs reps or hold_s (or both)")
    return built


@frozen
class ProgramLimit:
    """`[program.PHASE] max_exercises = N`: the most exercises of that phase in a program."""

    max_exercises: Annotated[int, Range(1, 50)]


def program_limit(node: Node) -> int:
    if node.key not in {phase.value for phase in Phase}:
        known = ", ".join(phase.value for phase in Phase)
        node.fail(None, f"'{node.key}' is not a phase (one of: {known})")
    return structure_node(node, ProgramLimit).max_exercises


def exercise(node: Node, doses: dict[str, Dose]) -> ExerciseDef:
    raw = node.data.get("dose")
    preset = doses.get(raw) if isinstance(raw, str) else None
    if isinstance(raw, str) and preset is None:
        known = ", ".join(sorted(doses)) or "none defined"
        node.fail("dose", f"unknown dose preset '{raw}' (presets: {known})")
    if isinstance(raw, dict):
        dose(Node(node.ctx, (*node.path, "dose"), raw))  # a dose's own rule between fields
    # a preset is already a dose: structure the entry with it in place
    data = {**node.data, "dose": attrs.asdict(preset)} if preset is not None else node.data
    built = structure_node(Node(node.ctx, node.path, data), ExerciseDef, "id")
    if "self_pressure" in built.loads and not built.pressure_regions:
        node.fail("loads", "self_pressure needs the pressure_regions it presses on")
    if built.pressure_regions and "self_pressure" not in built.loads:
        node.fail("pressure_regions", "only an exercise with the self_pressure load has them")
    if node.key in built.replacements:
        node.fail("replacements", "an exercise cannot replace itself")
    return built


def exercise_rule(node: Node) -> ExerciseRule:
    """`[[exercise_rules]]`: a home exercise a condition rules out (CLINICAL.md 5.5)."""
    rule = structure_node(node, ExerciseRule)
    if not (
        rule.positions
        or rule.loads
        or rule.pressure_regions
        or rule.load_regions
        or rule.pressure_in_region
        or rule.loads_in_region
    ):
        node.fail(None, "names nothing it rules out (positions, loads, pressure or region)")
    if rule.extent != "region" and not (rule.pressure_in_region or rule.loads_in_region):
        node.fail("extent", "widens the condition's region, so needs an in-region criterion")
    return rule


def handout_warning(node: Node) -> HandoutWarning:
    """`[handout_warnings.CONDITION]`: signs printed on the handout of a client with it."""
    built = structure_node(node, HandoutWarning, "condition")
    node.ctx.refs.append(("condition", node.key, node.path))
    if not built.signs:
        node.fail("signs", "list at least one sign")
    return built


SHIPPED_MUSCLES = "muscles.toml"  # the shipped file's name as the loader records it


def muscle(node: Node) -> Muscle:
    built = structure_node(node, Muscle, "id")
    # A clinic's own muscle may go without (the handout then names its region); a shipped one
    # may not: the client handout never prints a Latin name.
    if not built.lay_name and node.ctx.locate((*node.path, "name"))[0] == SHIPPED_MUSCLES:
        node.fail("lay_name", "missing required key (the muscle in a client's words)")
    return built


def technique_rule(node: Node, rule: TechniqueRule) -> None:
    """One matrix cell's rules between fields."""
    if rule.in_region or rule.place != "everywhere":
        node.ctx.refs.append(("regional_condition", rule.condition, (*node.path, "condition")))


@frozen
class _MatrixTechniques:
    """The techniques one safety.toml row applies to."""

    techniques: Annotated[tuple[str, ...], Ref("technique")] = ()


def matrix_row(node: Node) -> list[tuple[str, TechniqueRule]]:
    """A safety.toml row: one rule for each technique it names."""
    named = {"techniques": node.data["techniques"]} if "techniques" in node.data else {}
    techniques = structure_node(Node(node.ctx, node.path, named), _MatrixTechniques).techniques
    if not techniques:
        node.fail("techniques", "name at least one technique")
    cell = {key: value for key, value in node.data.items() if key != "techniques"}
    rule = structure_node(Node(node.ctx, node.path, cell), TechniqueRule)
    technique_rule(node, rule)
    return [(technique_id, rule) for technique_id in techniques]


def technique(node: Node) -> Technique:
    built = structure_node(node, Technique, "id")
    for index, rule in enumerate(built.rules):
        technique_rule(Node(node.ctx, (*node.path, "rules", f"[{index}]"), {}), rule)
    minutes = built.minutes
    if built.min_minutes is not None and built.min_minutes > minutes:
        node.fail("min_minutes", f"is more than the typical {minutes} minutes")
    if built.most_minutes is not None and built.most_minutes < minutes:
        node.fail("most_minutes", f"is less than the typical {minutes} minutes")
    first_visit = built.first_visit_minutes
    if first_visit is not None and first_visit > minutes:
        node.fail("first_visit_minutes", f"is more than the typical {minutes} minutes")
    first_visit_most = built.first_visit_most_minutes
    if first_visit_most is not None:
        if first_visit is None:
            node.fail("first_visit_most_minutes", "needs first_visit_minutes")
        elif first_visit_most < first_visit:
            node.fail("first_visit_most_minutes", f"is less than the first visit's {first_visit}")
        elif first_visit_most > (built.most_minutes or minutes):
            node.fail("first_visit_most_minutes", "is more than the most_minutes")
    if built.replaced_by == node.key:
        node.fail("replaced_by", "cannot replace itself")
    for index, rule in enumerate(built.rules):
        if rule.instead == node.key:
            node.ctx.fail((*node.path, "rules", f"[{index}]", "instead"), "cannot replace itself")
    return built


def site(node: Node) -> Site:
    return structure_node(node, Site, "id")


def derived_red_flag(node: Node) -> DerivedRedFlag:
    node.ctx.refs.append(("red_flag", node.key, node.path))
    return structure_node(node, DerivedRedFlag, "id")


def pain_region(node: Node) -> PainRegion:
    return structure_node(node, PainRegion, "id")


def body_region(node: Node) -> BodyRegion:
    return structure_node(node, BodyRegion, "id")


def contraindication(node: Node) -> Contraindication:
    built = structure_node(node, Contraindication, "id")
    if built.red_flag and "referral" not in node.data:
        node.fail("referral", "a red flag needs a referral (where to send the client)")
    return evolve(built, has_region="region" in built.details)


def compensation(node: Node) -> Compensation:
    built = structure_node(node, Compensation)
    kind = "item" if built.relation == "any" else "sided_item"
    for key in ("item", "compensates_for"):
        node.ctx.refs.append((kind, getattr(built, key), (*node.path, key)))
    if built.item == built.compensates_for:
        node.fail("compensates_for", "an item cannot compensate for itself")
    return built


def finding_conflict(node: Node) -> FindingConflict:
    """`[[finding_conflicts]]`: two checklist items that cannot both be true."""
    built = structure_node(node, FindingConflict)
    kind = "sided_item" if built.same_side else "item"
    for index, item in enumerate(built.items):
        node.ctx.refs.append((kind, item, (*node.path, "items", f"[{index}]")))
    if len(built.items) != 2:
        node.fail("items", f"names {len(built.items)} checklist items; a conflict is a pair")
    return built


def settings(section: Node | None) -> Settings:
    """`[settings.*]`: the planner's numbers, each table's defaults where a file says nothing."""
    if section is None:
        return Settings()
    built = structure_node(section, Settings)
    session, home = section.data.get("session"), section.data.get("home_program")
    if isinstance(session, dict) and session.get("regions") == []:
        section.ctx.fail(
            (*section.path, "session", "regions"), "list at least one band of session lengths"
        )
    for index, band in enumerate(built.session.regions):
        if band.most < band.regions:
            where = (*section.path, "session", "regions", f"[{index}]", "most")
            section.ctx.fail(where, f"is fewer than the {band.regions} regions it allows")
    course = built.course
    if course.reassess_latest < course.reassess_earliest:
        section.ctx.fail(
            (*section.path, "course", "reassess_latest"),
            f"is before reassess_earliest ({course.reassess_earliest})",
        )
    if isinstance(home, dict) and home.get("slots") == []:  # an empty list keeps the default
        built = evolve(
            built, home_program=evolve(built.home_program, slots=HomeProgramSettings().slots)
        )
    program = built.home_program
    if program.fewest > len(program.slots):
        where = (*section.path, "home_program", "fewest")
        section.ctx.fail(where, f"is more than the {len(program.slots)} slots")
    _photos(section, built)
    return built


def _photos(section: Node, built: Settings) -> None:
    from posture_tui.photos.names import MEASURE_NAMES  # the measures a photo gives

    photos, path = built.photos, (*section.path, "photos")
    if not 0 < photos.min_visibility < 1:
        section.ctx.fail((*path, "min_visibility"), "must be between 0 and 1")
    if not 0.5 < photos.eye_to_ankle_share < 1:
        section.ctx.fail((*path, "eye_to_ankle_share"), "must be between 0.5 and 1")
    for table, pairs in (("fills", photos.fills), ("better", photos.better)):
        for measure, value in pairs:
            if measure not in MEASURE_NAMES:
                section.ctx.fail(
                    (*path, table, measure),
                    f"not a photo measure (one of: {', '.join(MEASURE_NAMES)})",
                )
            if table == "fills":
                section.ctx.refs.append(("measurement", value, (*path, table, measure)))

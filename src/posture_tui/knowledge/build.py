"""Turn the merged raw sections into the typed knowledge model, checking shapes and enums."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from attrs import evolve

from posture_tui.domain.common import MAX_SEVERITY, Layer, Phase, Role
from posture_tui.domain.dose import Dose
from posture_tui.domain.limits import ID_LENGTH
from posture_tui.knowledge.model import (
    DETAILS,
    VIEWS,
    BodyRegion,
    ChecklistItem,
    Compensation,
    Contraindication,
    CourseSettings,
    DerivedRedFlag,
    DerivedRisk,
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
    PatternMuscle,
    PatternRule,
    PhotoSettings,
    RegionCount,
    SessionSettings,
    Settings,
    Site,
    Technique,
    TechniqueChoice,
    TechniqueRule,
)
from posture_tui.knowledge.reader import Node

T = TypeVar("T")

ITEM_VIEWS = tuple(view for view in VIEWS if view != "measurements")
PLANES = ("sagittal", "frontal", "transverse", "movement")
RELATIONS = ("same_side", "opposite_side", "any")
MODES = ("exclude", "care")
PARTS = ("head", "neck", "trunk", "arm", "leg")
# CLINICAL.md 5.5: where a home exercise is done and what it loads. Besides the contract's loads,
# `trunk_curl` is a curl-up or crunch (trunk lifted against gravity) and `spinal_roll` is body
# weight on a foam roller or balls along the spine.
POSITIONS = ("standing", "seated", "supine", "prone", "side_lying", "quadruped", "kneeling")
LOADS = (
    "spinal_flexion",
    "spinal_rotation",
    "trunk_curl",
    "spinal_roll",
    "self_pressure",
    "isometric_hold",
    "breath_hold",
    "head_down",
    "impact",
)
EXTENTS = ("region", "distal", "limb")
OPPOSITE = "opposite:"
PHOTO_BETTER = ("zero", "higher", "lower")


def keyed(section: Node | None, build: Callable[[Node], T]) -> dict[str, T]:
    if section is None:
        return {}
    return {entry.key: build(entry) for entry in section.entries()}


def checklist_item(node: Node) -> ChecklistItem:
    node.only(
        "view",
        "label",
        "prompt",
        "hint",
        "sided",
        "plane",
        "regions",
        "overactive",
        "underactive",
        "opposite_overactive",
        "opposite_underactive",
    )
    for over, under in (
        ("overactive", "underactive"),
        ("opposite_overactive", "opposite_underactive"),
    ):
        clash = sorted(set(node.texts(over)) & set(node.texts(under)))
        if clash:
            node.fail(under, f"also lists as {over} (one role per muscle): {', '.join(clash)}")
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
        opposite_overactive=node.texts("opposite_overactive", "muscle"),
        opposite_underactive=node.texts("opposite_underactive", "muscle"),
    )


def measurement(node: Node) -> MeasurementDef:
    node.only(
        "label",
        "unit",
        "hint",
        "kind",
        "choices",
        "minimum",
        "maximum",
        "better",
        "normal",
        "scores",
    )
    if len(node.key) > ID_LENGTH:
        node.fail(None, f"a measurement id is at most {ID_LENGTH} characters")
    kind = node.choice("kind", ("number", "choice"), "number")
    choices = node.texts("choices")
    minimum, maximum = node.opt_number("minimum"), node.opt_number("maximum")
    if kind == "choice" and not choices:
        node.fail("choices", "a choice measurement needs at least one choice")
    if kind == "number" and choices:
        node.fail("choices", "only a choice measurement has choices")
    if minimum is not None and maximum is not None and minimum >= maximum:
        node.fail("maximum", "must be greater than minimum")
    better = node.choice("better", ("higher", "lower"), None) if "better" in node.data else None
    if better is not None and kind != "number":
        node.fail(
            "better", "only a number measurement has a better direction (a choice has scores)"
        )
    if kind == "number" and ("normal" in node.data or "scores" in node.data):
        node.fail(
            "normal" if "normal" in node.data else "scores", "only a choice measurement has this"
        )
    normal = node.choice("normal", choices) if "normal" in node.data else None
    if kind == "choice" and normal is None:
        node.fail("normal", "a choice measurement names the choice that means nothing was found")
    scores: list[tuple[str, int]] = []
    if "scores" in node.data:
        table = node.table("scores")
        for choice in table.data:
            if choice not in choices:
                table.fail(choice, f"'{choice}' is not one of the choices: {', '.join(choices)}")
            scores.append((choice, table.integer(choice, minimum=0, maximum=100)))
    return MeasurementDef(
        id=node.key,
        label=node.text("label"),
        unit=node.text("unit", "", empty_ok=True),
        hint=node.text("hint"),
        kind=kind,
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        better=better,
        normal=normal,
        scores=tuple(scores),
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
    node.only("muscle", "role", "side_from", "only_with_side")
    side_from = node.texts("side_from")
    for index, entry in enumerate(side_from):
        node.ctx.refs.append(
            ("sided_item", entry.removeprefix(OPPOSITE), (*node.path, "side_from", f"[{index}]"))
        )
    only_with_side = node.flag("only_with_side", False)
    if only_with_side and not side_from:
        node.fail("only_with_side", "needs side_from to take a side from")
    return PatternMuscle(
        muscle=node.ref("muscle", "muscle"),
        role=node.enum("role", Role),
        side_from=side_from,
        only_with_side=only_with_side,
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
    node.only(
        "name",
        "phase",
        "dose",
        "instruction",
        "position",
        "loads",
        "pressure_regions",
        "regions",
        "replacements",
    )
    raw = node.data.get("dose")
    if isinstance(raw, str):
        if raw not in doses:
            known = ", ".join(sorted(doses)) or "none defined"
            node.fail("dose", f"unknown dose preset '{raw}' (presets: {known})")
        chosen = doses[raw]
    else:
        chosen = dose(node.table("dose"))
    loads = choices(node, "loads", LOADS)
    pressure_regions = node.texts("pressure_regions", "region")
    if "self_pressure" in loads and not pressure_regions:
        node.fail("loads", "self_pressure needs the pressure_regions it presses on")
    if pressure_regions and "self_pressure" not in loads:
        node.fail("pressure_regions", "only an exercise with the self_pressure load has them")
    replacements = node.texts("replacements", "exercise")
    if node.key in replacements:
        node.fail("replacements", "an exercise cannot replace itself")
    return ExerciseDef(
        id=node.key,
        name=node.text("name"),
        phase=node.enum("phase", Phase),
        dose=chosen,
        instruction=node.text("instruction"),
        # untagged (a clinic's older file): the engine leaves it out under any exercise rule
        position=node.choice("position", POSITIONS) if "position" in node.data else "",
        loads=loads,
        pressure_regions=pressure_regions,
        regions=node.texts("regions", "region"),
        replacements=replacements,
    )


def choices(node: Node, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """An array whose every entry is one of `allowed`."""
    values = node.texts(key)
    for index, value in enumerate(values):
        if value not in allowed:
            node.ctx.fail(
                (*node.path, key, f"[{index}]"), f"'{value}' is not one of: {', '.join(allowed)}"
            )
    return values


def exercise_rule(node: Node) -> ExerciseRule:
    """`[[exercise_rules]]`: a home exercise a condition rules out (CLINICAL.md 5.5)."""
    node.only(
        "condition",
        "reason",
        "positions",
        "loads",
        "pressure_regions",
        "load_regions",
        "pressure_in_region",
        "loads_in_region",
        "extent",
        "min_weeks",
    )
    rule = ExerciseRule(
        condition=node.ref("condition", "condition"),
        reason=node.text("reason"),
        positions=choices(node, "positions", POSITIONS),
        loads=choices(node, "loads", LOADS),
        pressure_regions=node.texts("pressure_regions", "region"),
        load_regions=node.texts("load_regions", "region"),
        pressure_in_region=node.flag("pressure_in_region", False),
        loads_in_region=node.flag("loads_in_region", False),
        extent=node.choice("extent", EXTENTS, "region"),
        min_weeks=node.opt_integer("min_weeks", minimum=1),
    )
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
    node.only("title", "signs")
    node.ctx.refs.append(("condition", node.key, node.path))
    signs = node.texts("signs")
    if not signs:
        node.fail("signs", "list at least one sign")
    return HandoutWarning(condition=node.key, title=node.text("title"), signs=signs)


SHIPPED_MUSCLES = "muscles.toml"  # the shipped file's name as the loader records it


def muscle(node: Node) -> Muscle:
    node.only(
        "name",
        "lay_name",
        "region",
        "referral_zones",
        "exercises",
        "endangerment",
        "length_test",
        "reached_through",
        "no_pressure",
    )
    exercises = node.texts("exercises")
    for index, entry in enumerate(exercises):
        node.ctx.refs.append(("muscle_exercise", entry, (*node.path, "exercises", f"[{index}]")))
    lay_name = node.text("lay_name", "")
    # A clinic's own muscle may go without (the handout then names its region); a shipped one
    # may not: the client handout never prints a Latin name.
    if not lay_name and node.ctx.locate((*node.path, "name"))[0] == SHIPPED_MUSCLES:
        node.fail("lay_name", "missing required key (the muscle in a client's words)")
    return Muscle(
        id=node.key,
        name=node.text("name"),
        lay_name=lay_name,
        region=node.ref("region", "region"),
        referral_zones=node.texts("referral_zones", "region"),
        exercises=exercises,
        endangerment=node.text("endangerment", "", empty_ok=True),
        reached_through=node.texts("reached_through", "region"),
        no_pressure=node.flag("no_pressure", False),
        length_test=node.text("length_test", "", empty_ok=True),
    )


WHERES = ("everywhere", "region", "limb", "region_and_distal")
SEVERITIES = ("mild", "severe")


def technique_rule(node: Node, techniques: tuple[str, ...] = ()) -> TechniqueRule:
    """One matrix cell; `techniques` is read only for a row of safety.toml's technique_rules."""
    allowed = (
        "condition",
        "mode",
        "reason",
        "instead",
        "in_region",
        "place",
        "regions",
        "parts",
        "on_side",
        "cleared",
        "severity",
        "min_weeks",
        "if_regions",
        "if_parts",
    )
    node.only(*allowed, *techniques)
    instead = node.opt_text("instead")
    if instead is not None:
        node.ctx.refs.append(("technique", instead, (*node.path, "instead")))
    in_region = node.flag("in_region", False)
    place = node.choice("place", WHERES, "everywhere")
    condition = node.ref("condition", "condition")
    if in_region or place != "everywhere":
        node.ctx.refs.append(("regional_condition", condition, (*node.path, "condition")))
    cleared = node.flag("cleared") if "cleared" in node.data else None
    severity = node.choice("severity", SEVERITIES) if "severity" in node.data else None
    return TechniqueRule(
        condition=condition,
        mode=node.choice("mode", MODES),
        reason=node.text("reason"),
        instead=instead,
        in_region=in_region,
        place=place,
        regions=node.texts("regions", "region"),
        parts=_parts(node, "parts"),
        on_side=node.flag("on_side", False),
        cleared=cleared,
        severity=severity,
        min_weeks=node.opt_integer("min_weeks", minimum=0),
        if_regions=node.texts("if_regions", "region"),
        if_parts=_parts(node, "if_parts"),
    )


def _parts(node: Node, key: str) -> tuple[str, ...]:
    parts = node.texts(key)
    for part in parts:
        if part not in PARTS:
            node.fail(key, f"'{part}' is not a body part (one of: {', '.join(PARTS)})")
    return parts


def matrix_row(node: Node) -> list[tuple[str, TechniqueRule]]:
    """A safety.toml row: one rule for each technique it names."""
    techniques = node.texts("techniques", "technique")
    if not techniques:
        node.fail("techniques", "name at least one technique")
    rule = technique_rule(node, ("techniques",))
    return [(technique_id, rule) for technique_id in techniques]


def technique(node: Node) -> Technique:
    node.only(
        "name",
        "layer",
        "minutes",
        "description",
        "rules",
        "never_regions",
        "never_sites",
        "replaced_by",
        "respects_sites",
        "avoids_site_regions",
        "min_minutes",
        "most_minutes",
        "first_visit_minutes",
        "first_visit_most_minutes",
    )
    rules = tuple(technique_rule(entry) for entry in node.tables("rules"))
    minutes = node.integer("minutes", minimum=1, maximum=120)
    min_minutes = node.opt_integer("min_minutes", minimum=1)
    if min_minutes is not None and min_minutes > minutes:
        node.fail("min_minutes", f"is more than the typical {minutes} minutes")
    most_minutes = node.opt_integer("most_minutes", minimum=1)
    if most_minutes is not None and most_minutes < minutes:
        node.fail("most_minutes", f"is less than the typical {minutes} minutes")
    first_visit = node.opt_integer("first_visit_minutes", minimum=1)
    if first_visit is not None and first_visit > minutes:
        node.fail("first_visit_minutes", f"is more than the typical {minutes} minutes")
    first_visit_most = node.opt_integer("first_visit_most_minutes", minimum=1)
    if first_visit_most is not None:
        if first_visit is None:
            node.fail("first_visit_most_minutes", "needs first_visit_minutes")
        elif first_visit_most < first_visit:
            node.fail("first_visit_most_minutes", f"is less than the first visit's {first_visit}")
        elif first_visit_most > (most_minutes or minutes):
            node.fail("first_visit_most_minutes", "is more than the most_minutes")
    replaced_by = node.opt_text("replaced_by")
    if replaced_by is not None:
        node.ctx.refs.append(("technique", replaced_by, (*node.path, "replaced_by")))
        if replaced_by == node.key:
            node.fail("replaced_by", "cannot replace itself")
    for index, rule in enumerate(rules):
        if rule.instead == node.key:
            node.ctx.fail((*node.path, "rules", f"[{index}]", "instead"), "cannot replace itself")
    return Technique(
        id=node.key,
        name=node.text("name"),
        layer=node.enum("layer", Layer),
        minutes=minutes,
        min_minutes=min_minutes,
        most_minutes=most_minutes,
        first_visit_minutes=first_visit,
        first_visit_most_minutes=first_visit_most,
        description=node.text("description", "", empty_ok=True),
        rules=rules,
        never_regions=node.texts("never_regions", "region"),
        never_sites=node.texts("never_sites", "site"),
        replaced_by=replaced_by,
        respects_sites=node.flag("respects_sites", False),
        avoids_site_regions=node.flag("avoids_site_regions", False),
    )


def site(node: Node) -> Site:
    node.only("name", "tools")
    return Site(id=node.key, name=node.text("name"), tools=node.text("tools"))


def derived_red_flag(node: Node) -> DerivedRedFlag:
    node.only("pain_regions", "risks")
    node.ctx.refs.append(("red_flag", node.key, node.path))
    risks = []
    for entry in node.tables("risks"):
        entry.only("condition", "regions", "parts")
        risks.append(
            DerivedRisk(
                condition=entry.ref("condition", "condition"),
                regions=entry.texts("regions", "region"),
                parts=_parts(entry, "parts"),
            )
        )
    return DerivedRedFlag(
        id=node.key, pain_regions=node.texts("pain_regions", "region"), risks=tuple(risks)
    )


def pain_region(node: Node) -> PainRegion:
    node.only("name", "client_name", "part", "distal", "site", "body_region", "beside_sites")
    return PainRegion(
        id=node.key,
        name=node.text("name"),
        client_name=node.text("client_name", "", empty_ok=True),
        part=node.choice("part", PARTS, "trunk"),
        distal=node.texts("distal", "region"),
        site=node.text("site", "", empty_ok=True),
        body_region=node.ref("body_region", "body_region", "")
        if "body_region" in node.data
        else "",
        beside_sites=node.texts("beside_sites", "site"),
    )


def body_region(node: Node) -> BodyRegion:
    node.only("name")
    return BodyRegion(id=node.key, name=node.text("name"))


def contraindication(node: Node) -> Contraindication:
    node.only("name", "description", "details", "red_flag", "referral", "why", "pain_regions")
    details = node.texts("details")
    for detail in details:
        if detail not in DETAILS:
            node.fail("details", f"'{detail}' is not a detail (one of: {', '.join(DETAILS)})")
    red_flag = node.flag("red_flag", False)
    if red_flag and "referral" not in node.data:
        node.fail("referral", "a red flag needs a referral (where to send the client)")
    return Contraindication(
        id=node.key,
        name=node.text("name"),
        has_region="region" in details,
        description=node.text("description", "", empty_ok=True),
        details=details,
        red_flag=red_flag,
        referral=node.text("referral", "", empty_ok=True),
        why=node.text("why", "", empty_ok=True),
        pain_regions=node.texts("pain_regions", "region"),
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


def finding_conflict(node: Node) -> FindingConflict:
    """`[[finding_conflicts]]`: two checklist items that cannot both be true."""
    node.only("items", "same_side", "text")
    same_side = node.flag("same_side", False)
    items = node.texts("items", "sided_item" if same_side else "item")
    if len(items) != 2:
        node.fail("items", f"names {len(items)} checklist items; a conflict is a pair")
    return FindingConflict(items=(items[0], items[1]), text=node.text("text"), same_side=same_side)


def settings(section: Node | None) -> Settings:
    """`[settings.session]`, `[settings.course]`, `[settings.home_program]` and
    `[settings.techniques]`."""
    if section is None:
        return Settings()
    section.only("session", "course", "home_program", "techniques", "photos")
    built = Settings()
    if "techniques" in section.data:
        node = section.table("techniques")
        node.only("trigger_points", "tight_bands")
        choice = {
            key: node.ref("technique", key)
            for key in ("trigger_points", "tight_bands")
            if key in node.data
        }
        built = evolve(built, techniques=TechniqueChoice(**choice))
    if "session" in section.data:
        built = evolve(built, session=_session(section.table("session")))
    if "course" in section.data:
        built = evolve(built, course=_course(section.table("course")))
    if "home_program" in section.data:
        built = evolve(built, home_program=_home_program(section.table("home_program")))
    if "photos" in section.data:
        built = evolve(built, photos=_photos(section.table("photos")))
    return built


def _photos(node: Node) -> PhotoSettings:

    node.only("min_visibility", "eye_to_ankle_share", "fills", "better")
    built = PhotoSettings()
    visibility = node.opt_number("min_visibility")
    if visibility is not None:
        if not 0 < visibility < 1:
            node.fail("min_visibility", "must be between 0 and 1")
        built = evolve(built, min_visibility=visibility)
    share = node.opt_number("eye_to_ankle_share")
    if share is not None:
        if not 0.5 < share < 1:
            node.fail("eye_to_ankle_share", "must be between 0.5 and 1")
        built = evolve(built, eye_to_ankle_share=share)
    if "fills" in node.data:
        fills = _by_photo_measure(node.table("fills"), lambda t, m: t.ref("measurement", m))
        built = evolve(built, fills=fills)
    if "better" in node.data:
        better = _by_photo_measure(node.table("better"), lambda t, m: t.choice(m, PHOTO_BETTER))
        built = evolve(built, better=better)
    return built


def _by_photo_measure(table: Node, read: Callable[[Node, str], str]) -> tuple[tuple[str, str], ...]:
    """A table keyed by photo measure ids (each checked), each value read by `read`."""
    from posture_tui.photos.names import MEASURE_NAMES  # the measures a photo gives

    pairs = []
    for measure in table.data:
        if measure not in MEASURE_NAMES:
            table.fail(measure, f"not a photo measure (one of: {', '.join(MEASURE_NAMES)})")
        pairs.append((measure, read(table, measure)))
    return tuple(pairs)


def _session(node: Node) -> SessionSettings:
    node.only(
        "overhead_minutes",
        "first_visit_overhead_minutes",
        "min_hands_on_minutes",
        "regions",
        "muscles_per_region",
        "first_visit_note",
    )
    bands = []
    for entry in node.tables("regions"):
        entry.only("up_to_minutes", "regions", "most")
        regions = entry.integer("regions", minimum=1, maximum=10)
        most = entry.integer("most", minimum=1, maximum=10)
        if most < regions:
            entry.fail("most", f"is fewer than the {regions} regions it allows")
        bands.append(RegionCount(entry.integer("up_to_minutes", minimum=5), regions, most))
    if not bands and "regions" in node.data:
        node.fail("regions", "list at least one band of session lengths")
    defaults = SessionSettings()
    return SessionSettings(
        overhead_minutes=node.integer(
            "overhead_minutes", defaults.overhead_minutes, minimum=0, maximum=120
        ),
        first_visit_overhead_minutes=node.integer(
            "first_visit_overhead_minutes",
            defaults.first_visit_overhead_minutes,
            minimum=0,
            maximum=120,
        ),
        min_hands_on_minutes=node.integer(
            "min_hands_on_minutes", defaults.min_hands_on_minutes, minimum=1, maximum=120
        ),
        regions=tuple(bands) or defaults.regions,
        muscles_per_region=node.integer(
            "muscles_per_region", defaults.muscles_per_region, minimum=1, maximum=12
        ),
        first_visit_note=node.text("first_visit_note", defaults.first_visit_note, empty_ok=True),
    )


def _course(node: Node) -> CourseSettings:
    node.only(
        "frequency", "reassess_earliest", "reassess_latest", "chief_complaint_until_improved_by"
    )
    defaults = CourseSettings()
    earliest = node.integer("reassess_earliest", defaults.reassess_earliest, minimum=2, maximum=52)
    latest = node.integer("reassess_latest", defaults.reassess_latest, minimum=2, maximum=52)
    if latest < earliest:
        node.fail("reassess_latest", f"is before reassess_earliest ({earliest})")
    return CourseSettings(
        frequency=node.text("frequency", defaults.frequency),
        reassess_earliest=earliest,
        reassess_latest=latest,
        chief_complaint_until_improved_by=node.integer(
            "chief_complaint_until_improved_by",
            defaults.chief_complaint_until_improved_by,
            minimum=1,
            maximum=10,
        ),
    )


def _home_program(node: Node) -> HomeProgramSettings:
    node.only("slots", "fewest", "seconds_per_rep", "seconds_to_set_up")
    phases = {phase.value: phase for phase in Phase}
    slots = []
    raw = node.data.get("slots", [])
    if not isinstance(raw, list):
        node.fail("slots", "expected an array of phases")
    for index, value in enumerate(raw):  # a phase may fill several slots
        if not isinstance(value, str) or value not in phases:
            node.ctx.fail(
                (*node.path, "slots", f"[{index}]"),
                f"'{value}' is not a phase (one of: {', '.join(phases)})",
            )
        slots.append(phases[value])
    defaults = HomeProgramSettings()
    chosen = tuple(slots) or defaults.slots
    fewest = node.integer("fewest", defaults.fewest, minimum=1, maximum=20)
    if fewest > len(chosen):
        node.fail("fewest", f"is more than the {len(chosen)} slots")
    return HomeProgramSettings(
        slots=chosen,
        fewest=fewest,
        seconds_per_rep=node.integer("seconds_per_rep", defaults.seconds_per_rep, minimum=1),
        seconds_to_set_up=node.integer("seconds_to_set_up", defaults.seconds_to_set_up, minimum=0),
    )

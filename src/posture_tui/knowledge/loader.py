"""Load the shipped knowledge base, merge a clinic's override folder, validate, and cache."""

from __future__ import annotations

import copy
import difflib
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attrs import evolve

from posture_tui.domain.common import Layer, Phase
from posture_tui.knowledge import build, figures
from posture_tui.knowledge.model import Knowledge, Technique, TechniqueRule
from posture_tui.knowledge.reader import Context, KnowledgeError, Node
from posture_tui.knowledge.reader import Path as KeyPath
from posture_tui.knowledge.shipped import Parsed, parse_toml, read_shipped
from posture_tui.structuring.dialect import TOML

__all__ = ["KEYED_SECTIONS", "LIST_SECTIONS", "KnowledgeError", "load_knowledge"]

KEYED_SECTIONS = (
    "pain_regions",
    "contraindications",
    "muscles",
    "doses",
    "exercises",
    "checklist",
    "measurements",
    "patterns",
    "techniques",
    "program",
    "handout_warnings",
    "sites",
    "derived_red_flags",
    "settings",
    "body_regions",
    "poses",
    "figures",
)
LIST_SECTIONS = (
    "measurement_rules",
    "compensations",
    "finding_conflicts",
    "exercise_rules",
    "technique_rules",
)
# An appended list entry with the same identity replaces the earlier one.
LIST_IDENTITY = {
    "measurement_rules": ("measurement", "item", "below", "at_least"),
    "compensations": ("item", "compensates_for"),
    "finding_conflicts": ("items",),
    "technique_rules": (
        "condition",
        "techniques",
        "mode",
        "place",
        "regions",
        "parts",
        "cleared",
        "severity",
        "min_weeks",
        "if_regions",
        "if_parts",
    ),
    "exercise_rules": (
        "condition",
        "positions",
        "loads",
        "pressure_regions",
        "load_regions",
        "pressure_in_region",
        "loads_in_region",
        "min_weeks",
    ),
}


LIST_EDITS = frozenset({"append", "remove"})


def _is_list_edit(value: Any, current: Any) -> bool:
    """A table that changes a list (`{ append = [...] }`) rather than replacing it: any table
    where a list is (an unknown key in it is then named), or one of only append and remove
    where nothing is yet."""
    if not isinstance(value, dict):
        return False
    if isinstance(current, list):
        return True
    return current is None and bool(value) and set(value) <= LIST_EDITS


class Merged:
    """Raw sections merged across files, remembering which file set each key path."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.origins: dict[KeyPath, str] = {}
        # merged list position -> position within the file that gave the entry
        self.list_positions: dict[KeyPath, str] = {}
        # a list changed by append/remove -> the file that set the list it changed
        self.edited_from: dict[KeyPath, str] = {}

    def locate(self, path: KeyPath) -> tuple[str, KeyPath]:
        """The file that set `path` and the path as written in that file."""
        shown = path
        if len(path) >= 2 and path[:2] in self.list_positions:
            shown = (path[0], self.list_positions[path[:2]], *path[2:])
        for end in range(len(path), 0, -1):
            origin = self.origins.get(path[:end])
            if origin is not None:
                return origin, shown
        return "knowledge", shown

    def add_file(self, name: str, raw: dict[str, Any]) -> None:
        for section, value in raw.items():
            if section in KEYED_SECTIONS:
                if not isinstance(value, dict):
                    raise KnowledgeError(
                        f"{name}: {section}: expected a table, got {TOML.kind(value)}"
                    )
                self._merge(self.data.setdefault(section, {}), value, (section,), name)
            elif section in LIST_SECTIONS:
                if not isinstance(value, list):
                    raise KnowledgeError(
                        f"{name}: {section}: expected an array of tables, got {TOML.kind(value)}"
                    )
                self._append(section, value, name)
            else:
                known = ", ".join(KEYED_SECTIONS + LIST_SECTIONS)
                raise KnowledgeError(
                    f"{name}: {section}: unknown section (expected one of: {known})"
                )

    def _merge(
        self, target: dict[str, Any], incoming: dict[str, Any], path: KeyPath, name: str
    ) -> None:
        for key, value in incoming.items():
            here = (*path, key)
            current = target.get(key)
            if _is_list_edit(value, current):
                target[key] = self._edit_list(current, value, here, name)
                continue
            if isinstance(value, dict) and isinstance(current, dict):
                self._merge(current, value, here, name)
                continue
            if key in target:
                self._forget_below(here)
            target[key] = value
            self.origins[here] = name

    def _edit_list(
        self, current: list[Any] | None, edit: dict[str, Any], path: KeyPath, name: str
    ) -> list[Any]:
        """`{ append = [...], remove = [...] }`: the list as it was, with these added at the
        end (once each) and those removed; a plain list instead replaces it whole."""
        shown = ".".join(path)
        unknown = sorted(set(edit) - LIST_EDITS)
        if unknown:
            raise KnowledgeError(
                f"{name}: {shown}: a list is changed with append or remove, not {unknown[0]}"
            )
        result = list(current or [])
        for verb in sorted(LIST_EDITS & set(edit)):
            if not isinstance(edit[verb], list):
                raise KnowledgeError(
                    f"{name}: {shown}.{verb}: expected an array, got {TOML.kind(edit[verb])}"
                )
        for item in edit.get("remove", []):
            if item not in result:
                raise KnowledgeError(f"{name}: {shown}.remove: {item!r} is not in the list")
            result.remove(item)
        for item in edit.get("append", []):
            if item not in result:
                result.append(item)
        if current is not None:  # what it was, for `knowledge show`; errors name this file
            self.edited_from[path] = self.locate(path)[0]
        self.origins[path] = name
        return result

    def _append(self, section: str, entries: list[Any], name: str) -> None:
        existing: list[Any] = self.data.setdefault(section, [])
        identity = LIST_IDENTITY[section]
        for local, entry in enumerate(entries):
            index = len(existing)
            if isinstance(entry, dict):
                key = tuple(entry.get(field) for field in identity)
                for position, old in enumerate(existing):
                    if isinstance(old, dict) and tuple(old.get(f) for f in identity) == key:
                        index = position
                        self._forget_below((section, f"[{index}]"))
                        break
            if index == len(existing):
                existing.append(entry)
            else:
                existing[index] = entry
            self.origins[(section, f"[{index}]")] = name
            self.list_positions[(section, f"[{index}]")] = f"[{local}]"

    def _forget_below(self, path: KeyPath) -> None:
        for key in [key for key in self.origins if key[: len(path)] == path]:
            del self.origins[key]


@functools.cache
def _shipped_raw() -> Parsed:
    return read_shipped()


def _extra_raw(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    if not folder.is_dir():
        raise KnowledgeError(f"{folder}: not a folder")
    result = []
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            raise KnowledgeError(f"{path}: cannot read: {reason}") from None
        result.append((str(path), parse_toml(str(path), text)))
    return result


def _build(files: Iterable[tuple[str, dict[str, Any]]], *, copy_raw: bool = True) -> Knowledge:
    merged = Merged()
    for name, raw in files:
        # Merging edits nested tables in place; the cached shipped parse must stay pristine.
        merged.add_file(name, copy.deepcopy(raw) if copy_raw else raw)
    ctx = Context(merged.locate)

    def section(name: str) -> Node | None:
        value = merged.data.get(name)
        return Node(ctx, (name,), value) if isinstance(value, dict) else None

    def listed(name: str) -> list[Node]:
        rows = []
        for index, item in enumerate(merged.data.get(name, [])):
            if not isinstance(item, dict):
                ctx.fail((name, f"[{index}]"), f"expected a table, got {TOML.kind(item)}")
            rows.append(Node(ctx, (name, f"[{index}]"), item))
        return rows

    doses = build.keyed(section("doses"), build.dose)
    shipped = {name for name, _ in _shipped_raw()}

    def resolve(path: KeyPath, name: str) -> Path:
        """A file named in a knowledge file: relative to the folder of the file that set it."""
        origin, _ = merged.locate(path)
        folder = Path(__file__).with_name("data") if origin in shipped else Path(origin).parent
        return (folder / name).resolve()

    poses = figures.base_poses(section("poses"))
    knowledge = Knowledge(
        checklist=build.keyed(section("checklist"), build.checklist_item),
        measurements=build.keyed(section("measurements"), build.measurement),
        measurement_rules=tuple(build.measurement_rule(n) for n in listed("measurement_rules")),
        patterns=build.keyed(section("patterns"), build.pattern),
        muscles=build.keyed(section("muscles"), build.muscle),
        exercises=build.keyed(section("exercises"), lambda node: build.exercise(node, doses)),
        techniques=_with_matrix(
            build.keyed(section("techniques"), build.technique),
            [cell for n in listed("technique_rules") for cell in build.matrix_row(n)],
        ),
        pain_regions=build.keyed(section("pain_regions"), build.pain_region),
        contraindications=build.keyed(section("contraindications"), build.contraindication),
        compensations=tuple(build.compensation(n) for n in listed("compensations")),
        finding_conflicts=tuple(build.finding_conflict(n) for n in listed("finding_conflicts")),
        exercise_rules=tuple(build.exercise_rule(n) for n in listed("exercise_rules")),
        handout_warnings=build.keyed(section("handout_warnings"), build.handout_warning),
        program_limits={
            Phase(phase): limit
            for phase, limit in build.keyed(section("program"), build.program_limit).items()
        },
        sites=build.keyed(section("sites"), build.site),
        derived_red_flags=build.keyed(section("derived_red_flags"), build.derived_red_flag),
        settings=build.settings(section("settings")),
        body_regions=build.keyed(section("body_regions"), build.body_region),
        figures=build.keyed(section("figures"), lambda node: figures.figure(node, poses, resolve)),
    )
    _check_refs(ctx, knowledge)
    _check_sites(ctx, knowledge)
    _check_replacements(ctx, knowledge)
    _check_technique_choice(ctx, knowledge)
    _check_pattern_cycles(ctx, knowledge)
    _check_measurement_rules(ctx, knowledge)
    return knowledge


def _with_matrix(
    techniques: dict[str, Technique], cells: list[tuple[str, TechniqueRule]]
) -> dict[str, Technique]:
    """Each technique with its own rules followed by the safety matrix's rows naming it."""
    extra: dict[str, list[TechniqueRule]] = {}
    for technique_id, rule in cells:
        extra.setdefault(technique_id, []).append(rule)
    return {
        key: evolve(technique, rules=(*technique.rules, *extra.get(key, ())))
        for key, technique in techniques.items()
    }


def _check_refs(ctx: Context, kb: Knowledge) -> None:
    pools: dict[str, tuple[str, dict[str, Any]]] = {
        "item": ("checklist item", kb.checklist),
        "sided_item": ("checklist item", kb.checklist),
        "measurement": ("measurement", kb.measurements),
        "pattern": ("pattern", kb.patterns),
        "muscle": ("muscle", kb.muscles),
        "region": ("pain region", kb.pain_regions),
        "condition": ("contraindication", kb.contraindications),
        "regional_condition": ("contraindication", kb.contraindications),
        "technique": ("technique", kb.techniques),
        "integrate_exercise": ("exercise", kb.exercises),
        "muscle_exercise": ("exercise", kb.exercises),
        "exercise": ("exercise", kb.exercises),
        "site": ("endangerment site", kb.sites),
        "body_region": ("body region", kb.body_regions),
        "red_flag": (
            "red flag",
            {key: c for key, c in kb.contraindications.items() if c.red_flag},
        ),
    }
    for kind, ident, path in ctx.refs:
        label, pool = pools[kind]
        if ident not in pool:
            close = difflib.get_close_matches(ident, list(pool), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            ctx.fail(path, f"unknown {label} id '{ident}'{hint}")
        if kind == "sided_item" and not kb.checklist[ident].sided:
            ctx.fail(path, f"'{ident}' takes no side, so it cannot give one")
        if kind == "regional_condition" and not kb.contraindications[ident].has_region:
            ctx.fail(path, f"'{ident}' takes no region, so a rule cannot apply in its region")
        if kind == "integrate_exercise" and kb.exercises[ident].phase is not Phase.INTEGRATE:
            ctx.fail(
                path,
                f"'{ident}' is an exercise of phase {kb.exercises[ident].phase}, not integrate",
            )
        if kind == "muscle_exercise" and kb.exercises[ident].phase is Phase.INTEGRATE:
            ctx.fail(path, f"'{ident}' is an integrate exercise; list it on a pattern instead")


def _check_replacements(ctx: Context, kb: Knowledge) -> None:
    """A replacement stands in for the exercise in its phase of the program."""
    for exercise in kb.exercises.values():
        for index, replacement in enumerate(exercise.replacements):
            phase = kb.exercises[replacement].phase
            if phase is not exercise.phase:
                ctx.fail(
                    ("exercises", exercise.id, "replacements", f"[{index}]"),
                    f"'{replacement}' is an exercise of phase {phase}, not {exercise.phase}",
                )


def _check_technique_choice(ctx: Context, kb: Knowledge) -> None:
    """The techniques a muscle gets are neuromuscular work."""
    choice = kb.settings.techniques
    for key in ("trigger_points", "tight_bands"):
        technique_id = getattr(choice, key)
        if technique_id is None:
            continue
        layer = kb.techniques[technique_id].layer
        if layer is not Layer.NEUROMUSCULAR:
            ctx.fail(
                ("settings", "techniques", key),
                f"'{technique_id}' is a technique of layer {layer}, not neuromuscular",
            )


def _check_sites(ctx: Context, kb: Knowledge) -> None:
    """Every endangerment site a muscle or region names is described in `sites`."""
    named = [(("muscles", m.id, "endangerment"), m.site) for m in kb.muscles.values() if m.site] + [
        (("pain_regions", r.id, "site"), r.site) for r in kb.pain_regions.values() if r.site
    ]
    for path, site in named:
        if site not in kb.sites:
            close = difflib.get_close_matches(site, list(kb.sites), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            ctx.fail(path, f"unknown endangerment site '{site}'{hint}")


def _check_pattern_cycles(ctx: Context, kb: Knowledge) -> None:
    def visit(pattern_id: str, trail: tuple[str, ...]) -> None:
        for required in kb.patterns[pattern_id].rule.requires_patterns:
            if required in trail:
                ctx.fail(
                    ("patterns", trail[0], "rule", "requires_patterns"),
                    f"patterns require each other in a loop: {' -> '.join((*trail, required))}",
                )
            visit(required, (*trail, required))

    for pattern_id in kb.patterns:
        visit(pattern_id, (pattern_id,))


def _check_measurement_rules(ctx: Context, kb: Knowledge) -> None:
    for index, rule in enumerate(kb.measurement_rules):
        where = ("measurement_rules", f"[{index}]")
        definition = kb.measurements[rule.measurement]
        if definition.kind != "number":
            ctx.fail(
                (*where, "measurement"),
                f"'{rule.measurement}' is a choice; a threshold rule needs a number measurement",
            )
        key, threshold = (
            ("below", rule.below) if rule.below is not None else ("at_least", rule.at_least)
        )
        low, high = definition.minimum, definition.maximum
        if threshold is not None and (
            (low is not None and threshold < low) or (high is not None and threshold > high)
        ):
            span = f"{'' if low is None else f'{low:g}'}-{'' if high is None else f'{high:g}'}"
            ctx.fail((*where, key), f"{threshold:g} is outside the measurement's range {span}")


@functools.cache
def _shipped() -> Knowledge:
    # Shipped files never share a section, so nothing is merged in place: no copy needed.
    return _build(_shipped_raw(), copy_raw=False)


def load_knowledge(extra_dir: Path | None = None) -> Knowledge:
    """The shipped knowledge base, extended or overridden by every *.toml in `extra_dir`.

    Raises KnowledgeError with a one-line message naming the file, the key path (or line) and
    the problem. The shipped-only result is cached.
    """
    if extra_dir is None:
        return _shipped()
    return _build([*_shipped_raw(), *_extra_raw(Path(extra_dir))])

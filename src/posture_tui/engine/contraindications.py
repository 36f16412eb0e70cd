"""Apply the client's conditions to a technique on a target: exclude, replace or soften.

Each technique's rules (the CLINICAL.md 5.3 matrix in safety.toml) are checked against every
condition the client has; the strictest wins: any exclusion removes the technique (its
`replaced_by` is tried in turn, itself checked against every rule), else every care note is
kept. Endangerment sites (5.4) apply to every technique that uses tools, cups or deep pressure
(`respects_sites`): a region that is itself a site gets none of them, and a step beside a site
names it. A technique is also never used over its `never_regions`.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve, frozen

from posture_tui.domain.analysis import Excluded
from posture_tui.domain.common import Layer, RuleMode, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.index import index_for
from posture_tui.engine.places import NO_REGION_NOTE, rule_applies, rule_places
from posture_tui.knowledge.model import Knowledge, Technique, TechniqueRule

NEVER_REGION = "never_region"
ENDANGERMENT_SITE = "endangerment_site"


@frozen
class Target:
    """Where a technique would go: a muscle (with its region) or a whole region."""

    region: str
    muscle: str | None = None
    side: Side | None = None
    endangered: tuple[str, ...] = ()  # endangerment site ids beside a region target's muscles


@frozen
class Verdict:
    """What to do: the technique to use (None: nothing), care notes, and what was excluded."""

    technique: str | None
    care: str
    excluded: tuple[Excluded, ...] = ()


@frozen
class _Exclusion:
    reason: str
    instead: str | None
    condition: str


def target_regions(knowledge: Knowledge, target: Target) -> tuple[str, ...]:
    """The target's region and the regions hands-on work passes through to reach its muscle."""
    muscle = knowledge.muscles.get(target.muscle) if target.muscle else None
    through = muscle.reached_through if muscle is not None else ()
    return (target.region, *through)


def _where(knowledge: Knowledge, rule: TechniqueRule, entry: ContraindicationEntry) -> str:
    """How the reason says where a regional rule was applied."""
    if rule.where == "everywhere":
        return ""
    if entry.region is None:
        return f" ({NO_REGION_NOTE})"
    side = f"{entry.side.value} " if entry.side in (Side.LEFT, Side.RIGHT) else ""
    name = knowledge.region_name(entry.region).lower()
    places = rule_places(knowledge, rule, entry) or set()
    extent = {"limb": " and that limb", "region_and_distal": " and below it"}.get(rule.where, "")
    return f" (recorded in the {side}{name}{extent if len(places) > 1 else ''})"


def _site_notes(knowledge: Knowledge, technique: Technique, target: Target) -> list[str]:
    """Endangerment-site notes for a step of a tools, cups or deep pressure technique."""
    if not technique.respects_sites:
        return []
    muscle = knowledge.muscles.get(target.muscle) if target.muscle else None
    if muscle is not None:
        if not muscle.endangerment:
            return []
        if technique.layer is Layer.NEUROMUSCULAR:
            return [f"endangerment site: {muscle.endangerment}"]
        site = knowledge.sites.get(muscle.site)
        return [f"endangerment site: {site.tools}"] if site is not None else []
    notes = []
    for site_id in target.endangered:
        site = knowledge.sites.get(site_id)
        if site is not None:
            notes.append(f"endangerment site: {site.tools}")
    return notes


def _region_is_site(knowledge: Knowledge, technique: Technique, target: Target) -> str | None:
    """The reason a tools, cups or deep technique is never used over this region, if it is."""
    if not (technique.respects_sites or technique.avoids_site_regions) or target.muscle:
        return None
    region = knowledge.pain_regions.get(target.region)
    site = knowledge.sites.get(region.site) if region is not None and region.site else None
    if site is None:
        return None
    name = knowledge.region_name(target.region).lower()
    return (
        f"the {name} is itself an endangerment site ({site.name.lower()}): "
        "no tools, cups or deep pressure over it"
    )


def _no_pressure(knowledge: Knowledge, technique: Technique, target: Target) -> str | None:
    """The reason NMT pressure is never used on a muscle beside such a site (the scalenes)."""
    muscle = knowledge.muscles.get(target.muscle) if target.muscle else None
    if muscle is None or not muscle.no_pressure or not technique.respects_sites:
        return None
    if technique.layer is not Layer.NEUROMUSCULAR:
        return None
    return f"endangerment site: {muscle.endangerment.rstrip('. ')}"


def _check(
    knowledge: Knowledge,
    technique: Technique,
    target: Target,
    entries: Sequence[ContraindicationEntry],
) -> tuple[_Exclusion | None, list[str]]:
    region_name = knowledge.region_name(target.region).lower()
    if target.region in technique.never_regions:
        return _Exclusion(f"never used over the {region_name}", None, NEVER_REGION), []
    site_reason = _region_is_site(knowledge, technique, target) or _no_pressure(
        knowledge, technique, target
    )
    if site_reason is not None:
        return _Exclusion(site_reason, technique.replaced_by, ENDANGERMENT_SITE), []
    cares = _site_notes(knowledge, technique, target)
    regions = target_regions(knowledge, target)
    exclusion: _Exclusion | None = None
    rules = index_for(knowledge).rules_by_condition.get(technique.id, {})
    for entry in entries:
        for rule in rules.get(entry.id, ()):
            if not rule_applies(knowledge, rule, entry, regions, target.side):
                continue
            reason = rule.reason.rstrip(". ") + _where(knowledge, rule, entry)
            if rule.mode is RuleMode.EXCLUDE:
                if exclusion is None:
                    instead = rule.instead if rule.instead is not None else technique.replaced_by
                    exclusion = _Exclusion(reason, instead or None, entry.id)
                elif reason not in exclusion.reason:  # every reason it is ruled out for
                    exclusion = evolve(exclusion, reason=f"{exclusion.reason}; {reason}")
            else:
                cares.append(reason)
    return exclusion, cares


def resolve(
    knowledge: Knowledge,
    technique_id: str,
    target: Target,
    entries: Sequence[ContraindicationEntry],
) -> Verdict:
    """Follow exclusions and their replacements until a usable technique (or none) remains.

    Every excluded technique names what was finally used instead (None: nothing), so a chain
    gua sha -> myofascial release -> nothing reads "instead: nothing" on both entries.
    """
    excluded: list[Excluded] = []
    seen: set[str] = set()
    current: str | None = technique_id
    chosen: str | None = None
    care = ""
    while current is not None and current not in seen and current in knowledge.techniques:
        seen.add(current)
        exclusion, cares = _check(knowledge, knowledge.techniques[current], target, entries)
        if exclusion is None:
            # notes are sentences in the knowledge base; joined, their full stops would clash
            chosen, care = current, "; ".join(dict.fromkeys(c.rstrip(". ") for c in cares))
            break
        excluded.append(
            Excluded(
                technique=current,
                reason=exclusion.reason,
                instead=None,
                contraindication=exclusion.condition,
                muscle=target.muscle,
                region=None if target.muscle else target.region,
                side=target.side,
            )
        )
        current = exclusion.instead
    final = tuple(evolve(entry, instead=chosen) for entry in excluded)
    return Verdict(technique=chosen, care=care, excluded=final)

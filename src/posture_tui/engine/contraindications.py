"""Apply the client's contraindications to a technique on a target: exclude, replace or soften.

Besides the condition rules of each technique (`TechniqueRule`), two site checks apply:
a technique is never used over its `never_regions` (excluded with the pseudo-condition id
"never_region"), and pressure techniques on or over a muscle with an endangerment site carry that
site's warning as a care note.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve, frozen

from posture_tui.domain.analysis import Excluded
from posture_tui.domain.common import Layer, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.knowledge.model import Knowledge, Technique

NEVER_REGION = "never_region"
PRESSURE_LAYERS = (Layer.NEUROMUSCULAR, Layer.CUPPING, Layer.DEEP_TISSUE)


@frozen
class Target:
    """Where a technique would go: a muscle (with its region) or a whole region."""

    region: str
    muscle: str | None = None
    side: Side | None = None
    endangered: tuple[str, ...] = ()  # endangerment sites of the muscles in a region target


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


def _check(
    knowledge: Knowledge,
    technique: Technique,
    target: Target,
    entries: Sequence[ContraindicationEntry],
) -> tuple[_Exclusion | None, list[str]]:
    cares: list[str] = []
    region_name = knowledge.region_name(target.region).lower()
    if target.region in technique.never_regions:
        return _Exclusion(f"never used over the {region_name}", None, NEVER_REGION), cares
    muscle = knowledge.muscles.get(target.muscle) if target.muscle else None
    sites = (muscle.endangerment,) if muscle is not None else target.endangered
    if technique.layer in PRESSURE_LAYERS:
        cares += [f"endangerment site: {site}" for site in sites if site]
    for entry in entries:
        for rule in technique.rules:
            if rule.condition != entry.id:
                continue
            if rule.in_region and entry.region is not None and entry.region != target.region:
                continue
            reason = rule.reason.rstrip(". ")
            if rule.in_region and entry.region is not None:
                reason = f"{reason} (recorded in the {region_name})"
            elif rule.in_region:
                reason = f"{reason} (region not recorded, so applied everywhere)"
            if rule.mode == "exclude":
                return _Exclusion(reason, rule.instead, entry.id), cares
            cares.append(reason)
    return None, cares


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
            chosen, care = current, "; ".join(dict.fromkeys(cares))
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


def self_care_exclusion(
    knowledge: Knowledge,
    technique_id: str,
    region: str,
    entries: Sequence[ContraindicationEntry],
) -> tuple[str, str] | None:
    """(reason, condition) when an exclude rule of `technique_id` rules out self-treatment there."""
    technique = knowledge.techniques.get(technique_id)
    if technique is None:
        return None
    exclusion, _ = _check(knowledge, technique, Target(region=region), entries)
    if exclusion is None:
        return None
    return exclusion.reason, exclusion.condition

"""Ranked muscles to a layered session plan that fits the session length, contraindications applied.

Per muscle: a neuromuscular step (static compression on trigger points when the muscle's referral
zone matches reported pain, stripping of tight bands otherwise) and, for overactive muscles, a
stretch. Per body region of the treated muscles: fascia work first, then cupping and deep tissue
over the treated area. If the steps do not fit the session, the lowest-ranked muscles are left out
(listed as excluded for "session_time") and the rest are shortened, each at most to half.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

from attrs import evolve, frozen

from posture_tui.domain.analysis import Excluded, Step
from posture_tui.domain.common import LAYER_ORDER, Layer, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.contraindications import ENDANGERMENT_SITE, Target, resolve
from posture_tui.engine.findings import merge_sides
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.model import Knowledge

TRIGGER_POINT_TECHNIQUE = "static_compression"
TIGHT_BAND_TECHNIQUE = "stripping"
SESSION_TIME = "session_time"
REGION_LAYERS = (Layer.FASCIA, Layer.CUPPING, Layer.DEEP_TISSUE)
_LAYER_RANK = {layer: n for n, layer in enumerate(LAYER_ORDER)}


@frozen
class _Draft:
    """A step before its minutes are fitted to the session."""

    step: Step
    rank: int
    default: int

    @property
    def floor(self) -> int:
        return max(1, ceil(self.default / 2))


def _first(index: KnowledgeIndex, layer: Layer, preferred: str | None = None) -> str | None:
    techniques = index.techniques_by_layer.get(layer, ())
    if preferred is not None and any(t.id == preferred for t in techniques):
        return preferred
    return techniques[0].id if techniques else None


def _sources(target: MuscleTarget) -> str:
    return ", ".join(target.sources[:3])


def _treat_side(target: MuscleTarget) -> Side | None:
    return target.over_side if target.overactive else target.under_side


class _Builder:
    """Turns chosen techniques into drafts, following contraindications to replacements."""

    def __init__(self, knowledge: Knowledge, entries: Sequence[ContraindicationEntry]) -> None:
        self.knowledge = knowledge
        self.entries = entries
        self.excluded: list[Excluded] = []

    def draft(self, technique: str | None, target: Target, reason: str, rank: int) -> list[_Draft]:
        if technique is None:
            return []
        verdict = resolve(self.knowledge, technique, target, self.entries)
        self.excluded.extend(verdict.excluded)
        if verdict.technique is None:
            return []
        chosen = self.knowledge.techniques[verdict.technique]
        if verdict.technique != technique:
            reason = f"{reason} (instead of {self.knowledge.technique_name(technique)})"
        step = Step(
            layer=chosen.layer,
            technique=chosen.id,
            minutes=max(1, chosen.minutes),
            reason=reason,
            muscle=target.muscle,
            region=None if target.muscle else target.region,
            side=target.side,
            care=verdict.care,
        )
        return [_Draft(step=step, rank=rank, default=step.minutes)]


def _muscle_drafts(
    builder: _Builder, index: KnowledgeIndex, target: MuscleTarget, rank: int
) -> list[_Draft]:
    side = _treat_side(target)
    where = Target(region=target.region, muscle=target.muscle, side=side)
    if target.referrals:
        texts = "; ".join(match.text for match in target.referrals[:2])
        reason = f"{texts}; trigger points first ({_sources(target)})"
        technique = _first(index, Layer.NEUROMUSCULAR, TRIGGER_POINT_TECHNIQUE)
    else:
        reason = f"overactive in {_sources(target)}: release tight bands"
        technique = _first(index, Layer.NEUROMUSCULAR, TIGHT_BAND_TECHNIQUE)
    drafts = builder.draft(technique, where, reason, rank)
    if target.overactive:
        stretch = _first(index, Layer.STRETCHING)
        drafts += builder.draft(
            stretch, where, f"lengthen what was released ({_sources(target)})", rank
        )
    return drafts


def _region_drafts(
    builder: _Builder,
    index: KnowledgeIndex,
    region: str,
    members: Sequence[MuscleTarget],
    rank: int,
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for layer in REGION_LAYERS:
        technique = _first(index, layer)
        if technique is None:
            continue
        allowed = _away_from_sites(builder, technique, members)
        if allowed:
            where, reason = _region_target(builder.knowledge, layer, region, allowed)
            drafts += builder.draft(technique, where, reason, rank)
    return drafts


def _away_from_sites(
    builder: _Builder, technique_id: str, members: Sequence[MuscleTarget]
) -> list[MuscleTarget]:
    """The members the technique may go over; the rest are listed as excluded with the site."""
    knowledge = builder.knowledge
    never = knowledge.techniques[technique_id].never_sites
    allowed: list[MuscleTarget] = []
    for target in members:
        muscle = knowledge.muscles[target.muscle]
        if muscle.site not in never:
            allowed.append(target)
            continue
        site = knowledge.sites[muscle.site].name.lower()
        builder.excluded.append(
            Excluded(
                technique=technique_id,
                reason=f"never used over the {site} (endangerment site)",
                instead=None,
                contraindication=ENDANGERMENT_SITE,
                muscle=target.muscle,
                side=_treat_side(target),
            )
        )
    return allowed


def _region_target(
    knowledge: Knowledge, layer: Layer, region: str, members: Sequence[MuscleTarget]
) -> tuple[Target, str]:
    names = ", ".join(knowledge.muscle_name(t.muscle).lower() for t in members)
    region_name = knowledge.region_name(region).lower()
    sites = tuple(
        dict.fromkeys(
            knowledge.muscles[t.muscle].site for t in members if knowledge.muscles[t.muscle].site
        )
    )
    where = Target(
        region=region,
        side=merge_sides(_treat_side(t) for t in members),
        endangered=sites,
    )
    reasons = {
        Layer.FASCIA: f"release the fascia over the {region_name} before work on {names}",
        Layer.CUPPING: f"lift and decompress the treated {region_name} ({names})",
        Layer.DEEP_TISSUE: f"flush the treated {region_name} ({names})",
    }
    return where, reasons[layer]


def _floor_cost(drafts: Sequence[_Draft]) -> int:
    return sum(d.floor for d in drafts)


def _fit(drafts: list[_Draft], session_minutes: int) -> list[Step]:
    """Shorten steps (never below half their default) so the total fits; deterministic.

    The spare minutes above the floors go to each step in proportion to what it lost, rounded
    by largest remainder (ties to the higher-ranked step), so the session is used in full.
    """
    total = sum(d.default for d in drafts)
    if total <= session_minutes:
        return [d.step for d in drafts]
    spare = session_minutes - _floor_cost(drafts)
    room = [d.default - d.floor for d in drafts]
    whole = sum(room)
    shares = [spare * r // whole if whole else 0 for r in room]
    left = spare - sum(shares)
    by_remainder = sorted(
        range(len(drafts)), key=lambda i: -(spare * room[i] % whole if whole else 0)
    )
    for i in by_remainder:
        if left <= 0:
            break
        if shares[i] < room[i]:
            shares[i] += 1
            left -= 1
    steps: list[Step] = []
    for draft, share in zip(drafts, shares, strict=True):
        minutes = draft.floor + share
        step = evolve(draft.step, minutes=minutes)
        if minutes < draft.default:
            step = evolve(
                step,
                reason=f"{step.reason}; shortened from {draft.default} to {minutes} min"
                " to fit the session",
            )
        steps.append(step)
    return steps


def plan_steps(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    entries: Sequence[ContraindicationEntry],
    session_minutes: int,
) -> tuple[tuple[Step, ...], tuple[Excluded, ...]]:
    """The session's steps in layer order and everything left out (contraindication or time)."""
    hands_on = [t for t in targets if t.overactive or t.referrals]
    per_muscle: list[tuple[list[_Draft], list[Excluded]]] = []
    for n, target in enumerate(hands_on):
        builder = _Builder(knowledge, entries)
        per_muscle.append((_muscle_drafts(builder, index, target, n), builder.excluded))
    # Keep the best-ranked muscles whose steps (at their shortest) fit, with their regions' work.
    region_cost: dict[str, int] = {}
    kept = 0
    cost = 0
    for n, target in enumerate(hands_on):
        add = _floor_cost(per_muscle[n][0])
        if target.region not in region_cost:
            probe = _Builder(knowledge, entries)
            region_cost[target.region] = _floor_cost(
                _region_drafts(probe, index, target.region, [target], n)
            )
            add += region_cost[target.region]
        if cost + add > session_minutes:
            break
        cost += add
        kept = n + 1
    drafts: list[_Draft] = []
    excluded: list[Excluded] = []
    regions: dict[str, list[MuscleTarget]] = {}
    region_rank: dict[str, int] = {}
    for n, target in enumerate(hands_on[:kept]):
        drafts += per_muscle[n][0]
        excluded += per_muscle[n][1]
        regions.setdefault(target.region, []).append(target)
        region_rank.setdefault(target.region, n)
    builder = _Builder(knowledge, entries)
    for region, members in regions.items():
        drafts += _region_drafts(builder, index, region, members, region_rank[region])
    excluded += builder.excluded
    drafts = _unique(drafts)
    drafts.sort(key=lambda d: (_LAYER_RANK[d.step.layer], d.rank))
    steps = _fit(drafts, session_minutes)
    dropped = [d for muscle_drafts, _ in per_muscle[kept:] for d in muscle_drafts]
    missed: dict[str, list[MuscleTarget]] = {}
    for target in hands_on[kept:]:
        if target.region not in regions:
            missed.setdefault(target.region, []).append(target)
    probe = _Builder(knowledge, entries)
    for region, members in missed.items():
        dropped += _region_drafts(probe, index, region, members, 0)
    return tuple(steps), (*excluded, *_time_exclusions(dropped, session_minutes))


def _unique(drafts: list[_Draft]) -> list[_Draft]:
    """One draft per (technique, target, side); a duplicate's reason joins the kept one's."""
    kept: dict[tuple[str, str | None, str | None, Side | None], _Draft] = {}
    for draft in drafts:
        s = draft.step
        key = (s.technique, s.muscle, s.region, s.side)
        first = kept.get(key)
        if first is None:
            kept[key] = draft
        elif s.reason not in first.step.reason:
            step = evolve(first.step, reason=f"{first.step.reason}; also: {s.reason}")
            kept[key] = evolve(first, step=step)
    return list(kept.values())


def _time_exclusions(dropped: Sequence[_Draft], session_minutes: int) -> list[Excluded]:
    """What the session had no time for, listed so nothing is left out silently."""
    reason = f"no time left in the {session_minutes}-minute session (lower priority)"
    return [
        Excluded(
            technique=d.step.technique,
            reason=reason,
            instead=None,
            contraindication=SESSION_TIME,
            muscle=d.step.muscle,
            region=d.step.region,
            side=d.step.side,
        )
        for d in _unique(list(dropped))
    ]

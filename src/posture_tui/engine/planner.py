"""Steps of one focus region: the clinic's layers over it, contraindications applied.

Per muscle: a neuromuscular step (the knowledge base's trigger-point technique when the
muscle's referral zone matches reported pain, its tight-band technique otherwise) and, for
overactive muscles, a stretch. Over the region: fascia work first, then cupping and deep
tissue. Each step starts at its technique's typical minutes (its first-visit minutes at a first
visit; neuromuscular work on a muscle per side) and may be shortened to fit the session, never
below its useful minimum.
Which regions a session works, and the visits after it, are decided in engine/course.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve, frozen

from posture_tui.domain.analysis import Excluded, Step
from posture_tui.domain.common import LAYER_ORDER, Layer, Side
from posture_tui.domain.intake import ContraindicationEntry
from posture_tui.engine.contraindications import ENDANGERMENT_SITE, Target, resolve
from posture_tui.engine.findings import merge_sides
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.model import Knowledge

REGION_LAYERS = (Layer.FASCIA, Layer.CUPPING, Layer.DEEP_TISSUE)
LAYER_RANK = {layer: n for n, layer in enumerate(LAYER_ORDER)}


@frozen
class Draft:
    """A step before its minutes are fitted to the session."""

    step: Step
    rank: int
    default: int
    floor: int
    ceiling: int


def _first(index: KnowledgeIndex, layer: Layer, preferred: str | None = None) -> str | None:
    techniques = index.techniques_by_layer.get(layer, ())
    if preferred is not None and any(t.id == preferred for t in techniques):
        return preferred
    return techniques[0].id if techniques else None


def sources_text(target: MuscleTarget) -> str:
    return ", ".join(target.sources[:3])


def treat_side(target: MuscleTarget) -> Side | None:
    return target.over_side if target.overactive else target.under_side


class Builder:
    """Turns chosen techniques into drafts, following contraindications to replacements."""

    def __init__(
        self,
        knowledge: Knowledge,
        entries: Sequence[ContraindicationEntry],
        *,
        first_visit: bool = False,
    ) -> None:
        self.knowledge = knowledge
        self.entries = entries
        self.first_visit = first_visit
        self.excluded: list[Excluded] = []

    def draft(self, technique: str | None, target: Target, reason: str, rank: int) -> list[Draft]:
        if technique is None:
            return []
        verdict = resolve(self.knowledge, technique, target, self.entries)
        self.excluded.extend(verdict.excluded)
        if verdict.technique is None:
            return []
        chosen = self.knowledge.techniques[verdict.technique]
        if verdict.technique != technique:
            reason = f"{reason} (instead of {self.knowledge.technique_name(technique)})"
        typical = chosen.minutes
        most = chosen.most_minutes or chosen.minutes
        if self.first_visit and chosen.first_visit_minutes is not None:
            typical = chosen.first_visit_minutes
            most = chosen.first_visit_most_minutes or typical
        floor = min(chosen.min_minutes or chosen.minutes, typical)
        # neuromuscular work on a muscle is timed per side
        sides = 2 if target.muscle and target.side is Side.BILATERAL else 1
        if chosen.layer is not Layer.NEUROMUSCULAR:
            sides = 1
        step = Step(
            layer=chosen.layer,
            technique=chosen.id,
            minutes=typical * sides,
            reason=reason,
            muscle=target.muscle,
            region=None if target.muscle else target.region,
            side=target.side,
            care=verdict.care,
        )
        return [
            Draft(
                step=step,
                rank=rank,
                default=typical * sides,
                floor=floor * sides,
                ceiling=max(most, typical) * sides,
            )
        ]


def muscle_drafts(
    builder: Builder, index: KnowledgeIndex, target: MuscleTarget, rank: int
) -> list[Draft]:
    side = treat_side(target)
    where = Target(region=target.region, muscle=target.muscle, side=side)
    if target.referrals:
        texts = "; ".join(match.text for match in target.referrals[:2])
        reason = f"{texts}; trigger points first ({sources_text(target)})"
        choice = builder.knowledge.settings.techniques.trigger_points
        technique = _first(index, Layer.NEUROMUSCULAR, choice)
    else:
        reason = f"overactive in {sources_text(target)}: release tight bands"
        choice = builder.knowledge.settings.techniques.tight_bands
        technique = _first(index, Layer.NEUROMUSCULAR, choice)
    drafts = builder.draft(technique, where, reason, rank)
    if target.overactive:
        stretch = _first(index, Layer.STRETCHING)
        drafts += builder.draft(
            stretch, where, f"lengthen what was released ({sources_text(target)})", rank
        )
    return drafts


def region_drafts(
    builder: Builder,
    index: KnowledgeIndex,
    region: str,
    members: Sequence[MuscleTarget],
    rank: int,
) -> list[Draft]:
    drafts: list[Draft] = []
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
    builder: Builder, technique_id: str, members: Sequence[MuscleTarget]
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
                side=treat_side(target),
            )
        )
    return allowed


def _region_target(
    knowledge: Knowledge, layer: Layer, region: str, members: Sequence[MuscleTarget]
) -> tuple[Target, str]:
    names = ", ".join(knowledge.muscle_name(t.muscle).lower() for t in members)
    region_name = knowledge.region_name(region).lower()
    known = knowledge.pain_regions.get(region)
    muscle_sites = [knowledge.muscles[t.muscle].site for t in members]
    beside = known.beside_sites if known is not None else ()
    sites = tuple(dict.fromkeys(site for site in (*muscle_sites, *beside) if site))
    where = Target(
        region=region,
        side=merge_sides(treat_side(t) for t in members),
        endangered=sites,
    )
    reasons = {
        Layer.FASCIA: f"release the fascia over the {region_name} before work on {names}",
        Layer.CUPPING: f"lift and decompress the treated {region_name} ({names})",
        Layer.DEEP_TISSUE: f"flush the treated {region_name} ({names})",
    }
    return where, reasons[layer]


def floor_cost(drafts: Sequence[Draft]) -> int:
    return sum(d.floor for d in drafts)


def fit(drafts: Sequence[Draft], minutes: int) -> list[Step]:
    """Shorten steps (never below their floor) so the total fits; deterministic.

    The spare minutes above the floors go to each step in proportion to what it lost, rounded
    by largest remainder (ties to the higher-ranked step). The caller keeps the floors within
    `minutes`.
    """
    total = sum(d.default for d in drafts)
    if total <= minutes:
        return _deepen(drafts, minutes - total)
    spare = max(0, minutes - floor_cost(drafts))
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
        minutes_now = draft.floor + share
        step = evolve(draft.step, minutes=minutes_now)
        if minutes_now < draft.default:
            step = evolve(
                step,
                reason=f"{step.reason}; shortened from {draft.default} to {minutes_now} min"
                " to fit the session",
            )
        steps.append(step)
    return steps


def _deepen(drafts: Sequence[Draft], spare: int) -> list[Step]:
    """Time to spare goes to the focus regions' steps, a minute at a time in priority and layer
    order, up to each technique's most minutes: deeper work rather than more regions."""
    extra = [0] * len(drafts)
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].rank, i))
    while spare > 0:
        grown = False
        for i in order:
            if spare <= 0:
                break
            if drafts[i].default + extra[i] < drafts[i].ceiling:
                extra[i] += 1
                spare -= 1
                grown = True
        if not grown:
            break
    return [evolve(d.step, minutes=d.default + e) for d, e in zip(drafts, extra, strict=True)]


def unique(drafts: list[Draft]) -> list[Draft]:
    """One draft per (technique, target, side); a duplicate's reason joins the kept one's."""
    kept: dict[tuple[str, str | None, str | None, Side | None], Draft] = {}
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

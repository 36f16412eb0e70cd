"""Rank the implicated muscles in the order of CLINICAL.md 1b.

Reported pain first (muscles whose referral zone matches it, and trigger points confirmed by
palpation), then the key muscles of the patterns (their own muscle tables), strongest pattern
first, then the muscles of primary findings, and those of compensatory findings last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from posture_tui.domain.analysis import Flag, MuscleImplication, PlannedTarget, ReferralMatch
from posture_tui.domain.common import Role, Side
from posture_tui.domain.intake import PainEntry, TriggerPoint
from posture_tui.engine.compensation import PRIMARY as PRIMARY_ROLE
from posture_tui.engine.compensation import finding_roles
from posture_tui.engine.findings import Observations, merge_sides
from posture_tui.engine.index import index_for
from posture_tui.engine.referral import referral_matches
from posture_tui.engine.rules import compute_strength
from posture_tui.engine.sides import item_muscles
from posture_tui.knowledge.model import Knowledge


@frozen
class MuscleTarget:
    """One implicated muscle, merged over every flag and loose finding that names it."""

    muscle: str
    region: str
    over_side: Side | None  # None: not implicated as overactive
    under_side: Side | None  # None: not implicated as underactive
    weight: float  # highest strength among its sources
    sources: tuple[str, ...]  # pattern names or "finding: label"
    referrals: tuple[ReferralMatch, ...] = ()
    tier: int = 2  # PAIN, KEY, PRIMARY or COMPENSATORY
    key_strength: float = 0.0  # strength of the strongest flag whose pattern table lists it
    defining: bool = False  # named by a finding that defines a raised pattern

    @property
    def overactive(self) -> bool:
        return self.over_side is not None

    @property
    def best_pain(self) -> int:
        return max((r.score for r in self.referrals), default=0)


PAIN, KEY, PRIMARY, COMPENSATORY = range(4)


class _Acc:
    def __init__(self) -> None:
        self.over: list[Side | None] = []
        self.under: list[Side | None] = []
        self.weight = 0.0
        self.sources: list[str] = []
        self.referrals: dict[tuple[str, Side | None], ReferralMatch] = {}
        self.key = 0.0
        self.defining = False
        self.confirmed = False
        self.primary = False  # named by a finding that looks primary


def _add(
    acc: dict[str, _Acc],
    implications: Sequence[MuscleImplication],
    weight: float,
    source: str,
    referrals: Sequence[ReferralMatch],
) -> None:
    for implication in implications:
        entry = acc.setdefault(implication.muscle, _Acc())
        (entry.over if implication.role is Role.OVERACTIVE else entry.under).append(
            implication.side
        )
        entry.weight = max(entry.weight, weight)
        if source not in entry.sources:
            entry.sources.append(source)
    for match in referrals:
        found = acc.get(match.muscle)
        if found is not None:
            key = (match.region, match.pain_side)
            if key not in found.referrals or found.referrals[key].score < match.score:
                found.referrals[key] = match


def _by_score(matches: Iterable[ReferralMatch]) -> tuple[ReferralMatch, ...]:
    return tuple(sorted(matches, key=lambda m: -m.score))


CONFIRMED = "trigger point confirmed by palpation"


def _add_trigger_points(
    knowledge: Knowledge,
    acc: dict[str, _Acc],
    trigger_points: Sequence[TriggerPoint],
    pain: Sequence[PainEntry],
) -> None:
    """A confirmed trigger point makes its muscle overactive on its side, matched to the pain."""
    for point in trigger_points:
        if point.muscle not in knowledge.muscles:
            continue
        implication = MuscleImplication(muscle=point.muscle, role=Role.OVERACTIVE, side=point.side)
        matches = referral_matches(knowledge, (implication,), pain)
        _add(acc, (implication,), 1.0, CONFIRMED, matches)
        acc[point.muscle].confirmed = True


def _mark_flag(knowledge: Knowledge, acc: dict[str, _Acc], flag: Flag) -> None:
    """Key muscles (the pattern tables of the flag and the patterns it requires) and the muscles
    its primary findings name."""
    tables: list[str] = []
    defining: set[str] = set()
    pending = [flag.pattern]
    while pending:
        pattern = knowledge.patterns.get(pending.pop())
        if pattern is None:
            continue
        tables += [entry.muscle for entry in pattern.muscles]
        rule = pattern.rule
        defining |= {*rule.required, *rule.core, *rule.sided_pool}
        pending += list(pattern.rule.requires_patterns)
    for muscle in tables:
        if muscle in acc:
            acc[muscle].key = max(acc[muscle].key, flag.strength)
    for item_id in defining & set(flag.evidence):
        item = knowledge.checklist.get(item_id)
        if item is None:
            continue
        named = (*item.overactive, *item.underactive)
        named += (*item.opposite_overactive, *item.opposite_underactive)
        for muscle in named:
            if muscle in acc and acc[muscle].key:
                acc[muscle].defining = True
    primary_items = [role.item for role in flag.roles if role.role == PRIMARY_ROLE]
    for item_id in primary_items:
        item = knowledge.checklist.get(item_id)
        if item is None:
            continue
        for muscle in (*item.overactive, *item.underactive):
            if muscle in acc:
                acc[muscle].primary = True


def _tier(entry: _Acc) -> int:
    if entry.referrals or entry.confirmed:
        return PAIN
    if entry.key:
        return KEY
    return PRIMARY if entry.primary else COMPENSATORY


PLANNED = "planned for this visit"


def _add_planned(
    knowledge: Knowledge,
    acc: dict[str, _Acc],
    planned: Sequence[PlannedTarget],
    pain: Sequence[PainEntry],
) -> None:
    """The muscles the course planned for this visit: overactive on their side, key muscles."""
    for target in planned:
        if target.muscle not in knowledge.muscles:
            continue
        implication = MuscleImplication(target.muscle, Role.OVERACTIVE, target.side)
        source = f"{PLANNED}: {target.why}" if target.why else PLANNED
        _add(acc, (implication,), 0.5, source, referral_matches(knowledge, (implication,), pain))
        acc[target.muscle].key = max(acc[target.muscle].key, 1.0)
        acc[target.muscle].defining = True


def rank_targets(
    knowledge: Knowledge,
    flags: Sequence[Flag],
    observations: Observations,
    pain: Sequence[PainEntry],
    trigger_points: Sequence[TriggerPoint] = (),
    planned: Sequence[PlannedTarget] = (),
) -> tuple[MuscleTarget, ...]:
    """Every implicated muscle, best first.

    Findings that raised no flag still implicate their own overactive/underactive muscles (so a
    lone elevated shoulder is still treated), weighted by severity alone. A trigger point the
    therapist confirmed makes its muscle overactive on its side at full weight. Order: the tier
    (pain, key muscle, primary finding, compensatory finding), then the highest matching pain,
    whether a defining finding of a raised pattern names it (the sway back's shifted pelvis
    names the hamstrings; its forward head, a supporting finding, the suboccipitals), the
    strongest pattern that names it as key, its weight, and first mention.
    """
    acc: dict[str, _Acc] = {}
    in_flags: set[str] = set()
    for flag in flags:
        _add(acc, flag.muscles, flag.strength, flag.name, flag.referrals)
        _mark_flag(knowledge, acc, flag)
        in_flags.update(flag.evidence)
    loose = [item for item in observations.present if item not in in_flags]
    compensating = {
        role.item
        for role in finding_roles(knowledge, index_for(knowledge), loose, observations)
        if role.role != PRIMARY_ROLE
    }
    for item_id, found in observations.present.items():
        if item_id in in_flags:
            continue
        implications = item_muscles(knowledge, item_id, observations)
        if item_id not in compensating:
            for implication in implications:
                acc.setdefault(implication.muscle, _Acc()).primary = True
        label = knowledge.checklist[item_id].label
        weight = compute_strength([found.severity], 0)
        _add(
            acc,
            implications,
            weight,
            f"finding: {label}",
            referral_matches(knowledge, implications, pain),
        )
    _add_trigger_points(knowledge, acc, trigger_points, pain)
    _add_planned(knowledge, acc, planned, pain)
    targets = [
        MuscleTarget(
            muscle=muscle,
            region=knowledge.muscles[muscle].region,
            over_side=(merge_sides(e.over) or Side.BILATERAL) if e.over else None,
            under_side=(merge_sides(e.under) or Side.BILATERAL) if e.under else None,
            weight=e.weight,
            sources=tuple(e.sources),
            referrals=_by_score(e.referrals.values()),
            tier=_tier(e),
            key_strength=e.key,
            defining=e.defining,
        )
        for muscle, e in acc.items()
        if muscle in knowledge.muscles
    ]
    order = {t.muscle: n for n, t in enumerate(targets)}
    targets.sort(
        key=lambda t: (
            t.tier,
            -t.best_pain,
            not t.defining,
            -t.key_strength,
            -t.weight,
            order[t.muscle],
        )
    )
    return tuple(targets)

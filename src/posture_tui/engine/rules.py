"""Findings to flags: evaluate each pattern rule and attach evidence, strength, muscles and roles.

Strength formula (0-1, two decimals): 0.8 x the mean of severity/3 over the findings that define
the pattern (its required, core and one-sided pool findings, plus those of the patterns it
requires), plus 0.1 per piece of support (a present `supporting` finding, a positive supporting
measurement, or a measurement that backs a defining finding), at most 0.2. Labels: under 0.4
"weak", under 0.7 "moderate", else "strong".
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from posture_tui.domain.analysis import Flag
from posture_tui.domain.common import MAX_SEVERITY, Side
from posture_tui.domain.intake import PainEntry
from posture_tui.engine.compensation import finding_roles
from posture_tui.engine.findings import Observations
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.referral import referral_matches
from posture_tui.engine.sides import resolve_roles
from posture_tui.knowledge.model import Knowledge, Pattern

_UNILATERAL = (Side.LEFT, Side.RIGHT)
SUPPORT_STEP = 0.1
SUPPORT_CAP = 2


@frozen
class _Raised:
    pattern: Pattern
    defining: tuple[str, ...]
    evidence_items: tuple[str, ...]
    evidence_measurements: tuple[str, ...]
    support: int
    lineage: tuple[Pattern, ...]  # the pattern and every pattern it requires


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def strength_label(strength: float) -> str:
    if strength < 0.4:
        return "weak"
    if strength < 0.7:
        return "moderate"
    return "strong"


def compute_strength(severities: Sequence[int], support: int) -> float:
    """The documented formula above; no defining severities gives 0."""
    if not severities:
        return 0.0
    mean = sum(severities) / (len(severities) * MAX_SEVERITY)
    value = 0.8 * mean + SUPPORT_STEP * min(support, SUPPORT_CAP)
    return round(min(1.0, max(0.0, value)), 2)


def _evaluate(pattern: Pattern, obs: Observations, raised: dict[str, _Raised]) -> _Raised | None:
    rule = pattern.rule
    present = obs.present
    core = [item for item in rule.core if item in present]
    if len(core) < rule.min_core:
        return None
    if any(item not in present for item in rule.required):
        return None
    if any(item in present for item in rule.excludes):
        return None
    if any(name not in raised for name in rule.requires_patterns):
        return None
    pool = [item for item in rule.sided_pool if item in present]
    one_sided = [item for item in pool if present[item].side in _UNILATERAL]
    if len(one_sided) < rule.min_sided:
        return None
    inherited = [raised[name] for name in rule.requires_patterns]
    defining = _unique(
        [*(i for r in inherited for i in r.defining), *rule.required, *core, *one_sided]
    )
    if not defining:
        return None
    supporting = [i for i in (*rule.supporting, *pool) if i in present and i not in defining]
    items = _unique([*(i for r in inherited for i in r.evidence_items), *defining, *supporting])
    backing = [m for item in items for m in present[item].measurements]
    extra = [m for m in rule.supporting_measurements if m in obs.positive_measurements]
    measurements = _unique([*backing, *extra])
    own_support = len(_unique([i for i in rule.supporting if i in present])) + len(extra)
    backing_defining = len({m for item in defining for m in present[item].measurements})
    lineage = _unique_patterns([pattern, *(p for r in inherited for p in r.lineage)])
    return _Raised(
        pattern=pattern,
        defining=defining,
        evidence_items=items,
        evidence_measurements=measurements,
        support=own_support + backing_defining + sum(r.support for r in inherited),
        lineage=lineage,
    )


def _unique_patterns(patterns: Sequence[Pattern]) -> tuple[Pattern, ...]:
    return tuple({p.id: p for p in patterns}.values())


def raise_flags(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    observations: Observations,
    pain: Sequence[PainEntry] = (),
) -> tuple[Flag, ...]:
    """A flag for every pattern whose rule holds; patterns requiring others are evaluated last."""
    if not observations.present:
        return ()
    raised: dict[str, _Raised] = {}
    for pattern in index.pattern_order:
        result = _evaluate(pattern, observations, raised)
        if result is not None:
            raised[pattern.id] = result
    flags: list[Flag] = []
    for result in raised.values():
        severities = [observations.severity(item) for item in result.defining]
        strength = compute_strength(severities, result.support)
        muscles, set_aside = resolve_roles(
            knowledge, result.lineage, result.evidence_items, observations, result.defining
        )
        flags.append(
            Flag(
                pattern=result.pattern.id,
                name=result.pattern.name,
                evidence=(*result.evidence_items, *result.evidence_measurements),
                strength=strength,
                strength_label=strength_label(strength),
                muscles=muscles,
                roles=finding_roles(knowledge, index, result.evidence_items, observations),
                referrals=referral_matches(knowledge, muscles, pain),
                summary=result.pattern.summary,
                set_aside=set_aside,
            )
        )
    return tuple(flags)

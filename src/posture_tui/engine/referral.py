"""Match implicated muscles' trigger-point referral zones against the client's reported pain."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from posture_tui.domain.analysis import MuscleImplication, ReferralMatch
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.knowledge.model import Knowledge


def sides_match(muscle_side: Side | None, pain_side: Side | None) -> bool:
    """A one-sided muscle matches pain on its side, on both sides, or with no side recorded."""
    if muscle_side in (None, Side.BILATERAL) or pain_side in (None, Side.BILATERAL):
        return True
    return muscle_side == pain_side


def _where(side: Side | None, region_name: str) -> str:
    if side in (Side.LEFT, Side.RIGHT) and side is not None:
        return f"the {side.value} {region_name}"
    if side is Side.BILATERAL:
        return f"both sides of the {region_name}"
    return f"the {region_name}"


def referral_matches(
    knowledge: Knowledge,
    implications: Iterable[MuscleImplication],
    pain: Sequence[PainEntry],
) -> tuple[ReferralMatch, ...]:
    """One match per (muscle, side, pain entry) whose region is one of the muscle's referral zones.

    Pain scored 0 matches nothing. Matches are ordered by pain score (highest first).
    """
    hurting = [entry for entry in pain if entry.score > 0]
    if not hurting:
        return ()
    matches: list[ReferralMatch] = []
    seen: set[tuple[str, Side | None, str, Side | None]] = set()
    for implication in implications:
        muscle = knowledge.muscles.get(implication.muscle)
        if muscle is None:
            continue
        for entry in hurting:
            if entry.region not in muscle.referral_zones:
                continue
            if not sides_match(implication.side, entry.side):
                continue
            key = (muscle.id, implication.side, entry.region, entry.side)
            if key in seen:
                continue
            seen.add(key)
            side = entry.side if entry.side not in (None, Side.BILATERAL) else implication.side
            region_name = knowledge.region_name(entry.region).lower()
            text = (
                f"{muscle.name} may refer to {_where(side, region_name)}: "
                f"matches reported pain {entry.score}/10"
            )
            matches.append(
                ReferralMatch(
                    muscle=muscle.id,
                    muscle_side=implication.side,
                    region=entry.region,
                    pain_side=entry.side,
                    score=entry.score,
                    text=text,
                )
            )
    matches.sort(key=lambda m: -m.score)
    return tuple(matches)

"""Pain that no implicated muscle explains: the muscles to palpate for trigger points."""

from __future__ import annotations

from collections.abc import Sequence

from posture_tui.domain.analysis import ScreenCandidate
from posture_tui.domain.intake import PainEntry
from posture_tui.engine.index import KnowledgeIndex
from posture_tui.engine.referral import sides_match
from posture_tui.engine.targets import MuscleTarget
from posture_tui.knowledge.model import Knowledge


def _explained(knowledge: Knowledge, targets: Sequence[MuscleTarget], entry: PainEntry) -> bool:
    """Whether an implicated muscle (either role, on a matching side) refers to the pain."""
    for target in targets:
        muscle = knowledge.muscles.get(target.muscle)
        if muscle is None or entry.region not in muscle.referral_zones:
            continue
        sides = [side for side in (target.over_side, target.under_side) if side is not None]
        if any(sides_match(side, entry.side) for side in sides):
            return True
    return False


def _text(knowledge: Knowledge, entry: PainEntry, muscles: Sequence[str]) -> str:
    side = f" ({entry.side.value})" if entry.side is not None else ""
    names = ", ".join(knowledge.muscle_name(muscle).lower() for muscle in muscles)
    return (
        f"{knowledge.region_name(entry.region)} pain {entry.score}/10{side}: "
        f"screen for trigger points in {names}"
    )


def screen_candidates(
    knowledge: Knowledge,
    index: KnowledgeIndex,
    targets: Sequence[MuscleTarget],
    pain: Sequence[PainEntry],
) -> tuple[ScreenCandidate, ...]:
    """For each reported pain no implicated muscle refers to, the muscles whose zones cover it.

    Highest pain first. They enter the plan only once the therapist confirms a trigger point
    (a confirmed point makes its muscle a target, so its pain is then explained).
    """
    candidates: list[ScreenCandidate] = []
    for entry in sorted((p for p in pain if p.score > 0), key=lambda p: -p.score):
        muscles = index.muscles_by_zone.get(entry.region, ())
        if not muscles or _explained(knowledge, targets, entry):
            continue
        candidates.append(
            ScreenCandidate(
                region=entry.region,
                side=entry.side,
                score=entry.score,
                muscles=muscles,
                text=_text(knowledge, entry, muscles),
            )
        )
    return tuple(candidates)

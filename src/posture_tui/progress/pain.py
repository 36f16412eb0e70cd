"""Pain (NPRS 0-10) change between two visits, judged against the minimal important change."""

from __future__ import annotations

from attrs import frozen

from posture_tui.domain.common import Side

# Salaffi 2004 (CLINICAL.md section 7). A change counts when EITHER the points OR the percentage
# of the earlier score reaches the threshold:
#   meaningful: at least 1 point or at least 15 %;   much: at least 2 points or at least 33 %.
# The percentage is of the earlier score and only applies when it was above 0. Scores are whole
# numbers, so any 1-point change is meaningful; the 33 % rule makes 3 -> 2 "much better".
MIN_POINTS = 1
MIN_PERCENT = 15
MUCH_POINTS = 2
MUCH_PERCENT = 33

MUCH_BETTER = "much better"
BETTER = "better"
NO_CHANGE = "no meaningful change"
WORSE = "worse"
MUCH_WORSE = "much worse"


def pain_band(score: int | None) -> str:
    """Chronic pain bands (Boonstra 2016): 1-5 mild, 6-7 moderate, 8-10 severe; 0 none."""
    if score is None:
        return "not recorded"
    if score <= 0:
        return "none"
    if score <= 5:
        return "mild"
    if score <= 7:
        return "moderate"
    return "severe"


def _reaches(delta: int, base: int, points: int, percent: int) -> bool:
    # Exact integer arithmetic so 1 of 3 (33.3 %) reaches 33 % without float surprises.
    return delta >= points or (base > 0 and delta * 100 >= percent * base)


def judge_pain(before: int, after: int) -> str:
    """The verdict for a change from `before` to `after` (0 when not reported)."""
    if after < before:
        drop = before - after
        if _reaches(drop, before, MUCH_POINTS, MUCH_PERCENT):
            return MUCH_BETTER
        if _reaches(drop, before, MIN_POINTS, MIN_PERCENT):
            return BETTER
    elif after > before:
        rise = after - before
        if _reaches(rise, before, MUCH_POINTS, MUCH_PERCENT):
            return MUCH_WORSE
        if _reaches(rise, before, MIN_POINTS, MIN_PERCENT):
            return WORSE
    return NO_CHANGE


@frozen
class PainChange:
    """Pain in one region and side at two visits. A region missing at a visit counts as 0."""

    region: str
    side: Side | None
    before: int | None
    after: int | None
    change: int  # after - before, with a missing score as 0
    status: str  # "new", "resolved" (0 or not reported any more), "ongoing" or "none"
    verdict: str

    @property
    def meaningful(self) -> bool:
        return self.verdict != NO_CHANGE


def pain_change(
    region: str, side: Side | None, before: int | None, after: int | None
) -> PainChange:
    start = before or 0
    end = after or 0
    if start == 0 and end == 0:
        status = "none"
    elif start == 0:
        status = "new"
    elif end == 0:
        status = "resolved"
    else:
        status = "ongoing"
    return PainChange(region, side, before, after, end - start, status, judge_pain(start, end))

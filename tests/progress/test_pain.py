"""Pain change judged against the minimal important change: 1 point or 15 %, much: 2 or 33 %."""

from __future__ import annotations

import pytest

from posture_tui.domain.common import Side
from posture_tui.progress.pain import judge_pain, pain_band, pain_change


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (6, 6, "no meaningful change"),
        (0, 0, "no meaningful change"),
        (8, 7, "better"),  # 1 point (12.5 %): meaningful by points, not much
        (10, 9, "better"),  # 1 point is enough although only 10 %
        (8, 6, "much better"),  # exactly 2 points
        (4, 3, "better"),  # 25 %: under 33 %, under 2 points
        (3, 2, "much better"),  # 33.3 %: reaches 33 % with one point
        (2, 1, "much better"),  # 50 %
        (9, 7, "much better"),
        (5, 6, "worse"),
        (5, 7, "much worse"),  # 2 points
        (3, 4, "much worse"),  # 33.3 % of 3
        (4, 5, "worse"),  # 25 %
        (0, 1, "worse"),  # from nothing only the points count
        (0, 2, "much worse"),
        (7, 0, "much better"),
    ],
)
def test_pain_verdict_at_each_threshold(before: int, after: int, verdict: str) -> None:
    assert judge_pain(before, after) == verdict


def test_missing_region_counts_as_zero_and_is_labelled_new_or_resolved() -> None:
    new = pain_change("neck", Side.RIGHT, None, 4)
    assert (new.status, new.change, new.verdict) == ("new", 4, "much worse")
    gone = pain_change("neck", Side.RIGHT, 3, None)
    assert (gone.status, gone.change, gone.verdict) == ("resolved", -3, "much better")
    zero = pain_change("neck", None, 2, 0)
    assert zero.status == "resolved"
    same = pain_change("neck", None, 5, 5)
    assert same.status == "ongoing" and not same.meaningful


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (None, "not recorded"),
        (0, "none"),
        (1, "mild"),
        (5, "mild"),
        (6, "moderate"),
        (7, "moderate"),
        (8, "severe"),
        (10, "severe"),
    ],
)
def test_pain_bands(score: int | None, band: str) -> None:
    assert pain_band(score) == band

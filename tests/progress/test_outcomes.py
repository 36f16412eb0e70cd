"""NDI and ODI scoring, bands at every boundary, unanswered sections, and the MCID judgement."""

from __future__ import annotations

import pytest

from posture_tui.progress.outcomes import (
    NDI,
    ODI,
    OutcomeScore,
    compare_scores,
    score_ndi,
    score_odi,
)


def answers_summing_to(total: int, sections: int = 10) -> list[int | None]:
    """Ten sections (the first `sections` answered) whose answered values add up to `total`."""
    values: list[int | None] = []
    left = total
    for _ in range(sections):
        value = min(5, left)
        values.append(value)
        left -= value
    assert left == 0
    return values + [None] * (10 - sections)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_ndi_total_out_of_50_and_band_boundaries(total: int, band: str) -> None:
    score = score_ndi(answers_summing_to(total))
    assert score is not None
    assert score.score == total
    assert score.band == band
    assert score.answered == 10 and not score.scaled
    assert score.text() == f"{total}/50 ({band})"


def test_ndi_unanswered_sections_are_scaled_by_the_sections_answered() -> None:
    # 9 answered, sum 18: 18 / 45 * 50 = 20.0
    score = score_ndi(answers_summing_to(18, sections=9))
    assert score is not None
    assert score.score == 20.0
    assert score.scaled and score.answered == 9
    assert "9 of 10 sections answered, scaled" in score.text()
    # 7 answered, sum 10: 10 / 35 * 50 = 14.29 -> 14.3 (still mild: under 15)
    score = score_ndi(answers_summing_to(10, sections=7))
    assert score is not None and score.score == 14.3 and score.band == "mild"


def test_nothing_answered_or_not_taken_gives_no_score() -> None:
    assert score_ndi(None) is None
    assert score_ndi([None] * 10) is None
    assert score_odi([None] * 10) is None


@pytest.mark.parametrize(
    "bad",
    [[1] * 9, [1] * 11, [6] + [0] * 9, [-1] + [0] * 9, [True] + [0] * 9, ["3"] + [0] * 9],
)
def test_bad_answers_are_rejected_with_a_clear_message(bad: list[object]) -> None:
    with pytest.raises(ValueError, match=r"section|sections"):
        score_ndi(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (0, 0, "minimal"),
        (10, 20, "minimal"),
        (11, 22, "moderate"),
        (20, 40, "moderate"),
        (21, 42, "severe"),
        (30, 60, "severe"),
        (31, 62, "crippled"),
        (40, 80, "crippled"),
        (41, 82, "bed-bound"),
        (50, 100, "bed-bound"),
    ],
)
def test_odi_percentage_and_band_boundaries(total: int, percent: int, band: str) -> None:
    score = score_odi(answers_summing_to(total))
    assert score is not None
    assert score.score == percent
    assert score.band == band
    assert score.text() == f"{percent}% ({band})"


def test_odi_fraction_just_over_20_is_moderate() -> None:
    # 9 answered, sum 10: 10 / 45 * 100 = 22.2 ; sum 9 -> 20.0 minimal
    over = score_odi(answers_summing_to(10, sections=9))
    at = score_odi(answers_summing_to(9, sections=9))
    assert over is not None and over.score == 22.2 and over.band == "moderate"
    assert at is not None and at.score == 20.0 and at.band == "minimal"


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (20, 15, "improved"),  # exactly the MCID of 5 points
        (20, 16, "no important change"),
        (20, 24, "no important change"),
        (20, 25, "worse"),
        (30, 10, "improved"),
    ],
)
def test_ndi_change_against_its_mcid_of_5_points(before: int, after: int, verdict: str) -> None:
    change = compare_scores(
        NDI, score_ndi(answers_summing_to(before)), score_ndi(answers_summing_to(after))
    )
    assert change.verdict == verdict
    assert change.change == after - before
    assert change.meaningful == (verdict != "no important change")


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (20, 15, "improved"),  # 40% -> 30%: exactly 10 points
        (20, 16, "no important change"),  # 40% -> 32%
        (20, 25, "worse"),  # 40% -> 50%
        (20, 24, "no important change"),
    ],
)
def test_odi_change_against_its_mcid_of_10_points(before: int, after: int, verdict: str) -> None:
    change = compare_scores(
        ODI, score_odi(answers_summing_to(before)), score_odi(answers_summing_to(after))
    )
    assert change.verdict == verdict


def test_scaled_scores_at_the_mcid_boundary_are_not_lost_to_float_error() -> None:
    # 13.9 - 18.9 is -4.999999999999998 in floats; it is exactly the 5-point MCID
    assert 13.9 - 18.9 != -5.0
    before = OutcomeScore(NDI, 18.9, 50, "moderate", 9, 17)
    after = OutcomeScore(NDI, 13.9, 50, "mild", 9, 12)
    change = compare_scores(NDI, before, after)
    assert change.change == -5.0 and change.verdict == "improved"


def test_missing_questionnaire_is_not_comparable() -> None:
    change = compare_scores(NDI, None, score_ndi(answers_summing_to(10)))
    assert change.verdict == "not comparable" and change.change is None

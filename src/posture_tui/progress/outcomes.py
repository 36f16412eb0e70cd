"""Neck Disability Index and Oswestry Disability Index: scoring, bands and important change."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

SECTIONS = 10
MAX_ITEM = 5

NDI = "ndi"
ODI = "odi"

NDI_SECTION_NAMES: tuple[str, ...] = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Reading",
    "Headaches",
    "Concentration",
    "Work",
    "Driving",
    "Sleeping",
    "Recreation",
)
ODI_SECTION_NAMES: tuple[str, ...] = (
    "Pain intensity",
    "Personal care",
    "Lifting",
    "Walking",
    "Sitting",
    "Standing",
    "Sleeping",
    "Sex life",
    "Social life",
    "Travelling",
)

# (upper bound inclusive, band). NDI bands are on the total out of 50 (CLINICAL.md section 7):
# 0-4 none, 5-14 mild, 15-24 moderate, 25-34 severe, 35+ complete. A scaled total with a
# fraction (sections unanswered) falls in the band of the integer range it sits in, so "< 5" is
# none and "4.5" is none.
NDI_BANDS: tuple[tuple[float, str], ...] = (
    (5, "none"),
    (15, "mild"),
    (25, "moderate"),
    (35, "severe"),
    (float("inf"), "complete"),
)
# ODI bands are on the percentage: 0-20 minimal, 21-40 moderate, 41-60 severe, 61-80 crippled,
# 81-100 bed-bound; a fraction above 20 (e.g. 20.5) is already moderate.
ODI_BANDS: tuple[tuple[float, str], ...] = (
    (20, "minimal"),
    (40, "moderate"),
    (60, "severe"),
    (80, "crippled"),
    (float("inf"), "bed-bound"),
)

NDI_MCID = 5.0  # points out of 50
ODI_MCID = 10.0  # percentage points


@frozen
class OutcomeScore:
    """A scored questionnaire: `score` is out of `maximum` (50 for NDI, 100 % for ODI)."""

    measure: str  # "ndi" or "odi"
    score: float  # rounded to one decimal
    maximum: int
    band: str
    answered: int
    raw_sum: int

    @property
    def scaled(self) -> bool:
        """True when some sections were unanswered and the score was scaled up."""
        return self.answered < SECTIONS

    def text(self) -> str:
        unit = "/50" if self.measure == NDI else "%"
        value = f"{self.score:g}{unit} ({self.band})"
        if self.scaled:
            value += f", {self.answered} of {SECTIONS} sections answered, scaled"
        return value


@frozen
class OutcomeChange:
    """The change of one questionnaire between two visits, judged against its MCID."""

    measure: str
    before: OutcomeScore | None
    after: OutcomeScore | None
    change: float | None  # after - before; negative is less disability (better)
    mcid: float
    verdict: str  # "improved", "worse", "no important change" or "not comparable"

    @property
    def meaningful(self) -> bool:
        return self.verdict in ("improved", "worse")


def validate_answers(answers: Sequence[int | None]) -> tuple[int | None, ...]:
    """Check there are 10 sections, each None or 0-5; raises ValueError with a one-line message."""
    values = tuple(answers)
    if len(values) != SECTIONS:
        raise ValueError(f"expected {SECTIONS} sections, got {len(values)}")
    for number, value in enumerate(values, start=1):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ITEM:
            raise ValueError(f"section {number} must be 0-{MAX_ITEM} or unanswered")
    return values


def _band(value: float, bands: tuple[tuple[float, str], ...], inclusive: bool) -> str:
    for bound, name in bands:
        if (value <= bound) if inclusive else (value < bound):
            return name
    return bands[-1][1]  # pragma: no cover - the last bound is infinite


def _score(answers: Sequence[int | None] | None, measure: str) -> OutcomeScore | None:
    if answers is None:
        return None
    values = validate_answers(answers)
    given = [value for value in values if value is not None]
    if not given:
        return None
    maximum = 50 if measure == NDI else 100
    # Standard handling of unanswered sections: divide by the points possible in the sections
    # answered (5 x answered), then scale to the full range.
    score = round(sum(given) / (MAX_ITEM * len(given)) * maximum, 1)
    band = (
        _band(score, NDI_BANDS, inclusive=False)
        if measure == NDI
        else _band(score, ODI_BANDS, inclusive=True)
    )
    return OutcomeScore(measure, score, maximum, band, len(given), sum(given))


def score_ndi(answers: Sequence[int | None] | None) -> OutcomeScore | None:
    """NDI total out of 50 (None when nothing was answered)."""
    return _score(answers, NDI)


def score_odi(answers: Sequence[int | None] | None) -> OutcomeScore | None:
    """ODI percentage (None when nothing was answered)."""
    return _score(answers, ODI)


def compare_scores(
    measure: str, before: OutcomeScore | None, after: OutcomeScore | None
) -> OutcomeChange:
    """Judge the change: at least the MCID down is improved, at least the MCID up is worse."""
    mcid = NDI_MCID if measure == NDI else ODI_MCID
    if before is None or after is None:
        return OutcomeChange(measure, before, after, None, mcid, "not comparable")
    change = round(after.score - before.score, 1)
    if change <= -mcid:
        verdict = "improved"
    elif change >= mcid:
        verdict = "worse"
    else:
        verdict = "no important change"
    return OutcomeChange(measure, before, after, change, mcid, verdict)

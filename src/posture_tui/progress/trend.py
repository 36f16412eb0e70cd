"""Series over all of a client's visits: pain per region and side, flag strengths, NDI and ODI."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from attrs import frozen

from posture_tui.domain.common import Side
from posture_tui.domain.records import Assessment
from posture_tui.progress.outcomes import score_ndi, score_odi

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a visit where the value was not recorded


@frozen
class Series:
    """One quantity over the visits, oldest first; None where it was not recorded."""

    key: str  # "pain", "flag", "ndi" or "odi"
    name: str  # region id, pattern id, or the measure
    side: Side | None
    values: tuple[float | None, ...]
    maximum: float  # top of the scale: 10 for pain, 1.0 for flag strength, 50 NDI, 100 ODI
    label: str = ""  # display name when known (a flag's name)


@frozen
class Trend:
    """The visits (ids and dates, oldest first) and the series over them."""

    visit_ids: tuple[str, ...]
    dates: tuple[datetime, ...]
    pain: tuple[Series, ...]
    flags: tuple[Series, ...]
    outcomes: tuple[Series, ...]

    @property
    def series(self) -> tuple[Series, ...]:
        return self.pain + self.flags + self.outcomes


def chronological(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Oldest first (the store lists newest first); ties broken by id for a stable order."""
    return sorted(assessments, key=lambda a: (a.created, a.id))


def _side_key(side: Side | None) -> str:
    return "" if side is None else side.value


def build_trend(assessments: Iterable[Assessment]) -> Trend:
    """Pain: a visit that recorded pain but not this region counts 0; a visit that recorded no
    pain at all is a gap. Flags: a pattern not raised at a visit has strength 0."""
    visits = chronological(assessments)
    pain_keys = sorted(
        {(entry.region, entry.side) for visit in visits for entry in visit.pain},
        key=lambda k: (k[0], _side_key(k[1])),
    )
    pain = []
    for region, side in pain_keys:
        values: list[float | None] = []
        for visit in visits:
            if not visit.pain:
                values.append(None)
                continue
            scores = [e.score for e in visit.pain if e.region == region and e.side == side]
            values.append(float(max(scores)) if scores else 0.0)
        pain.append(Series("pain", region, side, tuple(values), 10.0))
    patterns: dict[str, str] = {}
    for visit in visits:
        for flag in visit.analysis.flags:
            patterns[flag.pattern] = flag.name  # the latest name wins
    flags = []
    for pattern, name in patterns.items():
        strengths = []
        for visit in visits:
            found = [f.strength for f in visit.analysis.flags if f.pattern == pattern]
            strengths.append(found[0] if found else 0.0)
        flags.append(Series("flag", pattern, None, tuple(strengths), 1.0, name))
    outcomes = []
    ndi = [score_ndi(v.outcomes.ndi) for v in visits]
    if any(score is not None for score in ndi):
        values_ndi = tuple(s.score if s is not None else None for s in ndi)
        outcomes.append(Series("ndi", "ndi", None, values_ndi, 50.0))
    odi = [score_odi(v.outcomes.odi) for v in visits]
    if any(score is not None for score in odi):
        values_odi = tuple(s.score if s is not None else None for s in odi)
        outcomes.append(Series("odi", "odi", None, values_odi, 100.0))
    return Trend(
        visit_ids=tuple(v.id for v in visits),
        dates=tuple(v.created for v in visits),
        pain=tuple(pain),
        flags=tuple(flags),
        outcomes=tuple(outcomes),
    )


def sparkline(values: Sequence[float | None], maximum: float) -> str:
    """One block character per visit scaled 0..maximum (0 is the lowest block); GAP for None."""
    chars = []
    top = len(BLOCKS) - 1
    for value in values:
        if value is None:
            chars.append(GAP)
            continue
        ratio = 0.0 if maximum <= 0 else min(max(value / maximum, 0.0), 1.0)
        chars.append(BLOCKS[round(ratio * top)])
    return "".join(chars)


def format_value(series: Series, value: float | None) -> str:
    """The number shown beside the chart: pain and NDI as whole numbers where they are whole,
    flag strength as a percentage."""
    if value is None:
        return "-"
    if series.key == "flag":
        return f"{round(value * 100)}%"
    return f"{value:g}"

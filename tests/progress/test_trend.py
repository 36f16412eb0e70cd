"""Series over all visits and the text sparkline."""

from __future__ import annotations

from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.progress.trend import GAP, build_trend, format_value, sparkline

from .helpers import flag, visit


def test_series_are_oldest_first_whatever_the_input_order() -> None:
    visits = [
        visit(
            3, pain=[PainEntry("neck", 2, Side.RIGHT)], flags=[flag("upper_crossed", 0.3, "weak")]
        ),
        visit(
            1, pain=[PainEntry("neck", 7, Side.RIGHT)], flags=[flag("upper_crossed", 0.9, "strong")]
        ),
        visit(2, pain=[PainEntry("low_back", 3)], ndi=[2] * 10),
        visit(4),
    ]
    trend = build_trend(visits)
    assert trend.visit_ids == ("a1", "a2", "a3", "a4")
    neck = next(s for s in trend.pain if s.name == "neck")
    assert neck.side is Side.RIGHT
    # visit 2 recorded pain elsewhere (0 here); visit 4 recorded no pain at all (a gap)
    assert neck.values == (7.0, 0.0, 2.0, None)
    upper = trend.flags[0]
    assert upper.values == (0.9, 0.0, 0.3, 0.0)
    assert [s.key for s in trend.outcomes] == ["ndi"]
    assert trend.outcomes[0].values == (None, 20.0, None, None)


def test_sparkline_scales_to_the_maximum_and_marks_gaps() -> None:
    assert sparkline([0, 5, 10, None], 10) == "▁▅█" + GAP
    assert sparkline([], 10) == ""
    assert sparkline([20], 10) == "█"


def test_numbers_beside_the_chart() -> None:
    trend = build_trend([visit(1, flags=[flag("upper_crossed", 0.85, "strong")])])
    assert format_value(trend.flags[0], 0.85) == "85%"
    assert format_value(trend.flags[0], None) == "-"


def test_many_visits_show_the_latest_that_fit_80_columns() -> None:
    from posture_tui.progress.progress_report import trend_lines
    from posture_tui.tui.widgets.trend import trend_text

    visits = [
        visit(
            n,
            pain=[PainEntry("neck", n % 11, Side.RIGHT)],
            flags=[flag("upper_crossed", 1.0, "strong")],
        )
        for n in range(1, 16)
    ]
    trend = build_trend(visits)
    lines = trend_lines(trend)
    assert lines[0].startswith("Trend over the last 8 of 15 visits")
    assert max(len(line) for line in lines) <= 80
    neck = next(line for line in lines if "neck" in line)
    assert neck.split()[-8:] == [str(n % 11) for n in range(8, 16)]
    chart = trend_text(trend, width=78).plain.splitlines()
    shown = int(chart[0].split()[0])
    assert chart[0].startswith(f"{shown} of 15 visits") and 5 <= shown < 15
    assert max(len(line) for line in chart) <= 78
    assert next(line for line in chart if "100%" in line).count("100%") == shown

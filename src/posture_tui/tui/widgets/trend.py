"""Trend chart widget: one text sparkline per pain region and flag, with the numbers beside it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.progress_report import ordered_pain, series_label, visits_that_fit
from posture_tui.progress.trend import Series, Trend, format_value, sparkline

LABEL_WIDTH = 26
BAR_WIDTH = 2  # characters per visit in the chart, so one visit reads as a bar
SECTION_TITLES = {"pain": "Pain (NPRS 0-10)", "flag": "Flags (strength)", "outcome": "NDI / ODI"}


def _level_style(series: Series, value: float | None) -> str:
    if value is None or series.maximum <= 0:
        return "dim"
    ratio = value / series.maximum
    if ratio >= 0.75:
        return "bold red"
    if ratio >= 0.5:
        return "yellow"
    return "green"


def trend_text(trend: Trend, knowledge: Knowledge | None = None, *, width: int = 78) -> Text:
    """The chart: the last visits that fit `width`, each series as blocks plus numbers."""
    text = Text(no_wrap=True, overflow="ellipsis")
    count = len(trend.visit_ids)
    # label + bars (BAR_WIDTH per visit) + numbers ("100%" and a space) must fit the width
    start = visits_that_fit(count, width, per_visit=BAR_WIDTH + 5, fixed=LABEL_WIDTH + 5)
    shown = count - start
    if count == 0:
        text.append("No visits yet.")
        return text
    heading = f"{shown} of {count} visits" if start else f"{count} visit{'s' if count != 1 else ''}"
    text.append(
        f"{heading}, oldest first: {trend.dates[start]:%Y-%m-%d} .. {trend.dates[-1]:%Y-%m-%d}"
        "  (· not recorded)\n",
        style="bold",
    )
    pain = ordered_pain(trend.pain, knowledge)
    groups = (("pain", pain), ("flag", trend.flags), ("outcome", trend.outcomes))
    if not trend.series:
        text.append("Nothing recorded to chart yet.")
    for key, series_list in groups:
        if not series_list:
            continue
        text.append(f"{SECTION_TITLES[key]}\n", style="bold underline")
        for series in series_list:
            values = series.values[start:]
            label = series_label(series, knowledge).removeprefix("pain ")[:LABEL_WIDTH]
            text.append(f"  {label:<{LABEL_WIDTH}} ")
            for value, block in zip(values, sparkline(values, series.maximum), strict=True):
                text.append(block * BAR_WIDTH, style=_level_style(series, value))
            text.append("  " + " ".join(f"{format_value(series, v):>3}" for v in values) + "\n")
    text.rstrip()
    return text


class TrendChart(Static):
    """Shows a Trend; call `show(trend)` to change it."""

    DEFAULT_CSS = """
    TrendChart { width: 1fr; height: auto; }
    """

    def __init__(
        self,
        trend: Trend | None = None,
        *,
        knowledge: Knowledge | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.knowledge = knowledge
        self.trend = trend

    def on_mount(self) -> None:
        if self.trend is not None:
            self.show(self.trend)

    def show(self, trend: Trend) -> None:
        self.trend = trend
        self.update(trend_text(trend, self.knowledge))

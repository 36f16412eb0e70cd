"""Plain-text formatting shared by the screens: dates, sides, severities, findings."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text

from posture_tui.domain.common import Side, severity_word

if TYPE_CHECKING:
    from posture_tui.domain.intake import PainEntry
    from posture_tui.knowledge.model import Knowledge

SEVERITY_STYLES: dict[int, str] = {0: "green", 1: "yellow", 2: "red", 3: "bold reverse red"}
SIDE_SHORT: dict[Side | None, str] = {
    Side.LEFT: "L",
    Side.RIGHT: "R",
    Side.BILATERAL: "both",
    None: "",
}


_ZONE: list[tzinfo | None] = [None]  # the clinic's time zone (settings); None: the machine's


def show_times_in(zone: tzinfo | None) -> None:
    """Every time on screen from now on in this zone, as the exports show them."""
    _ZONE[0] = zone


def when(moment: datetime | None, *, date_only: bool = False) -> str:
    """A stored UTC moment in the clinic's zone (settings), else the machine's; '' for None."""
    if moment is None:
        return ""
    local = moment.astimezone(_ZONE[0]) if moment.tzinfo is not None else moment
    return local.strftime("%Y-%m-%d") if date_only else local.strftime("%Y-%m-%d %H:%M")


def birth(value: date | None) -> str:
    return value.isoformat() if value is not None else "unknown"


def side_word(side: Side | None) -> str:
    return str(side) if side is not None else ""


def severity_text(severity: int | None) -> Text:
    """Digit and word and colour, so nothing is told by colour alone."""
    if severity is None:
        return Text("· unanswered", style="dim italic")
    return Text(f"{severity} {severity_word(severity)}", style=SEVERITY_STYLES.get(severity, ""))


def clip(text: str, width: int) -> str:
    """Shorten to width characters with an ellipsis (table cells at 80 columns)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def pain_summary(knowledge: Knowledge, pain: tuple[PainEntry, ...]) -> str:
    """'Temple right 6/10, Neck 3/10': one line for headers and notes."""
    return ", ".join(
        " ".join(part for part in (knowledge.region_name(p.region), side_word(p.side)) if part)
        + f" {p.score}/10"
        for p in pain
    )

"""The body map widget: front and back figures with pain digits, severity symbols and colours."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from posture_tui.knowledge.model import Knowledge
from posture_tui.progress.body_map import BodyMap, body_map_details, body_map_segments

# 16-colour ANSI names only, so a basic terminal shows them; symbols and digits carry the same
# information for NO_COLOR and colour-blind readers.
STYLES: dict[str, str] = {
    "title": "bold",
    "side": "bold",
    "name": "",
    "art": "dim",
    "frame": "",
    "legend": "italic",
    "pain-mild": "bold green",
    "pain-moderate": "bold yellow",
    "pain-severe": "bold red",
    "sev-1": "bold green",
    "sev-2": "bold yellow",
    "sev-3": "bold red",
}


def body_map_text(body_map: BodyMap, *, legend: bool = True) -> Text:
    """The map as Rich text (one styled span per segment)."""
    text = Text(no_wrap=True, overflow="crop")
    for number, line in enumerate(body_map_segments(body_map, legend=legend)):
        if number:
            text.append("\n")
        for piece, style in line:
            text.append(piece, style=STYLES.get(style or "", ""))
    text.rstrip()
    return text


class BodyMapWidget(Static):
    """Shows one visit's body map, then (optionally) each marked region in words."""

    DEFAULT_CSS = """
    BodyMapWidget { width: auto; height: auto; }
    """

    def __init__(
        self,
        body_map: BodyMap | None = None,
        *,
        knowledge: Knowledge | None = None,
        details: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.knowledge = knowledge
        self.show_details = details
        self.body_map = body_map or BodyMap({})

    def on_mount(self) -> None:
        self.show(self.body_map)

    def show(self, body_map: BodyMap) -> None:
        self.body_map = body_map
        text = body_map_text(body_map)
        if self.show_details:
            details = body_map_details(body_map, self.knowledge)
            text.append("\n\n")
            text.append("Regions\n" if details else "Nothing recorded on the map.", style="bold")
            text.append("\n".join(f"  {line}" for line in details))
        self.update(text)

"""The save-conflict dialog: the fields both sessions changed, side by side, chosen per field.

What merged without asking is only named (field names); each field both sides changed is one
row with theirs and mine, values kept short, the highlighted row's two values in full below.
Values are shown, never logged.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from posture_tui.domain.common import severity_word
from posture_tui.domain.text import safe
from posture_tui.knowledge.model import Knowledge
from posture_tui.store.merge import ABSENT, Conflict, Pick
from posture_tui.tui.format import clip

Answer = tuple[Pick, ...] | Literal["reload"] | None
ROWS_SHOWN = 6
LABEL_WIDTH = 18
VALUE_WIDTH = 23

_FIELD_NAMES = {
    "name": "Name",
    "birth_date": "Born",
    "contact": "Contact",
    "complaints": "Complaints",
    "goals": "Goals",
    "medications": "Medications",
    "notes": "Notes",
    "session_minutes": "Session minutes",
    "plan": "Plan",
    "overrides": "Red-flag override",
    "trigger_points": "Trigger point",
    "unconfirmed": "From last visit",
    "given": "Treatment given",
}


def field_name(name: str) -> str:
    """A field's name as the therapist knows it ("medications" -> "Medications")."""
    return _FIELD_NAMES.get(name, name.replace("_", " ").capitalize())


def _side(value: Any) -> str:
    return f" {value}" if value else ""


def _text(value: Any) -> str:
    if value is ABSENT or value is None or value == "":
        return "(empty)"
    if isinstance(value, str):
        return " ".join(value.split())
    return json.dumps(value, ensure_ascii=False)


def describe(conflict: Conflict, knowledge: Knowledge) -> tuple[str, str, str]:
    """(what, theirs, mine) in words, each on one line, for one conflict."""
    field, key = conflict.field, conflict.key

    def show(value: Any) -> str:
        if field == "findings":
            if value is ABSENT:
                return "(not answered)"
            word = f"{value['severity']} {severity_word(value['severity'])}{_side(value['side'])}"
            return f"{word} · {_text(value['note'])}" if value.get("note") else word
        if field == "pain":
            return "(removed)" if value is ABSENT else f"{value['score']}/10"
        if field in ("contraindications", "trigger_points", "overrides", "unconfirmed"):
            if value is ABSENT:
                return "(removed)" if field != "unconfirmed" else "confirmed"
            if field == "overrides":
                return _text(value.get("reason"))
            if field == "contraindications":
                details = [
                    f"{value[k]}{' weeks' if k == 'weeks' else ''}"
                    for k in ("weeks", "severity", "cleared_by", "note")
                    if value.get(k)
                ]
                return " · ".join(_text(d) for d in details) or "listed"
            return "listed" if field == "trigger_points" else "from last visit"
        if field == "given":
            recorded = 0 if value is ABSENT or not isinstance(value, list) else len(value)
            return f"{recorded} step{'' if recorded == 1 else 's'} recorded"
        if field == "plan":
            if value is ABSENT or value is None:
                return "the engine's plan"
            steps, exercises = len(value.get("steps", ())), len(value.get("exercises", ()))
            return f"edited: {steps} steps, {exercises} exercises"
        return _text(value)

    what = field_name(field)
    if field == "findings" and key:
        item = knowledge.checklist.get(str(key[0]))
        what = item.label if item is not None else str(key[0])
    elif field == "pain" and key:
        what = f"Pain {knowledge.region_name(str(key[0]))}{_side(key[1])}"
    elif field == "contraindications" and key:
        found = knowledge.contraindications.get(str(key[0]))
        what = found.name if found is not None else str(key[0])
        if key[1]:
            what += f" ({knowledge.region_name(str(key[1]))})"
        what += _side(key[2])
    elif field == "trigger_points" and key:
        what = f"Trigger point {knowledge.muscle_name(str(key[0]))}{_side(key[1])}"
    elif field in ("overrides", "unconfirmed") and key:
        what = f"{what}: {key[0]}"
    elif "." in conflict.path:
        sub = conflict.path.split(".", 1)[1]
        found_m = knowledge.measurements.get(sub)
        what = found_m.label if found_m is not None else sub.upper()
    return safe(what), safe(show(conflict.theirs)), safe(show(conflict.mine))


class ConflictScreen(ModalScreen[Answer]):
    """Choose theirs or mine for each field both sessions changed.

    up/down move, m takes mine and t theirs for the highlighted field (M / T for all), enter
    saves with those choices, r reloads theirs for everything on screen, escape cancels
    (nothing is saved; my changes stay on screen).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", id="conflict.up", show=False),
        Binding("down,j", "move(1)", "Down", id="conflict.down", show=False),
        Binding("m", "pick('mine')", "Mine", id="conflict.mine"),
        Binding("t", "pick('theirs')", "Theirs", id="conflict.theirs"),
        Binding("M", "pick_all('mine')", "All mine", id="conflict.all_mine", show=False),
        Binding("T", "pick_all('theirs')", "All theirs", id="conflict.all_theirs", show=False),
        Binding("enter", "save", "Save", id="conflict.save"),
        Binding("r", "reload", "Reload theirs", id="conflict.reload"),
        Binding("escape", "cancel", "Cancel", id="conflict.cancel"),
    ]
    DEFAULT_CSS = """
    ConflictScreen .dialog-box { width: 74; }
    ConflictScreen #conflict-rows { height: auto; }
    ConflictScreen #conflict-full { height: auto; margin-top: 1; }
    """

    def __init__(
        self,
        title: str,
        merged_note: str,
        rows: list[tuple[str, str, str]],
        picks: list[Pick] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.merged_note = merged_note
        self.rows = rows
        self.picks: list[Pick] = list(picks) if picks else ["mine"] * len(rows)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-text")
            if self.merged_note:
                yield Static(self.merged_note, id="conflict-merged")
            yield Static(
                f"Both changed {len(self.rows)} field{'s' if len(self.rows) != 1 else ''}: "
                "m mine, t theirs (M/T for all)",
                id="conflict-ask",
            )
            yield Static("", id="conflict-rows")
            yield Static("", id="conflict-full")
            yield Label("enter save  r reload theirs  escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.render_rows()

    def render_rows(self) -> None:
        text = Text()
        text.append(
            f"  {'field':<{LABEL_WIDTH}} {'theirs':<{VALUE_WIDTH}} {'mine':<{VALUE_WIDTH}}\n",
            style="dim",
        )
        top = min(max(0, self.cursor - ROWS_SHOWN // 2), max(0, len(self.rows) - ROWS_SHOWN))
        for index in range(top, min(len(self.rows), top + ROWS_SHOWN)):
            what, theirs, mine = self.rows[index]
            here = index == self.cursor
            text.append("> " if here else "  ", style="bold" if here else "")
            text.append(f"{clip(what, LABEL_WIDTH):<{LABEL_WIDTH}} ", style="bold" if here else "")
            for side, value in (("theirs", theirs), ("mine", mine)):
                chosen = self.picks[index] == side
                cell = ("*" if chosen else " ") + clip(value, VALUE_WIDTH - 1)
                text.append(f"{cell:<{VALUE_WIDTH}}", style="reverse" if chosen else "dim")
                text.append(" ")
            text.append("\n")
        if len(self.rows) > ROWS_SHOWN:
            text.append(f"  ({self.cursor + 1} of {len(self.rows)})", style="dim")
        self.query_one("#conflict-rows", Static).update(text)
        what, theirs, mine = self.rows[self.cursor]
        full = Text()
        full.append(f"{clip(what, 60)}\n", style="bold")
        full.append("theirs: ", style="bold")
        full.append(clip(theirs, 180) + "\n")
        full.append("mine:   ", style="bold")
        full.append(clip(mine, 180))
        self.query_one("#conflict-full", Static).update(full)

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))
        self.render_rows()

    def action_pick(self, side: Pick) -> None:
        self.picks[self.cursor] = side
        if self.cursor < len(self.rows) - 1:
            self.cursor += 1
        self.render_rows()

    def action_pick_all(self, side: Pick) -> None:
        self.picks = [side] * len(self.rows)
        self.render_rows()

    def action_save(self) -> None:
        self.dismiss(tuple(self.picks))

    def action_reload(self) -> None:
        self.dismiss("reload")

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The dose of a home exercise, shared by the knowledge base and the plan."""

from __future__ import annotations

from typing import Annotated

from attrs import frozen

from posture_tui.structuring.rules import BLANK, Range


@frozen
class Dose:
    """Dose of a home exercise; reps or hold (seconds), or both."""

    sets: Annotated[int, Range(1)]
    frequency: str
    reps: Annotated[int | None, Range(1)] = None
    hold_s: Annotated[int | None, Range(1)] = None
    tempo: Annotated[str, BLANK] = ""

    def text(self) -> str:
        parts = [f"{self.sets} set{'s' if self.sets != 1 else ''}"]
        if self.reps is not None:
            parts.append(f"{self.reps} reps")
        if self.hold_s is not None:
            parts.append(f"hold {self.hold_s} s")
        if self.tempo:
            parts.append(self.tempo)
        parts.append(self.frequency)
        return ", ".join(parts)

"""The dose of a home exercise, shared by the knowledge base and the plan."""

from __future__ import annotations

from attrs import frozen


@frozen
class Dose:
    """Dose of a home exercise; reps or hold (seconds), or both."""

    sets: int
    frequency: str
    reps: int | None = None
    hold_s: int | None = None
    tempo: str = ""

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

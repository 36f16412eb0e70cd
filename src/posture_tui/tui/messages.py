"""Messages the panes post to the visit screen when the therapist changes something."""

from __future__ import annotations

from textual.message import Message


class IntakeChanged(Message):
    """Something in the intake changed (the screen autosaves and refreshes)."""


class FindingsChanged(Message):
    """A finding or measurement changed (the screen recomputes, autosaves and refreshes)."""


class PlanChanged(Message):
    """The therapist edited the plan."""

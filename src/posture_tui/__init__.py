"""posture-tui: a terminal workstation for postural assessment and layered treatment plans."""

__version__ = "0.1.0"

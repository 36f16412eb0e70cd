"""The sizes a record's text may have: one source for every way in and every way of typing it.

The record check (incoming/record.py), the document import (incoming/parse.py), the check of
index rows (store/summary.py) and the TUI's text inputs all read these, so whatever a therapist
can type is a record that reads back, and whatever reads back was typeable.
"""

from __future__ import annotations

from datetime import date

NAME_LENGTH = 200
"""A client's name."""
TEXT_LENGTH = 5000
"""A client's contact, complaints, goals, medications and notes; a visit's notes."""
NOTE_LENGTH = 1000
"""A finding's or condition's note, an override's reason."""
PERSON_LENGTH = 200
"""A therapist's or clearing doctor's name (signed by, cleared by, override by)."""
ENGINE_TEXT_LENGTH = 20_000
"""A text of the stored analysis or plan (a step's or exercise's words, a dose's frequency)."""
ID_LENGTH = 64
"""A client, visit or knowledge id."""
EARLIEST_BIRTH = date(1900, 1, 1)
"""No birth date before this day."""
RESPONSE_LENGTH = 80
"""The client's response to a step given ("eased", "tender"): a few words."""
MAX_WEEKS = 45
"""Weeks of pregnancy, or since giving birth, a condition may record."""
MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 240
"""A session's length in minutes (and the most a step given may take)."""
MAX_REVISION = 1_000_000
"""Revisions a record may have (a guard against a planted number, not a clinical limit)."""
MAX_PHOTO_PIXELS = 100_000
"""A photo's side in pixels no camera reaches."""
MAX_LANDMARKS = 64
"""Landmarks a photo keeps."""
MAX_MEASUREMENTS = 100
"""Measurements one visit may record (the knowledge base ships four; a clinic adds a few)."""

"""Errors the store raises; each message is one line fit to show a therapist."""

from __future__ import annotations


class StoreError(Exception):
    """Any failure to read or write the store (the message names the file, never health data)."""


class ConflictError(StoreError):
    """A save over a newer revision written by another session."""

    def __init__(self, record_id: str, expected: int, found: int) -> None:
        super().__init__(
            f"record {record_id} was changed by another session "
            f"(you edited revision {expected}, the store has {found})"
        )
        self.record_id = record_id
        self.expected = expected
        self.found = found


class NotFoundError(StoreError):
    """No record with that id."""


class SignedError(StoreError):
    """An attempt to change a signed assessment in place."""

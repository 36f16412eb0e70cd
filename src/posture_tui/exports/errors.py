"""The one error an export raises: a single line fit to show the user."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be made or written (the message never holds health data)."""

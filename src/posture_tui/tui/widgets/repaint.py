"""Update a fixed-height Static only when what it shows changed: no repaint, no layout pass."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def _same(shown: object, content: Text | str) -> bool:
    if isinstance(shown, Text) and isinstance(content, Text):
        return shown.style == content.style and shown.spans == content.spans and shown == content
    return type(shown) is type(content) and shown == content


def show(static: Static, content: Text | str) -> None:
    """For one-line and fixed-height Statics (heights in app.tcss): an unchanged line stays put.

    A key in the checklist touches the header, tabs, progress and detail lines; most keys change
    one or two of them, and each repainted line widens the region the screen draws again.
    """
    if not _same(static.content, content):
        static.update(content, layout=False)

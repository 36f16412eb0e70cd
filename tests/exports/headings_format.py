"""A format made for the registry test: the document's title and section headings."""

from __future__ import annotations

from posture_tui.exports.document import Document


def render_headings(document: Document) -> str:
    return "\n".join([document.title, *(section.heading for section in document.sections)])

"""A new export format is a module with a render function and one line in the registry."""

from __future__ import annotations

import pytest

from posture_tui.domain.records import Assessment, Client
from posture_tui.exports import formats
from posture_tui.exports.api import build_document, render
from posture_tui.exports.errors import ExportError
from posture_tui.knowledge.model import Knowledge


def test_a_registered_format_renders_through_its_own_module(
    monkeypatch: pytest.MonkeyPatch, client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    spec = formats.ExportFormat(
        "headings", "Headings", "tests.exports.headings_format", "render_headings", text=True
    )
    monkeypatch.setitem(formats.BY_ID, "headings", spec)
    document = build_document("note", client, assessment, knowledge)
    lines = render(document, "headings").decode().splitlines()
    assert lines[0] == document.title
    assert lines[1:] == [section.heading for section in document.sections]


def test_every_shipped_format_is_registered_with_its_renderer() -> None:
    import importlib

    assert formats.FORMATS == ("md", "txt", "html", "pdf")
    for spec in formats.REGISTRY:
        assert callable(getattr(importlib.import_module(spec.module), spec.render))


def test_an_unknown_format_is_one_line() -> None:
    with pytest.raises(ExportError, match="unknown format 'docx' \\(use md, txt, html, pdf\\)"):
        render(None, "docx")  # type: ignore[arg-type]

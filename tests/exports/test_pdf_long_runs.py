"""Issue 13, item 9: an unbroken run of characters in any free-text field never breaks the PDF.

A pasted URL, 306 Chinese characters or a 1000-character word in a table column squeezed the
other columns below the width of one character, and fpdf2 refused to render the note.
"""

from __future__ import annotations

import io
from typing import Any

import attrs
import pytest
from pypdf import PdfReader

from posture_tui.domain.intake import Override
from posture_tui.exports.api import export_bytes

from .records import make_assessment, make_client, make_knowledge

RUNS = {
    "url": "https://example.org/" + "very-long-path_segment/" * 10 + "?q=" + "a1b2c3" * 20,
    "cjk": "颈部疼痛" * 76 + "颈部",  # 306 characters, no space
    "word": "x" * 1000,
}
# Every text field a therapist or an imported record fills in (ids and codes are not free text).
FREE_TEXT = frozenset(
    {
        "name",
        "contact",
        "complaints",
        "goals",
        "medications",
        "notes",
        "note",
        "therapist",
        "signed_by",
        "amended_by",
        "reason",
        "by",
        "cleared_by",
    }
)


def fill(value: Any, text: str) -> Any:
    """The record with every free-text field, nested ones included, set to `text`."""
    if isinstance(value, tuple):
        return tuple(fill(item, text) for item in value)
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        if field.name == "analysis":  # what the engine generated, not typed by anyone
            continue
        current = getattr(value, field.name)
        if field.name in FREE_TEXT and isinstance(current, str):
            changes[field.name] = text
        elif isinstance(current, tuple) or attrs.has(type(current)):
            changes[field.name] = fill(current, text)
    return attrs.evolve(value, **changes)


@pytest.mark.parametrize("run", RUNS, ids=list(RUNS))
@pytest.mark.parametrize("what", ["handout", "note"])
def test_a_long_unbroken_run_in_every_free_text_field_renders(what: str, run: str) -> None:
    text = RUNS[run]
    client = fill(make_client(), text)
    assessment = fill(make_assessment(), text)
    assessment = attrs.evolve(
        assessment, overrides=(Override(red_flag="suspected_dvt", reason=text, by=text),)
    )
    assert client.complaints == text and assessment.findings[0].note == text
    data = export_bytes(what, "pdf", client, assessment, make_knowledge())
    reader = PdfReader(io.BytesIO(data))
    extracted = "".join(page.extract_text() or "" for page in reader.pages)
    flat = extracted.replace("\n", "").replace("\x00", "")  # pypdf marks the CJK font so
    assert text[:12] in flat  # it is there, broken over lines
    assert len(reader.pages) < 40


def test_the_table_columns_stay_readable_next_to_a_long_word() -> None:
    from posture_tui.exports.document import Table
    from posture_tui.exports.pdf import _col_widths, _Pdf

    pdf = _Pdf("A4", "", "")
    table = Table(columns=("Finding", "Side", "Note"), rows=(("Forward head", "left", "x" * 900),))
    widths = _col_widths(pdf, table)
    assert sum(widths) <= pdf.epw + 0.01
    pdf.set_font("NotoSans", "", 9)
    assert widths[0] >= pdf.get_string_width("Finding")
    assert widths[1] >= pdf.get_string_width("Side")
    assert min(widths) / sum(widths) > 0.05

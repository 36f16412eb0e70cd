"""Golden files for every export format of the hand-built record: Markdown, text and HTML
byte for byte, and the PDF as the text pypdf reads from each page (its bytes hold font
subsets that change with the font package, its words and pages must not).

Regenerate after an intended change with:
    POSTURE_TUI_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/exports/test_golden.py
then review the diff of tests/exports/golden/ before committing it.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from posture_tui.exports.api import build_document, render
from posture_tui.exports.document import Document

from .records import make_earlier_assessment, make_followup

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("POSTURE_TUI_UPDATE_GOLDEN") == "1"


def _check(produced: str, path: Path) -> None:
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with POSTURE_TUI_UPDATE_GOLDEN=1"
    assert produced == path.read_text(encoding="utf-8")


FORMATS = ["md", "txt", "html", "pdf"]


def _produced(document: Document, fmt: str) -> str:
    data = render(document, fmt)
    if fmt != "pdf":
        return data.decode("utf-8")
    pages = PdfReader(BytesIO(data)).pages
    return "".join(
        f"--- page {number} of {len(pages)} ---\n{page.extract_text()}\n"
        for number, page in enumerate(pages, start=1)
    )


def _name(what: str, fmt: str, suffix: str = "") -> str:
    return f"{what}{suffix}.{fmt}" if fmt != "pdf" else f"{what}{suffix}.pdf.txt"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", ["handout", "note"])
def test_matches_golden_file(what, fmt, client, assessment, knowledge):
    document = build_document(what, client, assessment, knowledge)
    _check(_produced(document, fmt), GOLDEN / _name(what, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", ["handout", "note"])
def test_second_visit_with_progress_matches_golden_file(what, fmt, client, knowledge):
    document = build_document(
        what, client, make_followup(), knowledge, earlier=make_earlier_assessment()
    )
    _check(_produced(document, fmt), GOLDEN / _name(what, fmt, "-progress"))

"""HTML and PDF exports: what a reader sees, checked by rendering them (Chromium, pypdf)."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from posture_tui.exports.api import build_document, render

from .records import EXERCISES, dose_words, with_name

CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed.

    pypdf reads fpdf2's CID-keyed CFF encoding (used for the CJK font) as one-byte codes and puts a
    NUL before each CJK character; the text itself is intact (pdftotext shows it clean), so the
    NULs are dropped here.
    """
    reader = PdfReader(BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\x00", "").split())


@pytest.mark.parametrize("what", ["handout", "note"])
def test_pdf_text_holds_every_exercise_and_dose_and_the_cjk_name(
    what, client, assessment, knowledge
):
    data = render(build_document(what, client, assessment, knowledge), "pdf")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for exercise in EXERCISES:
        assert exercise.name in text
        assert dose_words(what, exercise.dose) in text
    assert "山田太郎" in text
    assert "Dr. Ana Müller" in text


def test_pdf_handles_accented_greek_cyrillic_and_korean_names(client, assessment, knowledge):
    name = "José Ærøskøbing-Müller 김민준 Ελένη Παπαδοπούλου Пётр"
    data = render(build_document("handout", with_name(client, name), assessment, knowledge), "pdf")
    assert name in pdf_text(data)
    # a decomposed accent (e + combining acute) is drawn as the one letter it is
    decomposed = render(
        build_document("handout", with_name(client, "Jose\u0301"), assessment, knowledge), "pdf"
    )
    assert "Your home exercise program: José" in pdf_text(decomposed)


def test_pdf_paper_sizes_and_repeatable_bytes(client, assessment, knowledge):
    document = build_document("note", client, assessment, knowledge)
    a4 = PdfReader(BytesIO(render(document, "pdf"))).pages[0].mediabox
    letter = PdfReader(BytesIO(render(document, "pdf", paper="letter"))).pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.width), round(letter.height)) == (612, 792)
    assert render(document, "pdf") == render(document, "pdf")


def test_pdf_note_carries_status_and_soap_headings(client, assessment, knowledge):
    text = pdf_text(render(build_document("note", client, assessment, knowledge), "pdf"))
    for heading in ("S: Subjective", "O: Objective", "A: Assessment", "P: Plan"):
        assert heading in text
    assert "Signed by Dr. Ana Müller at 2026-11-20 10:45 UTC" in text


def test_html_inlines_only_the_cjk_characters_it_needs(client, assessment, knowledge):
    page = render(build_document("handout", client, assessment, knowledge), "html").decode()
    assert page.count("@font-face") == 1 and "data:font/otf;base64," in page
    latin = render(
        build_document("handout", with_name(client, "José"), assessment, knowledge), "html"
    ).decode()
    assert "@font-face" not in latin and len(latin) < len(page)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("what", ["handout", "note"])
def test_html_rendered_by_headless_chromium_shows_every_exercise(
    what, client, assessment, knowledge, tmp_path: Path
):
    page = tmp_path / f"{what}.html"
    page.write_bytes(render(build_document(what, client, assessment, knowledge), "html"))
    printed = tmp_path / f"{what}.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--virtual-time-budget=2000",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    # Chromium laid the page out and printed it: the text a reader sees is in its PDF.
    text = pdf_text(printed.read_bytes())
    for exercise in EXERCISES:
        assert exercise.name in text
        assert dose_words(what, exercise.dose) in text
    assert "山田太郎" in text  # drawn with the inlined CJK subset, not as empty boxes
    # the body map prints whole, the client's right neck pain left from the front
    assert "FRONT (client facing you:" in text
    mark = "~" if what == "handout" else "#"  # the handout: inferred, not seen
    assert f"neck [ 6{mark}] | | [ {mark}] neck" in text and "foot [ ]_/ \\_[ ] foot" in text


def test_pdf_marks_letters_no_font_can_draw(client, assessment, knowledge):
    data = render(
        build_document("note", with_name(client, "محمد Ann"), assessment, knowledge), "pdf"
    )
    assert "Clinical note: ???? Ann" in pdf_text(data)  # a lost letter shows; it never vanishes

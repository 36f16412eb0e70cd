"""The clinical note of a typical visit (the real engine): its length, names instead of ids, no
word broken inside a table cell in PDF or HTML, and the font cache that keeps PDFs fast."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from pypdf import PdfReader

from posture_tui.domain.analysis import Excluded
from posture_tui.exports import fonts
from posture_tui.exports.api import build_document, render
from posture_tui.exports.document import Document, Section, Table
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge

from .real import real_assessment, real_client
from .test_html_pdf import CHROMIUM, pdf_text

# A typical visit's note (six findings, four patterns, a seven-visit course, 31 exercises for
# later) ran to 11 pages, then 6; issue 16 asks for about 3. It is three full pages and most of
# a fourth; the README's exports section says what fills them.
MAX_NOTE_PAGES = 4


@pytest.fixture(scope="module")
def shipped() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="module")
def note(shipped: Knowledge) -> Document:
    return build_document("note", real_client(name="Zoë Miller"), real_assessment(shipped), shipped)


@pytest.fixture(scope="module")
def note_pdf(note: Document) -> bytes:
    return render(note, "pdf")


def test_the_note_names_measurements_and_findings_never_their_ids(note_pdf, shipped):
    text = pdf_text(note_pdf)
    for ids in (shipped.measurements, shipped.checklist):
        leaked = [key for key in ids if "_" in key and re.search(rf"\b{key}\b", text)]
        assert not leaked
    assert "Forward head supported by Craniovertebral angle (44 deg)" in text
    assert "Elevated shoulder supported by Shoulder height difference (1.5 cm)" in text


def test_a_sided_finding_without_a_side_is_not_called_midline(shipped):
    from posture_tui.exports.words import finding_side

    assert finding_side("shoulder_elevated", None, shipped) == "side not recorded"
    assert finding_side("forward_head", None, shipped) == "midline"


def test_a_typical_note_is_short(note_pdf):
    pages = len(PdfReader(BytesIO(note_pdf)).pages)
    assert pages <= MAX_NOTE_PAGES, pages


def _words(document: Document) -> set[str]:
    cells = [
        text
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Table)
        for text in (*block.columns, *(cell for row in block.rows for cell in row))
    ]
    return {word for cell in cells for word in re.findall(r"[A-Za-z][a-z]{3,}", cell)}


def _assert_no_word_broken(document: Document, text: str) -> None:
    found = set(re.findall(r"[A-Za-z]+", text))
    whole = _words(document)
    assert whole
    assert not sorted(word for word in whole if word not in found)
    broken = [
        word
        for word in whole
        for i in range(2, len(word) - 1)
        if re.search(rf"\b{word[:i]} {word[i:]}\b", text)
    ]
    assert not broken


def test_no_table_word_of_the_note_breaks_in_the_pdf(note, note_pdf):
    _assert_no_word_broken(note, pdf_text(note_pdf))


def test_no_word_of_the_shipped_vocabulary_breaks_in_a_narrow_pdf_table(shipped):
    """Every finding, muscle, technique and region name, five narrow columns to a table."""
    names = sorted(
        {
            *(item.label for item in shipped.checklist.values()),
            *(shipped.muscle_name(key) for key in shipped.muscles),
            *(shipped.technique_name(key) for key in shipped.techniques),
            *(shipped.region_name(key) for key in shipped.pain_regions),
            "bilateral",
            "compensatory",
            "lengthen",
            "integrate",
        }
    )
    rows = [tuple(names[i : i + 5]) for i in range(0, len(names) - 4, 5)]
    document = Document(
        kind="note",
        title="Vocabulary",
        meta=(),
        sections=[Section("Words", [Table(("Visit", "Side", "Focus", "Role", "Why"), rows)])],
        created=real_client().created,
    )
    _assert_no_word_broken(document, pdf_text(render(document, "pdf")))


def test_left_out_steps_are_grouped_into_a_short_list(note, shipped):
    assessment = real_assessment(shipped)
    plan = assessment.analysis.plan
    assert plan is not None
    many = tuple(
        Excluded("cupping", "no time left", None, "session_time", muscle=muscle)
        for muscle in ("upper_trapezius", "levator_scapulae", "pectoralis_minor", "scalenes")
    )
    skipped = tuple(
        Excluded(name, "not with anticoagulants", None, "anticoagulants")
        for name in ("prone_cobra", "curl_up", "squat_to_row")
    )
    record = attrs.evolve(
        assessment,
        plan=attrs.evolve(plan, excluded=many, excluded_exercises=skipped),
    )
    text = render(build_document("note", real_client(), record, shipped), "txt").decode()
    flat = " ".join(text.split())
    assert flat.count("no time left") == 1  # one line for the four targets, not four rows
    assert "Cupping: Session time: no time left (4 targets): Upper trapezius;" in flat
    assert "Home exercises left out (3): Anticoagulant medication: " in flat


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_note_fits_the_page_width_in_chromium(note, tmp_path: Path):
    """Headless Chromium lays the note out at the width of A4 less its margins (680 px); a
    script added to a copy of the page (the export's own forbids scripts) lists every element
    reaching past the page, and every table cell whose text wraps inside a word."""
    html = render(note, "html").decode()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = """<script>
    document.addEventListener("DOMContentLoaded", () => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => e.tagName + ":" + e.textContent.slice(0, 40));
      const pre = document.createElement("pre");
      pre.id = "probe";
      pre.textContent = JSON.stringify({width, wide});
      document.body.appendChild(pre);
    });
    </script>"""
    page = tmp_path / "note.html"
    page.write_text(html.replace("</head>", probe + "</head>"), encoding="utf-8")
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=680,1000",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
        text=True,
    )
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found is not None
    import html as html_module
    import json

    report = json.loads(html_module.unescape(found.group(1)))
    assert report["width"] <= 680 and report["wide"] == []


def test_the_static_fonts_come_from_the_cache_and_a_damaged_one_is_made_again(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(fonts, "font_cache_dir", lambda: tmp_path / "fonts")
    fonts.static_body_fonts.cache_clear()
    try:
        first = fonts.static_body_fonts()
        assert all(path.parent == tmp_path / "fonts" for path in first.values())
        fonts.static_body_fonts.cache_clear()
        cut = []
        real_cut = fonts._cut_static
        monkeypatch.setattr(fonts, "_cut_static", lambda gc: cut.append(gc) or real_cut(gc))
        assert fonts.static_body_fonts() == first and cut == []  # read back, not cut again
        first[""].write_bytes(b"not a font")
        fonts.static_body_fonts.cache_clear()
        again = fonts.static_body_fonts()
        assert cut == [False] and again[""].read_bytes()[:4] == b"\x00\x01\x00\x00"
    finally:
        fonts.static_body_fonts.cache_clear()


def test_an_unwritable_cache_falls_back_silently(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setattr(fonts, "font_cache_dir", lambda: blocked / "fonts")  # not a folder
    fonts.static_body_fonts.cache_clear()
    try:
        paths = fonts.static_body_fonts()
        assert all(path.is_file() and blocked not in path.parents for path in paths.values())
    finally:
        fonts.static_body_fonts.cache_clear()


def test_a_latin_record_never_loads_the_cjk_font(note, monkeypatch):
    def refuse(characters: str) -> Path:
        raise AssertionError(f"CJK font loaded for {characters!r}")

    monkeypatch.setattr("posture_tui.exports.pdf.cjk_subset_file", refuse)
    assert render(note, "pdf").startswith(b"%PDF-")

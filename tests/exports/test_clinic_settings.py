"""Clinic settings in the exports (issue 16 item 3): letterhead and logo, the clinic's name and
phone in the handout footer, the signature block with credentials, licence and the local time
in the clinic's zone, in every format; and the export dialog of the app that was given them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from posture_tui.domain.records import Assessment, Client
from posture_tui.exports.api import build_document, export_bytes, render
from posture_tui.exports.html import CSP
from posture_tui.knowledge.model import Knowledge
from posture_tui.settings import NO_SETTINGS, ClinicSettings, parse_settings

SETTINGS = """\
time_zone = "America/New_York"

[clinic]
name = "Harbor Street Manual Therapy"
address = ["12 Harbor Street", "Portland, ME 04101"]
phone = "(207) 555-0142"
logo = "logo.png"

[therapists."Dr. Ana Müller"]
name = "Ana Müller"
credentials = "LMT, NMT"
licence = "MA-12345"
"""
# The record is signed at 2026-11-20 10:45 UTC: 05:45 in New York (EST).
SIGNATURE = (
    "Signed by Ana Müller, LMT, NMT, licence MA-12345 at 2026-11-20 05:45 (America/New_York)."
)
FORMATS = ("md", "txt", "html", "pdf")


@pytest.fixture
def clinic(tmp_path: Path) -> ClinicSettings:
    Image.new("RGB", (300, 100), (21, 101, 192)).save(tmp_path / "logo.png", "PNG")
    return parse_settings(SETTINGS.encode(), tmp_path / "settings.toml")


def _text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        reader = PdfReader(BytesIO(data))
        return "\n".join(page.extract_text() for page in reader.pages)
    text = data.decode("utf-8")
    if fmt == "html":
        text = re.sub(r"(?s)<head>.*</head>", " ", text)
        text = re.sub(r"<[^>]+>", " ", text).replace("&#x27;", "'").replace("&amp;", "&")
    return " ".join(text.replace("\\", "").replace("*", "").split())


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_handout_carries_the_clinic_at_the_top_and_its_phone_at_the_foot(
    fmt: str, client: Client, assessment: Assessment, knowledge: Knowledge, clinic: ClinicSettings
) -> None:
    text = _flat(
        _text(export_bytes("handout", fmt, client, assessment, knowledge, clinic=clinic), fmt)
    )
    head = text[: text.index("Your home exercise program")]
    assert "Harbor Street Manual Therapy" in head and "12 Harbor Street" in head
    assert "Phone (207) 555-0142" in head
    assert "Questions? Call Harbor Street Manual Therapy on (207) 555-0142." in text
    assert "Therapist: Ana Müller" in text or "Therapist Ana Müller" in text
    if fmt == "pdf":  # every page's foot: the clinic instead of "posture-tui client handout"
        assert "Harbor Street Manual Therapy · (207) 555-0142 · client handout · page 1" in text
        assert "posture-tui client handout" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_signed_note_names_the_therapist_credentials_licence_and_local_time(
    fmt: str, client: Client, assessment: Assessment, knowledge: Knowledge, clinic: ClinicSettings
) -> None:
    text = _flat(
        _text(export_bytes("note", fmt, client, assessment, knowledge, clinic=clinic), fmt)
    )
    assert SIGNATURE in text
    assert "Ana Müller, LMT, NMT, licence MA-12345 (Dr. Ana Müller)" in text  # header rows
    assert "2026-11-20 05:45 EST" in text  # every time in the clinic's zone
    assert "Harbor Street Manual Therapy" in text


def test_times_follow_the_clinic_zone_not_the_computer(
    client: Client, assessment: Assessment, knowledge: Knowledge, tmp_path: Path
) -> None:
    tokyo = parse_settings(b'time_zone = "Asia/Tokyo"\n', tmp_path / "s.toml")
    note = build_document("note", client, assessment, knowledge, clinic=tokyo)
    assert note.footer.endswith("at 2026-11-20 19:45 (Asia/Tokyo).")
    # without settings: the computer's zone (UTC in these tests), as before
    plain = build_document("note", client, assessment, knowledge)
    assert plain.footer.endswith("at 2026-11-20 10:45 UTC.")
    assert plain.letterhead == () and plain.logo is None and plain.page_footer == ""


def test_a_therapist_the_settings_do_not_name_keeps_the_login(
    client: Client, assessment: Assessment, knowledge: Knowledge, tmp_path: Path
) -> None:
    other = parse_settings(b'[therapists.dana]\nname = "Dana Lee"\n', tmp_path / "s.toml")
    note = build_document("note", client, assessment, knowledge, clinic=other)
    assert note.footer.startswith("Signed by Dr. Ana Müller at ")


def test_without_settings_the_exports_are_as_before(
    client: Client, assessment: Assessment, knowledge: Knowledge
) -> None:
    for what in ("handout", "note"):
        for fmt in FORMATS[:3]:
            plain = export_bytes(what, fmt, client, assessment, knowledge)
            assert plain == export_bytes(
                what, fmt, client, assessment, knowledge, clinic=NO_SETTINGS
            )
    pdf = _text(export_bytes("handout", "pdf", client, assessment, knowledge), "pdf")
    assert "posture-tui client handout" in pdf


def test_the_logo_is_embedded_as_a_data_uri_and_in_the_pdf(
    client: Client, assessment: Assessment, knowledge: Knowledge, clinic: ClinicSettings
) -> None:
    page = export_bytes("handout", "html", client, assessment, knowledge, clinic=clinic)
    html = page.decode("utf-8")
    assert 'class="logo" alt="" src="data:image/png;base64,iVBORw0KGgo' in html
    assert "img-src data:" in CSP and CSP in html  # only inline images; nothing from elsewhere
    assert "http://" not in html and "https://" not in html
    pdf = PdfReader(
        BytesIO(export_bytes("note", "pdf", client, assessment, knowledge, clinic=clinic))
    )
    images = pdf.pages[0].images
    assert len(images) == 1 and images[0].image is not None
    assert images[0].image.size == (300, 100)
    assert not pdf.pages[1].images  # the letterhead is on the first page only


def test_the_clinic_paper_is_the_pdf_default(
    client: Client, assessment: Assessment, knowledge: Knowledge, tmp_path: Path
) -> None:
    letter = parse_settings(b'paper = "letter"\n', tmp_path / "s.toml")
    data = export_bytes("handout", "pdf", client, assessment, knowledge, clinic=letter)
    box = PdfReader(BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    data = export_bytes("handout", "pdf", client, assessment, knowledge, clinic=letter, paper="a4")
    box = PdfReader(BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_record_text_in_the_settings_is_escaped(
    client: Client, assessment: Assessment, knowledge: Knowledge, tmp_path: Path
) -> None:
    odd = parse_settings(
        b'[clinic]\nname = "<b>A & B</b>"\nphone = "*1* [x](y)"\n', tmp_path / "s.toml"
    )
    document = build_document("handout", client, assessment, knowledge, clinic=odd)
    html = render(document, "html").decode("utf-8")
    assert "<b>A" not in html and "&lt;b&gt;A &amp; B&lt;/b&gt;" in html
    markdown = render(document, "md").decode("utf-8")
    assert "[x](y)" not in markdown


async def test_the_export_dialog_uses_the_settings_the_app_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clinic: ClinicSettings
) -> None:
    from posture_tui.domain.assessment import AssessmentInput, Finding
    from posture_tui.engine.analyze import analyze
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.repository import open_store
    from posture_tui.tui.app import build_app
    from posture_tui.tui.screens.export_dialog import ExportDialog, ExportResult

    when = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    monkeypatch.setenv("POSTURE_TUI_EXPORTS", str(tmp_path / "exports"))
    shipped = load_knowledge()
    repo = open_store(tmp_path / "store", clock=lambda: when)
    repo.save_client(Client(id="c-1", name="Zoë Client", created=when, updated=when))
    findings = (Finding("forward_head", 2),)
    repo.save_assessment(
        Assessment(
            id="a-1",
            client_id="c-1",
            therapist="Dr. Ana Müller",
            created=when,
            updated=when,
            findings=findings,
            analysis=analyze(shipped, AssessmentInput(findings=findings)),
        )
    )
    repo.sign_assessment("c-1", "a-1", "Dr. Ana Müller")
    app = build_app(repo, shipped, therapist="Dr. Ana Müller", clinic=clinic)
    results: list[ExportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1"), callback=results.append)
        await pilot.pause()
        await pilot.press("n", "2")  # the clinical note as plain text
        await pilot.press("tab", "tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(results) == 1 and results[0] is not None
    text = _flat(results[0].path.read_text(encoding="utf-8"))
    assert text.startswith("Harbor Street Manual Therapy 12 Harbor Street")
    assert (
        "Signed by Ana Müller, LMT, NMT, licence MA-12345 at 2026-03-02 09:30 (America/New_York)."
        in text
    )

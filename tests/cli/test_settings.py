"""Clinic settings (issue 16 item 3): the file, every mistake as one line naming the key, and
--config / $POSTURE_TUI_CONFIG / the user config folder on the command line."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from posture_tui.cli.main import run
from posture_tui.domain.assessment import AssessmentInput, Finding
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.settings import (
    EXAMPLE,
    NO_SETTINGS,
    SettingsError,
    default_settings_path,
    load_settings,
    parse_settings,
    write_example,
)
from posture_tui.store.repository import open_store

WHEN = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
GOOD = """\
time_zone = "America/New_York"
paper = "letter"

[clinic]
name = "Harbor Street Manual Therapy"
address = "12 Harbor Street\\nPortland, ME 04101"
phone = "(207) 555-0142"
logo = "logo.png"

[therapists.dana]
name = "Dana Lee"
credentials = "LMT, NMT"
licence = "MA-12345"
"""


def png(path: Path, size: tuple[int, int] = (120, 40), kind: str = "PNG") -> Path:
    Image.new("RGB", size, (20, 90, 160)).save(path, kind)
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    png(folder / "logo.png")
    path = folder / "settings.toml"
    path.write_text(GOOD, encoding="utf-8")
    return path


# --- the file -------------------------------------------------------------------------------


def test_a_whole_settings_file_is_read(good: Path) -> None:
    settings = load_settings(good)
    assert settings.clinic_name == "Harbor Street Manual Therapy"
    assert settings.address == ("12 Harbor Street", "Portland, ME 04101")
    assert settings.phone == "(207) 555-0142"
    assert settings.logo is not None and settings.logo.kind == "png"
    assert (settings.logo.width, settings.logo.height) == (120, 40)
    assert settings.time_zone == "America/New_York" and settings.paper == "letter"
    dana = settings.therapist("dana")
    assert dana is not None and dana.signature() == "Dana Lee, LMT, NMT, licence MA-12345"
    assert settings.therapist_name("dana") == "Dana Lee"
    assert settings.therapist_name("lee") == "lee"  # not in the settings: the login
    assert settings.letterhead() == (
        "Harbor Street Manual Therapy",
        "12 Harbor Street",
        "Portland, ME 04101",
        "Phone (207) 555-0142",
    )
    assert settings.contact() == "Harbor Street Manual Therapy · (207) 555-0142"


def test_every_key_is_optional_and_an_address_may_be_an_array(tmp_path: Path) -> None:
    assert parse_settings(b"", tmp_path / "s.toml") == NO_SETTINGS.__class__(
        source=tmp_path / "s.toml"
    )
    text = '[clinic]\naddress = ["1 Main St", "Springfield"]\n[therapists."dana.lee"]\n'
    settings = parse_settings(text.encode(), tmp_path / "s.toml")
    assert settings.address == ("1 Main St", "Springfield")
    assert settings.therapist_name("dana.lee") == "dana.lee"  # no name: the login


def test_a_jpeg_logo_is_measured(tmp_path: Path) -> None:
    png(tmp_path / "logo.jpg", (64, 32), "JPEG")
    settings = parse_settings(b'[clinic]\nlogo = "logo.jpg"\n', tmp_path / "s.toml")
    assert settings.logo is not None and settings.logo.kind == "jpeg"
    assert (settings.logo.width, settings.logo.height) == (64, 32)
    assert settings.logo.mime == "image/jpeg"


def test_the_example_is_valid_and_written_private(tmp_path: Path) -> None:
    path = write_example(tmp_path / "new" / "settings.toml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_settings(path).clinic_name == "Harbor Street Manual Therapy"
    assert path.read_text(encoding="utf-8") == EXAMPLE
    with pytest.raises(FileExistsError):
        write_example(path)  # never over a file that is there


BAD = [
    ("colour = 'blue'", "colour", "unknown key"),
    ("paper = 3", "paper", "expected a string, got a number"),
    ("paper = 'a5'", "paper", "'a5' is not one of: a4, letter"),
    ("time_zone = 'Mars/Olympus'", "time_zone", "not a known IANA time zone"),
    ("time_zone = ''", "time_zone", "must not be empty"),
    ("clinic = 'Harbor'", "clinic", "expected a table, got a string"),
    ("[clinic]\nfax = '1'", "clinic.fax", "unknown key (expected one of: name, address, phone"),
    ("[clinic]\nname = 42", "clinic.name", "expected a string, got a number"),
    ("[clinic]\nname = ''", "clinic.name", "must not be empty"),
    ("[clinic]\nname = '''A\nB'''", "clinic.name", "must be one line"),
    ('[clinic]\nphone = "x\\u001b[2J"', "clinic.phone", "control character"),
    (
        "[clinic]\nname = '" + "x" * 300 + "'",
        "clinic.name",
        "is 300 characters long, at most 200 allowed",
    ),
    ("[clinic]\naddress = 7", "clinic.address", "expected a string or an array of strings"),
    ("[clinic]\naddress = ['a', 3]", "clinic.address[1]", "expected a non-empty string"),
    ("[clinic]\nlogo = 'missing.png'", "clinic.logo", "missing.png: no such file"),
    ("[clinic]\nlogo = 'notes.txt'", "clinic.logo", "not a PNG or JPEG image"),
    ("[clinic]\nlogo = 'folder'", "clinic.logo", "it is a folder, not an image"),
    ("[clinic]\nlogo = true", "clinic.logo", "expected a string, got a boolean"),
    ("therapists = 1", "therapists", "expected a table, got a number"),
    ("[therapists]\ndana = 'Dana'", "therapists.dana", "expected a table, got a string"),
    ("[therapists.dana]\nlicense = 'MA-1'", "therapists.dana.license", "unknown key"),
    ("[therapists.dana]\ncredentials = ['LMT']", "therapists.dana.credentials", "a string"),
    ('[therapists." dana"]\nname = "D"', "therapists. dana", "a login must be a plain name"),
]


@pytest.mark.parametrize(("text", "key", "reason"), BAD, ids=[key for _, key, _ in BAD])
def test_each_mistake_is_one_line_naming_the_file_and_the_key(
    tmp_path: Path, text: str, key: str, reason: str
) -> None:
    (tmp_path / "notes.txt").write_text("not an image", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    path = tmp_path / "settings.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    assert message.startswith(f"{path}: {key}: "), message
    assert reason in message, message


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"clinic = [", "invalid TOML"),
        (b"\xff\xfe", "not UTF-8 text"),
        (b"#" * 300_000, "larger than 256 KB"),
    ],
)
def test_a_file_that_is_not_settings_is_one_line(tmp_path: Path, raw: bytes, reason: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(raw)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "\n" not in str(caught.value) and reason in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_truncated_png_is_not_an_image(tmp_path: Path) -> None:
    data = png(tmp_path / "logo.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(data[:20])
    with pytest.raises(SettingsError, match=r"clinic\.logo: .* not a PNG or JPEG image"):
        parse_settings(b'[clinic]\nlogo = "logo.png"\n', tmp_path / "s.toml")


def test_where_the_settings_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good: Path
) -> None:
    assert default_settings_path() == tmp_path / "config" / "posture-tui" / "settings.toml"
    assert load_settings() is NO_SETTINGS  # none at the default place: as before
    with pytest.raises(SettingsError, match="no such file"):
        load_settings(tmp_path / "nowhere.toml")  # a named file must be there
    monkeypatch.setenv("POSTURE_TUI_CONFIG", str(good))
    assert load_settings().clinic_name == "Harbor Street Manual Therapy"
    with pytest.raises(SettingsError, match="no such file"):
        load_settings(tmp_path / "nowhere.toml")  # --config wins over the environment


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    repo = open_store(path, clock=lambda: WHEN)
    knowledge = load_knowledge()
    findings = (Finding("forward_head", 2),)
    repo.save_client(Client(id="c-1", name="Zoë Client", created=WHEN, updated=WHEN))
    base = Assessment(
        id="a-1",
        client_id="c-1",
        therapist="dana",
        created=WHEN,
        updated=WHEN,
        findings=findings,
        analysis=analyze(knowledge, AssessmentInput(findings=findings)),
    )
    repo.save_assessment(base)
    repo.sign_assessment("c-1", "a-1", "dana")
    return path


def _export(store: Path, *extra: str, config: Path | None = None) -> list[str]:
    front = ["--config", str(config)] if config is not None else []
    return [*front, "export", "c-1", "--db", str(store), *extra]


def test_export_uses_the_default_settings_file(store: Path, tmp_path: Path, good: Path, capsys):
    default = tmp_path / "config" / "posture-tui" / "settings.toml"
    default.parent.mkdir(parents=True)
    default.write_text(GOOD.replace("logo.png", str(good.parent / "logo.png")), "utf-8")
    assert run(_export(store, "--format", "txt", "--what", "note")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Harbor Street Manual Therapy\n12 Harbor Street\n")
    # 14:30 UTC is 09:30 in New York (EST) on 2 March 2026
    assert "Signed by Dana Lee, LMT, NMT, licence MA-12345 at 2026-03-02 09:30" in out
    assert "(America/New_York)." in out


def test_config_overrides_the_default_location(
    store: Path, tmp_path: Path, good: Path, capsys
) -> None:
    default = tmp_path / "config" / "posture-tui" / "settings.toml"
    default.parent.mkdir(parents=True)
    default.write_text('[clinic]\nname = "The Default Clinic"\n', "utf-8")
    assert run(_export(store, "--format", "md", config=good)) == 0
    out = capsys.readouterr().out
    assert "**Harbor Street Manual Therapy**" in out and "Default Clinic" not in out
    assert "Questions? Call Harbor Street Manual Therapy on (207) 555-0142." in out
    assert run(_export(store, "--format", "md")) == 0
    assert "**The Default Clinic**" in capsys.readouterr().out


def test_export_pdf_takes_the_clinic_paper_unless_paper_is_given(
    store: Path, tmp_path: Path, good: Path, capsys
) -> None:
    out = tmp_path / "letter.pdf"
    assert run(_export(store, "--format", "pdf", "-o", str(out), config=good)) == 0
    page = PdfReader(BytesIO(out.read_bytes())).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    text = page.extract_text()
    assert "Harbor Street Manual Therapy" in text and "(207) 555-0142" in text
    a4 = tmp_path / "a4.pdf"
    assert run(_export(store, "--format", "pdf", "--paper", "a4", "-o", str(a4), config=good)) == 0
    page = PdfReader(BytesIO(a4.read_bytes())).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@pytest.mark.parametrize("command", ["export", "start"])
def test_a_bad_settings_file_ends_with_one_line_before_anything_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    bad = tmp_path / "settings.toml"
    bad.write_text('[clinic]\nname = "Harbor"\nfax = "1"\n', encoding="utf-8")
    db = tmp_path / "not-yet"
    argv = ["--config", str(bad), command, "--db", str(db)]
    if command == "export":
        argv += ["c-1", "--format", "md"]
    assert run(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines == [
        f"posture-tui: settings: {bad}: clinic.fax: unknown key "
        "(expected one of: name, address, phone, logo)"
    ]
    assert captured.out == "" and not db.exists()  # no store opened or created


def test_a_missing_config_file_is_one_line(tmp_path: Path, capsys) -> None:
    assert run(["--config", str(tmp_path / "nope.toml"), "start"]) == 2
    assert capsys.readouterr().err == (
        f"posture-tui: settings: settings file {tmp_path / 'nope.toml'}: no such file\n"
    )


def test_help_names_the_config_option(capsys) -> None:
    with pytest.raises(SystemExit):
        run(["--help"])
    assert "--config FILE" in capsys.readouterr().out


def test_the_default_file_name_carries_the_visit_day_in_the_clinics_zone(
    store: Path, tmp_path: Path, capsys
) -> None:
    """14:30 UTC on 2 March is already 3 March in Auckland: the name says the clinic's day,
    the day the document itself shows, whatever zone the machine is in (UTC in the tests)."""
    config = tmp_path / "auckland.toml"
    config.write_text('time_zone = "Pacific/Auckland"\n', "utf-8")
    assert run(_export(store, "--format", "pdf", "--what", "note", config=config)) == 0
    written = Path(capsys.readouterr().out.strip().rsplit(" ", 1)[-1])
    assert written.name == "note-c-1-a-1-r2-2026-03-03.pdf", written
    assert written.is_file()
    assert run(_export(store, "--format", "pdf", "--what", "note")) == 0
    assert capsys.readouterr().out.strip().endswith("note-c-1-a-1-r2-2026-03-02.pdf")

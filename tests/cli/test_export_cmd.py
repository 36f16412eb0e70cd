"""`posture-tui export CLIENT_ID --format ...`: what a therapist and a script get."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from posture_tui.cli.main import run
from posture_tui.domain.assessment import AssessmentInput, Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.exports.words import client_dose
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FINDINGS = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.BILATERAL),
    Finding("thoracic_kyphosis_increased", 1),
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with one client and two visits: the older by dana, the newer by lee."""
    path = tmp_path / "store"
    repo = open_store(path)
    knowledge = load_knowledge()
    pain = (PainEntry("neck", 5, Side.RIGHT),)
    repo.save_client(Client(id="c-1", name="Zoë 山田", pain=pain, created=WHEN, updated=WHEN))
    analysis = analyze(knowledge, AssessmentInput(findings=FINDINGS), pain=pain)
    for number, therapist in enumerate(("dana", "lee")):
        moment = WHEN + timedelta(days=14 * number)
        repo.save_assessment(
            Assessment(
                id=f"a-{number + 1}",
                client_id="c-1",
                therapist=therapist,
                created=moment,
                updated=moment,
                findings=FINDINGS,
                pain=pain,
                analysis=analysis,
            )
        )
    repo.save_client(Client(id="c-2", name="No Visits", created=WHEN, updated=WHEN))
    return path


def _exercises(store: Path, *, client: bool = True) -> list[tuple[str, str]]:
    """Each exercise and its dose: in the client's words for the handout, else the note's."""
    repo = open_store(store)
    plan = repo.get_assessment("c-1", "a-2").effective_plan
    return [(e.name, client_dose(e.dose) if client else e.dose.text()) for e in plan.exercises]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_markdown_handout_of_the_latest_assessment_on_stdout(store, capsys):
    assert run(["export", "c-1", "--db", str(store), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Your home exercise program: Zoë 山田")
    assert "- **Therapist:** lee" in out
    for name, dose in _exercises(store):
        assert name in out.replace("\\", "")
        assert dose in out.replace("\\", "")


def test_text_note_of_a_chosen_assessment(store, capsys):
    code = run(
        [
            "export",
            "c-1",
            "--db",
            str(store),
            "--format",
            "txt",
            "--what",
            "note",
            "--assessment",
            "a-1",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "S: SUBJECTIVE" in out and "P: PLAN" in out
    assert "Therapist: dana" in out
    assert "Status: draft" in out


def test_html_goes_to_a_private_file_in_the_exports_folder(store, tmp_path, capsys):
    assert run(["export", "c-1", "--db", str(store), "--format", "html"]) == 0
    printed = capsys.readouterr().out.strip()
    path = Path(printed)
    assert path.parent == tmp_path / "exports"
    assert path.name == "handout-c-1-a-2-r1-2026-03-16.html"
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    page = path.read_text(encoding="utf-8")
    assert "<h1>Your home exercise program: Zoë 山田</h1>" in page
    for name, _ in _exercises(store):
        assert name in page


def test_pdf_to_a_named_file(store, tmp_path, capsys):
    target = tmp_path / "out" / "note.pdf"
    target.parent.mkdir()
    code = run(
        [
            "export",
            "c-1",
            "--db",
            str(store),
            "--format",
            "pdf",
            "--what",
            "note",
            "-o",
            str(target),
            "--paper",
            "letter",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    assert _mode(target) == 0o600
    reader = PdfReader(BytesIO(target.read_bytes()))
    assert round(reader.pages[0].mediabox.height) == 792
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).replace("\x00", "").split())
    for name, dose in _exercises(store, client=False):
        assert name in text and dose in text


def test_default_exports_folder_is_in_the_user_data_folder(store, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("POSTURE_TUI_EXPORTS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run(["export", "c-1", "--db", str(store), "--format", "pdf"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path / "data" / "posture-tui" / "exports"
    assert _mode(path.parent) == 0o700 and _mode(path) == 0o600
    assert path.read_bytes().startswith(b"%PDF-")


def test_json_is_the_whole_record(store, capsys):
    assert run(["export", "c-1", "--db", str(store), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["client"]["name"] == "Zoë 山田"
    assert sorted(item["id"] for item in data["assessments"]) == ["a-1", "a-2"]


def test_json_to_a_file(store, tmp_path, capsys):
    target = tmp_path / "record.json"
    assert run(["export", "c-1", "--db", str(store), "--format", "json", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    assert json.loads(target.read_text(encoding="utf-8"))["client"]["id"] == "c-1"
    assert _mode(target) == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--format", "md"], "no client with id nobody"),
        (["nobody", "--format", "json"], "no client with id nobody"),
        (["c-2", "--format", "md"], "client c-2 has no assessment to export"),
        (["c-1", "--format", "md", "--assessment", "a-9"], "client c-1 has no assessment a-9"),
        (["c-1", "--format", "json", "--assessment", "a-1"], "exports the whole record"),
        (["c-1", "--format", "html", "-o", "/proc/no/such/x.html"], "cannot write"),
        (["c-1", "--format", "md", "--review-weeks", "0"], "--review-weeks must be"),
    ],
)
def test_errors_are_one_clear_line(store, capsys, args, message):
    code = run(["export", *args[:1], "--db", str(store), *args[1:]])
    captured = capsys.readouterr()
    assert code != 0
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_unwritable_output_and_missing_store(store, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert run(["export", "c-1", "--db", str(store), "--format", "md", "-o", str(blocker / "x.md")])
    assert "cannot write" in capsys.readouterr().err
    assert run(["export", "c-1", "--db", str(tmp_path / "none"), "--format", "md"]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_format_is_required(store, capsys):
    assert run(["export", "c-1", "--db", str(store)]) == 2
    assert "--format" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_full_disk_on_stdout_is_one_line(store):
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "posture_tui",
                "export",
                "c-1",
                "--db",
                str(store),
                "--format",
                "txt",
                "--what",
                "note",
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode().strip() == (
        "posture-tui: cannot write to standard output: No space left on device"
    )

"""`posture-tui export ... [--progress-from ID] [--no-progress]`: progress in exported documents."""

from __future__ import annotations

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
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NECK_PAIN = (7, 4, 2)  # right neck pain at visits a-1, a-2, a-3, a week apart


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    repo = open_store(path)
    knowledge = load_knowledge()
    repo.save_client(Client(id="c-1", name="Ana", created=WHEN, updated=WHEN))
    for number, score in enumerate(NECK_PAIN, start=1):
        pain = (PainEntry("neck", score, Side.RIGHT),)
        severity = 3 if number == 1 else 1
        findings = (Finding("forward_head", severity),)
        moment = WHEN + timedelta(weeks=number - 1)
        repo.save_assessment(
            Assessment(
                id=f"a-{number}",
                client_id="c-1",
                therapist="dana",
                created=moment,
                updated=moment,
                findings=findings,
                pain=pain,
                analysis=analyze(knowledge, AssessmentInput(findings=findings), pain=pain),
            )
        )
    return path


def _export(store: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert run(["export", "c-1", "--db", str(store), "--format", "txt", *args]) == 0
    return capsys.readouterr().out


def test_note_and_handout_compare_with_the_visit_just_before_by_default(store, capsys):
    note = _export(store, capsys, "--what", "note")
    assert "PROGRESS SINCE THE VISIT OF 2026-03-09" in note
    assert "Assessment a-2 (2026-03-09) compared with this assessment (a-3)" in note
    assert "4/10    2/10   -2      much better" in note
    handout = _export(store, capsys)
    assert "Compared with your visit on 9 March 2026:" in handout
    assert "(right): 4 → 2 out of 10, much better" in handout


def test_progress_from_a_chosen_visit(store, capsys):
    note = _export(store, capsys, "--what", "note", "--progress-from", "a-1")
    assert "PROGRESS SINCE THE VISIT OF 2026-03-02" in note
    assert "7/10    2/10   -5      much better" in note
    assert "Forward head  midline  severe (3)  mild (1)  improved" in note


def test_no_progress_and_a_first_visit_have_no_progress_part(store, capsys):
    for args in (["--no-progress"], ["--assessment", "a-1"]):
        for what in ("note", "handout"):
            out = _export(store, capsys, "--what", what, *args)
            assert "PROGRESS SINCE" not in out and "SINCE YOUR LAST VISIT" not in out


def test_pdf_note_carries_the_progress(store, tmp_path, capsys):
    target = tmp_path / "note.pdf"
    args = ["--db", str(store), "--format", "pdf", "--what", "note", "-o", str(target)]
    assert run(["export", "c-1", *args]) == 0
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(BytesIO(target.read_bytes())).pages
    )
    assert "Progress since the visit of 2026-03-09" in text
    assert "4/10 2/10 -2 much better" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--progress-from", "a-9"], "client c-1 has no assessment a-9 to compare with"),
        (["--progress-from", "a-3"], "--progress-from a-3 is not earlier than"),
        (["--assessment", "a-2", "--progress-from", "a-3"], "is not earlier than"),
        (["--format", "json", "--progress-from", "a-1"], "exports the whole record"),
    ],
)
def test_a_bad_progress_from_is_one_line_and_writes_nothing(store, tmp_path, capsys, args, message):
    fmt = [] if "--format" in args else ["--format", "pdf"]
    code = run(["export", "c-1", "--db", str(store), *fmt, *args])
    captured = capsys.readouterr()
    assert code != 0
    assert captured.out == "" and message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())


def test_progress_from_and_no_progress_do_not_mix(store, capsys):
    both = ["--no-progress", "--progress-from", "a-1"]
    code = run(["export", "c-1", "--db", str(store), "--format", "md", *both])
    assert code == 2
    assert "not allowed with" in capsys.readouterr().err

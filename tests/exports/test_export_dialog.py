"""The export dialog in the real app (build_app): keyboard choices, the file, the notice."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import RadioButton

from posture_tui.domain.assessment import AssessmentInput, Finding
from posture_tui.domain.common import Side
from posture_tui.domain.records import Assessment, Client
from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import build_app
from posture_tui.tui.screens.export_dialog import ExportDialog, ExportResult

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POSTURE_TUI_EXPORTS", str(tmp_path / "exports"))
    knowledge = load_knowledge()
    repo = open_store(tmp_path / "store")
    repo.save_client(Client(id="c-1", name="山田太郎 <b>", created=WHEN, updated=WHEN))
    findings = (Finding("forward_head", 2), Finding("rounded_shoulders", 2, Side.BILATERAL))
    repo.save_assessment(
        Assessment(
            id="a-1",
            client_id="c-1",
            therapist="dana",
            created=WHEN,
            updated=WHEN,
            findings=findings,
            analysis=analyze(knowledge, AssessmentInput(findings=findings)),
        )
    )
    repo.save_client(Client(id="c-2", name="No Visits", created=WHEN, updated=WHEN))
    return build_app(repo, knowledge, therapist="dana")


def _notices(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_keyboard_choices_write_the_file_and_say_where(app, tmp_path):
    results: list[ExportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1"), callback=results.append)
        await pilot.pause()
        dialog = app.screen
        path_input = dialog.query_one("#export-path")
        assert path_input.value.endswith("handout-c-1-a-1-r1-2026-03-02.pdf")
        await pilot.press("n", "3")  # clinical note, HTML
        await pilot.pause()
        assert path_input.value == str(tmp_path / "exports" / "note-c-1-a-1-r1-2026-03-02.html")
        await pilot.press("tab", "tab")  # past the two choice groups to the path
        assert app.focused is path_input
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    written = tmp_path / "exports" / "note-c-1-a-1-r1-2026-03-02.html"
    assert results == [ExportResult("note", "html", written)]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700
    page = written.read_text(encoding="utf-8")
    assert "S: Subjective" in page and "山田太郎 &lt;b&gt;" in page
    assert any(str(written) in notice for notice in _notices(app))


async def test_a_typed_path_is_kept_and_a_bad_one_is_reported(app, tmp_path):
    results: list[ExportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1", "a-1"), callback=results.append)
        await pilot.pause()
        dialog = app.screen
        path_input = dialog.query_one("#export-path")
        path_input.value = str(tmp_path / "missing" / "x.md")
        await pilot.press("1")  # Markdown: the typed path stays
        await pilot.pause()
        assert path_input.value == str(tmp_path / "missing" / "x.md")
        await pilot.click("#export-go")
        await app.workers.wait_for_complete()
        await pilot.pause()
        error = str(dialog.query_one("#export-error").render())
        assert "cannot write" in error and "does not exist" in error
        assert app.screen is dialog  # still open, so the path can be fixed
        path_input.value = str(tmp_path)  # a folder: the default name goes inside it
        path_input.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = tmp_path / "handout-c-1-a-1-r1-2026-03-02.md"
    assert results == [ExportResult("handout", "md", written)]
    assert written.read_text(encoding="utf-8").startswith("# Your home exercise program")


async def test_escape_cancels_and_no_assessment_is_explained(app, tmp_path):
    results: list[ExportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-2"))  # as the plan and history screens open it
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert "no assessment" in str(dialog.query_one("#export-error").render())
        assert dialog.query_one("#export-go").disabled
        dialog.dismiss_callback = None
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        app.push_screen(ExportDialog("c-1"), callback=results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    assert not (tmp_path / "exports").exists()


async def test_history_key_e_opens_the_dialog_for_the_highlighted_visit(app, tmp_path):
    from posture_tui.tui.screens.client_screen import ClientScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ClientScreen("c-1"))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.assessment_id == "a-1"
        await pilot.press("h", "2", "tab", "tab", "enter")  # handout as plain text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
    written = tmp_path / "exports" / "handout-c-1-a-1-r1-2026-03-02.txt"
    assert written.read_text(encoding="utf-8").startswith("Your home exercise program")


async def test_the_chosen_format_shows_without_colour(app):
    """Only the chosen radio buttons carry a dot, so NO_COLOR and 16 colours can read them."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1"))
        await pilot.pause()
        await pilot.press("3")  # HTML
        await pilot.pause()
        dotted = {
            button.id: "●" in button.render().plain for button in app.screen.query(RadioButton)
        }
        assert {key for key, dot in dotted.items() if dot} == {"what-handout", "format-html"}
        assert len(dotted) == 6


async def test_progress_since_the_visit_before_is_included_and_said(app, tmp_path):
    from datetime import timedelta

    from posture_tui.domain.intake import PainEntry

    later = WHEN + timedelta(weeks=2)
    pain = (PainEntry("neck", 3, Side.RIGHT),)
    app.repository.save_assessment(
        Assessment(
            id="a-2",
            client_id="c-1",
            therapist="dana",
            created=later,
            updated=later,
            findings=(Finding("forward_head", 1),),
            pain=pain,
            analysis=analyze(load_knowledge(), AssessmentInput(), pain=pain),
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1", "a-1"))
        await pilot.pause()
        said = str(app.screen.query_one("#export-progress").render())
        assert "First visit" in said
        app.screen.dismiss(None)
        await pilot.pause()
        app.push_screen(ExportDialog("c-1"))
        await pilot.pause()
        said = str(app.screen.query_one("#export-progress").render())
        assert said == "Includes progress since the visit of 2026-03-02."
        await pilot.press("n", "2", "tab", "tab", "enter")  # clinical note as plain text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    written = tmp_path / "exports" / "note-c-1-a-2-r1-2026-03-16.txt"
    text = " ".join(written.read_text(encoding="utf-8").split())
    assert "PROGRESS SINCE THE VISIT OF 2026-03-02" in text
    assert "Forward head midline moderate (2) mild (1) improved" in text
    assert "new, much worse" in text  # neck pain 3/10 not reported at the first visit


async def test_a_clinic_zone_gives_the_dialog_and_the_file_name_the_clinics_day(
    app, tmp_path: Path
) -> None:
    """A visit at 09:30 UTC on 2 March is 23:30 on 1 March in Honolulu: the dialog, the file
    name it suggests and every time on screen say the clinic's day, as the document does."""
    from posture_tui.settings import parse_settings
    from posture_tui.tui.format import show_times_in, when

    clinic = parse_settings(b'time_zone = "Pacific/Honolulu"\n', tmp_path / "s.toml")
    honolulu = build_app(app.repository, load_knowledge(), therapist="dana", clinic=clinic)
    try:
        async with honolulu.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            honolulu.push_screen(ExportDialog("c-1"))
            await pilot.pause()
            dialog = honolulu.screen
            assert "visit of 2026-03-01" in str(dialog.query_one("#export-record").render())
            assert dialog.query_one("#export-path").value.endswith("-r1-2026-03-01.pdf")
        assert when(WHEN) == "2026-03-01 23:30"
    finally:
        show_times_in(None)

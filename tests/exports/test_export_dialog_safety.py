"""Issue 13, items 5 and 9 in the TUI: the export dialog asks before replacing a file, refuses
special files, and an export that fails never takes the app (and the open draft) down."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from posture_tui.domain.records import Assessment, Client
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.repository import open_store
from posture_tui.tui.app import build_app
from posture_tui.tui.screens.export_dialog import ExportDialog, ExportResult

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POSTURE_TUI_EXPORTS", str(tmp_path / "exports"))
    repo = open_store(tmp_path / "store")
    repo.save_client(Client(id="c-1", name="Jo Jay", created=WHEN, updated=WHEN))
    repo.save_assessment(
        Assessment(id="a-1", client_id="c-1", therapist="dana", created=WHEN, updated=WHEN)
    )
    return build_app(repo, load_knowledge(), therapist="dana")


async def _export_to(app, pilot, path: Path) -> ExportDialog:
    dialog = app.screen
    path_input = dialog.query_one("#export-path")
    path_input.value = str(path)
    path_input.focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return dialog


def _message(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#export-error").render())


async def test_an_existing_file_is_replaced_only_when_asked_twice(app, tmp_path):
    target = tmp_path / "handout.md"
    target.write_text("the therapist's own file")
    results: list[ExportResult | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1", "a-1", fmt="md"), callback=results.append)
        await pilot.pause()
        dialog = await _export_to(app, pilot, target)
        assert "exists: export again to replace it" in _message(dialog)
        assert target.read_text() == "the therapist's own file" and app.screen is dialog
        await _export_to(app, pilot, target)
    assert results == [ExportResult("handout", "md", target)]
    assert target.read_text(encoding="utf-8").startswith("# ")


async def test_a_named_pipe_is_refused(app, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1", "a-1", fmt="md"))
        await pilot.pause()
        for _ in range(2):  # asking again does not make it writable
            dialog = await _export_to(app, pilot, fifo)
            assert "not a regular file" in _message(dialog)
        assert app.screen is dialog


async def test_an_export_that_crashes_keeps_the_app_running(app, tmp_path, monkeypatch):
    """fpdf2's FPDFException ended the whole app through WorkerFailed (status 1, draft gone)."""
    import posture_tui.exports.api as api

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("Not enough horizontal space to render a single character")

    monkeypatch.setattr(api, "export_bytes", broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ExportDialog("c-1", "a-1", fmt="pdf"))
        await pilot.pause()
        dialog = await _export_to(app, pilot, tmp_path / "x.pdf")
        assert app.is_running and app.screen is dialog
        assert "Export failed (RuntimeError)" in _message(dialog)
        notices = [n.message for n in app._notifications]
        assert notices == ["Export failed: internal error RuntimeError"]
        assert "\n" not in notices[0]
        assert not dialog._busy  # another try is possible
    assert app.return_code in (None, 0)
    assert not (tmp_path / "x.pdf").exists()

"""Where screens owned by other pieces plug in: export, progress, re-assessment, outcomes.

`screens.export_dialog.ExportDialog(client_id, assessment_id=None)`,
`screens.progress.ProgressScreen(client_id)`, `screens.progress.start_reassessment(app,
client_id)` and `screens.outcomes.edit_outcomes(visit_screen)` are used when they exist; until
then the key explains that the feature is not installed.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import App


def _screen_class(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ModuleNotFoundError, AttributeError):
        return None


def open_export(app: App[Any], client_id: str, assessment_id: str | None = None) -> None:
    dialog = _screen_class("posture_tui.tui.screens.export_dialog", "ExportDialog")
    if dialog is None:
        app.notify("Export is not available in this build.", severity="warning")
        return
    app.push_screen(dialog(client_id, assessment_id))


def open_progress(app: App[Any], client_id: str) -> None:
    screen = _screen_class("posture_tui.tui.screens.progress", "ProgressScreen")
    if screen is None:
        app.notify("Progress is not available in this build.", severity="warning")
        return
    app.push_screen(screen(client_id))


def start_reassessment(app: App[Any], client_id: str) -> None:
    start = _screen_class("posture_tui.tui.screens.progress", "start_reassessment")
    if start is None:
        app.notify("Re-assessment is not available in this build.", severity="warning")
        return
    start(app, client_id)


def edit_outcomes(screen: Any) -> None:
    edit = _screen_class("posture_tui.tui.screens.outcomes", "edit_outcomes")
    if edit is None:
        screen.notify("Outcome measures are not available in this build.", severity="warning")
        return
    edit(screen)

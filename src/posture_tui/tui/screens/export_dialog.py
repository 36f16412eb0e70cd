"""The export dialog: handout or note, format and path; it writes the file and says where."""

from __future__ import annotations

import asyncio
import os
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from attrs import frozen
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from posture_tui.domain.text import safe
from posture_tui.exports.formats import FORMAT_NAMES, FORMATS, WHAT_NAMES, WHATS
from posture_tui.exports.words import shown_in, visit_date
from posture_tui.tui.textual_compat.radio_button import MarkedCheckbox, MarkedRadioButton
from posture_tui.tui.workstation import workstation

FORMAT_KEYS: dict[str, str] = {str(n): fmt for n, fmt in enumerate(FORMATS, start=1)}
WHAT_KEYS: dict[str, str] = {"h": "handout", "n": "note"}


@frozen
class ExportResult:
    """What the dialog wrote: the choices made and the file's absolute path."""

    what: str
    fmt: str
    path: Path


class ExportDialog(ModalScreen[ExportResult | None]):
    """Choose handout or note, a format and a path; export writes the file (0600) and notifies
    where it went. Dismisses with an ExportResult, or None on escape."""

    DEFAULT_CSS = """
    ExportDialog #export-title { text-style: bold; height: 1; }
    ExportDialog #export-record { height: 1; }
    ExportDialog #export-progress { height: 1; }
    ExportDialog #export-choices { height: auto; }
    ExportDialog RadioSet { width: 1fr; height: auto; }
    ExportDialog #export-error { color: $error; height: auto; max-height: 3; }
    ExportDialog #export-buttons { height: 1; margin-top: 1; }
    ExportDialog #export-buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(
        self,
        client_id: str,
        assessment_id: str | None = None,
        *,
        what: str = "handout",
        fmt: str = "pdf",
    ) -> None:
        super().__init__(classes="dialog")
        self.client_id = client_id
        self.assessment_id = assessment_id
        self.what = what if what in WHATS else "handout"
        self.fmt = fmt if fmt in FORMATS else "pdf"
        self.client: Any = None
        self.assessment: Any = None
        self.earlier: Any = None  # the visit the documents show progress since, if any
        self._auto_path = ""
        self._busy = False
        self._replace: Path | None = None  # the existing file the therapist agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="export-box"):
            yield Label("Export", id="export-title")
            yield Static("", id="export-record")
            yield Static("", id="export-progress")
            with Horizontal(id="export-choices"):
                with RadioSet(id="export-what"):
                    for key, what in WHAT_KEYS.items():
                        yield MarkedRadioButton(
                            f"{key} {WHAT_NAMES[what]}", value=what == self.what, id=f"what-{what}"
                        )
                with RadioSet(id="export-format"):
                    for key, fmt in FORMAT_KEYS.items():
                        yield MarkedRadioButton(
                            f"{key} {FORMAT_NAMES[fmt]}", value=fmt == self.fmt, id=f"format-{fmt}"
                        )
            yield MarkedCheckbox(
                "Photos in the handout too (the note always shows them)",
                False,
                id="export-handout-photos",
                compact=True,
            )
            path_input = Input(id="export-path", placeholder="file or folder to save to")
            path_input.border_title = "Save to"
            yield path_input
            yield Static("", id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export-go", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)
            yield Label(
                "h/n what  1-4 format  tab move  enter in path: export  escape cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._load()
        self.query_one("#export-what", RadioSet).focus()

    # --- the record --------------------------------------------------------------------------

    def _load(self) -> None:
        from posture_tui.progress.pairs import visit_before
        from posture_tui.store.errors import StoreError

        repository = workstation(self).repository
        try:
            self.client = repository.get_client(self.client_id)
            visits = repository.list_assessments(self.client_id)
            if self.assessment_id:
                self.assessment = repository.get_assessment(self.client_id, self.assessment_id)
            else:
                self.assessment = visits[0] if visits else None
        except StoreError as error:
            self._fail(str(error))
            return
        if self.assessment is None:
            self._fail("This client has no assessment to export yet.")
            return
        status = "signed" if self.assessment.is_signed else "draft"
        zone = workstation(self).clinic.zone  # the day the document shows
        with shown_in(zone):
            day = f"{visit_date(self.assessment):%Y-%m-%d}"
            self.earlier = visit_before(visits, self.assessment)
            since = f"{visit_date(self.earlier):%Y-%m-%d}" if self.earlier is not None else ""
        self.query_one("#export-handout-photos").display = bool(self.assessment.photos)
        self.query_one("#export-record", Static).update(
            Text(
                f"{safe(self.client.name)}: visit of {day}, "
                f"revision {self.assessment.revision} ({status})"
            )
        )
        # Progress since the visit before this one goes in by default, as `posture-tui progress`.
        self.query_one("#export-progress", Static).update(
            f"Includes progress since the visit of {since}."
            if since
            else "First visit: no earlier visit to show progress since."
        )
        self._suggest_path()

    def _fail(self, message: str) -> None:
        self.query_one("#export-error", Static).update(message)
        self.query_one("#export-go", Button).disabled = True

    def _suggest_path(self) -> None:
        from posture_tui.exports.api import default_export_dir, default_filename

        if self.client is None or self.assessment is None:
            return
        path_input = self.query_one("#export-path", Input)
        if path_input.value and path_input.value != self._auto_path:
            return  # the therapist typed a path: keep it
        name = default_filename(
            self.what,
            self.client,
            self.assessment,
            self.fmt,
            workstation(self).clinic,
        )
        self._auto_path = str(default_export_dir() / name)
        path_input.value = self._auto_path

    # --- choices -----------------------------------------------------------------------------

    @on(RadioSet.Changed, "#export-what")
    def _what_changed(self, event: RadioSet.Changed) -> None:
        self.what = (event.pressed.id or "what-handout").removeprefix("what-")
        self._suggest_path()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = (event.pressed.id or "format-pdf").removeprefix("format-")
        self._suggest_path()

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input):
            return
        button_id = None
        if event.key in WHAT_KEYS:
            button_id = f"#what-{WHAT_KEYS[event.key]}"
        elif event.key in FORMAT_KEYS:
            button_id = f"#format-{FORMAT_KEYS[event.key]}"
        if button_id is not None:
            event.stop()
            self.query_one(button_id, RadioButton).value = True

    # --- export ------------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        if self._busy or self.query_one("#export-go", Button).disabled:
            return
        target = self._target()
        if target is None:
            return
        if os.path.lexists(target) and target != self._replace:
            if not target.is_file() or target.is_symlink():
                self._say(f"Cannot write {target}: it is not a regular file. Choose another path.")
                return
            self._replace = target  # asked once: export again with the same path replaces it
            self._say(f"{target.name} exists: export again to replace it, or change the path.")
            return
        self._busy = True
        self._say("Exporting...")
        self.run_worker(self._export(target), exclusive=True, group="export")

    def _say(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message))

    def _target(self) -> Path | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.query_one("#export-error", Static).update("Enter a file path.")
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            from posture_tui.exports.api import default_filename

            path = path / default_filename(
                self.what,
                self.client,
                self.assessment,
                self.fmt,
                workstation(self).clinic,
            )
        return path

    async def _export(self, target: Path) -> None:
        from posture_tui.exports.api import (
            default_export_dir,
            ensure_private_dir,
            export_bytes,
            write_private,
        )
        from posture_tui.exports.errors import ExportError
        from posture_tui.store.photo_files import photo_loader

        knowledge = workstation(self).knowledge
        clinic = workstation(self).clinic  # the clinic settings, if any
        what, fmt, earlier = self.what, self.fmt, self.earlier
        photos = photo_loader(workstation(self).repository, self.client.id)
        handout_photos = self.query_one("#export-handout-photos", Checkbox).value
        try:
            if target.parent == default_export_dir():
                ensure_private_dir(target.parent)
            data = await asyncio.to_thread(
                partial(
                    export_bytes,
                    earlier=earlier,
                    clinic=clinic,
                    photos=photos,
                    handout_photos=handout_photos,
                ),
                what,
                fmt,
                self.client,
                self.assessment,
                knowledge,
            )
            replace = target == self._replace
            written = await asyncio.to_thread(partial(write_private, force=replace), target, data)
        except ExportError as error:
            self._busy = False
            self._replace = None
            self._say(str(error))
            self.app.notify(f"Export failed: {error}", severity="error")
            return
        except Exception as error:  # an export never takes the app (and the draft) down
            self._busy = False
            self._replace = None
            self._say(f"Export failed ({type(error).__name__}); the visit and its draft are kept.")
            self.app.notify(
                f"Export failed: internal error {type(error).__name__}", severity="error"
            )
            return
        self.app.notify(f"{WHAT_NAMES[what]} saved to {written}", title="Exported")
        self.dismiss(ExportResult(what=what, fmt=fmt, path=written))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        if not self._busy:
            self.dismiss(None)

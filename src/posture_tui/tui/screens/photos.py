"""Measure posture from photos, from the checklist's measurements view: paths in, proposals out,
each one set only when the therapist ticks it; the photos kept with the visit if asked."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from attrs import frozen
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, SelectionList, Static

from posture_tui.domain.photos import Photo
from posture_tui.domain.text import safe
from posture_tui.knowledge.model import Knowledge
from posture_tui.photos.analysis import (
    Fill,
    PhotoReport,
    Suggestion,
    ViewReport,
    analyze_photos,
)
from posture_tui.photos.geometry import PhotoError
from posture_tui.photos.names import measure_name, value_text
from posture_tui.tui.textual_compat.radio_button import MarkedCheckbox

VIEW_INPUTS = (("front", "Front photo"), ("side", "Side photo"), ("back", "Back photo"))


@frozen
class PhotoChoice:
    """What the therapist ticked: measurements to fill in, findings to record, and the photos
    (their records and bytes) to keep with the visit."""

    fills: tuple[Fill, ...]
    findings: tuple[Suggestion, ...]
    photos: tuple[tuple[Photo, bytes], ...] = ()


class PhotoScreen(ModalScreen[PhotoChoice | None]):
    """Paths of the photos (copied to this machine, say with scp) and the client's height;
    enter measures; each proposal is ticked with space; ctrl+s applies the ticked ones."""

    DEFAULT_CSS = """
    PhotoScreen .photo-label { width: 14; }
    PhotoScreen .field-row { height: 1; }
    PhotoScreen #photos-status-box { height: auto; max-height: 8; margin-top: 1; }
    PhotoScreen #photos-proposals { height: auto; max-height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply ticked", id="photos.apply"),
        Binding("ctrl+g", "preview", "See the photos", id="photos.preview"),
        Binding("escape", "cancel", "Cancel", id="photos.cancel"),
    ]

    def __init__(self, knowledge: Knowledge, remembered: dict[str, str]) -> None:
        super().__init__(classes="dialog")
        self.knowledge = knowledge
        self.report: PhotoReport | None = None
        self.kept: tuple[tuple[Photo, bytes], ...] = ()  # each measured photo, to keep
        # the paths and height typed last in this visit, offered again (updated on measuring)
        self.remembered = remembered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="photos-box"):
            yield Static("Measure from photos (they stay on this machine)")
            for key, label in (*VIEW_INPUTS, ("height", "Height, cm")):
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="photo-label")
                    yield Input(
                        self.remembered.get(key, ""),
                        placeholder="path to the file" if key != "height" else "for distances",
                        id=f"photo-{key}",
                        compact=True,
                    )
            with VerticalScroll(id="photos-status-box"):
                yield Static("", id="photos-status")
            yield SelectionList[int](id="photos-proposals")
            yield MarkedCheckbox(
                "Keep the photos with this visit", True, id="photos-keep", compact=True
            )
            yield Label(
                "enter measure · space tick · ctrl+s apply · ctrl+g see photos · esc cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#photos-proposals").display = False
        self.query_one("#photo-front", Input).focus()

    @on(Input.Submitted)
    def _measure(self) -> None:
        photos = {
            view: Path(value).expanduser()
            for view, _ in VIEW_INPUTS
            if (value := self.query_one(f"#photo-{view}", Input).value.strip())
        }
        for key in (*(view for view, _ in VIEW_INPUTS), "height"):
            self.remembered[key] = self.query_one(f"#photo-{key}", Input).value
        status = self.query_one("#photos-status", Static)
        if not photos:
            status.update("Give the path of at least one photo.")
            return
        height_text = self.query_one("#photo-height", Input).value.strip().replace(",", ".")
        try:
            height = float(height_text) if height_text else None
        except ValueError:
            status.update("The height is a number of cm, such as 168.")
            return
        status.update("Measuring…")
        self._run(photos, height)

    @work(thread=True, exclusive=True)
    def _run(self, photos: dict[str, Path], height: float | None) -> None:
        from posture_tui.photos.attach import kept_photo
        from posture_tui.photos.pose import landmarks

        try:
            report = analyze_photos(photos, self.knowledge, height, landmarks)
            kept = tuple(kept_photo(view, height) for view in report.views)
        except PhotoError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, report, kept)

    def _failed(self, message: str) -> None:
        self.query_one("#photos-status", Static).update(safe(message))

    def _show(self, report: PhotoReport, kept: tuple[tuple[Photo, bytes], ...]) -> None:
        self.report = report
        self.kept = kept
        lines = []
        for view in report.views:
            lines.append(f"{view.view.capitalize()} photo ({view.photo}):")
            lines += [f"  {measure_name(m)}: {value_text(m)}" for m in view.measures]
            lines += [f"  not measured: {reason}" for reason in view.left_out]
        self.query_one("#photos-status", Static).update("\n".join(safe(line) for line in lines))
        proposals = self.query_one("#photos-proposals", SelectionList)
        proposals.clear_options()
        for number, fill in enumerate(report.fills):
            definition = self.knowledge.measurements[fill.measurement]
            proposals.add_option(
                (f"Fill in {definition.label}: {fill.value:g} {definition.unit}", number)
            )
        for number, suggestion in enumerate(report.suggestions, start=len(report.fills)):
            item = self.knowledge.checklist[suggestion.item]
            side = f" {suggestion.side.value}" if suggestion.side is not None else ""
            proposals.add_option(
                (f"Record {item.label}{side}, severity {suggestion.severity}", number)
            )
        proposals.display = bool(report.fills or report.suggestions)
        if proposals.display:
            proposals.highlighted = 0  # space ticks the first at once
            proposals.focus()

    def action_apply(self) -> None:
        if self.report is None:
            self.query_one("#photos-status", Static).update("Measure the photos first (enter).")
            return
        ticked = set(self.query_one("#photos-proposals", SelectionList).selected)
        fills = tuple(f for n, f in enumerate(self.report.fills) if n in ticked)
        offset = len(self.report.fills)
        findings = tuple(
            s for n, s in enumerate(self.report.suggestions, start=offset) if n in ticked
        )
        keep = self.query_one("#photos-keep", Checkbox).value
        self.dismiss(PhotoChoice(fills, findings, self.kept if keep else ()))

    def action_preview(self) -> None:
        if self.report is None or not self.report.views:
            self.query_one("#photos-status", Static).update("Measure the photos first (enter).")
            return
        minimum = self.knowledge.settings.photos.min_visibility
        self.app.push_screen(PhotoPreview(self.report.views, minimum))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PhotoPreview(ModalScreen[None]):
    """Each measured photo with its landmarks and plumb line, in half blocks; n shows the
    next, escape goes back."""

    DEFAULT_CSS = """
    PhotoPreview { align: center middle; background: $background; }
    PhotoPreview #preview-caption { height: 1; width: 100%; }
    PhotoPreview #preview-image { height: 1fr; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next photo", id="preview.next"),
        Binding("escape", "close", "Back", id="preview.close"),
    ]

    def __init__(self, views: tuple[ViewReport, ...], min_visibility: float) -> None:
        super().__init__()
        self.views = views
        self.min_visibility = min_visibility
        self.shown = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-caption")
        yield Static("", id="preview-image")

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        view = self.views[self.shown]
        more = " · n next photo" if len(self.views) > 1 else ""
        self.query_one("#preview-caption", Static).update(
            safe(
                f"{view.view.capitalize()} photo ({view.photo}): landmarks and plumb line"
                f"{more} · escape back"
            )
        )
        self.query_one("#preview-image", Static).update("Drawing…")
        self._render_photo(view, self.size.width, max(self.size.height - 2, 4))

    @work(thread=True, exclusive=True)
    def _render_photo(self, view: ViewReport, columns: int, rows: int) -> None:
        from posture_tui.photos.overlay import preview

        if view.path is None:
            return
        try:
            points = dict(view.landmarks)
            picture: Text | str = preview(
                view.path, points, view.view, self.min_visibility, columns, rows
            )
        except PhotoError as error:
            picture = str(error)
        self.app.call_from_thread(self.query_one("#preview-image", Static).update, picture)

    def action_next(self) -> None:
        self.shown = (self.shown + 1) % len(self.views)
        self._draw()

    def action_close(self) -> None:
        self.dismiss(None)

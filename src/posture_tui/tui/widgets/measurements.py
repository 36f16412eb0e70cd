"""Measurements view of the checklist: numbers with their units, and choices such as Thomas test."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from posture_tui.knowledge.model import MeasurementDef
from posture_tui.tui.messages import FindingsChanged
from posture_tui.tui.read_only import EditsVisit
from posture_tui.tui.session import VisitSession

if TYPE_CHECKING:
    from posture_tui.tui.screens.photos import PhotoChoice

UNIT_WORDS = {"deg": "degrees", "cm": "cm"}


def number_or_problem(definition: MeasurementDef, text: str) -> tuple[float | None, str]:
    """The parsed number (None for empty) and a one-line problem ('' when fine)."""
    text = text.strip().replace(",", ".")
    if not text:
        return None, ""
    try:
        value = float(text)
    except ValueError:
        return None, f"{definition.label}: not a number"
    if not math.isfinite(value):  # float() reads "nan" and "inf"; a record may hold neither
        return None, f"{definition.label}: not a number"
    if definition.minimum is not None and value < definition.minimum:
        return None, f"{definition.label}: at least {definition.minimum:g}"
    if definition.maximum is not None and value > definition.maximum:
        return None, f"{definition.label}: at most {definition.maximum:g}"
    return value, ""


class MeasurementsForm(EditsVisit, VerticalScroll):
    """One row per measurement: label, value, unit, and the hint beneath; ctrl+f measures
    from photos (the photos extra) and fills in what the therapist ticks."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"photos"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "photos", "Measure from photos", id="measurements.photos"),
    ]

    def __init__(self, session: VisitSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.photo_inputs: dict[str, str] = {}  # what the photo dialog was last given

    def compose(self) -> ComposeResult:
        for definition in self.session.knowledge.measurements.values():
            with Horizontal(classes="field-row"):
                yield Label(definition.label, classes="measure-label")
                if definition.kind == "choice":
                    yield Select(
                        [(choice, choice) for choice in definition.choices],
                        prompt="not tested",
                        id=f"m-{definition.id}",
                        compact=True,
                    )
                else:
                    yield Input(
                        placeholder="not measured",
                        id=f"m-{definition.id}",
                        compact=True,
                        classes="measure-input",
                    )
                    yield Label(UNIT_WORDS.get(definition.unit, definition.unit), classes="unit")
            yield Static(definition.hint, classes="measure-hint")
        yield Static("", id="measure-problem", classes="problem")

    def focus_first(self) -> None:
        widgets = list(self.query("Input, Select"))
        if widgets:
            widgets[0].focus()

    def load(self) -> None:
        measurements = self.session.assessment.measurements
        for definition in self.session.knowledge.measurements.values():
            value = measurements.get(definition.id)
            widget = self.query_one(f"#m-{definition.id}")
            if isinstance(widget, Select):
                with widget.prevent(Select.Changed):
                    # a choice the knowledge base no longer offers stays stored, shown as none
                    known = value is not None and str(value) in definition.choices
                    widget.value = str(value) if known else Select.NULL
            elif isinstance(widget, Input):
                with widget.prevent(Input.Changed):
                    widget.value = f"{value:g}" if isinstance(value, float) else ""
            widget.disabled = self.session.read_only

    def action_photos(self) -> None:
        from posture_tui.photos.pose import INSTALL_HINT, available
        from posture_tui.tui.screens.photos import PhotoScreen

        if not available():
            self.notify(INSTALL_HINT, severity="warning", timeout=10)
            return
        if "height" not in self.photo_inputs:  # entered once for the client, offered again
            height = self._known_height()
            self.photo_inputs["height"] = f"{height:g}" if height is not None else ""
        screen = PhotoScreen(self.session.knowledge, self.photo_inputs)
        self.app.push_screen(screen, self._apply_photos)

    def _known_height(self) -> float | None:
        from posture_tui.domain.photos import known_height
        from posture_tui.store.errors import StoreError
        from posture_tui.tui.workstation import workstation

        visits = [self.session.assessment.photos]
        if not self.session.is_new_client:
            try:
                listed = workstation(self).repository.list_assessments(self.session.client.id)
            except StoreError:
                listed = []
            visits += [visit.photos for visit in listed]
        return known_height(visits)

    def _apply_photos(self, choice: PhotoChoice | None) -> None:
        if choice is None:
            return
        kept = self._keep_photos(choice)
        if not (choice.fills or choice.findings or kept):
            return
        for fill in choice.fills:
            self.session.set_measurement(fill.measurement, fill.value)
        for finding in choice.findings:
            self.session.confirm_finding(finding.item, finding.severity, finding.side)
        self.load()
        self.post_message(FindingsChanged())
        done = len(choice.fills) + len(choice.findings)
        said = [f"{done} set from the photos"] if done else []
        said += [f"{kept} photo(s) kept with the visit (saved with it)"] if kept else []
        text = "; ".join(said)
        self.notify(text[:1].upper() + text[1:])

    def _keep_photos(self, choice: PhotoChoice) -> int:
        """The chosen photos into the store, then named by the visit (saved with it)."""
        from posture_tui.store.errors import StoreError
        from posture_tui.tui.workstation import workstation

        if not choice.photos:
            return 0
        repository = workstation(self).repository
        session = self.session
        try:
            for photo, data in choice.photos:
                repository.store_photo(
                    session.client.id, data, photo.format, new_client=session.is_new_client
                )
        except StoreError as error:
            self.notify(f"The photos were not kept: {error}", severity="error", timeout=10)
            return 0
        session.keep_photos([photo for photo, _ in choice.photos])
        return len(choice.photos)

    @on(Input.Changed)
    def _number_changed(self, event: Input.Changed) -> None:
        event.stop()
        measurement = (event.input.id or "").removeprefix("m-")
        definition = self.session.knowledge.measurements[measurement]
        value, problem = number_or_problem(definition, event.value)
        self.query_one("#measure-problem", Static).update(problem)
        event.input.set_class(bool(problem), "invalid")
        if problem or self.session.read_only:
            return
        self.session.set_measurement(measurement, value)
        self.post_message(FindingsChanged())

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.session.read_only:
            return
        measurement = (event.select.id or "").removeprefix("m-")
        value = None if event.value is Select.NULL else str(event.value)
        self.session.set_measurement(measurement, value)
        self.post_message(FindingsChanged())

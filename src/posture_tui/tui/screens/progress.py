"""Progress screen: compare two visits, trend charts over all visits, and the body map."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Label, Select, Static

from posture_tui.domain.records import Assessment
from posture_tui.domain.text import safe
from posture_tui.progress.body_map import body_map_for
from posture_tui.progress.compare import compare_assessments
from posture_tui.progress.progress_report import comparison_lines
from posture_tui.progress.reassess import prefill_reassessment
from posture_tui.progress.trend import build_trend, chronological
from posture_tui.store.errors import StoreError
from posture_tui.tui.widgets.body_map import BodyMapWidget
from posture_tui.tui.widgets.key_bar import KeyBar
from posture_tui.tui.widgets.pane_tabs import PaneTabs
from posture_tui.tui.widgets.trend import TrendChart
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp

GOOD_WORDS = ("much better", "better", "improved", "resolved", "weaker")
BAD_WORDS = ("much worse", "worse", "stronger")
VIEWS = (("changes", "c Changes"), ("trend", "g Trend"), ("map", "m Body map"))


def comparison_text(lines: list[str]) -> Text:
    """The comparison lines with verdicts coloured (the words stay, colour only helps)."""
    text = Text("\n".join(lines), no_wrap=True, overflow="ellipsis")
    for number, line in enumerate(lines):
        if line and not line.startswith(" "):
            start = sum(len(previous) + 1 for previous in lines[:number])
            text.stylize("bold", start, start + len(line))
    text.highlight_words(GOOD_WORDS, "green")
    text.highlight_words(BAD_WORDS, "bold red")
    text.highlight_words(("new",), "yellow")
    return text


def visit_label(assessment: Assessment, number: int) -> str:
    state = "signed" if assessment.is_signed else "draft"
    return f"{number}. {assessment.created:%Y-%m-%d} {state}"


def start_reassessment(app: PostureApp, client_id: str, previous: Assessment | None = None) -> bool:
    """Open a new visit prefilled from `previous` (default: the latest assessment).

    Every finding shows "from last visit" until the therapist confirms or changes it.
    Returns False (after telling the therapist why) when there is nothing to start from.
    """
    from posture_tui.tui.screens.visit import VisitScreen
    from posture_tui.tui.session import VisitSession

    try:
        client = app.repository.get_client(client_id)
        if previous is None:
            visits = app.repository.list_assessments(client_id)
            previous = visits[0] if visits else None
    except StoreError as error:
        app.notify(str(error), severity="error")
        return False
    if previous is None:
        app.notify("No earlier assessment to start from: start a new visit instead.")
        return False
    assessment = prefill_reassessment(
        previous, new_id=app.repository.new_id(), now=app.clock(), therapist=app.therapist
    )
    session = VisitSession(
        app.knowledge, client, assessment, follow_up_of=previous, client_base=client
    )
    session.recompute()
    app.push_screen(VisitScreen(session))
    return True


class ProgressScreen(Screen[None]):
    """What changed between two visits; trend and body map on their own tabs."""

    HELP = (
        "Compare two visits of the client: f and t choose the earlier (from) and later (to) "
        "visit, c shows the changes, g the trend over all visits, m the body map of the later "
        "visit (v switches it to the earlier one). r starts a re-assessment prefilled from the "
        "latest visit. Pain changes are judged against the minimal important change (1 point or "
        "15%; much: 2 points or 33%); NDI against 5 points, ODI against 10."
    )
    DEFAULT_CSS = """
    ProgressScreen #progress-pick { height: 1; }
    ProgressScreen #progress-pick Label { padding: 0 1; }
    ProgressScreen #progress-pick Select { width: 28; }
    ProgressScreen #progress-views { height: 1fr; }
    ProgressScreen VerticalScroll { height: 1fr; scrollbar-size-vertical: 1; }
    ProgressScreen #map-caption { height: 1; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "tab('changes')", "Changes", id="progress.changes"),
        Binding("g", "tab('trend')", "Trend", id="progress.trend"),
        Binding("m", "tab('map')", "Body map", id="progress.map"),
        Binding("f", "pick('from')", "From", id="progress.from"),
        Binding("t", "pick('to')", "To", id="progress.to"),
        Binding("v", "map_visit", "Map visit", id="progress.map_visit", show=False),
        Binding("r", "reassess", "Re-assess", id="progress.reassess"),
        Binding("escape", "back", "Back", id="progress.back"),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.visits: list[Assessment] = []
        self.client_name = ""
        self.map_earlier = False

    @property
    def papp(self) -> PostureApp:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield Static("Progress", id="progress-header", classes="title-bar")
        with Horizontal(id="progress-pick"):
            yield Label("From")
            yield Select[str]([], id="from", compact=True, allow_blank=True, prompt="-")
            yield Label("to")
            yield Select[str]([], id="to", compact=True, allow_blank=True, prompt="-")
        yield PaneTabs(VIEWS, "changes", id="progress-tabs")
        with ContentSwitcher(id="progress-views", initial="changes"):
            with VerticalScroll(id="changes"):
                yield Static("", id="comparison")
            with VerticalScroll(id="trend"):
                yield TrendChart(id="trend-chart", knowledge=self.papp.knowledge)
            with VerticalScroll(id="map"):
                yield Static("", id="map-caption")
                yield BodyMapWidget(id="body-map", knowledge=self.papp.knowledge)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            client = self.papp.repository.get_client(self.client_id)
            self.visits = chronological(self.papp.repository.list_assessments(self.client_id))
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.client_name = client.name
        count = len(self.visits)
        self.query_one("#progress-header", Static).update(
            Text(f"Progress · {safe(client.name)} · {count} visit{'s' if count != 1 else ''}")
        )
        options = [(visit_label(v, n), v.id) for n, v in enumerate(self.visits, start=1)]
        pick_from = self.query_one("#from", Select)
        pick_to = self.query_one("#to", Select)
        with self.prevent(Select.Changed):
            pick_from.set_options(options)
            pick_to.set_options(options)
            if count >= 2:
                pick_from.value = self.visits[-2].id
            if count >= 1:
                pick_to.value = self.visits[-1].id
        self.query_one("#trend-chart", TrendChart).show(build_trend(self.visits))
        self.refresh_views()

    def _chosen(self, select_id: str) -> Assessment | None:
        value = self.query_one(f"#{select_id}", Select).value
        return next((v for v in self.visits if v.id == value), None)

    def refresh_views(self) -> None:
        earlier, later = self._chosen("from"), self._chosen("to")
        comparison = self.query_one("#comparison", Static)
        if len(self.visits) < 2:
            comparison.update(
                "Progress needs two assessments; this client has "
                f"{len(self.visits)}. The trend and body map show what there is."
            )
        elif earlier is None or later is None or earlier.id == later.id:
            comparison.update("Choose two different visits with f (from) and t (to).")
        else:
            if earlier.created > later.created:
                earlier, later = later, earlier
            lines = comparison_lines(
                compare_assessments(earlier, later, self.papp.knowledge), self.papp.knowledge
            )
            comparison.update(comparison_text(lines))
        shown = earlier if self.map_earlier else later
        caption = self.query_one("#map-caption", Static)
        body_map = self.query_one("#body-map", BodyMapWidget)
        if shown is None:
            caption.update("No visit chosen.")
            body_map.display = False
            return
        which = "earlier" if self.map_earlier else "later"
        caption.update(f"Body map at the {which} visit, {shown.created:%Y-%m-%d} (v switches)")
        body_map.display = True
        body_map.show(body_map_for(shown, self.papp.knowledge))

    @on(Select.Changed)
    def _picked(self) -> None:
        self.refresh_views()

    def action_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(PaneTabs).active = tab

    @on(PaneTabs.Chosen)
    def _tab_clicked(self, event: PaneTabs.Chosen) -> None:
        self.action_tab(event.pane)

    @property
    def view(self) -> str:
        """The view shown: changes, trend or map."""
        return self.query_one(PaneTabs).active

    def action_pick(self, which: str) -> None:
        self.query_one(f"#{which}", Select).focus()

    def action_map_visit(self) -> None:
        self.map_earlier = not self.map_earlier
        self.action_tab("map")
        self.refresh_views()

    def action_reassess(self) -> None:
        start_reassessment(self.papp, self.client_id)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        self.reload()

"""Results pane: flags with evidence, strength, muscles, primary/compensatory and referrals."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from posture_tui.domain.analysis import Flag, MuscleImplication
from posture_tui.domain.common import Role
from posture_tui.domain.intake import TriggerPoint
from posture_tui.tui.format import severity_text, side_word
from posture_tui.tui.messages import FindingsChanged
from posture_tui.tui.read_only import EditsVisit
from posture_tui.tui.screens.dialogs import Choice, ChoiceScreen
from posture_tui.tui.session import VisitSession

STRENGTH_STYLES = {"weak": "dim", "moderate": "yellow", "strong": "bold red"}


def evidence_line(session: VisitSession, evidence: str) -> Text:
    """An evidence id as the therapist's own finding (label, severity, side) or measurement
    (label and value); other text as is."""
    item = session.knowledge.checklist.get(evidence)
    line = Text("    • ")
    measurement = session.knowledge.measurements.get(evidence)
    if item is None and measurement is not None:
        value = session.assessment.measurements.get(evidence)
        shown = value if isinstance(value, str) or value is None else f"{value:g}"
        line.append(measurement.label)
        line.append(f"  {shown} {measurement.unit}".rstrip() if value is not None else "")
        return line
    if item is None:
        line.append(evidence)
        return line
    line.append(item.label)
    finding = session.finding(evidence)
    if finding is not None:
        line.append("  ")
        line.append_text(severity_text(finding.severity))
        if finding.side is not None:
            line.append(f"  {finding.side}")
    return line


def muscles_line(session: VisitSession, muscles: tuple[MuscleImplication, ...], role: Role) -> str:
    names = [
        f"{session.knowledge.muscle_name(m.muscle)}"
        + (f" ({side_word(m.side)})" if m.side is not None else "")
        for m in muscles
        if m.role is role
    ]
    return ", ".join(names)


WIDTH = 76  # the results pane at 80 columns, less padding and scrollbar
INDENT = "      "


def labelled(text: Text, label: str, value: str, width: int = WIDTH) -> None:
    """Append "  label: value" wrapped so that continuation lines are indented under it."""
    first = f"  {label}: "
    lines = textwrap.wrap(
        value,
        width=width,
        initial_indent=" " * len(first),
        subsequent_indent=INDENT,
        break_on_hyphens=False,
    ) or [" " * len(first)]
    text.append(first, style="bold")
    text.append(lines[0][len(first) :] + "\n")
    for line in lines[1:]:
        text.append(line + "\n")


def flag_text(session: VisitSession, flag: Flag) -> Text:
    text = Text()
    text.append(f"{flag.name}", style="bold underline")
    label = flag.strength_label
    text.append(f"  {label} ({flag.strength:.2f})\n", style=STRENGTH_STYLES.get(label, ""))
    if flag.summary:
        summary = textwrap.fill(flag.summary, WIDTH, initial_indent="  ", subsequent_indent="  ")
        text.append(f"{summary}\n", style="italic")
    text.append("  Evidence (the findings that raised it):\n")
    for evidence in flag.evidence:
        text.append_text(evidence_line(session, evidence))
        text.append("\n")
    for role, title in (
        (Role.OVERACTIVE, "Tight / overactive"),
        (Role.UNDERACTIVE, "Weak / inhibited"),
    ):
        names = muscles_line(session, flag.muscles, role)
        if names:
            labelled(text, title, names)
    for finding_role in flag.roles:
        item = session.knowledge.checklist.get(finding_role.item)
        name = item.label if item else finding_role.item
        side = f" {side_word(finding_role.side)}" if finding_role.side else ""
        labelled(text, finding_role.role.capitalize(), f"{name}{side} — {finding_role.why}")
    for referral in flag.referrals:
        labelled(text, "Pain referral", referral.text)
    for aside in flag.set_aside:
        labelled(text, "Set aside", aside.text)
    return text


def safety_text(session: VisitSession) -> Text:
    """Red flags, conflicts and screening candidates: what the therapist must act on first."""
    analysis = session.analysis
    knowledge = session.knowledge
    text = Text()
    postponed = analysis.plan.postponed
    if postponed is not None:
        text.append("POSTPONE HANDS-ON WORK AND REFER\n", style="bold reverse")
        labelled(text, "Refer", postponed.referral)
        labelled(text, "Home program", "paused until the red flag is cleared")
    for flag in analysis.red_flags:
        kind = "derived warning" if flag.derived else "red flag"
        text.append(f"Red flag: {flag.name}", style="bold")
        text.append(f" ({kind})\n")
        labelled(text, "Why", flag.why)
        if flag.detail:
            labelled(text, "Found", flag.detail)
        if flag.override is not None:
            by = f" by {flag.override.by}" if flag.override.by else ""
            labelled(text, f"Overridden{by}", flag.override.reason)
        else:
            labelled(text, "Refer", f"{flag.referral} (v in the plan overrides, with a reason)")
    for conflict in analysis.conflicts:
        text.append("Conflict to resolve: ", style="bold")
        text.append(("findings" if conflict.kind == "findings" else "muscle") + "\n")
        labelled(text, "What", conflict.text)
        if conflict.test:
            labelled(text, "Test", conflict.test)
    for candidate in analysis.screen_candidates:
        text.append("Screen for trigger points", style="bold")
        text.append(" (t confirms one)\n")
        labelled(text, "Pain", candidate.text)
    confirmed = session.assessment.trigger_points
    if confirmed:
        names = ", ".join(
            knowledge.muscle_name(p.muscle) + (f" ({side_word(p.side)})" if p.side else "")
            for p in confirmed
        )
        labelled(text, "Trigger points confirmed", names)
    if text:
        text.append("\n")
    return text


def results_text(session: VisitSession) -> Text:
    analysis = session.analysis
    text = Text()
    if session.error:
        text.append(f"{session.error}\n", style="bold red")
    text.append_text(safety_text(session))
    if not analysis.flags:
        answered = len(session.assessment.findings)
        text.append(
            "No pattern flagged yet. Answer the checklist (F3); results update as you go.\n"
            if answered == 0
            else f"No pattern flagged from the {answered} answered items.\n"
        )
    for flag in analysis.flags:
        text.append_text(flag_text(session, flag))
        text.append("\n")
    for note in analysis.derived:
        text.append(f"From measurements: {note}\n", style="italic")
    text.append(
        "Patterns of findings support your reasoning; they are not a diagnosis.", style="dim"
    )
    return text


KEYS = "123456789abcdefghijlmnopqrsuvwyz"  # choice keys; no k (up) or x and t


def trigger_point_choices(session: VisitSession) -> list[tuple[Choice, TriggerPoint]]:
    """Each screening candidate muscle on the pain's side, and each confirmed point to undo."""
    knowledge = session.knowledge
    options: list[tuple[str, TriggerPoint]] = []
    for candidate in session.analysis.screen_candidates:
        region = knowledge.region_name(candidate.region).lower()
        for muscle in candidate.muscles:
            point = TriggerPoint(muscle=muscle, side=candidate.side)
            side = f" ({side_word(point.side)})" if point.side else ""
            label = f"{knowledge.muscle_name(muscle)}{side}: {region} pain {candidate.score}/10"
            options.append((label, point))
    for point in session.assessment.trigger_points:
        side = f" ({side_word(point.side)})" if point.side else ""
        options.append((f"take back: {knowledge.muscle_name(point.muscle)}{side}", point))
    return [
        (Choice(KEYS[n], label, str(n)), point)
        for n, (label, point) in enumerate(options[: len(KEYS)])
    ]


class ResultsPane(EditsVisit, VerticalScroll):
    """Scrolls with arrows; rebuilt whenever the findings change. t confirms a trigger point
    found by palpation in a screening candidate (or takes a confirmation back)."""

    can_focus = True
    EDITS: ClassVar[frozenset[str]] = frozenset({"trigger_point"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "trigger_point", "Confirm trigger point", id="results.trigger_point"),
    ]

    def __init__(self, session: VisitSession) -> None:
        super().__init__(id="results")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="results-body")

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.query_one("#results-body", Static).update(results_text(self.session))

    @work
    async def action_trigger_point(self) -> None:
        choices = trigger_point_choices(self.session)
        if not choices:
            self.notify("No pain to screen: every reported pain matches an implicated muscle.")
            return
        picked = await self.app.push_screen_wait(
            ChoiceScreen(
                "Trigger point confirmed by palpation in which muscle? It then enters the plan "
                "with its side.",
                [choice for choice, _ in choices],
            )
        )
        if picked is None:
            return
        point = choices[int(picked)][1]
        confirmed = self.session.toggle_trigger_point(point)
        name = self.session.knowledge.muscle_name(point.muscle)
        self.notify(f"{name}: trigger point {'confirmed' if confirmed else 'taken back'}.")
        self.rebuild()
        self.post_message(FindingsChanged())

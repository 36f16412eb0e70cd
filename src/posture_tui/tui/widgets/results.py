"""Results pane: flags with evidence, strength, muscles, primary/compensatory and referrals."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from posture_tui.domain.analysis import Flag, MuscleImplication
from posture_tui.domain.common import Role
from posture_tui.tui.format import severity_text, side_word
from posture_tui.tui.session import VisitSession

STRENGTH_STYLES = {"weak": "dim", "moderate": "yellow", "strong": "bold red"}


def evidence_line(session: VisitSession, evidence: str) -> Text:
    """An evidence id as the therapist's own finding (label, severity, side); other text as is."""
    item = session.knowledge.checklist.get(evidence)
    line = Text("    • ")
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
    return text


def results_text(session: VisitSession) -> Text:
    analysis = session.analysis
    text = Text()
    if session.error:
        text.append(f"{session.error}\n", style="bold red")
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


class ResultsPane(VerticalScroll):
    """Scrolls with arrows; rebuilt whenever the findings change."""

    can_focus = True

    def __init__(self, session: VisitSession) -> None:
        super().__init__(id="results")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="results-body")

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.query_one("#results-body", Static).update(results_text(self.session))

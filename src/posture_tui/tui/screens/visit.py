"""The visit screen: intake, checklist, results and plan of one assessment, with save and sign."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from posture_tui.domain.records import Assessment
from posture_tui.domain.text import safe
from posture_tui.store.errors import ConflictError, SignedError, StoreError
from posture_tui.store.merge import Pick
from posture_tui.tui import saving
from posture_tui.tui.format import birth, when
from posture_tui.tui.messages import FindingsChanged, IntakeChanged, PlanChanged
from posture_tui.tui.screens.conflict import ConflictScreen, describe, field_name
from posture_tui.tui.screens.dialogs import Choice, ChoiceScreen, ConfirmScreen
from posture_tui.tui.screens.too_small import WatchesSize
from posture_tui.tui.session import VisitSession
from posture_tui.tui.widgets.checklist import ChecklistPane
from posture_tui.tui.widgets.intake import IntakePane, intake_problems
from posture_tui.tui.widgets.key_bar import KeyBar
from posture_tui.tui.widgets.pane_tabs import PaneTabs
from posture_tui.tui.widgets.plan import PlanPane
from posture_tui.tui.widgets.repaint import show
from posture_tui.tui.widgets.results import ResultsPane
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    from posture_tui.tui.app import PostureApp

PANES: tuple[tuple[str, str, str], ...] = (
    ("intake", "F2", "Intake"),
    ("checklist", "F3", "Checklist"),
    ("results", "F4", "Results"),
    ("plan", "F5", "Plan"),
)
PANE_WIDGETS: dict[str, type[IntakePane | ChecklistPane | ResultsPane | PlanPane]] = {
    "intake": IntakePane,
    "checklist": ChecklistPane,
    "results": ResultsPane,
    "plan": PlanPane,
}
P = TypeVar("P", bound=Widget)


def draft_word(assessment: Assessment) -> str:
    """The word for an unsigned state: draft, or "amending rN as" for an amendment."""
    if assessment.amends_revision is not None:
        return f"amending r{assessment.amends_revision} as"
    return "draft"


class VisitScreen(WatchesSize, Screen[None]):
    """One assessment; edits autosave as a draft a few seconds after each change."""

    HELP = (
        "F2 intake, F3 checklist, F4 results, F5 plan. In the intake: space ticks a red flag or "
        "a condition (its details are asked; e edits them). In the checklist: j/k or arrows "
        "move, 0-3 set the severity, l/r/b the side, n a note, ] and [ (or PgDn/PgUp) change "
        "view. In the results: t confirms a trigger point in a screening candidate. "
        "In the plan: enter shows a step's whole reason and care note (or an exercise's "
        "instructions), tab switches steps/exercises, a adds, x removes (asks first), u/d move a "
        "step, +/- change minutes (sets on an exercise), e edits, g rebuilds, c shows the "
        "course, n the exercises to add later, v overrides a red flag with a written reason. "
        "After the session, on a step: y done, h changed, s skipped (the same key again clears "
        "it), p cycles the pressure, ] and [ the minutes given, r the client's response. "
        "F6 saves, F7 signs "
        "(read-only afterwards), F8 amends a signed assessment as a new revision. Work is kept "
        "as a draft a few seconds after each change. ctrl+o enters the NDI/ODI outcome measures."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key.lower(), f"pane('{pane}')", label, id=f"visit.{pane}", show=False)
            for pane, key, label in PANES
        ),
        Binding("f6", "save", "Save", id="visit.save"),
        Binding("ctrl+s", "save", "Save", id="visit.save_ctrl", show=False),
        Binding("f7", "sign", "Sign", id="visit.sign"),
        Binding("f8", "amend", "Amend", id="visit.amend"),
        Binding("f9", "export", "Export", id="visit.export"),
        Binding("ctrl+o", "outcomes", "Outcomes NDI/ODI", id="visit.outcomes", show=False),
        Binding("escape", "close", "Close", id="visit.close", show=False),
    ]

    def __init__(self, session: VisitSession) -> None:
        super().__init__()
        self.session = session
        self.pane = "intake" if (session.is_new_client or session.follow_up_of) else "checklist"
        if session.resume_at[0] in PANE_WIDGETS:  # a resumed draft opens where it was left
            self.pane = session.resume_at[0]
        self._autosave: Timer | None = None
        self._took_theirs: str | None = None  # who, when the last save merged their changes

    @property
    def papp(self) -> PostureApp:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield Static("", id="visit-header", classes="title-bar")
        yield PaneTabs(
            [(pane, f"{key} {label}") for pane, key, label in PANES], self.pane, id="pane-tabs"
        )
        # Only the pane shown first: the others are composed when first shown. All four up
        # front were 113 widgets, and opening a visit took 0.3-0.4 s of CPU.
        with ContentSwitcher(initial=self.pane, id="panes"):
            yield PANE_WIDGETS[self.pane](self.session)
        yield KeyBar()

    async def on_mount(self) -> None:
        self.update_header()
        await self.action_pane(self.pane)
        self._resume_position()
        if self.session.error:
            self.notify(self.session.error, severity="error")

    def _resume_position(self) -> None:
        """A resumed draft: the checklist item or intake field the therapist was on."""
        pane, item = self.session.resume_at
        if not item:
            return
        if pane == "checklist" and (checklist := self.mounted(ChecklistPane)):
            checklist.go_to(item)
            checklist.focus_current()
        elif pane == "intake" and (intake := self.mounted(IntakePane)):
            found = intake.query(f"#{item}")
            if found and found.first().focusable:
                found.first().focus()

    def position(self) -> tuple[str, str]:
        """(pane, item or field) for the draft: where a resumed draft opens."""
        item = ""
        if self.pane == "checklist" and (checklist := self.mounted(ChecklistPane)):
            item = checklist.position()
        elif self.pane == "intake" and (intake := self.mounted(IntakePane)):
            focused = self.focused
            while focused is not None and focused is not intake and not focused.id:
                focused = focused.parent if isinstance(focused.parent, Widget) else None
            if focused is not None and focused is not intake and intake in focused.ancestors:
                item = focused.id or ""
        return self.pane, item

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show Sign only on drafts, Amend only on signed ones, Export once saved."""
        signed = self.session.read_only
        if action == "sign":
            return not signed
        if action == "amend":
            return signed
        if action == "export":
            return self.session.assessment.revision > 0
        return True

    # --- header and panes --------------------------------------------------------------------

    def update_header(self) -> None:
        session = self.session
        assessment = session.assessment
        name = safe(session.client.name) or "New client"
        if assessment.revision == 0 and not assessment.is_signed:
            state = "new, unsaved"
        elif assessment.is_signed:
            state = f"signed r{assessment.revision} · read-only"
        elif session.dirty or session.client_dirty:
            state = f"{draft_word(assessment)} r{assessment.revision} · unsaved"
        else:
            state = f"{draft_word(assessment)} r{assessment.revision} · saved"
        kind = "follow-up" if session.follow_up_of else "visit"
        # Header and tabs are one line each (app.tcss): updated without a layout pass, and
        # only when their text changed (most checklist keys change neither).
        show(
            self.query_one("#visit-header", Static),
            Text.assemble(
                (name, "bold"),
                f" · born {birth(session.client.birth_date)}"
                f" · {kind} {when(assessment.created, date_only=True)} · ",
                (state, "bold" if session.dirty else ""),
            ),
        )
        tabs = self.query_one(PaneTabs)
        key, label = next((key, label) for pane, key, label in PANES if pane == "results")
        tabs.set_label("results", f"{key} {label} ({len(session.analysis.flags)})")
        tabs.active = self.pane

    def mounted(self, pane: type[P]) -> P | None:
        """The pane if it has been shown yet, else None (it shows the session when it is)."""
        found = self.query(pane)
        return found.first() if found else None

    async def action_pane(self, pane: str) -> None:
        self.pane = pane
        switcher = self.query_one("#panes", ContentSwitcher)
        if self.mounted(PANE_WIDGETS[pane]) is None:
            await switcher.add_content(PANE_WIDGETS[pane](self.session), set_current=True)
        switcher.current = pane
        if pane == "checklist":
            self.query_one(ChecklistPane).focus_current()
        elif pane == "results":
            self.query_one(ResultsPane).rebuild()
            self.query_one(ResultsPane).focus()
        elif pane == "plan":
            self.query_one(PlanPane).rebuild()
            self.query_one(PlanPane).focus_default()
        else:
            self.query_one(IntakePane).focus_first()
        self.update_header()

    @on(PaneTabs.Chosen)
    async def _tab_clicked(self, event: PaneTabs.Chosen) -> None:
        await self.action_pane(event.pane)

    def reload_panes(self) -> None:
        """After reload, amend or sign: every pane shown so far shows the session afresh."""
        if intake := self.mounted(IntakePane):
            intake.load()
        if checklist := self.mounted(ChecklistPane):
            checklist.show_view(checklist.view)
        if results := self.mounted(ResultsPane):
            results.rebuild()
        if plan := self.mounted(PlanPane):
            plan.rebuild()
        self.update_header()

    # --- changes and drafts ------------------------------------------------------------------

    @on(IntakeChanged)
    @on(FindingsChanged)
    @on(PlanChanged)
    def _changed(self) -> None:
        if self.session.error:
            self.notify(self.session.error, severity="error")
        if self.pane == "results":
            self.query_one(ResultsPane).rebuild()
        self.update_header()
        self.schedule_autosave()

    def schedule_autosave(self) -> None:
        """Debounced: the draft is written a few seconds after the last change."""
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(self.papp.autosave_seconds, self.save_draft_now)

    def save_draft_now(self) -> bool:
        if not self.session.dirty or self.session.read_only:
            return False
        pane, item = self.position()
        try:
            self.papp.repository.save_draft(self.session.draft(self.papp.clock(), pane, item))
        except StoreError as error:
            self.notify(f"draft not kept: {error}", severity="error")
            return False
        if self.session.resumed_from is not None:
            # the resumed draft now lives under this visit's own id: the old file goes
            with contextlib.suppress(StoreError):
                self.papp.repository.clear_draft(self.session.resumed_from)
            self.session.resumed_from = None
        return True

    def clear_drafts(self) -> None:
        """After a save: this visit's draft, and the draft it was resumed from, are done."""
        with contextlib.suppress(StoreError):
            self.papp.repository.clear_draft(self.session.draft_id)
            if self.session.resumed_from is not None:
                self.papp.repository.clear_draft(self.session.resumed_from)
                self.session.resumed_from = None

    # --- save, sign, amend -------------------------------------------------------------------

    @work(exclusive=True, group="save")
    async def action_save(self) -> None:
        await self.save()

    async def save(self) -> bool:
        """Save client and assessment; a conflict asks the therapist, never overwrites."""
        if self.session.read_only:
            self.notify("Signed: read-only. F8 amends it as a new revision.", severity="warning")
            return False
        intake = self.mounted(IntakePane)
        problems = intake.problems() if intake else intake_problems(self.session)
        if problems:
            self.notify(f"Cannot save yet: {problems[0]} (F2 intake).", severity="warning")
            return False
        self._took_theirs = None
        remembered: dict[Any, Pick] = {}
        while True:
            try:
                outcome = saving.save_session(self.papp.repository, self.session, self.papp.clock())
            except ConflictError as error:
                if not await self._resolve_conflict(error, remembered):
                    return False
                continue
            except (SignedError, StoreError) as error:
                self.notify(str(error), severity="error")
                return False
            break
        if self._autosave is not None:
            self._autosave.stop()
        self.clear_drafts()
        if outcome.refreshed:
            self.reload_panes()  # the client's intake as another session saved it since
        # A save with no change writes nothing: no revision, no audit entry.
        self.notify("Saved." if outcome.written else "Nothing to save.")
        self.update_header()
        self.refresh_bindings()
        return True

    async def _resolve_conflict(
        self, error: ConflictError, remembered: dict[Any, Pick] | None = None
    ) -> bool:
        """Merge with the newer save: one-sided changes merge, fields both changed are asked
        (or everything is reloaded); True to try the save again."""
        session = self.session
        repository = self.papp.repository
        try:
            pending = saving.prepare_merge(repository, session, error.record_id)
        except StoreError as problem:
            self.notify(str(problem), severity="error")
            return False
        title = self._conflict_title(pending)
        if pending.signed:
            answer = await self.app.push_screen_wait(
                ChoiceScreen(
                    f"{title}. A signed revision is never changed: your changes can go on "
                    "only as an amendment of it.",
                    [
                        Choice("a", "Amend it: my changes merged on top of the signed one", "a"),
                        Choice("r", "Reload theirs (signed, read-only; drops my changes)", "r"),
                    ],
                )
            )
            if answer == "r":
                self._reload_theirs()
            if answer != "a":
                return False
        result = pending.result
        picks: list[Pick] = []
        if result.conflicts:
            known = saving.picks_for(result, remembered) if remembered is not None else None
            if known is None:
                rows = [describe(conflict, session.knowledge) for conflict in result.conflicts]
                chosen = await self.app.push_screen_wait(
                    ConflictScreen(title, self._merged_note(pending), rows)
                )
                if chosen == "reload":
                    self._reload_theirs()
                    return False
                if chosen is None:
                    self.notify("Not saved: your changes are still on screen.")
                    return False
                known = list(chosen)
                if remembered is not None:
                    saving.remember(result, known, remembered)
            picks = known
        try:
            saving.apply_merge(repository, session, pending, picks, self.papp.therapist)
        except StoreError as problem:
            self.notify(str(problem), severity="error")
            return False
        if result.theirs_fields or "theirs" in picks:
            self._took_theirs = pending.who or "another session"
        self.reload_panes()
        self.refresh_bindings()
        if result.theirs_fields and not result.conflicts:
            self.notify(self._merged_note(pending))
        return True

    def _conflict_title(self, pending: saving.Pending) -> str:
        """Which record, who saved theirs and when (never a value of the record)."""
        theirs = pending.theirs
        if isinstance(theirs, Assessment):
            record = f"Assessment of {when(theirs.created, date_only=True)}"
            verb = "signed" if pending.signed else "saved"
        else:
            record = f"Client {safe(theirs.name) or theirs.id}"
            verb = "saved"
        who = safe(pending.who) if pending.who else "another session"
        moment = f" at {when(pending.at)}" if pending.at else ""
        return f"{record}: {who} {verb} revision {theirs.revision}{moment} while you worked"

    @staticmethod
    def _merged_note(pending: saving.Pending) -> str:
        """What merged without asking, by field name."""
        result = pending.result
        if not result.theirs_fields:
            return ""
        who = safe(pending.who) if pending.who else "the other session"
        theirs = ", ".join(field_name(name).lower() for name in result.theirs_fields)
        mine = ", ".join(field_name(name).lower() for name in result.mine_fields)
        return f"Merged {who}'s changes ({theirs})" + (f" with yours ({mine})." if mine else ".")

    def _reload_theirs(self) -> None:
        """Everything on screen as stored now: the client's intake and the visit."""
        try:
            saving.reload_all(self.papp.repository, self.session)
        except StoreError as problem:
            self.notify(str(problem), severity="error")
            return
        self.reload_panes()
        self.refresh_bindings()
        self.notify("Reloaded: the client and the visit as stored now.")

    @work(exclusive=True, group="save")
    async def action_sign(self) -> None:
        if self.session.read_only:
            self.notify("Already signed. F8 amends it as a new revision.", severity="warning")
            return
        sure = await self.app.push_screen_wait(
            ConfirmScreen(
                "Save and sign this assessment? Once signed it is read-only; "
                "changes then need an amendment (F8).",
                yes="Sign",
                no="Not yet",
            )
        )
        if not sure:
            return
        session = self.session
        unsaved = session.dirty or session.client_dirty or session.assessment.revision == 0
        while True:
            # Nothing changed since the last save: sign that revision, no empty revision first.
            if unsaved and not await self.save():
                return
            if self._took_theirs is not None:
                self.notify(
                    f"Saved with changes by {self._took_theirs}: read them, then F7 signs.",
                    severity="warning",
                )
                return
            try:
                session.assessment = self.papp.repository.sign_assessment(
                    session.client.id,
                    session.assessment.id,
                    self.papp.therapist,
                    revision=session.assessment.revision,
                )
            except ConflictError as error:
                # Another session saved since: sign nothing unseen. Their changes are merged
                # on screen (or reloaded) to read first; F7 then saves and signs.
                if await self._resolve_conflict(error):
                    self.notify(
                        "Another session saved this visit: their changes are on screen. "
                        "Read them, then F7 signs.",
                        severity="warning",
                    )
                return
            except StoreError as error:
                self.notify(str(error), severity="error")
                return
            break
        self.session.dirty = False
        self.reload_panes()
        self.notify(f"Signed by {self.papp.therapist}.")

    def action_amend(self) -> None:
        if not self.session.read_only:
            self.notify(
                "Only a signed assessment is amended; this one is a draft.", severity="warning"
            )
            return
        try:
            self.session.assessment = self.papp.repository.amend_assessment(
                self.session.client.id, self.session.assessment.id, self.papp.therapist
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.session.recompute()
        self.reload_panes()
        self.refresh_bindings()
        self.notify(f"Amending: revision {self.session.assessment.revision} is a draft.")

    def action_export(self) -> None:
        """The export dialog for this visit (imported on first use: start-up stays lean)."""
        from posture_tui.tui.screens.export_dialog import ExportDialog

        if self.session.assessment.revision == 0:
            self.notify("Save first (F6), then export.", severity="warning")
            return
        self.app.push_screen(ExportDialog(self.session.client.id, self.session.assessment.id))

    def action_outcomes(self) -> None:
        """The NDI/ODI dialog (tui/screens/outcomes.py)."""
        from posture_tui.tui.screens.outcomes import edit_outcomes

        edit_outcomes(self)

    # --- leaving -----------------------------------------------------------------------------

    @work(exclusive=True, group="close")
    async def action_close(self) -> None:
        """Escape never throws work away: unsaved changes are saved, kept as draft, or stay."""
        if self.session.dirty and not self.session.read_only:
            answer = await self.app.push_screen_wait(
                ChoiceScreen(
                    "This visit has unsaved changes.",
                    [
                        Choice("s", "Save and close", "save"),
                        Choice("k", "Keep as draft and close (resume at next start)", "keep"),
                    ],
                )
            )
            if answer == "save":
                if not await self.save():
                    return
            elif answer == "keep":
                if self._autosave is not None:
                    self._autosave.stop()
                self.save_draft_now()
            else:
                return
        if self._autosave is not None:
            self._autosave.stop()
        self.dismiss(None)

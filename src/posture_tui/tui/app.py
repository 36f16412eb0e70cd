"""The Textual application and `build_app`, the one factory used by the command line and tests."""

from __future__ import annotations

import asyncio
import gc
import os
import pwd
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.driver import Driver
from textual.screen import Screen

from posture_tui.settings import NO_SETTINGS, ClinicSettings
from posture_tui.store.api import Repository
from posture_tui.tui.commands import ClientProvider
from posture_tui.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from posture_tui.tui.textual_compat.app import CompatApp
from posture_tui.tui.textual_compat.palette import SafeCommandPalette
from posture_tui.tui.typeahead import TypeAhead

if TYPE_CHECKING:
    from posture_tui.knowledge.model import Knowledge

Clock = Callable[[], datetime]
KnowledgeSource: TypeAlias = "Knowledge | Callable[[], Knowledge]"
"""A loaded knowledge base, or a function that loads it (called once, on first use)."""
AUTOSAVE_SECONDS = 3.0
HANDLED_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def _system_user() -> str:
    """The login name from the password database (not $USER, which anyone can set)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # pragma: no cover - a uid without a passwd entry
        return str(os.getuid())


DRAFT_LOST_LINE = (
    "posture-tui: the unsaved visit could not be kept as a draft (the store cannot be written)"
)


def crash_line(error: BaseException | None, *, draft_kept: bool = True) -> str:
    """One line naming the error type and the innermost place; no values, no locals."""
    tb = error.__traceback__ if error is not None else None
    place = "?"
    while tb is not None:
        place = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    what = f"internal error {type(error).__name__} at {place}" if error else "internal error"
    return f"posture-tui: {what} ({draft_words(draft_kept)})"


def draft_words(kept: bool) -> str:
    """What became of the unsaved work, for the end of an exit line."""
    if kept:
        return "unsaved work was kept as a draft"
    return "the unsaved visit could not be kept: the store cannot be written"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PostureApp(TypeAhead, CompatApp):
    """The workstation: client list, intake, checklist, results, plan and history."""

    CSS_PATH = "app.tcss"
    TITLE = "posture-tui"
    COMMANDS: ClassVar[set[Any]] = {*App.COMMANDS, ClientProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("tab", "focus_next", "Next field", id="app.focus_next", show=False),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous field",
            id="app.focus_previous",
            priority=True,
            show=False,
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Jump to client",
            id="app.palette",
            priority=True,
            show=False,
        ),
    ]

    def __init__(
        self,
        repository: Repository,
        knowledge: KnowledgeSource,
        *,
        no_mouse: bool = False,
        therapist: str | None = None,
        clock: Clock | None = None,
        clinic: ClinicSettings | None = None,
    ) -> None:
        super().__init__()
        self.repository = repository
        self.clinic = clinic if clinic is not None else NO_SETTINGS  # exports use it
        from posture_tui.tui.format import show_times_in

        show_times_in(self.clinic.zone)  # the screens show times as the exports do
        self._knowledge = None if callable(knowledge) else knowledge
        self._load_knowledge = knowledge if callable(knowledge) else None
        self.no_mouse = no_mouse
        self.therapist = therapist or _system_user()
        self.clock: Clock = clock or _utc_now
        self.autosave_seconds = AUTOSAVE_SECONDS
        self._signals_installed: list[signal.Signals] = []
        self._killer: threading.Timer | None = None
        self.draft_lost = False  # the last attempt to keep unsaved work failed
        self._quit_asked = False
        # A blinking cursor redraws twice a second: about 1.7 KB/s to the terminal, 14 kbit/s
        # of SSH traffic per idle workstation. It blinks only when the therapist asks.
        self.cursor_blink = os.environ.get("POSTURE_TUI_CURSOR_BLINK", "") not in ("", "0")
        if self.no_color:
            # NO_COLOR means no colour codes at all: Textual's Monochrome filter turns colours
            # into greys, sent as 256-colour codes. NoColor drops them; cursors and the
            # selected tab are reverse video and bold (App:nocolor rules in app.tcss).
            from textual.filter import Monochrome, NoColor

            self.replace_filters(lambda f: NoColor() if isinstance(f, Monochrome) else f)

    def run(self, *args: Any, mouse: bool = True, **kwargs: Any) -> Any:
        """Run the app; `--no-mouse` (no_mouse=True) keeps mouse reporting off."""
        try:
            return super().run(*args, mouse=mouse and not self.no_mouse, **kwargs)
        finally:
            if self._killer is not None:
                self._killer.cancel()

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, with an input thread that survives any bytes."""
        from posture_tui.tui.textual_compat.input_thread import guarded

        return guarded(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        """The client list is the screen at the bottom of the stack (no empty screen under it)."""
        from posture_tui.tui.screens.client_list import ClientListScreen

        # What is alive now (modules, classes, Textual, the store) lives until exit.
        # Freezing it keeps Python's cycle collector from walking all of it again: at start-up,
        # collections while the client index loaded took 50-60 ms, a sixth of the launch.
        gc.freeze()
        return ClientListScreen()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self.check_size()
        # The client list needs no knowledge base: it is loaded once that screen is drawn, so
        # neither the first screen nor the first visit waits for it.
        self.call_after_refresh(self.load_knowledge_now)

    # --- knowledge base ----------------------------------------------------------------------

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge base; one given as a loader is loaded on first use."""
        if self._knowledge is None:
            assert self._load_knowledge is not None  # __init__ sets one of the two
            self._knowledge = self._load_knowledge()
        return self._knowledge

    def load_knowledge_now(self) -> None:
        """Load a knowledge base given as a loader; a broken one ends the app with one line."""
        from posture_tui.knowledge.reader import KnowledgeError

        try:
            self.knowledge  # noqa: B018 - the property loads it
        except KnowledgeError as error:
            self.exit(return_code=2, message=f"posture-tui: knowledge base: {error}")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A field that would blink its cursor (an Input, a TextArea) holds it steady instead,
        so an idle workstation sends nothing at all (POSTURE_TUI_CURSOR_BLINK=1: blink)."""
        widget = event.widget
        if not self.cursor_blink and getattr(widget, "cursor_blink", False) is True:
            widget.cursor_blink = False  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self._remove_signal_handlers()
        gc.unfreeze()  # collectable again once the app is gone (tests run many apps)

    # --- terminal size -----------------------------------------------------------------------

    def check_size(self) -> None:
        """Show "enlarge the terminal" below 80x24, and the app again once it fits."""
        too_small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif not too_small and showing:
            self.pop_screen()
        elif too_small and isinstance(self.screen, TooSmallScreen):
            self.screen.refresh_size()

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as the keyboard labels them (F2, not f2)."""
        key = binding.key.split(",")[0]
        if not binding.key_display and key.startswith("f") and key[1:].isdigit():
            return key.upper()
        return super().get_key_display(binding)

    # --- help --------------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """One palette at a time, and none over the "enlarge the terminal" screen.

        Textual only checks the top screen, so ctrl+p after the terminal shrank under an open
        palette pushed a second one and crashed on its duplicate id (found by the monkey test).
        """
        if isinstance(self.screen, TooSmallScreen) or any(
            isinstance(screen, CommandPalette) for screen in self.screen_stack
        ):
            return
        self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        from posture_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen | TooSmallScreen):
            return
        ours: list[tuple[str, str]] = []
        builtin: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system:
                continue
            row = (self.get_key_display(binding), binding.description)
            if row in seen:
                continue
            seen.add(row)
            from_textual = type(active.node).__module__.startswith("textual.")
            (builtin if from_textual and binding.id is None else ours).append(row)
        rows = ours + builtin
        text = getattr(self.screen, "HELP", "")
        self.push_screen(HelpScreen(rows, text))

    # --- drafts and signals ------------------------------------------------------------------

    def save_open_draft(self) -> bool:
        """Save the draft of any visit being edited (used on SIGHUP/SIGTERM and on quit)."""
        from posture_tui.tui.screens.visit import VisitScreen

        saved = False
        self.draft_lost = False
        for screen in self.screen_stack:
            if isinstance(screen, VisitScreen):
                kept = screen.save_draft_now()
                saved = kept or saved
                if not kept and screen.session.dirty and not screen.session.read_only:
                    self.draft_lost = True  # unsaved work that could not be written anywhere
        return saved

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            loop = asyncio.get_running_loop()
            for signum in HANDLED_SIGNALS:
                loop.add_signal_handler(signum, self._on_signal, signum)
                self._signals_installed.append(signum)
        except (RuntimeError, NotImplementedError, ValueError):  # pragma: no cover
            pass

    def _remove_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover
            return
        for signum in self._signals_installed:
            loop.remove_signal_handler(signum)
        self._signals_installed.clear()

    def _on_signal(self, signum: signal.Signals) -> None:
        """The link dropped or we were asked to stop: keep the work, then leave."""
        self.save_open_draft()
        if self.draft_lost:
            self.add_exit_line(DRAFT_LOST_LINE)
        # The terminal may already be gone, so restoring it can hang; never wait long for that.
        self._killer = threading.Timer(3.0, os._exit, (128 + int(signum),))
        self._killer.daemon = True
        self._killer.start()
        self.exit(return_code=128 + int(signum))

    # --- crashes -----------------------------------------------------------------------------

    def crash_exit_line(self, error: BaseException) -> str:
        """Type and place only (locals hold health data), and what became of the work."""
        return crash_line(error, draft_kept=self._keep_draft_quietly())

    def panic_exit_line(self, given: str | None) -> str:
        """A line of ours (the input thread's) as it is, else a crash line; the draft kept."""
        kept = self._keep_draft_quietly()
        return f"{given} ({draft_words(kept)})" if given else crash_line(None, draft_kept=kept)

    def _keep_draft_quietly(self) -> bool:
        """Save the open draft in a crash; False only when unsaved work could not be kept."""
        try:
            self.save_open_draft()
        except Exception:
            return False
        return not self.draft_lost

    # --- navigation --------------------------------------------------------------------------

    def open_client(self, client_id: str) -> None:
        """Show a client's history on top of the client list (palette "jump to client")."""
        from posture_tui.tui.screens.client_screen import ClientScreen
        from posture_tui.tui.screens.visit import VisitScreen

        if any(isinstance(s, VisitScreen) and s.session.dirty for s in self.screen_stack):
            self.notify("Save (F6) or close (escape) the open visit first.", severity="warning")
            return
        while len(self.screen_stack) > 1:  # the client list stays
            self.pop_screen()
        self.push_screen(ClientScreen(client_id))

    async def action_quit(self) -> None:
        self.save_open_draft()
        if not self.draft_lost:
            self.exit()
            return
        if not self._quit_asked:  # the store cannot be written: ask before losing the work
            self._quit_asked = True
            self.notify(
                "The draft could not be saved (the store cannot be written). Press ctrl+q "
                "again to quit and lose the unsaved visit.",
                severity="error",
                timeout=10,
            )
            return
        self.exit(return_code=1, message=DRAFT_LOST_LINE)


def build_app(
    repository: Repository,
    knowledge: KnowledgeSource,
    *,
    no_mouse: bool = False,
    therapist: str | None = None,
    clock: Clock | None = None,
    clinic: ClinicSettings | None = None,
) -> PostureApp:
    """Build the app on an open store and a knowledge base (or the function that loads it);
    the clinic settings (default: none) go into every export."""
    return PostureApp(
        repository,
        knowledge,
        no_mouse=no_mouse,
        therapist=therapist,
        clock=clock,
        clinic=clinic,
    )

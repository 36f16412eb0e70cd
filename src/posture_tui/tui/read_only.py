"""A signed visit is read-only: the actions that would change it are disabled in one place."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.binding import BindingsMap, BindingType

if TYPE_CHECKING:
    from posture_tui.tui.session import VisitSession

READ_ONLY_NOTE = "Signed: read-only. F8 amends it as a new revision."


class EditsVisit:
    """For a widget whose bindings change the visit (those named in EDITS).

    On a signed visit Textual's check_action disables them: the key bar shows them dimmed and
    a key or a click never runs them. The key still says why, once, here. A click runs its
    action through `run_edit`, so it meets the same guard as the key.
    """

    EDITS: ClassVar[frozenset[str]] = frozenset()
    BINDINGS: ClassVar[list[BindingType]]
    session: VisitSession

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.session.read_only:
            return None  # shown, not run
        return super().check_action(action, parameters)  # type: ignore[misc, no-any-return]

    def on_key(self, event: events.Key) -> None:
        if self.session.read_only and event.key in _edit_keys(cast(Any, type(self))):
            self.notify(READ_ONLY_NOTE, severity="warning")  # type: ignore[attr-defined]

    def run_edit(self, action: str) -> None:
        """Run an edit action as its key would (for a click): not on a signed visit."""
        if self.session.read_only and action.split("(")[0] in self.EDITS:
            self.notify(READ_ONLY_NOTE, severity="warning")  # type: ignore[attr-defined]
            return
        self.call_later(self.run_action, action)  # type: ignore[attr-defined]


@functools.cache
def _edit_keys(kind: type[EditsVisit]) -> frozenset[str]:
    """The keys a class binds to one of its EDITS."""
    bindings = BindingsMap(kind.BINDINGS)
    return frozenset(
        key
        for key, bound in bindings.key_to_bindings.items()
        if any(binding.action.split("(")[0] in kind.EDITS for binding in bound)
    )

"""The one typed way for screens, widgets and palette providers to reach the workstation:
its store, knowledge base, clock and clinic settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from posture_tui.tui.app import PostureApp


class InApp(Protocol):
    """Anything Textual runs inside an app: a screen, a widget, a command palette provider."""

    @property
    def app(self) -> App[Any]: ...


def workstation(node: InApp) -> PostureApp:
    """The PostureApp it runs in (every screen and widget of this package does)."""
    return cast("PostureApp", node.app)

"""Keyboard helpers for Pilot tests: every step is a key press a therapist could make."""

from __future__ import annotations

from typing import cast

from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.visit import VisitScreen
from posture_tui.tui.widgets.checklist import ChecklistPane
from posture_tui.tui.widgets.checklist_rows import ChecklistRows


def visit(app: PostureApp) -> VisitScreen:
    assert isinstance(app.screen, VisitScreen), app.screen
    return app.screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def go_to_item(pilot: Pilot[None], app: PostureApp, item_id: str) -> None:
    """Show the item's view with ] and move to it with j/k."""
    pane = visit(app).query_one(ChecklistPane)
    view = app.knowledge.checklist[item_id].view
    for _ in range(4):
        if pane.view == view:
            break
        await pilot.press("right_square_bracket")
    assert pane.view == view
    ids = [item.id for item in pane.items]
    rows = pane.query_one(ChecklistRows)
    current = rows.index or 0
    target = ids.index(item_id)
    key = "j" if target > current else "k"
    await pilot.press(*[key] * abs(target - current))
    await pilot.pause()
    assert pane.current_item() is not None
    assert pane.current_item().id == item_id  # type: ignore[union-attr]


async def answer(
    pilot: Pilot[None], app: PostureApp, item_id: str, severity: int, side: str | None = None
) -> None:
    await go_to_item(pilot, app, item_id)
    await pilot.press(str(severity))
    if side:
        await pilot.press(side)
    await pilot.pause()


def text_of(app: PostureApp, selector: str) -> str:
    return str(cast(Static, app.screen.query_one(selector, Static)).content)


async def open_first_visit(pilot: Pilot[None], app: PostureApp) -> VisitScreen:
    """From the client list: enter opens the first client, enter their newest assessment."""
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    return visit(app)


async def open_measurements(pilot: Pilot[None], app: PostureApp) -> VisitScreen:
    """The first client's newest visit, on the checklist's measurements view."""
    screen = await open_first_visit(pilot, app)
    await pilot.press("pageup")  # from the first view back round to the measurements
    await pilot.pause()
    return screen


async def new_client_visit(pilot: Pilot[None], app: PostureApp, name: str) -> VisitScreen:
    """From the client list: F2 starts a new client's first visit, the name typed in."""
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    await type_text(pilot, name)
    return visit(app)


def notices(app: PostureApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def typed_ahead(
    pilot: Pilot[None], app: PostureApp, keys: list[tuple[str, str | None]]
) -> None:
    """Send keys the way a burst arrives over SSH (all read at once), then wait them out."""
    assert app._driver is not None
    for key, character in keys:
        app._driver.send_message(events.Key(key, character))
    for _ in range(400):  # each held key waits for the one before it: allow a slow machine
        await pilot.pause(0.05)
        if not app.typing_ahead:
            break
    await pilot.pause()  # the last key handed over may still be on its way to its field

"""A client planted with escape sequences (bypassing import) draws no raw control character."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from posture_tui.domain.assessment import Finding
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp

from .conftest import SIZE, seed_client
from .helpers import notices

EVIL = "Ann\x1b]0;owned\x07\x1b]52;c;SGk=\x07\x1b[2J\x00\x9b31m\u202e[@click=app.quit]x[/]"
RAW = ("\x1b", "\x07", "\x00", "\x9b", "\u202e")


def _plant(repo: TinyRepository, client_id: str, change: Callable[[Any], None]) -> None:
    file = repo.layout.client_file(client_id)
    data = json.loads(file.read_text())
    change(data)
    file.write_text(json.dumps(data))


def _plant_index_name(repo: TinyRepository) -> None:
    for file in repo.layout.index_files:
        if file.exists():
            data = json.loads(file.read_text())
            for row in data["clients"].values():
                row["name"] = EVIL
            file.write_text(json.dumps(data))


def _evil_texts(data: Any) -> None:
    client = data["client"]["1"]
    for key in ("name", "contact", "complaints", "goals", "medications", "notes"):
        client[key] = EVIL
    for visit in data["assessments"].values():
        visit["therapist"] = visit["notes"] = EVIL


def _screen_text(app: PostureApp) -> str:
    return app.export_screenshot() + "\n".join(notices(app))


async def test_a_planted_client_shows_no_raw_control_characters(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, _ = seed_client(repo, "Ann Lee", findings=(Finding("forward_head", 2),))
    _plant(repo, client.id, _evil_texts)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = _screen_text(app)
        assert "Ann" in listed  # the index row is intact
        await pilot.press("enter")  # open the client: the store refuses the damaged record
        await pilot.pause()
        shown = _screen_text(app)
        assert app.is_running
    for text in (listed, shown):
        for raw in RAW:
            assert raw not in text
    messages = notices(app)
    assert any("client.name: contains a control character (U+001B)" in m for m in messages)
    assert all("\n" not in m and "owned" not in m for m in messages)


async def test_a_planted_index_row_is_a_damaged_index_never_listed(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Ann Lee", findings=(Finding("forward_head", 2),))
    _plant_index_name(repo)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listed = _screen_text(app)
        assert app.is_running
    for raw in RAW:
        assert raw not in listed
    assert "Ann" not in listed and "owned" not in listed
    messages = notices(app)
    assert any("name: contains a control character (U+001B)" in m for m in messages)
    assert all("\n" not in m and "owned" not in m for m in messages)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda v: v["findings"][0].update(severity=9), "must be 0-3, got 9"),
        (lambda v: v.update(pain=[{"region": "neck", "score": 99, "side": None}]), "0-10"),
        (lambda v: v.update(outcomes={"ndi": [9] * 10, "odi": None}), "must be 0-5, got 9"),
    ],
    ids=["severity-9", "nprs-99", "ndi-9s"],
)
async def test_out_of_range_values_are_a_one_line_message_not_a_crash(
    make_app: Callable[..., PostureApp],
    repo: TinyRepository,
    change: Callable[[Any], None],
    expected: str,
) -> None:
    client, _ = seed_client(repo, "Ann Lee", findings=(Finding("forward_head", 2),))
    _plant(repo, client.id, lambda data: change(data["assessments"]["1"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # try to open the visit
        await pilot.pause()
        assert app.is_running
    messages = [m for m in notices(app) if expected in m]
    assert messages and all("\n" not in m and "check --repair" in m for m in messages)

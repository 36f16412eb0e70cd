"""Two sessions saving one record: what one side changed merges, what both changed is asked.

The app is one session; another session of the same store (a second repository, as a second
process would open it) saves in between. Issue 15: nothing anyone saved is dropped unseen,
"Reload theirs" reloads everything on screen, and a save with no change writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
from tests.tui.conftest import SIZE, FixedClock, seed_client
from tests.tui.helpers import answer, notices, open_first_visit, type_text
from textual.widgets import Input

from posture_tui.domain.assessment import Finding
from posture_tui.domain.records import RECORD, Assessment, fields_marked
from posture_tui.store.audit import os_user
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.conflict import ConflictScreen
from posture_tui.tui.screens.dialogs import ChoiceScreen
from posture_tui.tui.screens.visit import VisitScreen
from posture_tui.tui.widgets.checklist import ChecklistPane


def _audit_lines(store_path: Path) -> int:
    return len((store_path / "audit.log").read_text().splitlines())


def _colleague_saves(
    store_path: Path,
    client_id: str,
    assessment_id: str,
    *,
    medications: str | None = None,
    **visit: object,
) -> None:
    """Another session saves the client (its medications) and the visit (these fields)."""
    other = open_store(store_path, clock=FixedClock())
    if medications is not None:
        other.save_client(attrs.evolve(other.get_client(client_id), medications=medications))
    if visit:
        other.save_assessment(attrs.evolve(other.get_assessment(client_id, assessment_id), **visit))


async def _type_medication(pilot: object, screen: VisitScreen, text: str) -> None:
    await pilot.press("f2")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    field = screen.query_one("#f-medications", Input)
    field.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    field.value = ""
    await type_text(pilot, text)  # type: ignore[arg-type]
    await pilot.press("f3")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_their_medication_and_my_finding_are_both_kept_without_a_question(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Ana Example", findings=(Finding("forward_head", 1),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        _colleague_saves(
            store_path,
            client.id,
            first.id,
            medications="warfarin",
            findings=(Finding("forward_head", 3),),
            notes="seen twice",
        )
        await answer(pilot, app, "rounded_shoulders", 2, "r")
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)  # no question: nothing both changed
        assert not screen.session.dirty and not screen.session.client_dirty
        assert "saved" in str(screen.query_one("#visit-header").content)  # type: ignore[attr-defined]
        merged = f"Merged {os_user()}'s changes (findings, notes) with yours (findings)."
        assert merged in notices(app)
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#f-medications", Input).value == "warfarin"
    stored = repo.get_assessment(client.id, first.id)
    assert stored.revision == 3
    assert {(f.item, f.severity) for f in stored.findings} == {
        ("forward_head", 3),
        ("rounded_shoulders", 2),
    }
    assert stored.notes == "seen twice"
    assert repo.get_client(client.id).medications == "warfarin"
    assert repo.get_client(client.id).revision == 2  # my session changed no client field


async def test_a_field_both_changed_is_shown_side_by_side_and_the_choice_saved(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Ana Example", findings=(Finding("forward_head", 1),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        _colleague_saves(
            store_path,
            client.id,
            first.id,
            medications="warfarin",
            findings=(Finding("forward_head", 2),),
        )
        await answer(pilot, app, "forward_head", 3)
        await _type_medication(pilot, screen, "ibuprofen")
        await pilot.press("f6")
        await pilot.pause()
        # One dialog per record, each naming it, who saved theirs and when, both values.
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert dialog.title_text.startswith("Client Ana Example: ")
        assert f"{os_user()} saved revision 2 at " in dialog.title_text
        assert dialog.rows == [("Medications", "warfarin", "ibuprofen")]
        await pilot.press("t", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert dialog.title_text.startswith("Assessment of 2026-03-02: ")
        assert dialog.rows == [("Forward head", "2 moderate", "3 severe")]
        await pilot.press("m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert not screen.session.dirty
    assert repo.get_client(client.id).medications == "warfarin"
    assert repo.get_client(client.id).revision == 2  # theirs chosen: nothing new to write
    assert repo.get_assessment(client.id, first.id).findings == (Finding("forward_head", 3),)
    assert repo.get_assessment(client.id, first.id).revision == 3


async def test_escape_in_the_dialog_saves_nothing_and_keeps_my_changes(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Ana Example", findings=(Finding("forward_head", 1),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        _colleague_saves(store_path, client.id, first.id, findings=(Finding("forward_head", 2),))
        await answer(pilot, app, "forward_head", 3)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.dirty
        assert screen.session.finding("forward_head") == Finding("forward_head", 3)
    assert repo.get_assessment(client.id, first.id).revision == 2


async def test_reload_theirs_reloads_intake_and_checklist_and_nothing_is_left_to_save(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Ana Example", findings=(Finding("forward_head", 1),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        await _type_medication(pilot, screen, "ibuprofen")
        await answer(pilot, app, "forward_head", 3)
        _colleague_saves(
            store_path,
            client.id,
            first.id,
            medications="warfarin",
            findings=(Finding("forward_head", 2),),
        )
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        session = screen.session
        assert not session.dirty and not session.client_dirty
        assert session.client.medications == "warfarin"
        assert session.finding("forward_head") == Finding("forward_head", 2)
        header = str(screen.query_one("#visit-header").content)  # type: ignore[attr-defined]
        assert header.endswith("draft r2 · saved")
        pane = screen.query_one(ChecklistPane)
        assert pane.current_item() is not None
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#f-medications", Input).value == "warfarin"
        lines = _audit_lines(store_path)
        await pilot.press("f6")
        await pilot.pause()
        assert notices(app)[-1] == "Nothing to save."
    assert _audit_lines(store_path) == lines
    assert repo.get_client(client.id).revision == 2
    assert repo.get_assessment(client.id, first.id).revision == 2


async def test_save_with_nothing_changed_writes_no_revision_and_no_audit_line(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Ana Example", findings=(Finding("forward_head", 1),))
    lines = _audit_lines(store_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        await pilot.press("f6")
        await pilot.pause()
        assert notices(app)[-1] == "Nothing to save."
        # Changed and changed back: still nothing to save.
        await answer(pilot, app, "forward_head", 3)
        await answer(pilot, app, "forward_head", 1)
        assert screen.session.dirty
        await pilot.press("f6")
        await pilot.pause()
        assert notices(app)[-1] == "Nothing to save."
        assert not screen.session.dirty
    assert _audit_lines(store_path) == lines
    assert [a.revision for a in repo.assessment_revisions(client.id, first.id)] == [1]
    assert repo.get_client(client.id).revision == 1


async def test_sign_never_covers_a_colleagues_unseen_save(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Cal Clash", findings=(Finding("forward_head", 2),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        other = open_store(store_path, clock=FixedClock())
        theirs = attrs.evolve(other.get_assessment(client.id, first.id), notes="colleague's note")
        other.save_assessment(theirs)
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        # Their note is merged on screen to read first; nothing is signed yet.
        assert isinstance(app.screen, VisitScreen)
        assert not repo.get_assessment(client.id, first.id).is_signed
        assert screen.session.assessment.notes == "colleague's note"
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    stored = repo.get_assessment(client.id, first.id)
    assert stored.is_signed and stored.notes == "colleague's note"
    assert [r.revision for r in repo.assessment_revisions(client.id, first.id)] == [1, 2, 3]


async def test_a_save_over_a_colleagues_signature_becomes_an_amendment(
    make_app: Callable[..., PostureApp], repo: TinyRepository, store_path: Path
) -> None:
    client, (first,) = seed_client(repo, "Sig Ned", findings=(Finding("forward_head", 2),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        other = open_store(store_path, clock=FixedClock())
        signed = other.sign_assessment(client.id, first.id, "colleague")
        await answer(pilot, app, "rounded_shoulders", 1, "l")
        await pilot.press("f6")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ChoiceScreen)
        assert f"{os_user()} signed revision 2" in question.question
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert not screen.session.dirty
    revisions = repo.assessment_revisions(client.id, first.id)
    assert [r.status for r in revisions] == ["draft", "signed", "draft", "draft"]
    assert repo.get_assessment(client.id, first.id, signed.revision) == signed
    latest = revisions[-1]
    assert latest.amends_revision == signed.revision
    assert {f.item for f in latest.findings} == {"forward_head", "rounded_shoulders"}
    # every field the record class marks as bookkeeping is the amendment's, not the merge's
    amendment = revisions[-2]
    for name in fields_marked(Assessment, RECORD) - {"revision", "updated"}:
        assert getattr(latest, name) == getattr(amendment, name), name
